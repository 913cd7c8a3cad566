package models

import (
	"fmt"
	"strings"
	"time"
)

// applyOverrides validates the role overrides a change asks for against next, the account's
// policy as the same change leaves it, records in errs why any cannot be stored (fields named
// "roleOverrides[i].field"), and returns them for account. Each role has at most one override.
// A duration is set by value and unit together or inherited as a whole; an override that turns
// a duration on without one of its own inherits the account's, and needs the account to have
// one (enabled or not).
func applyOverrides(overrides []RoleSessionPolicy, next SessionPolicy, errs *FieldErrors) []RoleSessionPolicy {
	out := make([]RoleSessionPolicy, 0, len(overrides))
	seen := map[Role]bool{}
	for i, o := range overrides {
		prefix := fmt.Sprintf("roleOverrides[%d].", i)
		if seen[o.Role] {
			errs.Add(prefix+"role", fmt.Sprintf("is given twice: %s has at most one override", o.Role))
		}
		seen[o.Role] = true
		if n := o.MaxConcurrentSessions; n != nil && (*n < 1 || *n > MaxSessionLimit) {
			errs.Add(prefix+"maxConcurrentSessions", fmt.Sprintf("must be between 1 and %d", MaxSessionLimit))
		}
		overrideDuration{
			field: prefix + "idleTimeout", max: MaxIdleTimeout, enabled: o.IdleTimeoutEnabled,
			value: o.IdleTimeoutValue, unit: o.IdleTimeoutUnit, inherited: next.IdleTimeout(),
		}.check(errs)
		overrideDuration{
			field: prefix + "absoluteLifetime", max: MaxAbsoluteLifetime, enabled: o.AbsoluteLifetimeEnabled,
			value: o.AbsoluteLifetimeValue, unit: o.AbsoluteLifetimeUnit, inherited: next.AbsoluteLifetime(),
		}.check(errs)
		o.AccountID = next.AccountID
		out = append(out, o)
	}
	return out
}

// overrideDuration is one duration of a role override as a change gives it.
type overrideDuration struct {
	field     string        // e.g. "roleOverrides[0].idleTimeout"
	max       time.Duration // the longest value and unit may make together
	enabled   *bool         // the override's switch, nil to inherit the account's
	value     *int
	unit      *TimeUnit
	inherited *IdleTimeout // the account's duration, nil when it has none
}

// check records why the duration cannot be stored: a value without a unit or the reverse, a
// value out of range, or a switch turned on with nothing to inherit.
func (d overrideDuration) check(errs *FieldErrors) {
	valueField, unitField := d.field+"Value", d.field+"Unit"
	switch {
	case d.value != nil && d.unit == nil:
		errs.Add(unitField, "is required with "+lastName(valueField)+": a role's value and unit are set together")
	case d.value == nil && d.unit != nil:
		errs.Add(valueField, "is required with "+lastName(unitField)+": a role's value and unit are set together")
	case d.value != nil:
		maxValue := int(d.max / unitLength(*d.unit))
		if *d.value < 1 {
			errs.Add(valueField, "must be at least 1")
		} else if *d.value > maxValue {
			errs.Add(valueField, fmt.Sprintf("must be at most %s in all (%d %s)", days(d.max), maxValue, strings.ToLower(string(*d.unit))))
		}
	case d.enabled != nil && *d.enabled && d.inherited == nil:
		required := "is required when " + lastName(d.field) + "Enabled is true and the account has none to inherit"
		errs.Add(valueField, required)
		errs.Add(unitField, required)
	}
}

// lastName is a field's own name, without the path of the input it is in.
func lastName(field string) string {
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		return field[i+1:]
	}
	return field
}
