package models_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"sessionguard/models"
)

// withLifetime returns p with an absolute lifetime of value unit (disabled or not).
func withLifetime(p models.SessionPolicy, enabled bool, value int, unit models.TimeUnit) models.SessionPolicy {
	p.AbsoluteLifetimeEnabled, p.AbsoluteLifetimeValue, p.AbsoluteLifetimeUnit = enabled, &value, &unit
	return p
}

// loggedInAt is an active session that logged in at login and was last active at lastActive.
func loggedInAt(login, lastActive time.Time) models.Session {
	return models.Session{Status: models.SessionActive, LoginAt: login, LastActiveAt: lastActive}
}

func TestCheckValidityWithALifetime(t *testing.T) {
	eightHours := withLifetime(models.DefaultPolicy("acc"), true, 8, models.Hours)
	// Idle after 30 minutes, and at most 8 hours in all.
	both := withLifetime(withIdle(true, 30, models.Minutes), true, 8, models.Hours)
	huge := withLifetime(models.DefaultPolicy("acc"), true, math.MaxInt32, models.Days)
	noValue := models.DefaultPolicy("acc")
	noValue.AbsoluteLifetimeEnabled = true
	valid := models.Validity{}
	overAt := func(d time.Duration) models.Validity {
		return models.Validity{Reason: models.EndMaxLifetime, At: t0.Add(d)}
	}
	idleAt := func(d time.Duration) models.Validity {
		return models.Validity{Reason: models.EndIdleTimeout, At: t0.Add(d)}
	}
	busy := func(now time.Duration) models.Session { return loggedInAt(t0, t0.Add(now)) } // a request at every check

	cases := []struct {
		name    string
		policy  models.SessionPolicy
		session models.Session
		now     time.Duration // since login at t0
		want    models.Validity
	}{
		{"just logged in", eightHours, busy(0), 0, valid},
		{"one nanosecond before the lifetime", eightHours, busy(8*time.Hour - 1), 8*time.Hour - 1, valid},
		{"exactly at the lifetime: over, with no grace", eightHours, busy(8 * time.Hour), 8 * time.Hour, overAt(8 * time.Hour)},
		{"long after: over as of the lifetime", eightHours, busy(0), 30 * 24 * time.Hour, overAt(8 * time.Hour)},
		{"activity a moment ago does not keep it", eightHours, busy(9*time.Hour - time.Second), 9 * time.Hour, overAt(8 * time.Hour)},
		{"clock behind the login", eightHours, busy(0), -time.Hour, valid},
		{"disabled lifetime never ends it", withLifetime(models.DefaultPolicy("acc"), false, 8, models.Hours), busy(0), 365 * 24 * time.Hour, valid},
		{"enabled without a value never ends it", noValue, busy(0), 365 * 24 * time.Hour, valid},
		{"a stored zero never ends it", withLifetime(models.DefaultPolicy("acc"), true, 0, models.Hours), busy(0), 365 * 24 * time.Hour, valid},
		{"a stored negative value never ends it", withLifetime(models.DefaultPolicy("acc"), true, -1, models.Days), busy(0), 365 * 24 * time.Hour, valid},
		{"90 days, one nanosecond short", withLifetime(models.DefaultPolicy("acc"), true, 90, models.Days), busy(0), models.MaxAbsoluteLifetime - 1, valid},
		{"90 days, exactly", withLifetime(models.DefaultPolicy("acc"), true, 90, models.Days), busy(0), models.MaxAbsoluteLifetime, overAt(models.MaxAbsoluteLifetime)},
		{"a huge lifetime keeps a session for a century", huge, busy(0), 100 * 365 * 24 * time.Hour, valid},
		{"a huge lifetime ends at the longest duration", huge, busy(0), math.MaxInt64, overAt(math.MaxInt64)},
		// Both rules: the earlier moment wins, with its reason.
		{"busy: the lifetime ends it", both, loggedInAt(t0, t0.Add(8*time.Hour-time.Minute)), 8 * time.Hour, overAt(8 * time.Hour)},
		{"idle long before the lifetime: idle as of then", both, loggedInAt(t0, t0.Add(time.Hour)), 9 * time.Hour, idleAt(90 * time.Minute)},
		{"idle moments before the lifetime: idle", both, loggedInAt(t0, t0.Add(7*time.Hour+30*time.Minute-1)), 8*time.Hour + models.IdleGrace, idleAt(8*time.Hour - 1)},
		{"idle exactly at the lifetime: the lifetime", both, loggedInAt(t0, t0.Add(7*time.Hour+30*time.Minute)), 9 * time.Hour, overAt(8 * time.Hour)},
		{"idle after the lifetime ran out: the lifetime", both, loggedInAt(t0, t0.Add(7*time.Hour+45*time.Minute)), 9 * time.Hour, overAt(8 * time.Hour)},
		{"idle earlier but still within its grace: the lifetime, not yet idle", both,
			loggedInAt(t0, t0.Add(7*time.Hour+30*time.Minute-time.Second)), 8*time.Hour + models.IdleGrace/2, overAt(8 * time.Hour)},
		{"ended keeps its own reason past the lifetime", both, endedAt(time.Minute, ptr(models.EndLogout)), 9 * time.Hour,
			models.Validity{Reason: models.EndLogout, Ended: true, At: t0.Add(time.Minute)}},
		{"ended over its lifetime keeps that", eightHours, endedAt(8*time.Hour, ptr(models.EndMaxLifetime)), 30 * 24 * time.Hour,
			models.Validity{Reason: models.EndMaxLifetime, Ended: true, At: t0.Add(8 * time.Hour)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			now := t0.Add(tc.now)
			got := tc.policy.CheckValidity(&tc.session, now)
			if got.Reason != tc.want.Reason || got.Ended != tc.want.Ended || !got.At.Equal(tc.want.At) {
				t.Errorf("at %v: got %+v, want %+v", tc.now, got, tc.want)
			}
			if wantValid := tc.want == valid; got.Valid() != wantValid {
				t.Errorf("Valid(): got %v, want %v", got.Valid(), wantValid)
			}
		})
	}
}

// The reaper finds sessions past their lifetime in SQL with login_at <= LifetimeCutoff: exactly
// the sessions CheckValidity ends with MAX_LIFETIME when no idle timeout comes first.
func TestLifetimeCutoffAgreesWithCheckValidity(t *testing.T) {
	base := models.DefaultPolicy("acc")
	policies := map[string]models.SessionPolicy{
		"one minute":  withLifetime(base, true, 1, models.Minutes),
		"eight hours": withLifetime(base, true, 8, models.Hours),
		"ninety days": withLifetime(base, true, 90, models.Days),
		"huge":        withLifetime(base, true, math.MaxInt32, models.Days),
		"disabled":    withLifetime(base, false, 8, models.Hours),
		"zero":        withLifetime(base, true, 0, models.Hours),
		"default":     base,
	}
	now := t0
	for name, p := range policies {
		t.Run(name, func(t *testing.T) {
			cutoff, ok := p.LifetimeCutoff(now)
			limit := p.LifetimeLimit()
			if ok != (limit > 0) {
				t.Fatalf("LifetimeCutoff ok = %v with lifetime %v", ok, limit)
			}
			var logins []time.Time
			for _, ago := range []time.Duration{-time.Hour, 0, time.Minute, 8 * time.Hour, 90 * 24 * time.Hour, math.MaxInt64} {
				logins = append(logins, now.Add(-ago))
			}
			if ok {
				for _, off := range []time.Duration{-time.Second, -1, 0, 1, time.Second} {
					logins = append(logins, now.Add(-limit).Add(off))
				}
			}
			for _, login := range logins {
				s := loggedInAt(login, now) // active right now: only the lifetime can end it
				selected := ok && !s.LoginAt.After(cutoff)
				if v := p.CheckValidity(&s, now); (v.Reason == models.EndMaxLifetime) != selected {
					t.Errorf("login at %v: CheckValidity says %+v, but the cutoff %v selects it: %v", login, v, cutoff, selected)
				}
			}
		})
	}
}

func TestLifetimeEnd(t *testing.T) {
	base := models.DefaultPolicy("acc")
	noValue := base
	noValue.AbsoluteLifetimeEnabled = true
	s := loggedInAt(t0, t0.Add(time.Hour))
	cases := []struct {
		name   string
		policy models.SessionPolicy
		want   time.Time // zero: none
	}{
		{"minutes", withLifetime(base, true, 90, models.Minutes), t0.Add(90 * time.Minute)},
		{"hours, counted from login, not activity", withLifetime(base, true, 8, models.Hours), t0.Add(8 * time.Hour)},
		{"days", withLifetime(base, true, 90, models.Days), t0.Add(models.MaxAbsoluteLifetime)},
		{"a huge lifetime saturates", withLifetime(base, true, math.MaxInt32, models.Days), t0.Add(math.MaxInt64)},
		{"disabled: none", withLifetime(base, false, 8, models.Hours), time.Time{}},
		{"enabled without a value: none", noValue, time.Time{}},
		{"default: none", base, time.Time{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			end, ok := tc.policy.LifetimeEnd(&s)
			if ok != !tc.want.IsZero() || !end.Equal(tc.want) {
				t.Errorf("got %v %v, want %v %v", end, ok, tc.want, !tc.want.IsZero())
			}
		})
	}
}

func TestJudge(t *testing.T) {
	p := withLifetime(withIdle(true, 10, models.Minutes), true, 2, models.Hours)
	now := t0.Add(3 * time.Hour)
	session := func(id string, login, lastActive time.Duration) models.Session {
		s := loggedInAt(now.Add(-login), now.Add(-lastActive))
		s.ID, s.UserID = id, "u"
		return s
	}
	gone := session("f", 5*time.Hour, 5*time.Hour)
	gone.Status, gone.EndReason = models.SessionTerminated, ptr(models.EndLogout)
	in := []models.Session{
		session("a", 3*time.Hour, time.Minute),         // over the lifetime, busy
		session("b", time.Hour, time.Hour),             // idle
		session("c", time.Hour, time.Minute),           // live
		session("d", 150*time.Minute, 140*time.Minute), // idle 130 m ago, over its lifetime 30 m ago: idle
		session("e", 150*time.Minute, 25*time.Minute),  // over its lifetime 30 m ago, idle 15 m ago: the lifetime
		session("g", 125*time.Minute, 125*time.Minute), // idle 115 m ago, over its lifetime 5 m ago: idle
		gone, // already ended: nothing to end
	}
	v := p.Judge(in, now)
	for _, c := range []struct {
		name string
		got  []models.Session
		want []string
	}{
		{"idle", v.Idle, []string{"b", "d", "g"}},
		{"over the lifetime", v.Lifetime, []string{"a", "e"}},
		{"live", v.Live, []string{"c", "f"}},
	} {
		if !slices.Equal(ids(c.got), c.want) {
			t.Errorf("%s: got %v, want %v", c.name, ids(c.got), c.want)
		}
	}
}

func TestImpactOnWithALifetime(t *testing.T) {
	now := t0.Add(24 * time.Hour)
	at := func(id, user string, login, lastActive time.Duration) models.Session {
		s := loggedInAt(now.Add(-login), now.Add(-lastActive))
		s.ID, s.UserID = id, user
		return s
	}
	// Ordered by user, then login time, as the store loads them.
	active := []models.Session{
		at("a1", "alice", 10*time.Hour, time.Minute),  // over 8 hours, busy
		at("a2", "alice", 9*time.Hour, 9*time.Hour),   // idle since login, and over 8 hours later
		at("a3", "alice", time.Hour, time.Minute),     // live
		at("b1", "bob", 2*time.Hour, time.Minute),     // live
		at("b2", "bob", time.Hour, time.Minute),       // live
		at("c1", "carol", 12*time.Hour, 11*time.Hour), // idle 10 h ago, over its lifetime 4 h ago: idle
	}
	policy := func(limit int, idle bool) models.SessionPolicy {
		p := withLifetime(models.DefaultPolicy("acc"), true, 8, models.Hours)
		p.LimitMultipleSessions, p.MaxConcurrentSessions = limit > 1, limit
		if idle {
			p = withIdleOn(p, 60)
		}
		return p
	}
	cases := []struct {
		name                        string
		policy                      models.SessionPolicy
		wantIdle, wantOld, wantExcs []string
		wantUsers                   int
	}{
		{"lifetime only", policy(5, false), []string{}, []string{"a1", "a2", "c1"}, []string{}, 2},
		{"each session under the reason it would end with, once", policy(5, true), []string{"a2", "c1"}, []string{"a1"}, []string{}, 2},
		{"over the lifetime is not excess", policy(1, true), []string{"a2", "c1"}, []string{"a1"}, []string{"b1"}, 3},
		{"lifetime off: only the limit", withLifetime(policy(1, false), false, 8, models.Hours), []string{}, []string{},
			[]string{"a1", "a2", "b1"}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			impact := tc.policy.ImpactOn(active, nil, now)
			for _, c := range []struct {
				name string
				got  []models.Session
				want []string
			}{{"idle", impact.Idle, tc.wantIdle}, {"over the lifetime", impact.Lifetime, tc.wantOld}, {"excess", impact.Excess, tc.wantExcs}} {
				if !slices.Equal(ids(c.got), c.want) {
					t.Errorf("%s: got %v, want %v", c.name, ids(c.got), c.want)
				}
			}
			if got, want := impact.Count(), len(tc.wantIdle)+len(tc.wantOld)+len(tc.wantExcs); got != want {
				t.Errorf("count: got %d, want %d", got, want)
			}
			if got := impact.UsersAffected(); got != tc.wantUsers {
				t.Errorf("users affected: got %d, want %d", got, tc.wantUsers)
			}
		})
	}
}
