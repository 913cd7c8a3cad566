package store_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"sessionguard/internal/apperr"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// lifecycleFixture is an account allowing five sessions, with an admin (one session), mia (two
// active sessions and one she logged out of) and ben (one session).
type lifecycleFixture struct {
	accountID        string
	admin, mia, ben  models.User
	adminS           models.Session
	mia1, mia2, miaX models.Session // miaX: logged out
	ben1             models.Session
}

func (e *env) lifecycleFixture() *lifecycleFixture {
	e.t.Helper()
	f := &lifecycleFixture{}
	acc, admin := e.account("Acme")
	f.accountID, f.admin = acc.ID, admin
	e.limitTo(acc.ID, admin.ID, 5, models.EvictOldest)
	f.mia, f.ben = e.user(acc.ID, "Mia"), e.user(acc.ID, "Ben")
	f.adminS, _ = e.login(admin)
	f.miaX, _ = e.login(f.mia)
	f.mia1, _ = e.login(f.mia)
	f.mia2, _ = e.login(f.mia)
	f.ben1, _ = e.login(f.ben)
	if _, err := e.store.EndSession(e.ctx, f.miaX.ID, models.EndLogout, &f.mia.ID); err != nil {
		e.t.Fatal(err)
	}
	e.clock.Advance(time.Minute)
	return f
}

// storedUser re-reads user id.
func (e *env) storedUser(id string) models.User {
	e.t.Helper()
	var u models.User
	if err := e.store.Gorm().WithContext(e.ctx).Where("id = ?", id).Take(&u).Error; err != nil {
		e.t.Fatalf("reading user %s: %v", id, err)
	}
	return u
}

// promote makes u an administrator, failing the test on error.
func (e *env) promote(accountID, actorID string, u models.User) models.User {
	e.t.Helper()
	admin := models.RoleAdmin
	done, err := e.store.UpdateUser(e.ctx, accountID, actorID, u.ID, store.UserChange{Role: &admin})
	if err != nil {
		e.t.Fatalf("promoting %s: %v", u.Name, err)
	}
	return done.User
}

// accountState describes every user and session row of accountID, for "nothing changed".
func (e *env) accountState(accountID string) string {
	e.t.Helper()
	var users []models.User
	var sessions []models.Session
	db := e.store.Gorm().WithContext(e.ctx)
	if err := db.Where("account_id = ?", accountID).Order("id").Find(&users).Error; err != nil {
		e.t.Fatal(err)
	}
	if err := db.Where("account_id = ?", accountID).Order("id").Find(&sessions).Error; err != nil {
		e.t.Fatal(err)
	}
	var b strings.Builder
	for _, u := range users {
		fmt.Fprintf(&b, "%s %s %s %s %v %v\n", u.ID, u.Name, u.Role, u.Status, deref(u.DeactivatedAt), deref(u.LastLoginAt))
	}
	for _, s := range sessions {
		fmt.Fprintf(&b, "%s %s %v %v %v\n", s.ID, s.Status, deref(s.EndReason), deref(s.EndedAt), deref(s.EndedByID))
	}
	return b.String()
}

func TestDeactivateUserEndsExactlyTheirActiveSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		f := e.lifecycleFixture()
		loggedOut := e.session(f.miaX.ID)
		now := e.clock.Now()
		m := e.mark()
		done, err := e.store.DeactivateUser(e.ctx, f.accountID, f.admin.ID, f.mia.ID)
		if err != nil {
			t.Fatal(err)
		}
		if done.User.Status != models.UserDeactivated || done.User.DeactivatedAt == nil || !done.User.DeactivatedAt.Equal(now) {
			t.Errorf("returned user: status %s deactivated at %v, want DEACTIVATED at %v", done.User.Status, deref(done.User.DeactivatedAt), now)
		}
		stored := e.storedUser(f.mia.ID)
		if stored.Status != models.UserDeactivated || stored.DeactivatedAt == nil || !stored.DeactivatedAt.Equal(now) {
			t.Errorf("stored user: status %s deactivated at %v, want DEACTIVATED at %v", stored.Status, deref(stored.DeactivatedAt), now)
		}
		if got := idsOf(done.Ended); !slices.Equal(got, []string{f.mia1.ID, f.mia2.ID}) {
			t.Errorf("ended %v, want mia's two active sessions", got)
		}
		for _, s := range []models.Session{f.mia1, f.mia2} {
			wantEnded(t, e.session(s.ID), models.EndUserDeactivated, &f.admin.ID, now)
		}
		// One event per session that was active, none for the one already ended or anyone else's.
		e.wantEvents(m, ended(f.mia1, models.EndUserDeactivated), ended(f.mia2, models.EndUserDeactivated))
		if got := e.session(f.miaX.ID); *got.EndReason != models.EndLogout || !got.EndedAt.Equal(*loggedOut.EndedAt) {
			t.Errorf("the session mia had logged out of now reads %v at %v", deref(got.EndReason), deref(got.EndedAt))
		}
		wantActive(t, e.session(f.ben1.ID))
		wantActive(t, e.session(f.adminS.ID))
	})
}

func TestDeactivatedUserStartsNoSessionUntilReactivated(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		f := e.lifecycleFixture()
		if _, err := e.store.DeactivateUser(e.ctx, f.accountID, f.admin.ID, f.mia.ID); err != nil {
			t.Fatal(err)
		}
		m := e.mark()
		_, err := e.store.StartSession(e.ctx, f.mia, store.NewSession{TokenHash: e.newToken(), LoginIP: "192.0.2.1"})
		wantCode(t, err, apperr.InvalidCredentials)
		if got := e.countSessions(f.mia.ID, models.SessionActive); got != 0 {
			t.Errorf("%d active sessions after a refused start, want 0", got)
		}
		e.wantEvents(m)

		e.clock.Advance(time.Minute)
		u, err := e.store.ReactivateUser(e.ctx, f.accountID, f.mia.ID)
		if err != nil {
			t.Fatal(err)
		}
		if u.Status != models.UserActive || u.DeactivatedAt != nil {
			t.Errorf("reactivated: status %s deactivated at %v, want ACTIVE and nil", u.Status, deref(u.DeactivatedAt))
		}
		if s := e.storedUser(f.mia.ID); s.Status != models.UserActive || s.DeactivatedAt != nil {
			t.Errorf("stored: status %s deactivated at %v, want ACTIVE and nil", s.Status, deref(s.DeactivatedAt))
		}
		e.wantEvents(m) // reactivation starts nothing and revives nothing
		s, _ := e.login(f.mia)
		wantActive(t, e.session(s.ID))
		for _, old := range []models.Session{f.mia1, f.mia2} {
			if got := e.session(old.ID); got.IsActive() {
				t.Errorf("session %s came back with the reactivation", old.ID)
			}
		}
	})
}

func TestLifecycleRefusalsChangeNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		f := e.lifecycleFixture()
		gone := e.user(f.accountID, "Gone")
		if _, err := e.store.DeactivateUser(e.ctx, f.accountID, f.admin.ID, gone.ID); err != nil {
			t.Fatal(err)
		}
		member := models.RoleMember
		cases := []struct {
			name  string
			do    func() error
			field string
		}{
			{"deactivating oneself", func() error {
				_, err := e.store.DeactivateUser(e.ctx, f.accountID, f.admin.ID, f.admin.ID)
				return err
			}, "id"},
			{"deactivating the last active admin", func() error {
				_, err := e.store.DeactivateUser(e.ctx, f.accountID, f.mia.ID, f.admin.ID)
				return err
			}, "id"},
			{"deactivating a deactivated user", func() error {
				_, err := e.store.DeactivateUser(e.ctx, f.accountID, f.admin.ID, gone.ID)
				return err
			}, "id"},
			{"reactivating an active user", func() error {
				_, err := e.store.ReactivateUser(e.ctx, f.accountID, f.mia.ID)
				return err
			}, "id"},
			{"demoting the last active admin", func() error {
				_, err := e.store.UpdateUser(e.ctx, f.accountID, f.admin.ID, f.admin.ID, store.UserChange{Role: &member, Name: ptr("New name")})
				return err
			}, "role"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				before, m := e.accountState(f.accountID), e.mark()
				err := tc.do()
				if got := fieldsOf(t, err); !slices.Equal(got, []string{tc.field}) {
					t.Errorf("fields %v, want [%s]", got, tc.field)
				}
				if after := e.accountState(f.accountID); after != before {
					t.Errorf("state changed:\nbefore %s\nafter  %s", before, after)
				}
				e.wantEvents(m)
			})
		}
	})
}

func TestLifecycleOfAnotherAccountsUserIsNotFound(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		f := e.lifecycleFixture()
		other, otherAdmin := e.account("Other")
		before := e.accountState(f.accountID)
		name := "Taken over"
		_, err := e.store.DeactivateUser(e.ctx, other.ID, otherAdmin.ID, f.mia.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = e.store.ReactivateUser(e.ctx, other.ID, f.mia.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = e.store.UpdateUser(e.ctx, other.ID, otherAdmin.ID, f.mia.ID, store.UserChange{Name: &name})
		wantCode(t, err, apperr.NotFound)
		if after := e.accountState(f.accountID); after != before {
			t.Errorf("state changed:\nbefore %s\nafter  %s", before, after)
		}
	})
}

func TestUpdateUserEndsSessionsOnlyWhenTheRoleChanges(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		f := e.lifecycleFixture()
		member, admin := models.RoleMember, models.RoleAdmin

		// A new name, and the role she has: nothing ends.
		m := e.mark()
		done, err := e.store.UpdateUser(e.ctx, f.accountID, f.admin.ID, f.mia.ID, store.UserChange{Name: ptr("Mia Renamed"), Role: &member})
		if err != nil {
			t.Fatal(err)
		}
		if done.User.Name != "Mia Renamed" || e.storedUser(f.mia.ID).Name != "Mia Renamed" || len(done.Ended) != 0 {
			t.Errorf("renamed to %q (stored %q), ended %v: want the new name and nothing ended",
				done.User.Name, e.storedUser(f.mia.ID).Name, idsOf(done.Ended))
		}
		e.wantEvents(m)

		// Promoted: her active sessions end, ben's and the admin's stay.
		now := e.clock.Now()
		done, err = e.store.UpdateUser(e.ctx, f.accountID, f.admin.ID, f.mia.ID, store.UserChange{Role: &admin})
		if err != nil {
			t.Fatal(err)
		}
		if done.User.Role != models.RoleAdmin || e.storedUser(f.mia.ID).Role != models.RoleAdmin {
			t.Errorf("role %s (stored %s), want ADMIN", done.User.Role, e.storedUser(f.mia.ID).Role)
		}
		e.wantEvents(m, ended(f.mia1, models.EndRoleChanged), ended(f.mia2, models.EndRoleChanged))
		for _, s := range []models.Session{f.mia1, f.mia2} {
			wantEnded(t, e.session(s.ID), models.EndRoleChanged, &f.admin.ID, now)
		}
		wantActive(t, e.session(f.ben1.ID))
		wantActive(t, e.session(f.adminS.ID))

		// With mia an admin, the first admin may demote themselves: their own session ends too.
		m = e.mark()
		done, err = e.store.UpdateUser(e.ctx, f.accountID, f.admin.ID, f.admin.ID, store.UserChange{Role: &member})
		if err != nil {
			t.Fatal(err)
		}
		if got := idsOf(done.Ended); !slices.Equal(got, []string{f.adminS.ID}) {
			t.Errorf("ended %v, want the demoted admin's own session", got)
		}
		e.wantEvents(m, ended(f.adminS, models.EndRoleChanged))
	})
}

func TestStartSessionRecordsLastLogin(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		_, admin := e.account("Acme")
		if got := e.storedUser(admin.ID).LastLoginAt; got != nil {
			t.Fatalf("a new user's last login is %v, want nil", *got)
		}
		for range 2 {
			e.clock.Advance(time.Hour)
			s, _ := e.login(admin)
			if got := e.storedUser(admin.ID).LastLoginAt; got == nil || !got.Equal(s.LoginAt) {
				t.Errorf("last login %v, want the session's login %v", deref(got), s.LoginAt)
			}
		}
	})
}

// TestAdminsRemovingEachOtherAtOnceKeepOne: two admins who deactivate (or demote) each other at
// the same moment, each seeing the other as the remaining admin, must not both succeed.
func TestAdminsRemovingEachOtherAtOnceKeepOne(t *testing.T) {
	member := models.RoleMember
	ways := map[string]func(e *env, accountID string, actor, target models.User) error{
		"deactivate": func(e *env, accountID string, actor, target models.User) error {
			_, err := e.store.DeactivateUser(e.ctx, accountID, actor.ID, target.ID)
			return err
		},
		"demote": func(e *env, accountID string, actor, target models.User) error {
			_, err := e.store.UpdateUser(e.ctx, accountID, actor.ID, target.ID, store.UserChange{Role: &member})
			return err
		},
		"demote oneself": func(e *env, accountID string, actor, _ models.User) error {
			_, err := e.store.UpdateUser(e.ctx, accountID, actor.ID, actor.ID, store.UserChange{Role: &member})
			return err
		},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replica := e.open() // the second admin's request reaches another replica
		for name, do := range ways {
			t.Run(name, func(t *testing.T) {
				e := e.with(t)
				for round := range 10 {
					acc, first := e.account("Acme")
					second := e.promote(acc.ID, first.ID, e.user(acc.ID, "Second"))
					e2 := *e
					e2.store = replica
					errs := make([]error, 2)
					parallel(2, func(i int) {
						if i == 0 {
							errs[0] = do(e, acc.ID, first, second)
						} else {
							errs[1] = do(&e2, acc.ID, second, first)
						}
					})
					var admins int64
					err := e.store.Gorm().WithContext(e.ctx).Model(&models.User{}).
						Where("account_id = ? AND role = ? AND status = ?", acc.ID, models.RoleAdmin, models.UserActive).
						Count(&admins).Error
					if err != nil {
						t.Fatal(err)
					}
					if admins != 1 {
						t.Fatalf("round %d: %d active admins left (errors %v), want 1", round, admins, errs)
					}
					if (errs[0] == nil) == (errs[1] == nil) {
						t.Fatalf("round %d: errors %v, want exactly one refusal", round, errs)
					}
					for _, err := range errs {
						var fe models.FieldErrors
						if err != nil && !errors.As(err, &fe) {
							t.Errorf("round %d: refused with %v, want BAD_USER_INPUT (a FieldErrors)", round, err)
						}
					}
				}
			})
		}
	})
}
