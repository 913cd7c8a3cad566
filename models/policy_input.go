package models

import (
	"fmt"
	"strings"
)

// PolicyChange is an admin's requested policy; nil fields keep the current value.
type PolicyChange struct {
	LimitMultipleSessions bool
	MaxConcurrentSessions *int
	WhenLimitReached      *LimitBehavior
	IdleTimeoutEnabled    bool
	IdleTimeoutValue      *int
	IdleTimeoutUnit       *TimeUnit
	EndExcessSessions     bool
}

// Apply validates c against the current policy and returns the policy it asks for. It reports
// every invalid field at once so a form can show each message next to its field. The policy it
// returns is always within its caps (1 to MaxSessionLimit sessions, an idle timeout of at most
// MaxIdleTimeout), whatever the switches say: values are checked as they will be stored, so a
// change of unit alone is checked against the stored value.
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
	missing := false
	if c.IdleTimeoutEnabled && c.IdleTimeoutValue == nil {
		errs.Add("idleTimeoutValue", "is required when idleTimeoutEnabled is true")
		missing = true
	}
	if c.IdleTimeoutEnabled && c.IdleTimeoutUnit == nil {
		errs.Add("idleTimeoutUnit", "is required when idleTimeoutEnabled is true")
		missing = true
	}
	if c.IdleTimeoutUnit != nil {
		next.IdleTimeoutUnit = c.IdleTimeoutUnit
	}
	if c.IdleTimeoutValue != nil {
		next.IdleTimeoutValue = c.IdleTimeoutValue
	}
	if v := next.IdleTimeoutValue; v != nil {
		unit := Minutes
		if next.IdleTimeoutUnit != nil {
			unit = *next.IdleTimeoutUnit
		}
		// Compared in units, never as a Duration: a huge value would overflow and wrap negative.
		maxValue := int(MaxIdleTimeout / unitLength(unit))
		inRange := *v >= 1 && *v <= maxValue
		switch {
		case inRange:
		case c.IdleTimeoutValue != nil && *v < 1:
			errs.Add("idleTimeoutValue", "must be at least 1")
		case missing:
			// Already refused: a value or unit is missing.
		case c.IdleTimeoutValue != nil:
			errs.Add("idleTimeoutValue", fmt.Sprintf("must be at most 90 days in all (%d %s)", maxValue, strings.ToLower(string(unit))))
		case c.IdleTimeoutUnit != nil:
			// The bug this guards against: a stored 2160 HOURS changed to DAYS alone.
			errs.Add("idleTimeoutUnit", fmt.Sprintf("cannot be %s with the stored value of %d: at most 90 days in all (%d %s); give idleTimeoutValue too",
				strings.ToLower(string(unit)), *v, maxValue, strings.ToLower(string(unit))))
		default:
			// A stored timeout out of range that the change does not mention (written before
			// this check existed) is forgotten rather than kept: it is off, and a form left
			// with it could never be saved.
			next.IdleTimeoutValue, next.IdleTimeoutUnit = nil, nil
		}
	}
	if len(errs) > 0 {
		return current, errs
	}
	return next, nil
}
