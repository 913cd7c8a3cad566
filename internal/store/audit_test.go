package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// origin is a request's origin as a test states it.
type origin store.Origin

func (o origin) Origin() store.Origin { return store.Origin(o) }

// as returns e acting for user u's session s from 198.51.100.7, as a request of theirs would.
func (e *env) as(u models.User, s models.Session) *env {
	c := *e
	c.ctx = store.WithOrigin(e.ctx, origin{UserID: u.ID, SessionID: s.ID, IP: "198.51.100.7", Device: ptr("Firefox on Linux")})
	return &c
}

// auditLog is accountID's whole audit log, oldest first.
func (e *env) auditLog(accountID string) []models.AuditEvent {
	e.t.Helper()
	var all []models.AuditEvent
	if err := e.store.Gorm().WithContext(e.ctx).Where("account_id = ?", accountID).Order("id").Find(&all).Error; err != nil {
		e.t.Fatal(err)
	}
	return all
}

// auditSince describes the entries accountID's log gained after its first n, one line each.
func (e *env) auditSince(accountID string, n int) []string {
	e.t.Helper()
	var out []string
	for _, a := range e.auditLog(accountID)[n:] {
		line := string(a.Action)
		if a.EndReason != nil {
			line += fmt.Sprintf(" %s×%d", *a.EndReason, *a.EndedSessionCount)
		}
		line += " by " + names(e, a.ActorUserID) + " on " + names(e, a.TargetUserID)
		out = append(out, line)
	}
	return out
}

// names is the name of user id, or "-" for none.
func names(e *env, id *string) string {
	if id == nil {
		return "-"
	}
	return e.storedUser(*id).Name
}

func (e *env) wantAudit(accountID string, n int, want ...string) {
	e.t.Helper()
	if got := e.auditSince(accountID, n); !slices.Equal(got, want) {
		e.t.Errorf("audit entries:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// Every audited action writes exactly one entry in its own transaction, naming who did it to
// whom; sessions ended together are one entry with their count.
func TestAuditRecordsEachActionOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		f := e.lifecycleFixture()
		acc := f.accountID
		admin := e.as(f.admin, f.adminS)
		mia := e.as(f.mia, f.mia1)
		rename := "Mia Rossi"
		member := models.RoleMember

		steps := []struct {
			name string
			do   func() error
			want []string
		}{
			{"login", func() error {
				_, err := e.store.StartSession(e.ctx, f.ben, store.NewSession{TokenHash: e.newToken(), LoginIP: "192.0.2.9"})
				return err
			}, []string{"LOGIN_SUCCEEDED by Ben on Ben"}},
			{"own logout", func() error {
				_, err := mia.store.EndSession(mia.ctx, f.mia2.ID, models.EndLogout, &f.mia.ID)
				return err
			}, []string{"LOGOUT LOGOUT×1 by Mia on Mia"}},
			{"admin logout", func() error {
				_, err := admin.store.EndSession(admin.ctx, f.ben1.ID, models.EndAdminLogout, &f.admin.ID)
				return err
			}, []string{"SESSIONS_ENDED ADMIN_LOGOUT×1 by " + f.admin.Name + " on Ben"}},
			{"terminate all", func() error {
				_, err := admin.store.TerminateAll(admin.ctx, store.TerminateScope{AccountID: acc, KeepID: &f.adminS.ID, ActorID: f.admin.ID})
				return err
			}, []string{"SESSIONS_ENDED TERMINATE_ALL×2 by " + f.admin.Name + " on -"}},
			{"policy", func() error {
				_, err := admin.store.UpdatePolicy(admin.ctx, acc, f.admin.ID, idleIn(2, models.Hours))
				return err
			}, []string{"POLICY_UPDATED by " + f.admin.Name + " on -"}},
			{"user created", func() error {
				_, err := admin.store.CreateUser(admin.ctx, models.User{AccountID: acc, Name: "Zoe", Email: "zoe@example.com", Role: models.RoleMember, PasswordHash: "h"})
				return err
			}, []string{"USER_CREATED by " + f.admin.Name + " on Zoe"}},
			{"user updated", func() error {
				_, err := admin.store.UpdateUser(admin.ctx, acc, f.admin.ID, f.mia.ID, store.UserChange{Name: &rename, Role: &member})
				return err
			}, []string{"USER_UPDATED by " + f.admin.Name + " on Mia Rossi"}},
			{"password changed", func() error {
				mia3, _ := e.login(f.mia)
				_, err := e.as(f.mia, mia3).store.ChangeOwnPassword(e.as(f.mia, mia3).ctx, store.OwnPasswordChange{
					AccountID: acc, UserID: f.mia.ID, SessionID: mia3.ID, VerifiedHash: "hash", NewHash: "hash2", EndOthers: true,
				})
				return err
			}, []string{"LOGIN_SUCCEEDED by Mia Rossi on Mia Rossi", "PASSWORD_CHANGED by Mia Rossi on Mia Rossi"}},
			{"password reset", func() error {
				_, err := admin.store.ResetPassword(admin.ctx, acc, f.admin.ID, f.mia.ID, "hash3")
				return err
			}, []string{"PASSWORD_RESET by " + f.admin.Name + " on Mia Rossi", "SESSIONS_ENDED PASSWORD_CHANGED×1 by " + f.admin.Name + " on Mia Rossi"}},
			{"deactivated", func() error {
				e.login(f.ben)
				_, err := admin.store.DeactivateUser(admin.ctx, acc, f.admin.ID, f.ben.ID)
				return err
			}, []string{"LOGIN_SUCCEEDED by Ben on Ben", "USER_DEACTIVATED by " + f.admin.Name + " on Ben", "SESSIONS_ENDED USER_DEACTIVATED×1 by " + f.admin.Name + " on Ben"}},
			{"reactivated", func() error {
				_, err := admin.store.ReactivateUser(admin.ctx, acc, f.ben.ID)
				return err
			}, []string{"USER_REACTIVATED by " + f.admin.Name + " on Ben"}},
			{"refused: a rolled-back change leaves no entry", func() error {
				_, err := admin.store.DeactivateUser(admin.ctx, acc, f.admin.ID, f.admin.ID)
				if err == nil {
					return fmt.Errorf("deactivating oneself worked")
				}
				return nil
			}, nil},
		}
		for _, step := range steps {
			n := len(e.auditLog(acc))
			if err := step.do(); err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			t.Run(step.name, func(t *testing.T) { e.with(t).wantAudit(acc, n, step.want...) })
		}
	})
}

// Sessions that end by their own rules are the system's doing, even when a request noticed;
// a login over the limit is the user's own, refused or evicting.
func TestAuditSystemEndingsAndTheLimit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		mia := e.user(acc.ID, "Mia")
		old, _ := e.login(mia)
		e.setPolicy(acc.ID, admin.ID, idleIn(10, models.Minutes))
		e.clock.Advance(time.Hour)

		n := len(e.auditLog(acc.ID))
		e.as(admin, old).reap(100)
		e.wantAudit(acc.ID, n, "SESSIONS_ENDED IDLE_TIMEOUT×1 by - on Mia")

		first, _ := e.login(mia)
		n = len(e.auditLog(acc.ID))
		e.login(mia) // the default limit is one session: the first ends
		e.wantAudit(acc.ID, n, "SESSIONS_ENDED CONCURRENT_LIMIT×1 by Mia on Mia", "LOGIN_SUCCEEDED by Mia on Mia")
		wantEnded(t, e.session(first.ID), models.EndConcurrentLimit, nil, e.clock.Now())

		e.limitTo(acc.ID, admin.ID, 1, models.RejectNew)
		n = len(e.auditLog(acc.ID))
		_, err := e.store.StartSession(e.ctx, mia, store.NewSession{TokenHash: e.newToken(), LoginIP: "192.0.2.44"})
		if err == nil {
			t.Fatal("a login over REJECT_NEW's limit started")
		}
		e.wantAudit(acc.ID, n, "LOGIN_REFUSED by Mia on Mia")
		refused := e.auditLog(acc.ID)[n]
		if refused.IP == nil || *refused.IP != "192.0.2.44" || refused.ActorSessionID != nil {
			t.Errorf("refused login recorded from %v with session %v, want 192.0.2.44 and none", deref(refused.IP), deref(refused.ActorSessionID))
		}
	})
}

// An entry holds where its actor's request came from, and a policy change its settings before
// and after.
func TestAuditEntryDetails(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		s, _ := e.login(admin)
		n := len(e.auditLog(acc.ID))
		as := e.as(admin, s)
		if _, err := as.store.UpdatePolicy(as.ctx, acc.ID, admin.ID, idleIn(30, models.Minutes)); err != nil {
			t.Fatal(err)
		}
		got := e.auditLog(acc.ID)[n]
		if deref(got.ActorSessionID) != s.ID || deref(got.IP) != "198.51.100.7" || deref(got.Device) != "Firefox on Linux" {
			t.Errorf("actor session %v from %v on %v, want %s from 198.51.100.7 on Firefox on Linux",
				deref(got.ActorSessionID), deref(got.IP), deref(got.Device), s.ID)
		}
		if !got.OccurredAt.Equal(e.clock.Now()) {
			t.Errorf("occurred at %v, want %v", got.OccurredAt, e.clock.Now())
		}
		var details map[string]map[string]any
		if err := json.Unmarshal([]byte(deref(got.Details).(string)), &details); err != nil {
			t.Fatalf("details %v: %v", deref(got.Details), err)
		}
		if details["before"]["idleTimeoutEnabled"] != false || details["after"]["idleTimeoutEnabled"] != true ||
			details["after"]["idleTimeoutValue"] != float64(30) || details["after"]["idleTimeoutUnit"] != "MINUTES" {
			t.Errorf("details %v, want the idle timeout off before and 30 MINUTES after", details)
		}
		if overrides, ok := details["after"]["roleOverrides"].([]any); !ok || len(overrides) != 0 {
			t.Errorf("role overrides after: %v, want an empty list", details["after"]["roleOverrides"])
		}
	})
}

// Ending more sessions than an entry lists keeps the exact count and the first ids.
func TestAuditCapsListedSessionIDs(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		mia := e.user(acc.ID, "Mia")
		// Written directly: a thousand logins would only slow the test down.
		total := models.MaxAuditedSessionIDs + 5
		rows := make([]models.Session, total)
		for i := range rows {
			at := e.clock.Now().Add(time.Duration(i) * time.Second)
			rows[i] = models.Session{
				ID: fmt.Sprintf("s%05d", i), AccountID: acc.ID, UserID: mia.ID, TokenHash: e.newToken(),
				Status: models.SessionActive, LoginIP: "192.0.2.1", LoginAt: at, LastActiveAt: at, IdleProbeAt: at,
			}
		}
		if err := e.store.Gorm().WithContext(e.ctx).CreateInBatches(rows, 200).Error; err != nil {
			t.Fatal(err)
		}
		n := len(e.auditLog(acc.ID))
		count, err := e.store.TerminateAll(context.Background(), store.TerminateScope{AccountID: acc.ID, ActorID: admin.ID})
		if err != nil || count != total {
			t.Fatalf("ended %d (%v), want %d", count, err, total)
		}
		log := e.auditLog(acc.ID)
		if len(log) != n+1 {
			t.Fatalf("%d entries for one terminate-all, want 1", len(log)-n)
		}
		var ids []string
		if err := json.Unmarshal([]byte(*log[n].EndedSessionIDs), &ids); err != nil {
			t.Fatal(err)
		}
		if *log[n].EndedSessionCount != total || len(ids) != models.MaxAuditedSessionIDs || ids[0] != "s00000" ||
			deref(log[n].TargetUserID) != mia.ID {
			t.Errorf("count %d with %d ids starting %s, target %v; want %d with %d starting s00000, target mia",
				*log[n].EndedSessionCount, len(ids), ids[0], deref(log[n].TargetUserID), total, models.MaxAuditedSessionIDs)
		}
	})
}
