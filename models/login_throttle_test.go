package models_test

import (
	"testing"
	"time"

	"sessionguard/models"
)

func TestLoginThrottleBucket(t *testing.T) {
	limit := models.LoginLimit{Burst: 3, Every: time.Minute}
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	b := models.NewLoginThrottle("h", limit, t0)

	// Three failures spend the burst; a fourth finds nothing to take.
	for i := range 3 {
		if !b.CanTake(limit, t0) {
			t.Fatalf("attempt %d refused with %.2f tokens", i+1, b.Tokens)
		}
		b.Take(limit, t0)
		b.Settle(limit, true, t0)
	}
	if b.CanTake(limit, t0) || b.Pending != 0 {
		t.Fatalf("after 3 failures: can take, pending %d (tokens %.2f)", b.Pending, b.Tokens)
	}
	if want := t0.Add(3 * time.Minute); !b.FullAt.Equal(want) {
		t.Errorf("FullAt %v, want %v (3 tokens at 1 a minute)", b.FullAt, want)
	}

	// One token per Every comes back, never more than the burst.
	if b.CanTake(limit, t0.Add(59*time.Second)) || !b.CanTake(limit, t0.Add(time.Minute)) {
		t.Error("a token is not back after exactly one minute")
	}
	if b.CanTake(limit, t0.Add(-time.Hour)) {
		t.Error("a clock that went back earned tokens")
	}
	later := t0.Add(time.Hour)
	for range 3 {
		b.Take(limit, later)
	}
	if b.CanTake(limit, later) || b.Pending != 3 {
		t.Fatalf("refill went past the burst: can take after 3, pending %d", b.Pending)
	}

	// Successes give their token back; settling more than was taken does not go negative.
	for range 4 {
		b.Settle(limit, false, later)
	}
	if b.Pending != 0 || b.Tokens != 3 || !b.FullAt.Equal(later) {
		t.Errorf("after refunds: pending %d, tokens %.2f, full at %v; want 0, 3, %v", b.Pending, b.Tokens, b.FullAt, later)
	}
}
