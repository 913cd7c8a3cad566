package models

import "fmt"

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
	if c.MaxConcurrentSessions != nil {
		next.MaxConcurrentSessions = *c.MaxConcurrentSessions
		if n := *c.MaxConcurrentSessions; n < 1 || n > MaxSessionLimit {
			errs.Add("maxConcurrentSessions", fmt.Sprintf("must be between 1 and %d", MaxSessionLimit))
		}
	} else if c.LimitMultipleSessions && current.MaxConcurrentSessions < 1 {
		errs.Add("maxConcurrentSessions", "is required when limitMultipleSessions is true")
	}
	if c.WhenLimitReached != nil {
		next.WhenLimitReached = *c.WhenLimitReached
	}

	next.IdleTimeoutEnabled = c.IdleTimeoutEnabled
	if c.IdleTimeoutValue != nil {
		next.IdleTimeoutValue = c.IdleTimeoutValue
	}
	if c.IdleTimeoutUnit != nil {
		next.IdleTimeoutUnit = c.IdleTimeoutUnit
	}
	if v := c.IdleTimeoutValue; v != nil && *v < 1 {
		errs.Add("idleTimeoutValue", "must be at least 1")
	}
	if c.IdleTimeoutEnabled {
		switch {
		case next.IdleTimeoutValue == nil:
			errs.Add("idleTimeoutValue", "is required when idleTimeoutEnabled is true")
		case next.IdleTimeoutUnit == nil:
			errs.Add("idleTimeoutUnit", "is required when idleTimeoutEnabled is true")
		}
	}
	if t := next.IdleTimeout(); t != nil && t.Value >= 1 && t.Duration() > MaxIdleTimeout {
		errs.Add("idleTimeoutValue", "must be at most 90 days in all")
	}
	if len(errs) > 0 {
		return current, errs
	}
	return next, nil
}
