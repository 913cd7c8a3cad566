package apitest

import (
	"slices"
	"testing"

	"sessionguard/internal/events"
	"sessionguard/models"
)

// EventsSince returns the events published after the first n.
func (s *Server) EventsSince(n int) []events.Event {
	return s.Events.Events()[n:]
}

// EndEvents groups SESSION_ENDED events by session id.
func EndEvents(evs []events.Event) map[string][]events.Event {
	out := map[string][]events.Event{}
	for _, e := range evs {
		if e.Kind == events.SessionEnded {
			out[e.SessionID] = append(out[e.SessionID], e)
		}
	}
	return out
}

// CountKind counts events of kind.
func CountKind(evs []events.Event, kind events.Kind) int {
	n := 0
	for _, e := range evs {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// AssertEndEvents checks that exactly the sessions in ids got one SESSION_ENDED event each,
// with reason, and that no other session did.
func AssertEndEvents(t testing.TB, evs []events.Event, reason models.SessionEndReason, ids ...string) {
	t.Helper()
	byID := EndEvents(evs)
	for _, id := range ids {
		got := byID[id]
		if len(got) != 1 {
			t.Errorf("session %s: %d SESSION_ENDED events, want exactly 1", id, len(got))
			continue
		}
		if got[0].Reason != reason {
			t.Errorf("session %s: event reason %s, want %s", id, got[0].Reason, reason)
		}
	}
	for id := range byID {
		if !slices.Contains(ids, id) {
			t.Errorf("session %s: unexpected SESSION_ENDED event", id)
		}
	}
}
