package apitest

import (
	"encoding/json"
	"fmt"
	"testing"

	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// WantEvent is an expected sessionEvents payload.
type WantEvent struct {
	Type      string // STARTED or ENDED
	SessionID string
	Reason    string // ENDED only
}

func (w WantEvent) String() string {
	if w.Reason == "" {
		return w.Type + " " + w.SessionID
	}
	return w.Type + " " + w.SessionID + " (" + w.Reason + ")"
}

// Started expects session id to start.
func Started(id string) WantEvent { return WantEvent{Type: "STARTED", SessionID: id} }

// Ended expects session id to end for reason.
func Ended(id string, reason models.SessionEndReason) WantEvent {
	return WantEvent{Type: "ENDED", SessionID: id, Reason: string(reason)}
}

// DecodeEvent decodes a sessionEvents result, failing the test on errors.
func DecodeEvent(t testing.TB, r wstest.Result) SessionEvent {
	t.Helper()
	return decodeField[SessionEvent](t, r, "sessionEvents", "an event")
}

// DecodeEnded decodes a currentSessionEnded result, failing the test on errors.
func DecodeEnded(t testing.TB, r wstest.Result) Session {
	t.Helper()
	return decodeField[Session](t, r, "currentSessionEnded", "the session")
}

// DecodePolicy decodes a sessionPolicyUpdated result, failing the test on errors.
func DecodePolicy(t testing.TB, r wstest.Result) Policy {
	t.Helper()
	return decodeField[Policy](t, r, "sessionPolicyUpdated", "a policy")
}

// decodeField decodes the non-null field of r's data, failing the test with what it wanted.
func decodeField[T any](t testing.TB, r wstest.Result, field, want string) T {
	t.Helper()
	var out map[string]*T
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil || out[field] == nil {
		t.Fatalf("%s: got %s %+v, want %s", field, r.Data, r.Errors, want)
	}
	return *out[field]
}

// CheckEvents compares the events a subscriber received with want, in order, and checks that
// each payload was loaded after its change committed (ACTIVE when started, TERMINATED with the
// reason when ended).
func CheckEvents(t testing.TB, who string, got []wstest.Result, want []WantEvent) {
	t.Helper()
	var names []string
	for _, r := range got {
		if len(r.Errors) > 0 {
			names = append(names, fmt.Sprintf("error %s", r.Code()))
			continue
		}
		var out struct{ SessionEvents *SessionEvent }
		if json.Unmarshal(r.Data, &out) != nil || out.SessionEvents == nil {
			names = append(names, "undecodable "+string(r.Data))
			continue
		}
		e := out.SessionEvents
		names = append(names, WantEvent{Type: e.Type, SessionID: e.Session.ID, Reason: e.Session.Reason()}.String())
	}
	var wantNames []string
	for _, w := range want {
		wantNames = append(wantNames, w.String())
	}
	if fmt.Sprint(names) != fmt.Sprint(wantNames) {
		t.Errorf("%s received %v, want exactly %v", who, names, wantNames)
		return
	}
	for i, r := range got {
		e := DecodeEvent(t, r)
		wantStatus := "ACTIVE"
		if want[i].Type == "ENDED" {
			wantStatus = "TERMINATED"
		}
		if e.Session.Status != wantStatus {
			t.Errorf("%s: event %s shows status %s, want %s (loaded before the commit?)", who, want[i], e.Session.Status, wantStatus)
		}
		if e.OccurredAt.IsZero() {
			t.Errorf("%s: event %s has no occurredAt", who, want[i])
		}
	}
}
