package store_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"sessionguard/internal/reaper"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// The reaper and the absolute lifetime, on every engine: sessions past it end in bulk, as of
// their login plus the lifetime, each announced once, and a pass that finds none stays a probe.

func TestReapEndsSessionsAtTheirLifetimeExactly(t *testing.T) {
	const lifetime = time.Hour
	cases := []struct {
		name    string
		after   time.Duration // since login
		wantEnd bool
	}{
		{"just logged in", 0, false},
		{"one microsecond short", lifetime - time.Microsecond, false},
		{"exactly at the lifetime: no grace", lifetime, true},
		{"days later", 72 * time.Hour, true},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, lifetimeOf(1, models.Hours))
				e.withoutTimeLimitsAfter(t, acc.ID, admin.ID)
				u := e.user(acc.ID, "Mia")
				s, _ := e.login(u)
				e.clock.Advance(tc.after)
				m := e.mark()

				n := e.reap(reaper.BatchSize)
				if !tc.wantEnd {
					if n != 0 {
						t.Errorf("the reaper ended %d sessions, want 0", n)
					}
					wantActive(t, e.session(s.ID))
					e.wantEvents(m)
					return
				}
				if n != 1 {
					t.Errorf("the reaper ended %d sessions, want 1", n)
				}
				wantEnded(t, e.session(s.ID), models.EndMaxLifetime, nil, s.LoginAt.Add(lifetime))
				e.wantEvents(m, ended(s, models.EndMaxLifetime))
				if ev := e.events.Events()[m]; ev.AccountID != acc.ID || ev.UserID != u.ID || !ev.OccurredAt.Equal(s.LoginAt.Add(lifetime)) {
					t.Errorf("ended event: %+v", ev)
				}
				// A later pass neither touches nor announces it again.
				e.clock.Advance(time.Hour)
				if n := e.reap(reaper.BatchSize); n != 0 {
					t.Errorf("a second pass ended %d sessions, want 0", n)
				}
				e.wantEvents(m, ended(s, models.EndMaxLifetime))
			})
		}
	})
}

func TestReapEndsSessionsPastTheirLifetimeInBatches(t *testing.T) {
	const old, live = 7, 2
	cases := []struct {
		name  string
		batch int
	}{
		{"batch of 1", 1},
		{"batch of 3", 3},
		{"batch equal to the count", old},
		{"batch larger than the count", 100},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				// Idle after 30 minutes too: the old sessions stay busy, so only their lifetime
				// ends them, while the pass reads the idle rule's candidates as well.
				e.setPolicy(acc.ID, admin.ID, withLifetime(withIdle(models.PolicyChange{
					LimitMultipleSessions: true, MaxConcurrentSessions: ptr(10)}, 30), 2, models.Hours))
				e.withoutTimeLimitsAfter(t, acc.ID, admin.ID)
				// The live sessions belong to a third user: a login ends its own user's old
				// sessions itself, and this test is about the reaper.
				u, v, w := e.user(acc.ID, "Mia"), e.user(acc.ID, "Noa"), e.user(acc.ID, "Ola")
				var oldSessions []models.Session
				var tokens [][]byte
				for i := range old {
					e.clock.Advance(time.Minute)
					s, token := e.login([]models.User{u, v}[i%2])
					oldSessions, tokens = append(oldSessions, s), append(tokens, token)
				}
				last := oldSessions[old-1].LoginAt
				for _, step := range []time.Duration{20 * time.Minute, 40 * time.Minute, 60 * time.Minute, 80 * time.Minute, 100 * time.Minute} {
					e.clock.Advance(last.Add(step).Sub(e.clock.Now()))
					for _, token := range tokens {
						if _, err := e.store.Authenticate(e.ctx, token); err != nil {
							t.Fatal(err)
						}
					}
				}
				var liveSessions []models.Session
				for range live {
					s, _ := e.login(w)
					liveSessions = append(liveSessions, s)
				}
				e.clock.Advance(last.Add(2 * time.Hour).Sub(e.clock.Now())) // the newest old session's lifetime
				m := e.mark()

				if n := e.reap(tc.batch); n != old {
					t.Errorf("the reaper with batch %d ended %d sessions, want %d", tc.batch, n, old)
				}
				for _, s := range oldSessions {
					wantEnded(t, e.session(s.ID), models.EndMaxLifetime, nil, s.LoginAt.Add(2*time.Hour))
				}
				for _, s := range liveSessions {
					wantActive(t, e.session(s.ID))
				}
				e.wantEachEndedOnce(t, m, idsOf(oldSessions))
				if n := e.reap(tc.batch); n != 0 {
					t.Errorf("a second pass ended %d sessions, want 0", n)
				}
			})
		}
	})
}

// A session that is both idle and past its lifetime is a candidate of both rules in one pass:
// it ends once, announced once, with the reason of the earlier moment.
func TestReapEndsASessionOfBothRulesOnce(t *testing.T) {
	for _, batch := range []int{1, reaper.BatchSize} {
		t.Run(fmt.Sprintf("batch %d", batch), func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, url string) {
				e := newEnv(t, url)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, withLifetime(withIdle(models.PolicyChange{
					LimitMultipleSessions: true, MaxConcurrentSessions: ptr(10)}, 30), 1, models.Hours))
				u := e.user(acc.ID, "Mia")
				quiet, _ := e.login(u) // idle at +30 minutes, over its lifetime at +60
				busy, token := e.login(u)
				e.busyUntil(t, token, busy.LoginAt.Add(50*time.Minute))
				e.clock.Advance(3 * time.Hour)
				m := e.mark()

				if n := e.reap(batch); n != 2 {
					t.Errorf("the reaper ended %d sessions, want 2", n)
				}
				wantEnded(t, e.session(quiet.ID), models.EndIdleTimeout, nil, quiet.LoginAt.Add(30*time.Minute))
				wantEnded(t, e.session(busy.ID), models.EndMaxLifetime, nil, busy.LoginAt.Add(time.Hour))
				e.wantEachEndedOnce(t, m, []string{quiet.ID, busy.ID})
			})
		})
	}
}

func TestReapFollowsLifetimeChanges(t *testing.T) {
	// The session logs in at 0 under a 2-hour lifetime; the policy changes at 10 minutes.
	cases := []struct {
		name      string
		change    models.PolicyChange
		wantEndAt time.Duration // since login; 0: never ends
	}{
		{"unchanged", models.PolicyChange{}, 2 * time.Hour},
		{"longer", lifetimeOf(1, models.Days), 24 * time.Hour},
		{"shorter", lifetimeOf(30, models.Minutes), 30 * time.Minute},
		{"switched off", models.PolicyChange{AbsoluteLifetimeEnabled: ptr(false)}, 0},
	}
	checkpoints := []time.Duration{30*time.Minute - time.Microsecond, 30 * time.Minute, 2*time.Hour - time.Microsecond,
		2 * time.Hour, 24*time.Hour - time.Microsecond, 24 * time.Hour, 90 * 24 * time.Hour}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, lifetimeOf(2, models.Hours))
				e.withoutTimeLimitsAfter(t, acc.ID, admin.ID)
				s, _ := e.login(e.user(acc.ID, "Mia"))
				e.clock.Advance(10 * time.Minute)
				e.setPolicy(acc.ID, admin.ID, tc.change)
				m := e.mark()
				for _, at := range checkpoints {
					e.clock.Advance(s.LoginAt.Add(at).Sub(e.clock.Now()))
					e.reap(reaper.BatchSize)
					got := e.session(s.ID)
					if tc.wantEndAt == 0 || at < tc.wantEndAt {
						if !got.IsActive() {
							t.Fatalf("ended by the pass %v after login, want it active until %v", at, tc.wantEndAt)
						}
						continue
					}
					wantEnded(t, got, models.EndMaxLifetime, nil, s.LoginAt.Add(tc.wantEndAt))
					e.wantEvents(m, ended(s, models.EndMaxLifetime))
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

// A pass that finds nothing costs one read of the policies and one index probe per rule and
// account: no transaction, so on SQLite no write lock every few seconds.
func TestReapWithALifetimeFindingNothingOnlyProbes(t *testing.T) {
	cases := []struct {
		name          string
		change        models.PolicyChange
		probesPerAcct int
	}{
		{"a lifetime only", lifetimeOf(8, models.Hours), 1},
		{"a lifetime and an idle timeout", withLifetime(idleAfter(30), 8, models.Hours), 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, url string) {
				e := newEnv(t, url)
				const accounts = 3
				for i := range accounts {
					acc, admin := e.account(fmt.Sprintf("Acme %d", i))
					e.setPolicy(acc.ID, admin.ID, tc.change)
					e.login(e.user(acc.ID, "Live"))
				}
				e.clock.Advance(time.Minute)
				statements := e.countStatements()
				if n := e.reap(reaper.BatchSize); n != 0 {
					t.Fatalf("ended %d live sessions", n)
				}
				if got, want := statements.Load(), int64(2+accounts*tc.probesPerAcct); got != want {
					t.Errorf("a pass over %d accounts with nothing to end ran %d statements, want %d (policies, their role overrides, then one probe per rule and account)",
						accounts, got, want)
				}
			})
		})
	}
}

// A lifetime PolicyChange.Apply refuses (too long for a duration, or under one unit) can still sit
// in a row written before it refused them: it ends nothing rather than every session at once.
func TestStoredLifetimeOutOfRangeEndsNothing(t *testing.T) {
	cases := []struct {
		name  string
		value int
		unit  models.TimeUnit
	}{
		{"one day more than a duration holds", 106752, models.Days},
		{"the largest int32 of minutes", math.MaxInt32, models.Minutes},
		{"zero hours", 0, models.Hours},
		{"minus one day", -1, models.Days},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.withoutTimeLimitsAfter(t, acc.ID, admin.ID)
				err := e.store.Gorm().Model(&models.SessionPolicy{}).Where("account_id = ?", acc.ID).Updates(map[string]any{
					"absolute_lifetime_enabled": true, "absolute_lifetime_value": tc.value, "absolute_lifetime_unit": tc.unit}).Error
				if err != nil {
					t.Fatal(err)
				}
				s, token := e.login(e.user(acc.ID, "Mia"))
				e.clock.Advance(365 * 24 * time.Hour)
				m := e.mark()
				if n := e.reap(reaper.BatchSize); n != 0 {
					t.Errorf("the reaper ended %d sessions, want 0", n)
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
