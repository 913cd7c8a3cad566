package store

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"sessionguard/internal/events"
	"sessionguard/models"
)

// This file holds the only two functions that change a session's state. Each records the event
// that announces the change, so nothing can start or end a session silently.

// ending describes why and by whom sessions end; at gives each session's end time (an idle
// session ends at the moment it went idle, not when it was noticed).
type ending struct {
	reason models.SessionEndReason
	by     *string
	byKey  *string // the API key that ended them, when one did (then by is nil)
	at     func(*models.Session) time.Time
}

// endedNow ends sessions at the current time.
func (t *txn) endedNow(reason models.SessionEndReason, by *string) ending {
	now := t.store.Now()
	e := ending{reason: reason, by: actorRef(by), at: func(*models.Session) time.Time { return now }}
	if key := t.origin().APIKeyID; key != "" && e.by == nil {
		e.byKey = &key
	}
	return e
}

// endTimes lists each session's id and end time as VALUES rows (column1, column2) and their
// arguments. PostgreSQL is told the time's type: it cannot infer it through VALUES.
func (t *txn) endTimes(sessions []*models.Session, e ending) (string, []any) {
	row := "(?, ?)"
	if t.store.postgres {
		row = "(?, CAST(? AS timestamptz))"
	}
	rows := make([]string, len(sessions))
	args := make([]any, 0, 2*len(sessions))
	for i, s := range sessions {
		rows[i] = row
		args = append(args, s.ID, e.at(s))
	}
	return strings.Join(rows, ", "), args
}

// startSession inserts s as a new active session.
func (t *txn) startSession(s *models.Session) error {
	if err := t.Create(s).Error; err != nil {
		return fmt.Errorf("store: unable to start session: %w", err)
	}
	t.events = append(t.events, events.Event{
		Kind: events.SessionStarted, AccountID: s.AccountID, UserID: s.UserID,
		SessionID: s.ID, OccurredAt: s.LoginAt,
	})
	return nil
}

// endBatch bounds the ids in one statement, well under every driver's parameter limit.
const endBatch = 500

// endsPerUpdate bounds the sessions one UPDATE ends: few enough that looking each up by primary
// key stays PostgreSQL's cheapest plan by far (see endSessions).
const endsPerUpdate = 100

// endSessions ends those of sessions that are still active and updates them in place. Callers
// select the sessions under a row lock (or SQLite's write lock); the status condition makes a
// session that someone else ended first stay as they left it, and unannounced a second time.
// Sessions end in one statement per endsPerUpdate, not one each, even when each ends at a moment
// of its own (idle sessions end when they went idle): ending every session of a large account,
// or a reaper batch, stays one short transaction.
//
// The condition reads "not TERMINATED", which the table's CHECK makes the same as "ACTIVE", so
// that no plan rests on how many sessions PostgreSQL believes active. "status = 'ACTIVE'" matches
// the partial indexes of active sessions, and without statistics (a table not analysed since a
// bulk load) the planner puts 0.5% of the rows there: it joined the ids to a scan of every
// active session, 21 ms a statement at 100,000 idle where looking up 100 ids takes under 1 ms
// (BenchmarkReap100kIdle "fresh"). Worded so, the only other plan is a scan of the whole table,
// which costs more than endsPerUpdate lookups in any table of more than about 20,000 sessions.
func (t *txn) endSessions(sessions []models.Session, e ending) ([]models.Session, error) {
	var active []*models.Session
	for i := range sessions {
		if sessions[i].IsActive() {
			active = append(active, &sessions[i])
		}
	}
	endedIDs := map[string]bool{}
	for chunk := range slices.Chunk(active, endsPerUpdate) {
		rows, args := t.endTimes(chunk, e)
		args = append([]any{models.SessionTerminated, e.reason, e.by, e.byKey}, append(args, models.SessionTerminated)...)
		var ids []string
		err := t.Raw(`UPDATE sessions SET status = ?, ended_at = v.column2, end_reason = ?, ended_by_id = ?,
			ended_by_api_key_id = ?
			FROM (VALUES `+rows+`) AS v WHERE sessions.id = v.column1 AND sessions.status <> ? RETURNING sessions.id`,
			args...).Scan(&ids).Error
		if err != nil {
			return nil, fmt.Errorf("store: unable to end sessions: %w", err)
		}
		for _, id := range ids {
			endedIDs[id] = true
		}
	}
	ended := make([]models.Session, 0, len(endedIDs))
	for i := range sessions {
		s := &sessions[i]
		if !s.IsActive() || !endedIDs[s.ID] {
			continue
		}
		at, reason := e.at(s), e.reason
		s.Status, s.EndedAt, s.EndReason, s.EndedByID = models.SessionTerminated, &at, &reason, e.by
		s.EndedByAPIKeyID = e.byKey
		ended = append(ended, *s)
		t.events = append(t.events, events.Event{
			Kind: events.SessionEnded, AccountID: s.AccountID, UserID: s.UserID,
			SessionID: s.ID, Reason: reason, OccurredAt: at,
		})
	}
	if len(ended) == 0 {
		return ended, nil
	}
	return ended, t.auditEnded(ended, e.reason)
}

// actorRef is the user id a change is made by, nil for none: an API key's request has no user
// (its key is recorded instead, from the request's Origin).
func actorRef(id *string) *string {
	if id == nil || *id == "" {
		return nil
	}
	return id
}
