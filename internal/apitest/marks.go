package apitest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"sessionguard/internal/events"
	"sessionguard/internal/wstest"
)

// MarkTime is the occurredAt of the synthetic events Barrier announces, which tells them apart
// from real ones.
var MarkTime = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

// Mark is a synthetic STARTED event for a real session, for Barrier.
func Mark(accountID, userID, sessionID string) events.Event {
	return events.Event{Kind: events.SessionStarted, AccountID: accountID, UserID: userID,
		SessionID: sessionID, OccurredAt: MarkTime}
}

// Barrier announces marks the way the store announces a committed change: with NOTIFY on
// PostgreSQL, to the hub right away on SQLite. Each subscriber receives its events in order, so
// once a subscriber has the marks it has every event of the changes committed before: a barrier
// that proves "nothing more" without sleeping.
func (s *Server) Barrier(t testing.TB, marks ...events.Event) {
	t.Helper()
	ctx := context.Background()
	db, err := s.Store().Gorm().DB()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.App.Delivery.BeforeCommit(ctx, db, marks); err != nil {
		t.Fatalf("apitest: unable to announce the barrier: %v", err)
	}
	s.App.Delivery.AfterCommit(ctx, marks)
}

// IsMark reports whether r is a sessionEvents payload of one of Barrier's marks.
func IsMark(r wstest.Result) bool {
	var out struct{ SessionEvents *SessionEvent }
	return len(r.Errors) == 0 && json.Unmarshal(r.Data, &out) == nil && out.SessionEvents != nil &&
		out.SessionEvents.OccurredAt.Equal(MarkTime)
}

// WithoutMarks drops the marks from rs.
func WithoutMarks(rs []wstest.Result) []wstest.Result {
	var out []wstest.Result
	for _, r := range rs {
		if !IsMark(r) {
			out = append(out, r)
		}
	}
	return out
}

// AfterMarks returns what came after the n-th mark of rs.
func AfterMarks(rs []wstest.Result, n int) []wstest.Result {
	for i, r := range rs {
		if n == 0 {
			return rs[i:]
		}
		if IsMark(r) {
			n--
		}
	}
	return nil
}
