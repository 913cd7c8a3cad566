package models

import "time"

// ActivityWriteInterval is how stale a session's last recorded activity may get before a request
// records it again. Coalescing keeps the authenticated hot path free of writes, at the price of
// last_active_at lagging the true last request by less than this interval.
const ActivityWriteInterval = 2 * time.Second

// ActivityFlushInterval is how often a replica writes the activity its requests noted in memory,
// all of it in one statement per batch: writes per replica per second, not per request.
const ActivityFlushInterval = time.Second

// ActivityFlushTimeout bounds one flush's statements, so that a noted request is stored at most
// ActivityFlushLag after it was noted (or its flush failed, and is retried). Generous: a flush
// of a second's activity runs in milliseconds, but a loaded 2-core machine has timed out at 1s.
const ActivityFlushTimeout = 2 * time.Second

// ActivityFlushLag is the longest a request noted in memory waits before it is stored: until the
// next flush, plus that flush's own time.
const ActivityFlushLag = ActivityFlushInterval + ActivityFlushTimeout

// Session is one login of a user from one browser or device.
type Session struct {
	ID           string `gorm:"primaryKey"`
	AccountID    string
	UserID       string
	TokenHash    []byte `json:"-"`
	Status       SessionStatus
	LoginIP      string
	LoginCity    *string
	LoginCountry *string
	UserAgent    *string
	Device       *string
	LoginAt      time.Time
	LastActiveAt time.Time
	// IdleProbeAt is a lower bound of LastActiveAt that only the reaper moves (and a login
	// sets): the reaper's index holds it instead of LastActiveAt, so that writing activity
	// changes no indexed column (store.ReapIdle). Never shown: it says nothing LastActiveAt
	// does not.
	IdleProbeAt time.Time `json:"-"`
	EndedAt     *time.Time
	EndReason   *SessionEndReason
	EndedByID   *string
}

// IsActive reports whether the session's token is still accepted (idleness aside).
func (s *Session) IsActive() bool { return s.Status == SessionActive }

// NeedsActivityWrite reports whether a request at now should record activity: only when the
// stored last_active_at is at least ActivityWriteInterval old.
func (s *Session) NeedsActivityWrite(now time.Time) bool {
	return now.Sub(s.LastActiveAt) >= ActivityWriteInterval
}
