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
	var out struct{ SessionEvents *SessionEvent }
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil || out.SessionEvents == nil {
		t.Fatalf("sessionEvents: got %s %+v, want an event", r.Data, r.Errors)
	}
	return *out.SessionEvents
}

// DecodeEnded decodes a currentSessionEnded result, failing the test on errors.
func DecodeEnded(t testing.TB, r wstest.Result) Session {
	t.Helper()
	var out struct{ CurrentSessionEnded *Session }
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil || out.CurrentSessionEnded == nil {
		t.Fatalf("currentSessionEnded: got %s %+v, want the session", r.Data, r.Errors)
	}
	return *out.CurrentSessionEnded
}

// DecodePolicy decodes a sessionPolicyUpdated result, failing the test on errors.
func DecodePolicy(t testing.TB, r wstest.Result) Policy {
	t.Helper()
	var out struct{ SessionPolicyUpdated *Policy }
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil || out.SessionPolicyUpdated == nil {
		t.Fatalf("sessionPolicyUpdated: got %s %+v, want a policy", r.Data, r.Errors)
	}
	return *out.SessionPolicyUpdated
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
