package models_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"sessionguard/models"
)

// Bits of FuzzPolicyChangeApply's given argument: which optional inputs the change carries and
// which of the stored idle fields are null.
const (
	givenMax = 1 << iota
	givenValue
	givenUnit
	givenWhen
	storedNoValue
	storedNoUnit
	endExcess
	rejectNew
)

var fuzzUnits = []models.TimeUnit{models.Minutes, models.Hours, models.Days}

// FuzzPolicyChangeApply checks Apply's promise for any stored policy and any change: either the
// policy it returns is within its caps (1 to 100 sessions, an idle timeout of 1 unit to 90 days
// in all), whatever the switches say, or it returns field errors and the current policy
// unchanged.
//
//	go test -run '^$' -fuzz '^FuzzPolicyChangeApply$' -fuzztime 10s ./models/
func FuzzPolicyChangeApply(f *testing.F) {
	// curLimit, curMax, curIdle, curValue, curUnit, limit, max, idle, value, unit, given
	f.Add(false, 1, false, 0, uint8(0), false, 0, false, 0, uint8(0), uint8(storedNoValue|storedNoUnit))
	f.Add(false, 1, false, 2160, uint8(1), false, 0, false, 0, uint8(2), uint8(givenUnit)) // the unit-only bug
	f.Add(false, 1, false, 129600, uint8(0), false, 0, false, 0, uint8(2), uint8(givenUnit))
	f.Add(true, 5, true, 90, uint8(2), true, 100, true, 90, uint8(2), uint8(givenMax|givenValue|givenUnit))
	f.Add(true, 5, true, 90, uint8(2), true, 101, true, 91, uint8(2), uint8(givenMax|givenValue|givenUnit))
	f.Add(false, 0, false, 2160, uint8(2), false, 0, false, 0, uint8(0), uint8(0))
	f.Add(false, 1, false, 30, uint8(0), false, 0, true, math.MaxInt32, uint8(2), uint8(givenValue|givenUnit))
	f.Add(false, 1, false, 30, uint8(0), false, 0, false, -1, uint8(0), uint8(givenValue|givenWhen|rejectNew))
	f.Add(true, 1000, true, math.MinInt, uint8(1), true, 3, false, math.MaxInt, uint8(1), uint8(givenMax|givenValue|endExcess))

	f.Fuzz(func(t *testing.T, curLimit bool, curMax int, curIdle bool, curValue int, curUnit uint8,
		limit bool, maxSessions int, idle bool, value int, unit uint8, given uint8) {
		current := models.DefaultPolicy("acc")
		current.Version = 7
		current.LimitMultipleSessions, current.MaxConcurrentSessions, current.IdleTimeoutEnabled = curLimit, curMax, curIdle
		if given&storedNoValue == 0 {
			current.IdleTimeoutValue = &curValue
		}
		if given&storedNoUnit == 0 {
			u := fuzzUnits[int(curUnit)%len(fuzzUnits)]
			current.IdleTimeoutUnit = &u
		}
		before := copyPolicy(current)

		change := models.PolicyChange{LimitMultipleSessions: limit, IdleTimeoutEnabled: idle, EndExcessSessions: given&endExcess != 0}
		if given&givenMax != 0 {
			change.MaxConcurrentSessions = &maxSessions
		}
		if given&givenValue != 0 {
			change.IdleTimeoutValue = &value
		}
		if given&givenUnit != 0 {
			u := fuzzUnits[int(unit)%len(fuzzUnits)]
			change.IdleTimeoutUnit = &u
		}
		if given&givenWhen != 0 {
			w := models.EvictOldest
			if given&rejectNew != 0 {
				w = models.RejectNew
			}
			change.WhenLimitReached = &w
		}

		got, err := change.Apply(current)
		if !samePolicy(current, before) {
			t.Fatalf("Apply modified the current policy: %+v, was %+v", current, before)
		}
		if err != nil {
			var fe models.FieldErrors
			if !errors.As(err, &fe) || len(fe) == 0 {
				t.Fatalf("error %v (%T) is not a non-empty models.FieldErrors", err, err)
			}
			for _, e := range fe {
				switch e.Field {
				case "maxConcurrentSessions", "idleTimeoutValue", "idleTimeoutUnit":
				default:
					t.Errorf("error names unknown field %q", e.Field)
				}
				if e.Message == "" {
					t.Errorf("field %q has no message", e.Field)
				}
			}
			if !samePolicy(got, before) {
				t.Fatalf("on error Apply returned %+v, want the current policy %+v", describe(got), describe(before))
			}
			return
		}

		if got.MaxConcurrentSessions < 1 || got.MaxConcurrentSessions > models.MaxSessionLimit {
			t.Errorf("stored maxConcurrentSessions %d is outside 1..%d", got.MaxConcurrentSessions, models.MaxSessionLimit)
		}
		if v := got.IdleTimeoutValue; v != nil {
			u := models.Minutes // how the value is read without a unit
			if got.IdleTimeoutUnit != nil {
				u = *got.IdleTimeoutUnit
			}
			unitLen := models.IdleTimeout{Value: 1, Unit: u}.Duration()
			if *v < 1 || int64(*v) > int64(models.MaxIdleTimeout/unitLen) {
				t.Errorf("stored idle timeout %s is outside 1 unit..90 days", describe(got))
			}
		}
		if got.IdleTimeoutEnabled && (got.IdleLimit() <= 0 || got.IdleLimit() > models.MaxIdleTimeout) {
			t.Errorf("idle limit in force %v is outside (0, %v]", got.IdleLimit(), models.MaxIdleTimeout)
		}
		if got.LimitMultipleSessions != limit || got.IdleTimeoutEnabled != idle {
			t.Errorf("switches: got limit %v idle %v, want %v %v", got.LimitMultipleSessions, got.IdleTimeoutEnabled, limit, idle)
		}
		if got.AccountID != current.AccountID || got.Version != current.Version {
			t.Errorf("Apply changed identity: %s v%d", got.AccountID, got.Version)
		}
		if change.MaxConcurrentSessions != nil && got.MaxConcurrentSessions != maxSessions {
			t.Errorf("maxConcurrentSessions %d given, %d stored", maxSessions, got.MaxConcurrentSessions)
		}
		if change.IdleTimeoutValue != nil && (got.IdleTimeoutValue == nil || *got.IdleTimeoutValue != value) {
			t.Errorf("idleTimeoutValue %d given, %s stored", value, describe(got))
		}
		if change.IdleTimeoutUnit != nil && (got.IdleTimeoutUnit == nil || *got.IdleTimeoutUnit != *change.IdleTimeoutUnit) {
			t.Errorf("idleTimeoutUnit %s given, %s stored", *change.IdleTimeoutUnit, describe(got))
		}
	})
}

// copyPolicy copies p with its own idle value and unit, so a change through p's pointers shows.
func copyPolicy(p models.SessionPolicy) models.SessionPolicy {
	out := p
	if p.IdleTimeoutValue != nil {
		v := *p.IdleTimeoutValue
		out.IdleTimeoutValue = &v
	}
	if p.IdleTimeoutUnit != nil {
		u := *p.IdleTimeoutUnit
		out.IdleTimeoutUnit = &u
	}
	return out
}

// describe prints p's switches and values, following the pointers.
func describe(p models.SessionPolicy) string {
	s := fmt.Sprintf("limit=%v max=%d idle=%v", p.LimitMultipleSessions, p.MaxConcurrentSessions, p.IdleTimeoutEnabled)
	if p.IdleTimeoutValue != nil {
		s += fmt.Sprintf(" value=%d", *p.IdleTimeoutValue)
	}
	if p.IdleTimeoutUnit != nil {
		s += " unit=" + string(*p.IdleTimeoutUnit)
	}
	return s
}
