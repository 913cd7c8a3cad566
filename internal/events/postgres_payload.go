package events

import (
	"encoding/json"
	"fmt"
	"time"
)

// wire is an event in a NOTIFY payload: ids and the kind only; listeners load whatever they show.
type wire struct {
	Kind          Kind   `json:"k"`
	AccountID     string `json:"a"`
	UserID        string `json:"u,omitempty"`
	SessionID     string `json:"s,omitempty"`
	Reason        string `json:"r,omitempty"`
	PolicyVersion int64  `json:"v,omitempty"`
	AuditID       string `json:"e,omitempty"`
	APIKeyID      string `json:"key,omitempty"`
	OccurredAt    int64  `json:"t"` // Unix microseconds
}

// MaxPayload keeps each NOTIFY payload under PostgreSQL's 8,000-byte limit.
const MaxPayload = 7900

// Encode turns evs into as few NOTIFY payloads as fit under MaxPayload, each a JSON array of
// events in order: a transaction that ends a thousand sessions sends a few dozen notifications,
// and every listener hands each one to its subscribers as one delivery.
func Encode(evs []Event) []string {
	var payloads []string
	batch := []byte("[")
	for _, e := range evs {
		one, _ := json.Marshal(wire{
			Kind: e.Kind, AccountID: e.AccountID, UserID: e.UserID, SessionID: e.SessionID,
			Reason: string(e.Reason), PolicyVersion: e.PolicyVersion, AuditID: e.AuditID, APIKeyID: e.APIKeyID,
			OccurredAt: e.OccurredAt.UnixMicro(),
		})
		if len(batch) > 1 && len(batch)+1+len(one)+1 > MaxPayload {
			payloads = append(payloads, string(append(batch, ']')))
			batch = []byte("[")
		}
		if len(batch) > 1 {
			batch = append(batch, ',')
		}
		batch = append(batch, one...)
	}
	if len(batch) > 1 {
		payloads = append(payloads, string(append(batch, ']')))
	}
	return payloads
}

// Decode reads a NOTIFY payload.
func Decode(payload string) ([]Event, error) {
	var ws []wire
	if err := json.Unmarshal([]byte(payload), &ws); err != nil {
		return nil, fmt.Errorf("events: bad payload: %w", err)
	}
	evs := make([]Event, len(ws))
	for i, w := range ws {
		evs[i] = Event{
			Kind: w.Kind, AccountID: w.AccountID, UserID: w.UserID, SessionID: w.SessionID,
			Reason: reason(w.Reason), PolicyVersion: w.PolicyVersion, AuditID: w.AuditID, APIKeyID: w.APIKeyID,
			OccurredAt: time.UnixMicro(w.OccurredAt).UTC(),
		}
	}
	return evs, nil
}
