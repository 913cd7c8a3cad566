package models_test

import (
	"testing"
	"time"

	"sessionguard/models"
)

func TestNeedsActivityWrite(t *testing.T) {
	cases := []struct {
		name  string
		after time.Duration
		want  bool
	}{
		{"same instant", 0, false},
		{"just before the interval", models.ActivityWriteInterval - time.Nanosecond, false},
		{"exactly the interval", models.ActivityWriteInterval, true},
		{"long after", time.Hour, true},
		{"clock behind the stored time", -time.Minute, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := models.Session{Status: models.SessionActive, LastActiveAt: t0}
			if got := s.NeedsActivityWrite(t0.Add(tc.after)); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestActivityWriteIntervalKeepsTheTimeoutExact(t *testing.T) {
	// The issue allows the idle timeout to be off by "a few seconds" at most.
	if models.ActivityWriteInterval <= 0 || models.ActivityWriteInterval > 5*time.Second {
		t.Errorf("ActivityWriteInterval = %v, want within (0, 5s]", models.ActivityWriteInterval)
	}
}

func TestIdleGraceCoversTheActivityLag(t *testing.T) {
	// Coalescing plus batching is the most the stored activity lags a request; the grace must
	// cover it and still keep the timeout exact to a few seconds.
	lag := models.ActivityWriteInterval + models.ActivityFlushInterval + models.ActivityFlushTimeout
	if models.IdleGrace < lag {
		t.Errorf("IdleGrace = %v, want at least the activity lag %v", models.IdleGrace, lag)
	}
	if models.IdleGrace > 5*time.Second {
		t.Errorf("IdleGrace = %v, want at most 5s", models.IdleGrace)
	}
}
