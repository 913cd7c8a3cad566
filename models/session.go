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

// ActivityStoreDelay is the longest a replica keeps a session's activity in memory, and in its
// activity journal, before writing it to the session's row, when no idle timeout needs it sooner.
// Each busy session's row is thus written about once per this delay rather than once per
// ActivityFlushInterval: with many sessions that was one row write per request. The journal,
// appended every ActivityFlushInterval, keeps the activity of a replica that dies meanwhile.
// last_active_at as other replicas show it lags by up to this much; timeouts stay exact.
const ActivityStoreDelay = time.Minute

// ActivityOrphanAge is the age past which a journal row must belong to a replica that died: a
// live replica stores every note by ActivityStoreDelay and then deletes its rows within a flush
// or two. Past it any replica folds the row into the sessions' rows.
const ActivityOrphanAge = ActivityStoreDelay + 2*ActivityFlushLag + 5*time.Second

// ActivityDeferMargin is how long before a session would count as idle (by its stored activity)
// its replica stores the activity it noted, even within ActivityStoreDelay: long enough for a
// dead replica's journal to be folded in first (ActivityOrphanAge, noticed within a flush).
const ActivityDeferMargin = ActivityFlushLag + ActivityOrphanAge + ActivityFlushInterval

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
	// EndedByAPIKeyID is the API key whose request ended the session (then EndedByID is nil).
	EndedByAPIKeyID *string `gorm:"column:ended_by_api_key_id"`
}

// IsActive reports whether the session's token is still accepted (idleness aside).
func (s *Session) IsActive() bool { return s.Status == SessionActive }

// NeedsActivityWrite reports whether a request at now should record activity: only when the
// stored last_active_at is at least ActivityWriteInterval old.
func (s *Session) NeedsActivityWrite(now time.Time) bool {
	return now.Sub(s.LastActiveAt) >= ActivityWriteInterval
}
