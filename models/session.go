package models

import "time"

// ActivityWriteInterval is how stale a session's stored last_active_at may get before a request
// writes it again. Coalescing keeps the authenticated hot path free of writes, at the price of
// last_active_at lagging the true last request by less than this interval.
const ActivityWriteInterval = 2 * time.Second

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
	EndedAt      *time.Time
	EndReason    *SessionEndReason
	EndedByID    *string
}

// IsActive reports whether the session's token is still accepted (idleness aside).
func (s *Session) IsActive() bool { return s.Status == SessionActive }

// NeedsActivityWrite reports whether a request at now should record activity: only when the
// stored last_active_at is at least ActivityWriteInterval old.
func (s *Session) NeedsActivityWrite(now time.Time) bool {
	return now.Sub(s.LastActiveAt) >= ActivityWriteInterval
}
