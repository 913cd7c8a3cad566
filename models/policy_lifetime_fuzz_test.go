package models_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"sessionguard/models"
)

// Bits of FuzzPolicyChangeApplyLifetime's given argument.
const (
	lifeGivenEnabled = 1 << iota
	lifeEnable
	lifeGivenValue
	lifeGivenUnit
	lifeStoredNoValue
	lifeStoredNoUnit
)

// FuzzPolicyChangeApplyLifetime checks Apply's promise for the absolute lifetime, for any stored
// lifetime and any change of it: either field errors naming only the lifetime's fields and the
// current policy unchanged, or a stored lifetime of 1 unit to 90 days (or none), with what the
// change gave stored, what it omitted kept, and one in force whenever the change turned it on.
//
//	go test -run '^$' -fuzz '^FuzzPolicyChangeApplyLifetime$' -fuzztime 10s ./models/
func FuzzPolicyChangeApplyLifetime(f *testing.F) {
	// curEnabled, curValue, curUnit, value, unit, given
	f.Add(false, 0, uint8(0), 0, uint8(0), uint8(lifeStoredNoValue|lifeStoredNoUnit))
	f.Add(false, 0, uint8(0), 8, uint8(1), uint8(lifeGivenEnabled|lifeEnable|lifeGivenValue|lifeGivenUnit|lifeStoredNoValue|lifeStoredNoUnit))
	f.Add(false, 2160, uint8(1), 0, uint8(2), uint8(lifeGivenUnit))
	f.Add(true, 91, uint8(2), 0, uint8(0), uint8(lifeGivenEnabled|lifeEnable))
	f.Add(true, 8, uint8(1), math.MaxInt32, uint8(2), uint8(lifeGivenValue))
	f.Add(false, -1, uint8(0), 0, uint8(0), uint8(lifeGivenEnabled|lifeEnable|lifeGivenUnit))

	f.Fuzz(func(t *testing.T, curEnabled bool, curValue int, curUnit uint8, value int, unit uint8, given uint8) {
		current := models.DefaultPolicy("acc")
		current.AbsoluteLifetimeEnabled = curEnabled
		if given&lifeStoredNoValue == 0 {
			current.AbsoluteLifetimeValue = &curValue
		}
		if given&lifeStoredNoUnit == 0 {
			current.AbsoluteLifetimeUnit = ptr(fuzzUnits[int(curUnit)%len(fuzzUnits)])
		}
		storedValue, storedUnit := current.AbsoluteLifetimeValue, current.AbsoluteLifetimeUnit
		var before struct {
			value *int
			unit  *models.TimeUnit
		}
		if storedValue != nil {
			before.value = ptr(*storedValue)
		}
		if storedUnit != nil {
			before.unit = ptr(*storedUnit)
		}

		var change models.PolicyChange
		if given&lifeGivenEnabled != 0 {
			change.AbsoluteLifetimeEnabled = ptr(given&lifeEnable != 0)
		}
		if given&lifeGivenValue != 0 {
			change.AbsoluteLifetimeValue = &value
		}
		if given&lifeGivenUnit != 0 {
			change.AbsoluteLifetimeUnit = ptr(fuzzUnits[int(unit)%len(fuzzUnits)])
		}

		got, err := change.Apply(current)
		if (storedValue != nil && *storedValue != *before.value) || (storedUnit != nil && *storedUnit != *before.unit) {
			t.Fatalf("Apply modified the current policy's lifetime")
		}
		if err != nil {
			var fe models.FieldErrors
			if !errors.As(err, &fe) || len(fe) == 0 {
				t.Fatalf("error %v (%T) is not a non-empty models.FieldErrors", err, err)
			}
			for _, e := range fe {
				if !strings.HasPrefix(e.Field, "absoluteLifetime") || e.Message == "" {
					t.Errorf("error %q %q: want a message on an absoluteLifetime field", e.Field, e.Message)
				}
			}
			if !samePolicy(got, current) {
				t.Fatalf("on error Apply returned another policy than the current one")
			}
			return
		}

		if l := got.AbsoluteLifetime(); l != nil {
			unitLen := models.IdleTimeout{Value: 1, Unit: l.Unit}.Duration()
			if l.Value < 1 || int64(l.Value) > int64(models.MaxAbsoluteLifetime/unitLen) {
				t.Errorf("stored lifetime %+v is outside 1 unit..90 days", *l)
			}
		}
		if limit := got.LifetimeLimit(); limit < 0 || limit > models.MaxAbsoluteLifetime {
			t.Errorf("lifetime in force %v is outside [0, %v]", limit, models.MaxAbsoluteLifetime)
		}
		wantEnabled := curEnabled
		if change.AbsoluteLifetimeEnabled != nil {
			wantEnabled = *change.AbsoluteLifetimeEnabled
		}
		if got.AbsoluteLifetimeEnabled != wantEnabled {
			t.Errorf("enabled %v, want %v", got.AbsoluteLifetimeEnabled, wantEnabled)
		}
		if change.AbsoluteLifetimeEnabled != nil && *change.AbsoluteLifetimeEnabled && got.LifetimeLimit() == 0 {
			t.Errorf("turned on, but no lifetime is in force: %+v", got.AbsoluteLifetime())
		}
		if change.AbsoluteLifetimeValue != nil && (got.AbsoluteLifetimeValue == nil || *got.AbsoluteLifetimeValue != value) {
			t.Errorf("value %d given, %v stored", value, got.AbsoluteLifetimeValue)
		}
		if change.AbsoluteLifetimeUnit != nil && (got.AbsoluteLifetimeUnit == nil || *got.AbsoluteLifetimeUnit != *change.AbsoluteLifetimeUnit) {
			t.Errorf("unit %s given, %v stored", *change.AbsoluteLifetimeUnit, got.AbsoluteLifetimeUnit)
		}
	})
}
