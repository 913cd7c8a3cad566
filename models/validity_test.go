package models_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"sessionguard/models"
)

const day = 24 * time.Hour

// activeAt is an active session last seen at lastActive.
func activeAt(lastActive time.Time) models.Session {
	return models.Session{Status: models.SessionActive, LoginAt: lastActive, LastActiveAt: lastActive}
}

// endedAt is a session last seen at t0 that ended at t0+after with reason (nil: none recorded).
func endedAt(after time.Duration, reason *models.SessionEndReason) models.Session {
	s := activeAt(t0)
	s.Status, s.EndedAt, s.EndReason = models.SessionTerminated, ptr(t0.Add(after)), reason
	return s
}

func TestCheckValidity(t *testing.T) {
	thirtyMin := withIdle(true, 30, models.Minutes)
	ninetyDays := withIdle(true, 90, models.Days)
	hugeDays := withIdle(true, math.MaxInt32, models.Days)
	noValue := models.DefaultPolicy("acc")
	noValue.IdleTimeoutEnabled = true
	active := activeAt(t0)
	valid := models.Validity{}
	idleSince := func(d time.Duration) models.Validity {
		return models.Validity{Reason: models.EndIdleTimeout, At: t0.Add(d)}
	}
	const century = 100 * 365 * day

	cases := []struct {
		name    string
		policy  models.SessionPolicy
		session models.Session
		now     time.Time
		want    models.Validity
	}{
		{"just active", thirtyMin, active, t0, valid},
		{"one nanosecond before the timeout", thirtyMin, active, t0.Add(30*time.Minute - 1), valid},
		{"exactly at the timeout: still within the grace", thirtyMin, active, t0.Add(30 * time.Minute), valid},
		{"one nanosecond short of timeout plus grace", thirtyMin, active, t0.Add(30*time.Minute + models.IdleGrace - 1), valid},
		{"exactly at timeout plus grace: idle as of the timeout", thirtyMin, active, t0.Add(30*time.Minute + models.IdleGrace), idleSince(30 * time.Minute)},
		{"long after the timeout: still idle as of the timeout", thirtyMin, active, t0.Add(72 * time.Hour), idleSince(30 * time.Minute)},
		{"clock behind the last activity", thirtyMin, active, t0.Add(-time.Hour), valid},
		{"disabled timeout never idles", withIdle(false, 30, models.Minutes), active, t0.Add(365 * day), valid},
		{"default policy never idles", models.DefaultPolicy("acc"), active, t0.Add(century), valid},
		{"enabled without a value never idles", noValue, active, t0.Add(365 * day), valid},
		{"a stored zero never idles", withIdle(true, 0, models.Minutes), active, t0.Add(365 * day), valid},
		{"a stored negative value never idles", withIdle(true, -1, models.Days), active, t0.Add(365 * day), valid},
		{"90 days, one nanosecond short of timeout plus grace", ninetyDays, active, t0.Add(models.MaxIdleTimeout + models.IdleGrace - 1), valid},
		{"90 days, exactly at timeout plus grace", ninetyDays, active, t0.Add(models.MaxIdleTimeout + models.IdleGrace), idleSince(models.MaxIdleTimeout)},
		{"a huge timeout keeps a session for a century", hugeDays, active, t0.Add(century), valid},
		{"a huge timeout, one nanosecond short of the longest duration plus grace", hugeDays, active, t0.Add(math.MaxInt64).Add(models.IdleGrace - 1), valid},
		{"a huge timeout ends at the longest duration", hugeDays, active, t0.Add(math.MaxInt64).Add(models.IdleGrace), idleSince(math.MaxInt64)},
		{"the largest int of days keeps a session for a century", withIdle(true, math.MaxInt, models.Days), active, t0.Add(century), valid},
		{"ended keeps its own reason and time", thirtyMin, endedAt(time.Minute, ptr(models.EndLogout)), t0.Add(time.Minute),
			models.Validity{Reason: models.EndLogout, Ended: true, At: t0.Add(time.Minute)}},
		{"ended keeps its own reason even when idle by time too", thirtyMin, endedAt(time.Minute, ptr(models.EndAdminLogout)), t0.Add(time.Hour),
			models.Validity{Reason: models.EndAdminLogout, Ended: true, At: t0.Add(time.Minute)}},
		{"ended as idle keeps the time it was ended at", thirtyMin, endedAt(30*time.Minute, ptr(models.EndIdleTimeout)), t0.Add(72 * time.Hour),
			models.Validity{Reason: models.EndIdleTimeout, Ended: true, At: t0.Add(30 * time.Minute)}},
		{"ended under no timeout", models.DefaultPolicy("acc"), endedAt(time.Second, ptr(models.EndConcurrentLimit)), t0.Add(time.Second),
			models.Validity{Reason: models.EndConcurrentLimit, Ended: true, At: t0.Add(time.Second)}},
		{"ended with no reason recorded is still not valid", thirtyMin, endedAt(time.Second, nil), t0.Add(time.Second),
			models.Validity{Ended: true, At: t0.Add(time.Second)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.policy.CheckValidity(&tc.session, tc.now)
			if got.Reason != tc.want.Reason || got.Ended != tc.want.Ended || !got.At.Equal(tc.want.At) {
				t.Errorf("at %v: got %+v, want %+v", tc.now.Sub(t0), got, tc.want)
			}
			if wantValid := tc.want == valid; got.Valid() != wantValid {
				t.Errorf("Valid(): got %v, want %v", got.Valid(), wantValid)
			}
		})
	}
}

// The reaper finds idle sessions in SQL with last_active_at <= IdleCutoff: that must be exactly
// the sessions CheckValidity calls idle, at the boundary and far from it.
func TestIdleCutoffAgreesWithCheckValidity(t *testing.T) {
	policies := map[string]models.SessionPolicy{
		"thirty minutes":     withIdle(true, 30, models.Minutes),
		"one hour":           withIdle(true, 1, models.Hours),
		"ninety days":        withIdle(true, 90, models.Days),
		"huge":               withIdle(true, math.MaxInt32, models.Days),
		"disabled":           withIdle(false, 30, models.Minutes),
		"zero":               withIdle(true, 0, models.Minutes),
		"negative":           withIdle(true, -30, models.Minutes),
		"default (no limit)": models.DefaultPolicy("acc"),
	}
	now := t0
	for name, p := range policies {
		t.Run(name, func(t *testing.T) {
			cutoff, ok := p.IdleCutoff(now)
			limit := p.IdleLimit()
			if ok != (limit > 0) {
				t.Fatalf("IdleCutoff ok = %v with idle limit %v", ok, limit)
			}
			var lasts []time.Time // last activity: at fixed distances, and around the boundary
			for _, ago := range []time.Duration{-time.Hour, 0, time.Minute, 30 * time.Minute, 90 * day, math.MaxInt64} {
				lasts = append(lasts, now.Add(-ago))
			}
			if ok {
				for _, off := range []time.Duration{-time.Second, -1, 0, 1, time.Second} {
					lasts = append(lasts, now.Add(-limit).Add(-models.IdleGrace).Add(off))
				}
			}
			for _, last := range lasts {
				s := activeAt(last)
				selected := ok && !s.LastActiveAt.After(cutoff)
				if v := p.CheckValidity(&s, now); (v.Reason == models.EndIdleTimeout) != selected {
					t.Errorf("last active at %v: CheckValidity says %+v, but the cutoff %v selects it: %v", last, v, cutoff, selected)
				}
			}
		})
	}
}

func TestIdleCutoff(t *testing.T) {
	now := t0
	cases := []struct {
		name   string
		policy models.SessionPolicy
		want   time.Time // zero: no cutoff
	}{
		{"thirty minutes: timeout and grace before now", withIdle(true, 30, models.Minutes), now.Add(-30*time.Minute - models.IdleGrace)},
		{"ninety days", withIdle(true, 90, models.Days), now.Add(-models.MaxIdleTimeout - models.IdleGrace)},
		{"a huge timeout's cutoff lies centuries back, not wrapped into the future", withIdle(true, math.MaxInt32, models.Days),
			now.Add(-math.MaxInt64).Add(-models.IdleGrace)},
		{"disabled has none", withIdle(false, 30, models.Minutes), time.Time{}},
		{"a stored zero has none", withIdle(true, 0, models.Minutes), time.Time{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.policy.IdleCutoff(now)
			if ok != !tc.want.IsZero() || !got.Equal(tc.want) {
				t.Errorf("got %v %v, want %v %v", got, ok, tc.want, !tc.want.IsZero())
			}
			if ok && !got.Before(now.Add(-models.IdleGrace)) {
				t.Errorf("cutoff %v is not before now minus the grace", got)
			}
		})
	}
}

func TestIdleSince(t *testing.T) {
	noValue := models.DefaultPolicy("acc")
	noValue.IdleTimeoutEnabled = true
	cases := []struct {
		name    string
		policy  models.SessionPolicy
		session models.Session
		want    time.Time // zero: no idle timeout
	}{
		{"thirty minutes after the last activity", withIdle(true, 30, models.Minutes), activeAt(t0), t0.Add(30 * time.Minute)},
		{"ended sessions are timed by their activity too", withIdle(true, 30, models.Minutes), endedAt(time.Minute, ptr(models.EndLogout)), t0.Add(30 * time.Minute)},
		{"90 days", withIdle(true, 90, models.Days), activeAt(t0), t0.Add(models.MaxIdleTimeout)},
		{"a huge timeout, the longest duration", withIdle(true, math.MaxInt32, models.Days), activeAt(t0), t0.Add(math.MaxInt64)},
		{"disabled timeout: never", withIdle(false, 30, models.Minutes), activeAt(t0), time.Time{}},
		{"enabled without a value: never", noValue, activeAt(t0), time.Time{}},
		{"a stored negative value: never", withIdle(true, -30, models.Minutes), activeAt(t0), time.Time{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			since, ok := tc.policy.IdleSince(&tc.session)
			if ok != !tc.want.IsZero() || !since.Equal(tc.want) {
				t.Errorf("got %v %v, want %v %v", since, ok, tc.want, !tc.want.IsZero())
			}
		})
	}
}

// CheckValidity runs on every authenticated request: it must not allocate.
func TestCheckValidityAllocatesNothing(t *testing.T) {
	p := withIdle(true, 30, models.Minutes)
	live, idle, ended := activeAt(t0), activeAt(t0.Add(-time.Hour)), endedAt(time.Minute, ptr(models.EndLogout))
	var sink models.Validity
	allocs := testing.AllocsPerRun(100, func() {
		sink = p.CheckValidity(&live, t0)
		sink = p.CheckValidity(&idle, t0)
		sink = p.CheckValidity(&ended, t0)
	})
	if allocs != 0 {
		t.Errorf("CheckValidity allocates %v times per run, want 0", allocs)
	}
	_ = sink
}

func BenchmarkCheckValidity(b *testing.B) {
	p := withIdle(true, 30, models.Minutes)
	s := activeAt(t0)
	now := t0.Add(time.Minute)
	b.ReportAllocs()
	for b.Loop() {
		if !p.CheckValidity(&s, now).Valid() {
			b.Fatal("a live session is not valid")
		}
	}
}

func TestJudgeSortsIdleSessions(t *testing.T) {
	p := withIdle(true, 10, models.Minutes)
	now := t0.Add(time.Hour)
	in := []models.Session{
		sessionAt("a", "u", now.Add(-time.Hour)),      // idle
		sessionAt("b", "u", now.Add(-time.Minute)),    // live
		sessionAt("c", "u", now.Add(-10*time.Minute)), // live: at the timeout, within the grace
		sessionAt("d", "u", now),                      // live
		sessionAt("e", "u", now.Add(-11*time.Minute)), // idle
	}
	cases := []struct {
		name     string
		policy   models.SessionPolicy
		wantIdle []string
		wantLive []string
	}{
		{"ten minutes", p, []string{"a", "e"}, []string{"b", "c", "d"}},
		{"disabled", withIdle(false, 10, models.Minutes), []string{}, []string{"a", "b", "c", "d", "e"}},
		{"one day", withIdle(true, 1, models.Days), []string{}, []string{"a", "b", "c", "d", "e"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.policy.Judge(in, now)
			idle, live := v.Idle, v.Live
			if len(v.Lifetime) != 0 {
				t.Errorf("over the lifetime: %v, want none without a lifetime", ids(v.Lifetime))
			}
			if !slices.Equal(ids(idle), tc.wantIdle) || !slices.Equal(ids(live), tc.wantLive) {
				t.Errorf("got idle %v live %v, want idle %v live %v", ids(idle), ids(live), tc.wantIdle, tc.wantLive)
			}
		})
	}
}
