package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"sessionguard/internal/apperr"
	"sessionguard/internal/events"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// ownChange is mia's change of her password from her first session, verified against the hash
// every fixture user has.
func (f *lifecycleFixture) ownChange(endOthers bool) store.OwnPasswordChange {
	return store.OwnPasswordChange{
		AccountID: f.accountID, UserID: f.mia.ID, SessionID: f.mia1.ID,
		VerifiedHash: "hash", NewHash: "new-hash", EndOthers: endOthers,
	}
}

// wantHash fails unless user id's stored password hash is want.
func (e *env) wantHash(id, want string) {
	e.t.Helper()
	if got := e.storedUser(id).PasswordHash; got != want {
		e.t.Errorf("user %s: password hash %q, want %q", id, got, want)
	}
}

func TestChangeOwnPasswordEndsTheOtherSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		f := e.lifecycleFixture()
		loggedOut := e.session(f.miaX.ID)
		now, m := e.clock.Now(), e.mark()
		done, err := e.store.ChangeOwnPassword(e.ctx, f.ownChange(true))
		if err != nil {
			t.Fatal(err)
		}
		if done.User.ID != f.mia.ID || done.User.PasswordHash != "new-hash" {
			t.Errorf("returned user %s with hash %q, want mia with the new hash", done.User.ID, done.User.PasswordHash)
		}
		e.wantHash(f.mia.ID, "new-hash")
		if got := idsOf(done.Ended); !slices.Equal(got, []string{f.mia2.ID}) {
			t.Errorf("ended %v, want only mia's other active session", got)
		}
		// Ended by mia herself; one event, for that session only.
		wantEnded(t, e.session(f.mia2.ID), models.EndPasswordChanged, &f.mia.ID, now)
		e.wantEvents(m, ended(f.mia2, models.EndPasswordChanged))
		wantActive(t, e.session(f.mia1.ID))
		if got := e.session(f.miaX.ID); *got.EndReason != models.EndLogout || !got.EndedAt.Equal(*loggedOut.EndedAt) {
			t.Errorf("the session mia had logged out of now reads %v at %v", deref(got.EndReason), deref(got.EndedAt))
		}
		wantActive(t, e.session(f.ben1.ID))
		wantActive(t, e.session(f.adminS.ID))
		e.wantHash(f.ben.ID, "hash")
	})
}

func TestChangeOwnPasswordMayKeepTheOtherSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		f := e.lifecycleFixture()
		m := e.mark()
		done, err := e.store.ChangeOwnPassword(e.ctx, f.ownChange(false))
		if err != nil {
			t.Fatal(err)
		}
		if len(done.Ended) != 0 {
			t.Errorf("ended %v, want nothing", idsOf(done.Ended))
		}
		e.wantHash(f.mia.ID, "new-hash")
		e.wantEvents(m)
		for _, s := range []models.Session{f.mia1, f.mia2, f.ben1, f.adminS} {
			wantActive(t, e.session(s.ID))
		}
	})
}

func TestResetPasswordEndsAllTheUsersSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		f := e.lifecycleFixture()
		now, m := e.clock.Now(), e.mark()
		done, err := e.store.ResetPassword(e.ctx, f.accountID, f.admin.ID, f.mia.ID, "reset-hash")
		if err != nil {
			t.Fatal(err)
		}
		e.wantHash(f.mia.ID, "reset-hash")
		if got := idsOf(done.Ended); !slices.Equal(got, []string{f.mia1.ID, f.mia2.ID}) {
			t.Errorf("ended %v, want both of mia's active sessions", got)
		}
		for _, s := range []models.Session{f.mia1, f.mia2} {
			wantEnded(t, e.session(s.ID), models.EndPasswordChanged, &f.admin.ID, now)
		}
		e.wantEvents(m, ended(f.mia1, models.EndPasswordChanged), ended(f.mia2, models.EndPasswordChanged))
		wantActive(t, e.session(f.ben1.ID))
		wantActive(t, e.session(f.adminS.ID))

		// An administrator resetting their own password ends their own session too.
		m = e.mark()
		done, err = e.store.ResetPassword(e.ctx, f.accountID, f.admin.ID, f.admin.ID, "admin-hash")
		if err != nil {
			t.Fatal(err)
		}
		if got := idsOf(done.Ended); !slices.Equal(got, []string{f.adminS.ID}) {
			t.Errorf("ended %v, want the admin's own session", got)
		}
		wantEnded(t, e.session(f.adminS.ID), models.EndPasswordChanged, &f.admin.ID, now)
		e.wantEvents(m, ended(f.adminS, models.EndPasswordChanged))
		e.wantHash(f.admin.ID, "admin-hash")
	})
}

func TestResetPasswordOfADeactivatedUser(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		f := e.lifecycleFixture()
		if _, err := e.store.DeactivateUser(e.ctx, f.accountID, f.admin.ID, f.ben.ID); err != nil {
			t.Fatal(err)
		}
		m := e.mark()
		done, err := e.store.ResetPassword(e.ctx, f.accountID, f.admin.ID, f.ben.ID, "reset-hash")
		if err != nil {
			t.Fatal(err)
		}
		if len(done.Ended) != 0 || done.User.Status != models.UserDeactivated {
			t.Errorf("ended %v, status %s: want nothing ended and the user still deactivated", idsOf(done.Ended), done.User.Status)
		}
		e.wantHash(f.ben.ID, "reset-hash")
		e.wantEvents(m)
		if got := e.storedUser(f.ben.ID).Status; got != models.UserDeactivated {
			t.Errorf("stored status %s, want DEACTIVATED", got)
		}
	})
}

func TestPasswordRefusalsChangeNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		f := e.lifecycleFixture()
		other, otherAdmin := e.account("Other")
		// changed is mia's own change from her first session, as edit alters it.
		changed := func(edit func(c *store.OwnPasswordChange)) func(f *lifecycleFixture) error {
			return func(f *lifecycleFixture) error {
				c := f.ownChange(true)
				edit(&c)
				_, err := e.store.ChangeOwnPassword(e.ctx, c)
				return err
			}
		}
		cases := []struct {
			name  string
			do    func(f *lifecycleFixture) error
			code  apperr.Code // when field is ""
			field string      // the field a BAD_USER_INPUT (a FieldErrors) names
		}{
			{"a password that changed since it was verified", changed(func(c *store.OwnPasswordChange) {
				c.VerifiedHash = "an older hash"
			}), "", "currentPassword"},
			{"from a session that ended meanwhile", changed(func(c *store.OwnPasswordChange) { c.SessionID = f.miaX.ID }), apperr.Unauthenticated, ""},
			{"from another user's session", changed(func(c *store.OwnPasswordChange) { c.SessionID = f.ben1.ID }), apperr.Unauthenticated, ""},
			{"of a user named in another account", changed(func(c *store.OwnPasswordChange) { c.AccountID = other.ID }), apperr.NotFound, ""},
			{"a reset of another account's user", func(f *lifecycleFixture) error {
				_, err := e.store.ResetPassword(e.ctx, other.ID, otherAdmin.ID, f.mia.ID, "taken-over")
				return err
			}, apperr.NotFound, ""},
			{"a reset of no user", func(f *lifecycleFixture) error {
				_, err := e.store.ResetPassword(e.ctx, f.accountID, f.admin.ID, "no-such-user", "taken-over")
				return err
			}, apperr.NotFound, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				before, m := e.accountState(f.accountID), e.mark()
				err := tc.do(f)
				if tc.field == "" {
					wantCode(t, err, tc.code)
				} else if got := fieldsOf(t, err); !slices.Equal(got, []string{tc.field}) {
					t.Errorf("fields %v, want [%s]", got, tc.field)
				}
				if after := e.accountState(f.accountID); after != before {
					t.Errorf("state changed:\nbefore %s\nafter  %s", before, after)
				}
				for _, u := range []models.User{f.admin, f.mia, f.ben} {
					e.wantHash(u.ID, "hash")
				}
				e.wantEvents(m)
			})
		}
	})
}

// failingAnnouncement is a delivery whose BeforeCommit fails, as a NOTIFY that cannot be sent
// does: the transaction must roll back.
type failingAnnouncement struct{}

var errAnnouncement = errors.New("announcement failed")

func (failingAnnouncement) BeforeCommit(context.Context, events.Tx, []events.Event) error {
	return errAnnouncement
}
func (failingAnnouncement) AfterCommit(context.Context, []events.Event) {}

// TestPasswordChangesAreAtomic: a transaction that fails after the new hash is written leaves
// the old password and every session as they were, unannounced, whether it fails between the
// hash and the endings (the request is cancelled) or after both (the announcement fails).
func TestPasswordChangesAreAtomic(t *testing.T) {
	changes := map[string]func(s *store.Store, ctx context.Context, f *lifecycleFixture) error{
		"changePassword": func(s *store.Store, ctx context.Context, f *lifecycleFixture) error {
			_, err := s.ChangeOwnPassword(ctx, f.ownChange(true))
			return err
		},
		"resetUserPassword": func(s *store.Store, ctx context.Context, f *lifecycleFixture) error {
			_, err := s.ResetPassword(ctx, f.accountID, f.admin.ID, f.mia.ID, "new-hash")
			return err
		},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		failing, err := store.Open(e.ctx, url, store.Options{Now: e.clock.Now, Delivery: events.Multi{e.events, failingAnnouncement{}}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { failing.Close() })
		for name, change := range changes {
			t.Run(name, func(t *testing.T) {
				e := e.with(t)
				f := e.lifecycleFixture()
				before, m := e.accountState(f.accountID), e.mark()
				unchanged := func(how string, err error) {
					t.Helper()
					if err == nil {
						t.Fatalf("%s: the change succeeded", how)
					}
					if after := e.accountState(f.accountID); after != before {
						t.Errorf("%s: state changed:\nbefore %s\nafter  %s", how, before, after)
					}
					e.wantHash(f.mia.ID, "hash")
				}

				// The clock is first read to end the sessions, once the new hash is written.
				ctx, cancel := context.WithCancel(e.ctx)
				defer cancel()
				e.clock.onNextRead(cancel)
				err := change(e.store, ctx, f)
				if !errors.Is(err, context.Canceled) {
					t.Errorf("cancelled midway: %v, want context.Canceled", err)
				}
				unchanged("cancelled midway", err)

				err = change(failing, e.ctx, f)
				if !errors.Is(err, errAnnouncement) {
					t.Errorf("with a failing announcement: %v, want its error", err)
				}
				unchanged("the announcement failed", err)
				e.wantEvents(m)
			})
		}
	})
}

// TestConcurrentChangesOfOnePassword: two changes verified against the same password, at once on
// two replicas, cannot both win: the second finds the password is no longer the one it verified.
func TestConcurrentChangesOfOnePassword(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replicas := []*store.Store{e.store, e.open()}
		for round := range 5 {
			f := e.lifecycleFixture()
			changes := []store.OwnPasswordChange{f.ownChange(true), f.ownChange(true)}
			changes[1].SessionID, changes[1].NewHash = f.mia2.ID, "other-new-hash"
			errs := make([]error, 2)
			parallel(2, func(i int) {
				_, errs[i] = replicas[i].ChangeOwnPassword(e.ctx, changes[i])
			})
			winner := slices.IndexFunc(errs, func(err error) bool { return err == nil })
			if winner < 0 || errs[1-winner] == nil {
				t.Fatalf("round %d: errors %v, want exactly one success", round, errs)
			}
			if got := fieldsOf(t, errs[1-winner]); !slices.Equal(got, []string{"currentPassword"}) {
				t.Errorf("round %d: the loser's fields %v, want [currentPassword]", round, got)
			}
			e.wantHash(f.mia.ID, changes[winner].NewHash)
			wantActive(t, e.session(changes[winner].SessionID))
			if s := e.session(changes[1-winner].SessionID); s.IsActive() {
				t.Errorf("round %d: the losing session is still active", round)
			}
		}
	})
}
