package store_test

import (
	"strings"
	"testing"
	"time"

	"sessionguard/internal/apperr"
	"sessionguard/internal/reaper"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// The absolute lifetime (SessionPolicy.CheckValidity) on every path that holds a session to it:
// requests and websockets, logins, policy changes and their preview. The reaper's side is in
// reap_lifetime_test.go.

// lifetimeOf is a change that turns on an absolute lifetime of value unit and leaves the rest
// of the policy as the default change leaves it (one session, no idle timeout).
func lifetimeOf(value int, unit models.TimeUnit) models.PolicyChange {
	return models.PolicyChange{AbsoluteLifetimeEnabled: ptr(true), AbsoluteLifetimeValue: &value, AbsoluteLifetimeUnit: &unit}
}

// withLifetime adds an absolute lifetime of value unit to c.
func withLifetime(c models.PolicyChange, value int, unit models.TimeUnit) models.PolicyChange {
	l := lifetimeOf(value, unit)
	c.AbsoluteLifetimeEnabled, c.AbsoluteLifetimeValue, c.AbsoluteLifetimeUnit = l.AbsoluteLifetimeEnabled, l.AbsoluteLifetimeValue, l.AbsoluteLifetimeUnit
	return c
}

// withoutTimeLimitsAfter turns accountID's idle timeout and lifetime off when t ends, so sessions
// a case leaves active are not ended, and counted, by the cases after it.
func (e *env) withoutTimeLimitsAfter(t *testing.T, accountID, actorID string) {
	t.Cleanup(func() {
		if _, err := e.store.UpdatePolicy(e.ctx, accountID, actorID, models.PolicyChange{AbsoluteLifetimeEnabled: ptr(false)}); err != nil {
			t.Errorf("disabling the time limits: %v", err)
		}
	})
}

// wantRefusedFor fails unless err is UNAUTHENTICATED naming reason.
func wantRefusedFor(t *testing.T, err error, reason models.SessionEndReason) {
	t.Helper()
	wantCode(t, err, apperr.Unauthenticated)
	if err == nil || !strings.Contains(err.Error(), string(reason)) {
		t.Errorf("error %v does not name %s", err, reason)
	}
}

// busyUntil makes a request with token every 20 minutes (within any idle timeout the tests set)
// and a last one at until, failing the test when one is refused.
func (e *env) busyUntil(t *testing.T, token []byte, until time.Time) {
	t.Helper()
	for now := e.clock.Now(); now.Before(until); now = e.clock.Now() {
		e.clock.Advance(min(20*time.Minute, until.Sub(now)))
		if _, err := e.store.Authenticate(e.ctx, token); err != nil {
			t.Fatalf("a request at %v: %v", e.clock.Now(), err)
		}
	}
}

func TestARequestPastTheLifetimeIsRefused(t *testing.T) {
	const lifetime = 8 * time.Hour
	cases := []struct {
		name    string
		check   bool          // Check (websockets) rather than Authenticate (requests)
		after   time.Duration // since login
		wantEnd bool
	}{
		{"a request just before", false, lifetime - time.Microsecond, false},
		{"a request at the lifetime", false, lifetime, true},
		{"a request long after", false, 30 * 24 * time.Hour, true},
		{"a websocket check just before", true, lifetime - time.Microsecond, false},
		{"a websocket check at the lifetime", true, lifetime, true},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, lifetimeOf(8, models.Hours))
				e.withoutTimeLimitsAfter(t, acc.ID, admin.ID)
				s, token := e.login(e.user(acc.ID, "Mia"))
				// Busy all along: activity never keeps a session past its lifetime.
				e.busyUntil(t, token, s.LoginAt.Add(min(tc.after, lifetime)-time.Hour))
				e.clock.Advance(s.LoginAt.Add(tc.after).Sub(e.clock.Now()))
				m := e.mark()
				call := e.store.Authenticate
				if tc.check {
					call = e.store.Check
				}
				_, err := call(e.ctx, token)
				if !tc.wantEnd {
					if err != nil {
						t.Fatalf("refused before its lifetime: %v", err)
					}
					wantActive(t, e.session(s.ID))
					e.wantEvents(m)
					return
				}
				wantRefusedFor(t, err, models.EndMaxLifetime)
				wantEnded(t, e.session(s.ID), models.EndMaxLifetime, nil, s.LoginAt.Add(lifetime))
				e.wantEvents(m, ended(s, models.EndMaxLifetime))

				// Refused again, and not announced again.
				_, err = e.store.Authenticate(e.ctx, token)
				wantRefusedFor(t, err, models.EndMaxLifetime)
				e.wantEvents(m, ended(s, models.EndMaxLifetime))
			})
		}
	})
}

func TestTheEarlierRuleEndsASession(t *testing.T) {
	// Idle after 30 minutes and at most 2 hours in all: whichever moment came first is the
	// session's end, with its reason, on a request as in the reaper.
	cases := []struct {
		name       string
		lastActive time.Duration // since login
		now        time.Duration // since login
		reaper     bool
		wantReason models.SessionEndReason
		wantAt     time.Duration // since login
	}{
		{"idle long before the lifetime, on a request", 10 * time.Minute, 3 * time.Hour, false, models.EndIdleTimeout, 40 * time.Minute},
		{"idle long before the lifetime, in the reaper", 10 * time.Minute, 3 * time.Hour, true, models.EndIdleTimeout, 40 * time.Minute},
		{"busy until the lifetime, on a request", 119 * time.Minute, 2*time.Hour + time.Minute, false, models.EndMaxLifetime, 2 * time.Hour},
		{"busy until the lifetime, in the reaper", 119 * time.Minute, 2*time.Hour + time.Minute, true, models.EndMaxLifetime, 2 * time.Hour},
		{"idle only after the lifetime ran out", 100 * time.Minute, 3 * time.Hour, true, models.EndMaxLifetime, 2 * time.Hour},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, withLifetime(idleAfter(30), 2, models.Hours))
				e.withoutTimeLimitsAfter(t, acc.ID, admin.ID)
				s, token := e.login(e.user(acc.ID, "Mia"))
				e.busyUntil(t, token, s.LoginAt.Add(tc.lastActive))
				e.clock.Advance(tc.now - tc.lastActive)
				m := e.mark()
				if tc.reaper {
					if n := e.reap(reaper.BatchSize); n != 1 {
						t.Errorf("the reaper ended %d sessions, want 1", n)
					}
				} else {
					_, err := e.store.Authenticate(e.ctx, token)
					wantRefusedFor(t, err, tc.wantReason)
				}
				wantEnded(t, e.session(s.ID), tc.wantReason, nil, s.LoginAt.Add(tc.wantAt))
				e.wantEvents(m, ended(s, tc.wantReason))
			})
		}
	})
}

func TestALoginEndsTheUsersSessionsPastTheirLifetimeFirst(t *testing.T) {
	// One session per user and REJECT_NEW: a session past its lifetime no longer counts, so the
	// login succeeds and the old session ends as of its lifetime, not as evicted.
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		e.setPolicy(acc.ID, admin.ID, withLifetime(models.PolicyChange{WhenLimitReached: ptr(models.RejectNew)}, 1, models.Hours))
		u := e.user(acc.ID, "Mia")
		old, _ := e.login(u)
		e.clock.Advance(59 * time.Minute)
		if _, err := e.store.StartSession(e.ctx, u, store.NewSession{LoginIP: "192.0.2.2", TokenHash: e.newToken()}); apperr.CodeOf(err) != apperr.SessionLimitReached {
			t.Fatalf("a second login within the lifetime: %v, want SESSION_LIMIT_REACHED", err)
		}
		e.clock.Advance(time.Minute)
		m := e.mark()
		fresh, _ := e.login(u)
		wantEnded(t, e.session(old.ID), models.EndMaxLifetime, nil, old.LoginAt.Add(time.Hour))
		wantActive(t, e.session(fresh.ID))
		e.wantEvents(m, ended(old, models.EndMaxLifetime), started(fresh))
	})
}

func TestAStaleCachedLifetimeNeverEndsASessionEarly(t *testing.T) {
	// Replica B has cached a 1-hour lifetime; replica A saves 2 hours, or turns it off. A session
	// 90 minutes old is over B's cached lifetime, within the stored one: B must let it through.
	cases := []struct {
		name   string
		change models.PolicyChange
	}{
		{"a longer lifetime", lifetimeOf(2, models.Hours)},
		{"the lifetime turned off", models.PolicyChange{AbsoluteLifetimeEnabled: ptr(false)}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replicaB := e.open()
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, withLifetime(idleAfter(60), 1, models.Hours))
				e.withoutTimeLimitsAfter(t, acc.ID, admin.ID)
				old, oldToken := e.login(e.user(acc.ID, "Mia"))
				e.clock.Advance(45 * time.Minute)
				if _, err := replicaB.Authenticate(e.ctx, oldToken); err != nil {
					t.Fatal(err) // active, and B now holds the 1-hour lifetime
				}
				e.clock.Advance(45 * time.Minute)
				_, freshToken := e.login(e.user(acc.ID, "Noor"))
				if _, err := replicaB.Authenticate(e.ctx, freshToken); err != nil {
					t.Fatal(err) // B reads the policy again: still 1 hour
				}

				e.setPolicy(acc.ID, admin.ID, tc.change) // on replica A: B's cache is stale
				m := e.mark()
				if _, err := replicaB.Authenticate(e.ctx, oldToken); err != nil {
					t.Fatalf("a 90-minute-old session was refused by a replica holding a stale 1-hour lifetime: %v", err)
				}
				wantActive(t, e.session(old.ID))
				e.wantEvents(m)
			})
		}
	})
}

func TestALifetimeSavedOnAReplicaAppliesToItsNextRequest(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		s, token := e.login(e.user(acc.ID, "Mia"))
		e.clock.Advance(50 * time.Minute)
		if _, err := e.store.Authenticate(e.ctx, token); err != nil {
			t.Fatal(err) // the policy without a lifetime is cached
		}
		e.setPolicy(acc.ID, admin.ID, lifetimeOf(60, models.Minutes)) // 10 minutes to go
		e.clock.Advance(10 * time.Minute)
		_, err := e.store.Authenticate(e.ctx, token)
		wantRefusedFor(t, err, models.EndMaxLifetime)
		wantEnded(t, e.session(s.ID), models.EndMaxLifetime, nil, s.LoginAt.Add(time.Hour))
	})
}
