package store_test

import (
	"fmt"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"sessionguard/internal/events"
	"sessionguard/internal/reaper"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// The idle reaper's rules, on every engine: when a session ends, how it ends, which accounts it
// touches, its batches and its announcements.

// reap runs one ReapIdle pass with batch, failing the test on error.
func (e *env) reap(batch int) int {
	e.t.Helper()
	n, err := e.store.ReapIdle(e.ctx, batch)
	if err != nil {
		e.t.Fatalf("ReapIdle: %v", err)
	}
	return n
}

// endedEvents counts, per session id, the SESSION_ENDED events published after mark m.
func (e *env) endedEvents(m int) map[string]int {
	out := map[string]int{}
	for _, ev := range e.events.Events()[m:] {
		if ev.Kind == events.SessionEnded {
			out[ev.SessionID]++
		}
	}
	return out
}

// wantEachEndedOnce fails unless the events after mark m are one SESSION_ENDED for each of ids
// and nothing else.
func (e *env) wantEachEndedOnce(t testing.TB, m int, ids []string) {
	t.Helper()
	got := e.endedEvents(m)
	if len(got) != len(ids) || len(e.events.Events()[m:]) != len(ids) {
		t.Errorf("%d events (%d sessions ended), want one SESSION_ENDED for each of %d sessions",
			len(e.events.Events()[m:]), len(got), len(ids))
	}
	for _, id := range ids {
		if got[id] != 1 {
			t.Errorf("session %s announced %d times, want once", id, got[id])
		}
	}
}

// countStatements counts every statement e's store runs through GORM from now on.
func (e *env) countStatements() *atomic.Int64 {
	e.t.Helper()
	var statements atomic.Int64
	count := func(*gorm.DB) { statements.Add(1) }
	cb := e.store.Gorm().Callback()
	for _, err := range []error{
		cb.Query().Before("gorm:query").Register("test:count_query", count),
		cb.Raw().Before("gorm:raw").Register("test:count_raw", count),
		cb.Create().Before("gorm:create").Register("test:count_create", count),
		cb.Update().Before("gorm:update").Register("test:count_update", count),
		cb.Delete().Before("gorm:delete").Register("test:count_delete", count),
	} {
		if err != nil {
			e.t.Fatal(err)
		}
	}
	return &statements
}

// withoutIdleTimeoutAfter turns accountID's idle timeout off when t ends, so sessions a case
// leaves active are not reaped, and counted, by the cases after it.
func (e *env) withoutIdleTimeoutAfter(t *testing.T, accountID, actorID string) {
	t.Cleanup(func() {
		if _, err := e.store.UpdatePolicy(e.ctx, accountID, actorID, models.PolicyChange{}); err != nil {
			t.Errorf("disabling the idle timeout: %v", err)
		}
	})
}

func TestReapIdleNeverEndsASessionEarly(t *testing.T) {
	const timeout = 30 * time.Minute
	cases := []struct {
		name    string
		idle    time.Duration // since the stored last_active_at
		wantEnd bool
	}{
		{"just active", 0, false},
		{"exactly the timeout", timeout, false},
		{"within the grace", timeout + models.IdleGrace/2, false},
		{"one microsecond short of timeout plus grace", timeout + models.IdleGrace - time.Microsecond, false},
		{"one microsecond past timeout plus grace", timeout + models.IdleGrace + time.Microsecond, true},
		{"a second past timeout plus grace", timeout + models.IdleGrace + time.Second, true},
		{"days later", 72 * time.Hour, true},
	}
	if models.IdleGrace < models.ActivityWriteInterval {
		t.Fatalf("ReapGrace %v is shorter than ActivityWriteInterval %v: a session's true last request may be later than its stored activity",
			models.IdleGrace, models.ActivityWriteInterval)
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, idleAfter(30))
				e.withoutIdleTimeoutAfter(t, acc.ID, admin.ID)
				u := e.user(acc.ID, "Mia")
				s, _ := e.login(u)
				e.clock.Advance(tc.idle)
				m := e.mark()

				n := e.reap(reaper.BatchSize)
				if !tc.wantEnd {
					if n != 0 {
						t.Errorf("ReapIdle ended %d sessions, want 0", n)
					}
					wantActive(t, e.session(s.ID))
					e.wantEvents(m)
					return
				}
				if n != 1 {
					t.Errorf("ReapIdle ended %d sessions, want 1", n)
				}
				// It ends at the moment it went idle, not when the reaper noticed.
				wantEnded(t, e.session(s.ID), models.EndIdleTimeout, nil, s.LastActiveAt.Add(timeout))
				e.wantEvents(m, ended(s, models.EndIdleTimeout))
				ev := e.events.Events()[m]
				if ev.AccountID != acc.ID || ev.UserID != u.ID || !ev.OccurredAt.Equal(s.LastActiveAt.Add(timeout)) {
					t.Errorf("ended event: %+v", ev)
				}

				// A later pass neither touches nor announces it again.
				e.clock.Advance(time.Hour)
				if n := e.reap(reaper.BatchSize); n != 0 {
					t.Errorf("second pass ended %d sessions, want 0", n)
				}
				e.wantEvents(m, ended(s, models.EndIdleTimeout))
				wantEnded(t, e.session(s.ID), models.EndIdleTimeout, nil, s.LastActiveAt.Add(timeout))
			})
		}
	})
}

func TestReapIdleEndsAtTheStoredActivityPlusTimeout(t *testing.T) {
	// Sessions whose stored activity moved on after login end at that activity plus the
	// timeout, in every unit.
	cases := []struct {
		name    string
		change  models.PolicyChange
		timeout time.Duration
		active  time.Duration // request this long after login, which records activity
	}{
		{"minutes", idleAfter(1), time.Minute, 10 * time.Second},
		{"hours", idleIn(2, models.Hours), 2 * time.Hour, 45 * time.Minute},
		{"days", idleIn(1, models.Days), 24 * time.Hour, 5 * time.Hour},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, tc.change)
				e.withoutIdleTimeoutAfter(t, acc.ID, admin.ID)
				s, token := e.login(e.user(acc.ID, "Mia"))
				e.clock.Advance(tc.active)
				if _, err := e.store.Authenticate(e.ctx, token); err != nil {
					t.Fatal(err)
				}
				lastActive := e.session(s.ID).LastActiveAt
				if !lastActive.Equal(s.LoginAt.Add(tc.active)) {
					t.Fatalf("stored activity %v, want %v", lastActive, s.LoginAt.Add(tc.active))
				}
				e.clock.Advance(tc.timeout + models.IdleGrace - time.Microsecond)
				if n := e.reap(reaper.BatchSize); n != 0 {
					t.Fatalf("ended %d sessions before timeout plus grace since the activity", n)
				}
				e.clock.Advance(2 * time.Microsecond)
				if n := e.reap(reaper.BatchSize); n != 1 {
					t.Errorf("ReapIdle ended %d sessions, want 1", n)
				}
				wantEnded(t, e.session(s.ID), models.EndIdleTimeout, nil, lastActive.Add(tc.timeout))
			})
		}
	})
}

func idleIn(value int, unit models.TimeUnit) models.PolicyChange {
	return models.PolicyChange{IdleTimeoutEnabled: true, IdleTimeoutValue: &value, IdleTimeoutUnit: &unit}
}

func TestReapIdleLeavesAccountsWithoutATimeoutAlone(t *testing.T) {
	cases := []struct {
		name   string
		policy []models.PolicyChange // applied in order; none: the default policy
	}{
		{"default policy", nil},
		{"timeout disabled after being set", []models.PolicyChange{idleAfter(1), {}}},
		{"only a session limit", []models.PolicyChange{{LimitMultipleSessions: true, MaxConcurrentSessions: ptr(5)}}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("No timeout")
				for _, c := range tc.policy {
					e.setPolicy(acc.ID, admin.ID, c)
				}
				kept, _ := e.login(e.user(acc.ID, "Kept"))
				// An account with a timeout in the same database proves the pass did run.
				other, otherAdmin := e.account("With timeout")
				e.setPolicy(other.ID, otherAdmin.ID, idleAfter(1))
				e.withoutIdleTimeoutAfter(t, other.ID, otherAdmin.ID)
				reaped, _ := e.login(e.user(other.ID, "Reaped"))

				e.clock.Advance(90 * 24 * time.Hour)
				m := e.mark()
				if n := e.reap(reaper.BatchSize); n != 1 {
					t.Errorf("ReapIdle ended %d sessions, want 1 (the other account's)", n)
				}
				wantActive(t, e.session(kept.ID))
				wantEnded(t, e.session(reaped.ID), models.EndIdleTimeout, nil, reaped.LastActiveAt.Add(time.Minute))
				e.wantEvents(m, ended(reaped, models.EndIdleTimeout))
			})
		}
	})
}

func TestReapIdleInBatches(t *testing.T) {
	const idle, live = 5, 2
	cases := []struct {
		name  string
		batch int
	}{
		{"batch of 1", 1},
		{"batch of 2", 2},
		{"batch equal to the idle count", idle},
		{"batch larger than the idle count", 100},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, models.PolicyChange{
					LimitMultipleSessions: true, MaxConcurrentSessions: ptr(10),
					IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(30), IdleTimeoutUnit: ptr(models.Minutes),
				})
				e.withoutIdleTimeoutAfter(t, acc.ID, admin.ID)
				// The live sessions belong to a third user: a login ends its own user's idle
				// sessions itself, and this test is about the reaper.
				u, v, w := e.user(acc.ID, "Mia"), e.user(acc.ID, "Noa"), e.user(acc.ID, "Ola")
				var idleSessions []models.Session
				for i := range idle {
					if i > 0 {
						e.clock.Advance(time.Minute)
					}
					s, _ := e.login([]models.User{u, v}[i%2])
					idleSessions = append(idleSessions, s)
				}
				// The newest idle session reaches timeout plus grace; two fresh logins are live.
				e.clock.Advance(30*time.Minute + models.IdleGrace)
				var liveSessions []models.Session
				for range live {
					s, _ := e.login(w)
					liveSessions = append(liveSessions, s)
				}
				e.clock.Advance(time.Microsecond)
				m := e.mark()

				if n := e.reap(tc.batch); n != idle {
					t.Errorf("ReapIdle with batch %d ended %d sessions, want %d", tc.batch, n, idle)
				}
				for _, s := range idleSessions {
					wantEnded(t, e.session(s.ID), models.EndIdleTimeout, nil, s.LastActiveAt.Add(30*time.Minute))
				}
				for _, s := range liveSessions {
					wantActive(t, e.session(s.ID))
				}
				e.wantEachEndedOnce(t, m, idsOf(idleSessions))
				if n := e.reap(tc.batch); n != 0 {
					t.Errorf("a second pass ended %d sessions, want 0", n)
				}
			})
		}
	})
}

func TestReapIdleFollowsPolicyChanges(t *testing.T) {
	// The session logs in at 0 under a 30-minute timeout; the policy changes at 10 minutes.
	cases := []struct {
		name      string
		change    models.PolicyChange
		wantEndAt time.Duration // since login; 0: never ends
	}{
		{"unchanged", idleAfter(30), 30 * time.Minute},
		{"longer timeout", idleAfter(60), 60 * time.Minute},
		{"much longer timeout", idleIn(1, models.Days), 24 * time.Hour},
		{"shorter timeout", idleAfter(15), 15 * time.Minute},
		{"timeout disabled", models.PolicyChange{}, 0},
	}
	// A pass just before and just after each timeout plus grace, then one long after.
	var checkpoints []time.Duration
	for _, b := range []time.Duration{15 * time.Minute, 30 * time.Minute, 60 * time.Minute, 24 * time.Hour} {
		checkpoints = append(checkpoints, b+models.IdleGrace-time.Microsecond, b+models.IdleGrace+time.Microsecond)
	}
	checkpoints = append(checkpoints, 90*24*time.Hour)
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, idleAfter(30))
				e.withoutIdleTimeoutAfter(t, acc.ID, admin.ID)
				s, _ := e.login(e.user(acc.ID, "Mia"))
				e.clock.Advance(10 * time.Minute)
				e.setPolicy(acc.ID, admin.ID, tc.change)
				elapsed := 10 * time.Minute
				m := e.mark()
				for _, at := range checkpoints {
					e.clock.Advance(at - elapsed)
					elapsed = at
					e.reap(reaper.BatchSize)
					got := e.session(s.ID)
					if tc.wantEndAt == 0 || at <= tc.wantEndAt+models.IdleGrace {
						if !got.IsActive() {
							t.Fatalf("ended by the pass %v after login, want it active past %v plus grace", at, tc.wantEndAt)
						}
						continue
					}
					wantEnded(t, got, models.EndIdleTimeout, nil, s.LoginAt.Add(tc.wantEndAt))
					e.wantEvents(m, ended(s, models.EndIdleTimeout))
					return
				}
				if tc.wantEndAt != 0 {
					t.Errorf("never ended, want it ended at %v", tc.wantEndAt)
				}
				e.wantEvents(m)
			})
		}
	})
}

// A pass that finds nothing to end costs one read of the idle policies, one of their role
// overrides, and one index probe per account with a timeout: no transaction, so on SQLite no write lock every few seconds.
func TestReapIdleFindingNothingOnlyProbes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		const accounts = 3
		for i := range accounts {
			acc, admin := e.account(fmt.Sprintf("Acme %d", i))
			e.setPolicy(acc.ID, admin.ID, idleAfter(30))
			e.login(e.user(acc.ID, "Live"))
		}
		statements := e.countStatements()
		if n := e.reap(reaper.BatchSize); n != 0 {
			t.Fatalf("ended %d live sessions", n)
		}
		if got := statements.Load(); got != 2+accounts {
			t.Errorf("a pass over %d accounts with nothing idle ran %d statements, want %d (policies, their role overrides, then one probe each)", accounts, got, 2+accounts)
		}
	})
}

// A timeout PolicyChange.Apply refuses (too long for a duration, or under one unit) can still sit
// in a row written before it refused them. Such a timeout must end nothing, on requests or in the
// reaper, rather than wrap into one that ends every session at once.
func TestStoredTimeoutOutOfRangeEndsNothing(t *testing.T) {
	cases := []struct {
		name  string
		value int
		unit  models.TimeUnit
	}{
		{"one day more than a duration holds", 106752, models.Days},
		{"the largest int32 of days", math.MaxInt32, models.Days},
		{"the largest int32 of minutes", math.MaxInt32, models.Minutes},
		{"zero minutes", 0, models.Minutes},
		{"minus one hour", -1, models.Hours},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.withoutIdleTimeoutAfter(t, acc.ID, admin.ID)
				err := e.store.Gorm().Model(&models.SessionPolicy{}).Where("account_id = ?", acc.ID).Updates(map[string]any{
					"idle_timeout_enabled": true, "idle_timeout_value": tc.value, "idle_timeout_unit": tc.unit}).Error
				if err != nil {
					t.Fatal(err)
				}
				u := e.user(acc.ID, "Mia")
				s, token := e.login(u)
				e.clock.Advance(365 * 24 * time.Hour)
				m := e.mark()

				if n := e.reap(reaper.BatchSize); n != 0 {
					t.Errorf("ReapIdle ended %d sessions, want 0", n)
				}
				if _, err := e.store.Authenticate(e.ctx, token); err != nil {
					t.Errorf("a year later the session is refused: %v", err)
				}
				wantActive(t, e.session(s.ID))
				e.wantEvents(m)
			})
		}
	})
}
