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
// every invalid field at once so a form can show each message next to its field.
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
	}
	if c.WhenLimitReached != nil {
		next.WhenLimitReached = *c.WhenLimitReached
	}

	next.IdleTimeoutEnabled = c.IdleTimeoutEnabled
	if c.IdleTimeoutEnabled && c.IdleTimeoutValue == nil {
		errs.Add("idleTimeoutValue", "is required when idleTimeoutEnabled is true")
	}
	if c.IdleTimeoutEnabled && c.IdleTimeoutUnit == nil {
		errs.Add("idleTimeoutUnit", "is required when idleTimeoutEnabled is true")
	}
	if c.IdleTimeoutUnit != nil {
		next.IdleTimeoutUnit = c.IdleTimeoutUnit
	}
	if v := c.IdleTimeoutValue; v != nil {
		next.IdleTimeoutValue = v
		unit := Minutes
		if next.IdleTimeoutUnit != nil {
			unit = *next.IdleTimeoutUnit
		}
		// Compared in units, never as a Duration: a huge value would overflow and wrap negative.
		maxValue := int(MaxIdleTimeout / unitLength(unit))
		switch {
		case *v < 1:
			errs.Add("idleTimeoutValue", "must be at least 1")
		case *v > maxValue:
			errs.Add("idleTimeoutValue", fmt.Sprintf("must be at most 90 days in all (%d %s)", maxValue, strings.ToLower(string(unit))))
		}
	}
	if len(errs) > 0 {
		return current, errs
	}
	return next, nil
}
