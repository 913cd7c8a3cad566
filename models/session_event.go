package models

import "time"

// SessionEvent is one live change of a session, as a subscription delivers it. Err, when set,
// ends the stream with that error instead (resolving `session` fails with it), which is how a
// subscriber learns it must refetch.
type SessionEvent struct {
	Type       SessionEventType
	Session    *Session
	OccurredAt time.Time
	Err        error
}
