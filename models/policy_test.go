package models_test

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"sessionguard/models"
)

func ptr[T any](v T) *T { return &v }

// fieldsOf returns the sorted field names of a FieldErrors, failing when err is something else.
func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var fe models.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a models.FieldErrors", err, err)
	}
	fields := make([]string, len(fe))
	for i, e := range fe {
		fields[i] = e.Field
		if e.Message == "" {
			t.Errorf("field %q has no message", e.Field)
		}
	}
	slices.Sort(fields)
	return fields
}

// withIdle returns the default policy with an idle timeout of value unit (disabled or not).
func withIdle(enabled bool, value int, unit models.TimeUnit) models.SessionPolicy {
	p := models.DefaultPolicy("acc")
	p.IdleTimeoutEnabled, p.IdleTimeoutValue, p.IdleTimeoutUnit = enabled, &value, &unit
	return p
}

func TestPolicyChangeApply(t *testing.T) {
	def := models.DefaultPolicy("acc")
	limited := def
	limited.LimitMultipleSessions, limited.MaxConcurrentSessions, limited.WhenLimitReached = true, 5, models.RejectNew
	noMax := def
	noMax.MaxConcurrentSessions = 0

	idleOn := func(v int, u models.TimeUnit) models.PolicyChange {
		return models.PolicyChange{IdleTimeoutEnabled: true, IdleTimeoutValue: &v, IdleTimeoutUnit: &u}
	}
	limitOn := func(n int) models.PolicyChange {
		return models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: &n}
	}

	cases := []struct {
		name       string
		current    models.SessionPolicy
		change     models.PolicyChange
		wantFields []string                               // invalid fields, sorted; nil when valid
		check      func(*testing.T, models.SessionPolicy) // checks the policy on success
	}{
		{name: "limit of 1 is valid", current: def, change: limitOn(1)},
		{name: "limit of 100 is valid", current: def, change: limitOn(100)},
		{name: "limit of 0 is invalid", current: def, change: limitOn(0), wantFields: []string{"maxConcurrentSessions"}},
		{name: "negative limit is invalid", current: def, change: limitOn(-3), wantFields: []string{"maxConcurrentSessions"}},
		{name: "limit of 101 is invalid", current: def, change: limitOn(101), wantFields: []string{"maxConcurrentSessions"}},
		{name: "out of range limit is invalid even while not limiting", current: def,
			change: models.PolicyChange{MaxConcurrentSessions: ptr(0)}, wantFields: []string{"maxConcurrentSessions"}},
		{name: "limiting without a limit and none stored is invalid", current: noMax,
			change: models.PolicyChange{LimitMultipleSessions: true}, wantFields: []string{"maxConcurrentSessions"}},
		{name: "limiting requires the limit in the input even with one stored", current: limited,
			change: models.PolicyChange{LimitMultipleSessions: true}, wantFields: []string{"maxConcurrentSessions"}},
		{name: "not limiting with the limit omitted keeps the stored limit", current: limited,
			change: models.PolicyChange{WhenLimitReached: ptr(models.EvictOldest)},
			check: func(t *testing.T, p models.SessionPolicy) {
				if p.LimitMultipleSessions || p.MaxConcurrentSessions != 5 || p.WhenLimitReached != models.EvictOldest {
					t.Errorf("got %v/%d/%s, want false/5/EVICT_OLDEST", p.LimitMultipleSessions, p.MaxConcurrentSessions, p.WhenLimitReached)
				}
			}},
		{name: "turning the limit off keeps the stored number", current: limited, change: models.PolicyChange{},
			check: func(t *testing.T, p models.SessionPolicy) {
				if p.LimitMultipleSessions || p.MaxConcurrentSessions != 5 || p.EffectiveMaxConcurrentSessions() != 1 {
					t.Errorf("got limit %v max %d effective %d, want false 5 1",
						p.LimitMultipleSessions, p.MaxConcurrentSessions, p.EffectiveMaxConcurrentSessions())
				}
			}},
		{name: "limit behaviour omitted keeps the current one", current: limited, change: limitOn(3),
			check: func(t *testing.T, p models.SessionPolicy) {
				if p.WhenLimitReached != models.RejectNew || p.MaxConcurrentSessions != 3 {
					t.Errorf("got %s max %d, want REJECT_NEW max 3", p.WhenLimitReached, p.MaxConcurrentSessions)
				}
			}},
		{name: "limit behaviour given replaces the current one", current: def,
			change: models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: ptr(2), WhenLimitReached: ptr(models.RejectNew)},
			check: func(t *testing.T, p models.SessionPolicy) {
				if p.WhenLimitReached != models.RejectNew {
					t.Errorf("whenLimitReached: got %s, want REJECT_NEW", p.WhenLimitReached)
				}
			}},
		{name: "1 minute is valid", current: def, change: idleOn(1, models.Minutes),
			check: func(t *testing.T, p models.SessionPolicy) {
				if p.IdleLimit() != time.Minute {
					t.Errorf("idle limit: got %v, want 1m", p.IdleLimit())
				}
			}},
		{name: "90 days is valid", current: def, change: idleOn(90, models.Days),
			check: func(t *testing.T, p models.SessionPolicy) {
				if p.IdleLimit() != models.MaxIdleTimeout {
					t.Errorf("idle limit: got %v, want %v", p.IdleLimit(), models.MaxIdleTimeout)
				}
			}},
		{name: "91 days is invalid", current: def, change: idleOn(91, models.Days), wantFields: []string{"idleTimeoutValue"}},
		{name: "2160 hours is valid", current: def, change: idleOn(2160, models.Hours)},
		{name: "2161 hours is invalid", current: def, change: idleOn(2161, models.Hours), wantFields: []string{"idleTimeoutValue"}},
		{name: "129600 minutes is valid", current: def, change: idleOn(129600, models.Minutes)},
		{name: "129601 minutes is invalid", current: def, change: idleOn(129601, models.Minutes), wantFields: []string{"idleTimeoutValue"}},
		{name: "0 minutes is invalid", current: def, change: idleOn(0, models.Minutes), wantFields: []string{"idleTimeoutValue"}},
		{name: "negative value is invalid", current: def, change: idleOn(-1, models.Hours), wantFields: []string{"idleTimeoutValue"}},
		{name: "0 is invalid even while the timeout is off", current: def,
			change: models.PolicyChange{IdleTimeoutValue: ptr(0)}, wantFields: []string{"idleTimeoutValue"}},
		{name: "days overflowing a duration are invalid", current: def, change: idleOn(106752, models.Days),
			wantFields: []string{"idleTimeoutValue"}},
		{name: "hours overflowing a duration are invalid", current: def, change: idleOn(2562048, models.Hours),
			wantFields: []string{"idleTimeoutValue"}},
		{name: "largest GraphQL Int of days is invalid", current: def, change: idleOn(1<<31-1, models.Days),
			wantFields: []string{"idleTimeoutValue"}},
		{name: "enabling without a value and none stored is invalid", current: def,
			change:     models.PolicyChange{IdleTimeoutEnabled: true, IdleTimeoutUnit: ptr(models.Hours)},
			wantFields: []string{"idleTimeoutValue"}},
		{name: "enabling without a unit and none stored is invalid", current: def,
			change:     models.PolicyChange{IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(3)},
			wantFields: []string{"idleTimeoutUnit"}},
		{name: "enabling with neither value nor unit names both", current: def,
			change:     models.PolicyChange{IdleTimeoutEnabled: true},
			wantFields: []string{"idleTimeoutUnit", "idleTimeoutValue"}},
		{name: "enabling requires value and unit in the input even with stored ones", current: withIdle(false, 30, models.Minutes),
			change: models.PolicyChange{IdleTimeoutEnabled: true}, wantFields: []string{"idleTimeoutUnit", "idleTimeoutValue"}},
		{name: "a value while disabled is checked against the stored unit", current: withIdle(false, 30, models.Days),
			change: models.PolicyChange{IdleTimeoutValue: ptr(91)}, wantFields: []string{"idleTimeoutValue"}},
		{name: "a value while disabled is kept with the stored unit", current: withIdle(false, 30, models.Days),
			change: models.PolicyChange{IdleTimeoutValue: ptr(90)},
			check: func(t *testing.T, p models.SessionPolicy) {
				if it := p.IdleTimeout(); p.IdleTimeoutEnabled || it == nil || *it != (models.IdleTimeout{Value: 90, Unit: models.Days}) {
					t.Errorf("got enabled %v timeout %+v, want false {90 DAYS}", p.IdleTimeoutEnabled, it)
				}
			}},
		{name: "changing only the unit is checked against the stored value", current: withIdle(true, 100, models.Minutes),
			change:     models.PolicyChange{IdleTimeoutEnabled: true, IdleTimeoutUnit: ptr(models.Days)},
			wantFields: []string{"idleTimeoutValue"}},
		{name: "changing only the unit while disabled cannot store more than 90 days", current: withIdle(false, 2160, models.Hours),
			change: models.PolicyChange{IdleTimeoutUnit: ptr(models.Days)}, wantFields: []string{"idleTimeoutUnit"}},
		{name: "changing only the unit while disabled is checked in minutes too", current: withIdle(false, 129600, models.Minutes),
			change: models.PolicyChange{IdleTimeoutUnit: ptr(models.Hours)}, wantFields: []string{"idleTimeoutUnit"}},
		{name: "changing only the unit while disabled keeps the stored value when it fits", current: withIdle(false, 30, models.Minutes),
			change: models.PolicyChange{IdleTimeoutUnit: ptr(models.Hours)},
			check: func(t *testing.T, p models.SessionPolicy) {
				if it := p.IdleTimeout(); p.IdleTimeoutEnabled || it == nil || *it != (models.IdleTimeout{Value: 30, Unit: models.Hours}) {
					t.Errorf("got enabled %v timeout %+v, want false {30 HOURS}", p.IdleTimeoutEnabled, it)
				}
			}},
		{name: "a value and unit that fit together replace a stored timeout", current: withIdle(false, 2160, models.Hours),
			change: models.PolicyChange{IdleTimeoutValue: ptr(90), IdleTimeoutUnit: ptr(models.Days)},
			check: func(t *testing.T, p models.SessionPolicy) {
				if it := p.IdleTimeout(); it == nil || *it != (models.IdleTimeout{Value: 90, Unit: models.Days}) {
					t.Errorf("got timeout %+v, want {90 DAYS}", it)
				}
			}},
		{name: "a stored timeout over 90 days is forgotten by a change that gives none", current: withIdle(false, 2160, models.Days),
			change: models.PolicyChange{},
			check: func(t *testing.T, p models.SessionPolicy) {
				if it := p.IdleTimeout(); it != nil {
					t.Errorf("got timeout %+v, want none", it)
				}
			}},
		{name: "a stored limit outside 1..100 is brought within it by a change that gives none", current: noMax,
			change: models.PolicyChange{},
			check: func(t *testing.T, p models.SessionPolicy) {
				if p.MaxConcurrentSessions != 1 {
					t.Errorf("got max %d, want 1", p.MaxConcurrentSessions)
				}
			}},
		{name: "a stored limit outside 1..100 is replaced by a given one", current: noMax,
			change: models.PolicyChange{MaxConcurrentSessions: ptr(4)},
			check: func(t *testing.T, p models.SessionPolicy) {
				if p.MaxConcurrentSessions != 4 || p.LimitMultipleSessions {
					t.Errorf("got limit %v max %d, want false 4", p.LimitMultipleSessions, p.MaxConcurrentSessions)
				}
			}},
		{name: "disabling keeps the stored timeout for later", current: withIdle(true, 8, models.Hours),
			change: models.PolicyChange{},
			check: func(t *testing.T, p models.SessionPolicy) {
				it := p.IdleTimeout()
				if p.IdleTimeoutEnabled || it == nil || *it != (models.IdleTimeout{Value: 8, Unit: models.Hours}) {
					t.Errorf("got enabled %v timeout %+v, want false {8 HOURS}", p.IdleTimeoutEnabled, it)
				}
				if p.IdleLimit() != 0 {
					t.Errorf("idle limit while disabled: got %v, want 0", p.IdleLimit())
				}
			}},
		{name: "every invalid field is reported together", current: def,
			change: models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: ptr(0),
				IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(0), IdleTimeoutUnit: ptr(models.Hours)},
			wantFields: []string{"idleTimeoutValue", "maxConcurrentSessions"}},
		{name: "too many sessions and too long a timeout are reported together", current: def,
			change: models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: ptr(101),
				IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(91), IdleTimeoutUnit: ptr(models.Days)},
			wantFields: []string{"idleTimeoutValue", "maxConcurrentSessions"}},
		{name: "missing limit and missing unit are reported together", current: noMax,
			change:     models.PolicyChange{LimitMultipleSessions: true, IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(5)},
			wantFields: []string{"idleTimeoutUnit", "maxConcurrentSessions"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			current := tc.current
			current.Version = 7
			got, err := tc.change.Apply(current)
			if fields := fieldsOf(t, err); !slices.Equal(fields, tc.wantFields) {
				t.Fatalf("invalid fields: got %v, want %v (err %v)", fields, tc.wantFields, err)
			}
			if err != nil {
				if !samePolicy(got, current) {
					t.Errorf("on error Apply returned %+v, want the current policy %+v", got, current)
				}
				return
			}
			if got.LimitMultipleSessions != tc.change.LimitMultipleSessions || got.IdleTimeoutEnabled != tc.change.IdleTimeoutEnabled {
				t.Errorf("switches: got limit %v idle %v, want %v %v", got.LimitMultipleSessions,
					got.IdleTimeoutEnabled, tc.change.LimitMultipleSessions, tc.change.IdleTimeoutEnabled)
			}
			if got.AccountID != current.AccountID || got.Version != current.Version {
				t.Errorf("Apply changed identity: got %s v%d, want %s v%d", got.AccountID, got.Version, current.AccountID, current.Version)
			}
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// samePolicy compares policies by value, following the pointers.
func samePolicy(a, b models.SessionPolicy) bool {
	eq := func(x, y *int) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	equ := func(x, y *models.TimeUnit) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.AccountID == b.AccountID && a.LimitMultipleSessions == b.LimitMultipleSessions &&
		a.MaxConcurrentSessions == b.MaxConcurrentSessions && a.WhenLimitReached == b.WhenLimitReached &&
		a.IdleTimeoutEnabled == b.IdleTimeoutEnabled && eq(a.IdleTimeoutValue, b.IdleTimeoutValue) &&
		equ(a.IdleTimeoutUnit, b.IdleTimeoutUnit) && a.AbsoluteLifetimeEnabled == b.AbsoluteLifetimeEnabled &&
		eq(a.AbsoluteLifetimeValue, b.AbsoluteLifetimeValue) && equ(a.AbsoluteLifetimeUnit, b.AbsoluteLifetimeUnit) &&
		a.Version == b.Version
}

func TestApplyDoesNotChangeTheCurrentPolicy(t *testing.T) {
	current := withIdle(true, 30, models.Minutes)
	if _, err := (models.PolicyChange{IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(2), IdleTimeoutUnit: ptr(models.Hours)}).Apply(current); err != nil {
		t.Fatal(err)
	}
	if *current.IdleTimeoutValue != 30 || *current.IdleTimeoutUnit != models.Minutes {
		t.Errorf("current policy was modified: %d %s", *current.IdleTimeoutValue, *current.IdleTimeoutUnit)
	}
}

func TestDefaultPolicy(t *testing.T) {
	p := models.DefaultPolicy("acc-1")
	if p.AccountID != "acc-1" || p.LimitMultipleSessions || p.EffectiveMaxConcurrentSessions() != 1 ||
		p.WhenLimitReached != models.EvictOldest || p.IdleTimeoutEnabled || p.IdleLimit() != 0 || p.Version != 1 {
		t.Errorf("default policy: %+v", p)
	}
}

func TestEffectiveMaxConcurrentSessions(t *testing.T) {
	cases := []struct {
		name  string
		limit bool
		max   int
		want  int
	}{
		{"not limiting is one", false, 5, 1},
		{"not limiting with max one is one", false, 1, 1},
		{"limiting uses the max", true, 5, 5},
		{"limiting at the upper bound", true, 100, 100},
		{"limiting with no max stored is one", true, 0, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := models.SessionPolicy{LimitMultipleSessions: tc.limit, MaxConcurrentSessions: tc.max}
			if got := p.EffectiveMaxConcurrentSessions(); got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}

func TestIdleTimeoutDuration(t *testing.T) {
	cases := []struct {
		name string
		in   models.IdleTimeout
		want time.Duration
	}{
		{"minutes", models.IdleTimeout{Value: 15, Unit: models.Minutes}, 15 * time.Minute},
		{"hours", models.IdleTimeout{Value: 8, Unit: models.Hours}, 8 * time.Hour},
		{"days", models.IdleTimeout{Value: 3, Unit: models.Days}, 72 * time.Hour},
		{"the most days a duration holds", models.IdleTimeout{Value: 106751, Unit: models.Days}, 106751 * 24 * time.Hour},
		{"one day more saturates instead of wrapping", models.IdleTimeout{Value: 106752, Unit: models.Days}, math.MaxInt64},
		{"the largest int32 of days saturates", models.IdleTimeout{Value: math.MaxInt32, Unit: models.Days}, math.MaxInt64},
		{"the largest int of minutes saturates", models.IdleTimeout{Value: math.MaxInt, Unit: models.Minutes}, math.MaxInt64},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.in.Duration(); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestIdleLimit(t *testing.T) {
	noValue := models.DefaultPolicy("acc")
	noValue.IdleTimeoutEnabled, noValue.IdleTimeoutUnit = true, ptr(models.Minutes)
	noUnit := models.DefaultPolicy("acc")
	noUnit.IdleTimeoutEnabled, noUnit.IdleTimeoutValue = true, ptr(30)
	cases := []struct {
		name   string
		policy models.SessionPolicy
		want   time.Duration
	}{
		{"thirty minutes", withIdle(true, 30, models.Minutes), 30 * time.Minute},
		{"ninety days", withIdle(true, 90, models.Days), models.MaxIdleTimeout},
		{"disabled is none, whatever is stored", withIdle(false, 30, models.Minutes), 0},
		{"the default policy has none", models.DefaultPolicy("acc"), 0},
		{"enabled without a value is none", noValue, 0},
		{"enabled without a unit is none", noUnit, 0},
		{"a stored zero is none, not an instant timeout", withIdle(true, 0, models.Minutes), 0},
		{"a stored negative value is none, not an instant timeout", withIdle(true, -5, models.Hours), 0},
		{"the most negative int is none", withIdle(true, math.MinInt, models.Days), 0},
		{"a huge stored value saturates", withIdle(true, math.MaxInt32, models.Days), math.MaxInt64},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.policy.IdleLimit(); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

var t0 = time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.UTC)

func sessionAt(id, user string, lastActive time.Time) models.Session {
	return models.Session{ID: id, UserID: user, Status: models.SessionActive, LoginAt: lastActive, LastActiveAt: lastActive}
}

func ids(ss []models.Session) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

func TestImpactOn(t *testing.T) {
	now := t0.Add(24 * time.Hour)
	at := func(id, user string, ago time.Duration) models.Session { return sessionAt(id, user, now.Add(-ago)) }
	limit := func(n int, idleMinutes int) models.SessionPolicy {
		p := models.DefaultPolicy("acc")
		p.LimitMultipleSessions, p.MaxConcurrentSessions = n > 0, max(n, 1)
		if idleMinutes > 0 {
			p = withIdleOn(p, idleMinutes)
		}
		return p
	}
	// Ordered by user, then login time, as the store loads them.
	active := []models.Session{
		at("a1", "alice", 5*time.Hour), at("a2", "alice", 4*time.Hour), at("a3", "alice", 3*time.Hour), at("a4", "alice", time.Minute),
		at("b1", "bob", time.Minute),
		at("c1", "carol", 2*time.Hour), at("c2", "carol", time.Minute), at("c3", "carol", 30*time.Second),
	}
	cases := []struct {
		name       string
		policy     models.SessionPolicy
		active     []models.Session
		wantIdle   []string
		wantExcess []string
		wantUsers  int
	}{
		{"limit 2: each user's oldest excess", limit(2, 0), active, []string{}, []string{"a1", "a2", "c1"}, 2},
		{"limit 4: nobody above", limit(4, 0), active, []string{}, []string{}, 0},
		{"limit 3: only alice's oldest", limit(3, 0), active, []string{}, []string{"a1"}, 1},
		{"no limit means one each", limit(0, 0), active, []string{}, []string{"a1", "a2", "a3", "c1", "c2"}, 2},
		{"idle sessions are not excess", limit(2, 60), active, []string{"a1", "a2", "a3", "c1"}, []string{}, 2},
		{"idle and excess for one user count once", limit(1, 200), active, []string{"a1", "a2"}, []string{"a3", "c1", "c2"}, 2},
		{"idle only", limit(100, 60), active, []string{"a1", "a2", "a3", "c1"}, []string{}, 2},
		{"nothing active", limit(1, 1), nil, []string{}, []string{}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			impact := tc.policy.ImpactOn(tc.active, nil, now)
			if !slices.Equal(ids(impact.Idle), tc.wantIdle) {
				t.Errorf("idle: got %v, want %v", ids(impact.Idle), tc.wantIdle)
			}
			if !slices.Equal(ids(impact.Excess), tc.wantExcess) {
				t.Errorf("excess: got %v, want %v", ids(impact.Excess), tc.wantExcess)
			}
			if got := impact.UsersAffected(); got != tc.wantUsers {
				t.Errorf("users affected: got %d, want %d", got, tc.wantUsers)
			}
		})
	}
}

func withIdleOn(p models.SessionPolicy, minutes int) models.SessionPolicy {
	u := models.Minutes
	p.IdleTimeoutEnabled, p.IdleTimeoutValue, p.IdleTimeoutUnit = true, &minutes, &u
	return p
}
