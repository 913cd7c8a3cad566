package models

import "time"

// SessionEvent is one live change of a session, as a subscription delivers it.
type SessionEvent struct {
	Type       SessionEventType
	Session    *Session
	OccurredAt time.Time
}
