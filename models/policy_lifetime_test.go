package models_test

import (
	"slices"
	"strings"
	"testing"

	"sessionguard/models"
)

func TestPolicyChangeApplyToTheLifetime(t *testing.T) {
	def := models.DefaultPolicy("acc")
	stored := withLifetime(def, true, 8, models.Hours)
	storedOff := withLifetime(def, false, 8, models.Hours)
	lifetimeOn := func(v int, u models.TimeUnit) models.PolicyChange {
		return models.PolicyChange{AbsoluteLifetimeEnabled: ptr(true), AbsoluteLifetimeValue: &v, AbsoluteLifetimeUnit: &u}
	}
	type want struct {
		enabled bool
		life    *models.IdleTimeout // nil: none stored
	}
	cases := []struct {
		name       string
		current    models.SessionPolicy
		change     models.PolicyChange
		wantFields []string // invalid fields, sorted; nil when valid
		want       want     // the lifetime on success
	}{
		{"1 minute is valid", def, lifetimeOn(1, models.Minutes), nil, want{true, &models.IdleTimeout{Value: 1, Unit: models.Minutes}}},
		{"90 days is valid", def, lifetimeOn(90, models.Days), nil, want{true, &models.IdleTimeout{Value: 90, Unit: models.Days}}},
		{"2160 hours is valid", def, lifetimeOn(2160, models.Hours), nil, want{true, &models.IdleTimeout{Value: 2160, Unit: models.Hours}}},
		{"129600 minutes is valid", def, lifetimeOn(129600, models.Minutes), nil, want{true, &models.IdleTimeout{Value: 129600, Unit: models.Minutes}}},
		{"91 days is invalid", def, lifetimeOn(91, models.Days), []string{"absoluteLifetimeValue"}, want{}},
		{"2161 hours is invalid", def, lifetimeOn(2161, models.Hours), []string{"absoluteLifetimeValue"}, want{}},
		{"129601 minutes is invalid", def, lifetimeOn(129601, models.Minutes), []string{"absoluteLifetimeValue"}, want{}},
		{"0 is invalid", def, lifetimeOn(0, models.Hours), []string{"absoluteLifetimeValue"}, want{}},
		{"a negative value is invalid", def, lifetimeOn(-8, models.Hours), []string{"absoluteLifetimeValue"}, want{}},
		{"the largest GraphQL Int of days is invalid", def, lifetimeOn(1<<31-1, models.Days), []string{"absoluteLifetimeValue"}, want{}},
		{"0 is invalid even while off", def, models.PolicyChange{AbsoluteLifetimeValue: ptr(0)}, []string{"absoluteLifetimeValue"}, want{}},
		{"enabling with neither value nor unit, none stored, names both", def,
			models.PolicyChange{AbsoluteLifetimeEnabled: ptr(true)}, []string{"absoluteLifetimeUnit", "absoluteLifetimeValue"}, want{}},
		{"enabling without a value, none stored", def,
			models.PolicyChange{AbsoluteLifetimeEnabled: ptr(true), AbsoluteLifetimeUnit: ptr(models.Hours)}, []string{"absoluteLifetimeValue"}, want{}},
		{"enabling without a unit, none stored", def,
			models.PolicyChange{AbsoluteLifetimeEnabled: ptr(true), AbsoluteLifetimeValue: ptr(8)}, []string{"absoluteLifetimeUnit"}, want{}},
		{"enabling with a stored lifetime keeps it", storedOff,
			models.PolicyChange{AbsoluteLifetimeEnabled: ptr(true)}, nil, want{true, &models.IdleTimeout{Value: 8, Unit: models.Hours}}},
		{"enabling with a new value keeps the stored unit", storedOff,
			models.PolicyChange{AbsoluteLifetimeEnabled: ptr(true), AbsoluteLifetimeValue: ptr(12)}, nil, want{true, &models.IdleTimeout{Value: 12, Unit: models.Hours}}},
		{"omitted fields leave it unchanged", stored, models.PolicyChange{}, nil, want{true, &models.IdleTimeout{Value: 8, Unit: models.Hours}}},
		{"omitted fields leave it off", storedOff, models.PolicyChange{}, nil, want{false, &models.IdleTimeout{Value: 8, Unit: models.Hours}}},
		{"omitted fields leave the default without one", def, models.PolicyChange{}, nil, want{false, nil}},
		{"disabling keeps the stored lifetime for later", stored,
			models.PolicyChange{AbsoluteLifetimeEnabled: ptr(false)}, nil, want{false, &models.IdleTimeout{Value: 8, Unit: models.Hours}}},
		{"a value alone changes it and leaves it on", stored,
			models.PolicyChange{AbsoluteLifetimeValue: ptr(4)}, nil, want{true, &models.IdleTimeout{Value: 4, Unit: models.Hours}}},
		{"a unit alone is checked against the stored value", withLifetime(def, true, 2160, models.Hours),
			models.PolicyChange{AbsoluteLifetimeUnit: ptr(models.Days)}, []string{"absoluteLifetimeUnit"}, want{}},
		{"a unit alone that fits is kept with the stored value", stored,
			models.PolicyChange{AbsoluteLifetimeUnit: ptr(models.Days)}, nil, want{true, &models.IdleTimeout{Value: 8, Unit: models.Days}}},
		{"a stored lifetime over 90 days is forgotten by a change that gives none", withLifetime(def, true, 91, models.Days),
			models.PolicyChange{}, nil, want{true, nil}},
		{"enabling over a stored lifetime out of range asks for a value", withLifetime(def, false, 91, models.Days),
			models.PolicyChange{AbsoluteLifetimeEnabled: ptr(true)}, []string{"absoluteLifetimeValue"}, want{}},
		{"enabling over a stored lifetime out of range with a new value", withLifetime(def, false, 91, models.Days),
			models.PolicyChange{AbsoluteLifetimeEnabled: ptr(true), AbsoluteLifetimeValue: ptr(30)}, nil,
			want{true, &models.IdleTimeout{Value: 30, Unit: models.Days}}},
		{"lifetime and idle errors are reported together", def,
			models.PolicyChange{IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(91), IdleTimeoutUnit: ptr(models.Days),
				AbsoluteLifetimeEnabled: ptr(true), AbsoluteLifetimeValue: ptr(0), AbsoluteLifetimeUnit: ptr(models.Days)},
			[]string{"absoluteLifetimeValue", "idleTimeoutValue"}, want{}},
		{"the idle timeout's rules are its own: it needs value and unit in the input", stored,
			models.PolicyChange{IdleTimeoutEnabled: true, AbsoluteLifetimeEnabled: ptr(true)},
			[]string{"idleTimeoutUnit", "idleTimeoutValue"}, want{}},
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
			life := got.AbsoluteLifetime()
			if got.AbsoluteLifetimeEnabled != tc.want.enabled || (life == nil) != (tc.want.life == nil) || (life != nil && *life != *tc.want.life) {
				t.Errorf("got enabled %v lifetime %+v, want %v %+v", got.AbsoluteLifetimeEnabled, life, tc.want.enabled, tc.want.life)
			}
		})
	}
}

// The messages name the lifetime's own fields and the 90-day cap.
func TestPolicyChangeApplyLifetimeMessages(t *testing.T) {
	_, err := models.PolicyChange{AbsoluteLifetimeEnabled: ptr(true), AbsoluteLifetimeValue: ptr(3000), AbsoluteLifetimeUnit: ptr(models.Hours)}.
		Apply(models.DefaultPolicy("acc"))
	if err == nil || !strings.Contains(err.Error(), "absoluteLifetimeValue must be at most 90 days in all (2160 hours)") {
		t.Errorf("got %v, want absoluteLifetimeValue at most 90 days (2160 hours)", err)
	}
	_, err = models.PolicyChange{AbsoluteLifetimeEnabled: ptr(true)}.Apply(models.DefaultPolicy("acc"))
	if err == nil || !strings.Contains(err.Error(), "absoluteLifetimeValue is required when absoluteLifetimeEnabled is true and none is stored") {
		t.Errorf("got %v, want the value required", err)
	}
}
