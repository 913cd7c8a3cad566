package models

import (
	"fmt"
	"strings"
	"time"
)

// PolicyChange is an admin's requested policy; nil fields keep the current value.
type PolicyChange struct {
	LimitMultipleSessions bool
	MaxConcurrentSessions *int
	WhenLimitReached      *LimitBehavior
	IdleTimeoutEnabled    bool
	IdleTimeoutValue      *int
	IdleTimeoutUnit       *TimeUnit
	// The absolute lifetime's fields are all optional: nil keeps the stored value.
	AbsoluteLifetimeEnabled *bool
	AbsoluteLifetimeValue   *int
	AbsoluteLifetimeUnit    *TimeUnit
	// RoleOverrides replaces every role's overrides (role_policy.go): nil keeps them, an empty
	// list removes them. Their AccountID is ignored.
	RoleOverrides     *[]RoleSessionPolicy
	EndExcessSessions bool
}

// Apply validates c against the current policy and returns the policy it asks for. It reports
// every invalid field at once so a form can show each message next to its field. The policy it
// returns is always within its caps (1 to MaxSessionLimit sessions, an idle timeout and an
// absolute lifetime of at most 90 days), whatever the switches say: values are checked as they
// will be stored, so a change of unit alone is checked against the stored value.
func (c PolicyChange) Apply(current SessionPolicy) (SessionPolicy, error) {
	next := current
	var errs FieldErrors
	next.LimitMultipleSessions = c.LimitMultipleSessions
	switch n := c.MaxConcurrentSessions; {
	case n == nil && c.LimitMultipleSessions:
		errs.Add("maxConcurrentSessions", "is required when limitMultipleSessions is true")
	case n != nil && (*n < 1 || *n > MaxSessionLimit):
		errs.Add("maxConcurrentSessions", fmt.Sprintf("must be between 1 and %d", MaxSessionLimit))
	case n != nil:
		next.MaxConcurrentSessions = *n
	default:
		// Apply never stores a limit out of range; one written otherwise is brought within it.
		next.MaxConcurrentSessions = min(max(next.MaxConcurrentSessions, 1), MaxSessionLimit)
	}
	if c.WhenLimitReached != nil {
		next.WhenLimitReached = *c.WhenLimitReached
	}

	next.IdleTimeoutEnabled = c.IdleTimeoutEnabled
	durationSetting{
		field: "idleTimeout", max: MaxIdleTimeout, enabling: c.IdleTimeoutEnabled,
		given: c.IdleTimeoutValue, givenUnit: c.IdleTimeoutUnit,
		value: &next.IdleTimeoutValue, unit: &next.IdleTimeoutUnit,
	}.apply(&errs)

	enablingLifetime := c.AbsoluteLifetimeEnabled != nil && *c.AbsoluteLifetimeEnabled
	if c.AbsoluteLifetimeEnabled != nil {
		next.AbsoluteLifetimeEnabled = *c.AbsoluteLifetimeEnabled
	}
	durationSetting{
		field: "absoluteLifetime", max: MaxAbsoluteLifetime, enabling: enablingLifetime, keepsStored: true,
		given: c.AbsoluteLifetimeValue, givenUnit: c.AbsoluteLifetimeUnit,
		value: &next.AbsoluteLifetimeValue, unit: &next.AbsoluteLifetimeUnit,
	}.apply(&errs)
	if c.RoleOverrides != nil {
		next.RoleOverrides = applyOverrides(*c.RoleOverrides, next, &errs)
	}
	if len(errs) > 0 {
		return current, errs
	}
	return next, nil
}

// durationSetting is one value-and-unit setting of a policy (the idle timeout, the absolute
// lifetime) as a change sets it: both are validated by the same rules, with their own field
// names (field + "Value", field + "Unit", field + "Enabled").
type durationSetting struct {
	field     string
	max       time.Duration // the longest value and unit may make together
	enabling  bool          // the change turns the setting on
	given     *int          // the value the change gives, nil for none
	givenUnit *TimeUnit     // the unit the change gives, nil for none
	// keepsStored lets an enabling change omit a value or unit that is stored (the lifetime's
	// fields are optional); without it an enabling change must give both (the idle timeout's).
	keepsStored bool
	value       **int      // the next policy's value, set from the change
	unit        **TimeUnit // the next policy's unit, set from the change
}

// apply sets the next policy's value and unit from the change and records in errs why they
// cannot be stored: missing when enabling, under one unit, or over d.max in all.
func (d durationSetting) apply(errs *FieldErrors) {
	valueField, unitField := d.field+"Value", d.field+"Unit"
	required := "is required when " + d.field + "Enabled is true"
	if d.keepsStored {
		required = "is required when " + d.field + "Enabled is true and none is stored"
	}
	missing := false
	if d.enabling && d.given == nil && (!d.keepsStored || *d.value == nil) {
		errs.Add(valueField, required)
		missing = true
	}
	if d.enabling && d.givenUnit == nil && (!d.keepsStored || *d.unit == nil) {
		errs.Add(unitField, required)
		missing = true
	}
	if d.givenUnit != nil {
		*d.unit = d.givenUnit
	}
	if d.given != nil {
		*d.value = d.given
	}
	v := *d.value
	if v == nil {
		return
	}
	unit := Minutes
	if *d.unit != nil {
		unit = **d.unit
	}
	// Compared in units, never as a Duration: a huge value would overflow and wrap negative.
	maxValue := int(d.max / unitLength(unit))
	inRange := *v >= 1 && *v <= maxValue
	switch {
	case inRange:
	case d.given != nil && *v < 1:
		errs.Add(valueField, "must be at least 1")
	case missing:
		// Already refused: a value or unit is missing.
	case d.given != nil:
		errs.Add(valueField, fmt.Sprintf("must be at most %s in all (%d %s)", days(d.max), maxValue, strings.ToLower(string(unit))))
	case d.givenUnit != nil:
		// The bug this guards against: a stored 2160 HOURS changed to DAYS alone.
		errs.Add(unitField, fmt.Sprintf("cannot be %s with the stored value of %d: at most %s in all (%d %s); give %s too",
			strings.ToLower(string(unit)), *v, days(d.max), maxValue, strings.ToLower(string(unit)), valueField))
	case d.enabling:
		// Turned on over a stored setting out of range (written before this check existed):
		// it must not come on as no setting at all.
		errs.Add(valueField, fmt.Sprintf("is required: the stored value of %d %s is not between 1 and %d",
			*v, strings.ToLower(string(unit)), maxValue))
	default:
		// A stored setting out of range that the change does not mention (written before this
		// check existed) is forgotten rather than kept: it is off, and a form left with it could
		// never be saved.
		*d.value, *d.unit = nil, nil
	}
}

// days writes a whole number of days, as limits are stated: "90 days".
func days(d time.Duration) string { return fmt.Sprintf("%d days", d/(24*time.Hour)) }
