// Package events describes session state changes and carries them from the store, which records
// them in the transaction that makes the change, to whoever listens.
package events

import (
	"context"
	"sync"
	"time"

	"sessionguard/models"
)

// Kind names what changed.
type Kind string

const (
	SessionStarted Kind = "SESSION_STARTED"
	SessionEnded   Kind = "SESSION_ENDED"
	PolicyUpdated  Kind = "POLICY_UPDATED"
)

// Event is one committed change. It carries ids, not rows: a listener loads what it shows, so a
// payload stays small enough for PostgreSQL NOTIFY and never serves stale data.
type Event struct {
	Kind          Kind
	AccountID     string
	UserID        string // session events only
	SessionID     string // session events only
	Reason        models.SessionEndReason
	PolicyVersion int64 // policy events only
	OccurredAt    time.Time
}

// Publisher receives events after the transaction that recorded them has committed.
type Publisher interface {
	Publish(ctx context.Context, evs []Event)
}

// Discard drops every event; for processes nobody subscribes to.
type Discard struct{}

// Publish does nothing.
func (Discard) Publish(context.Context, []Event) {}

// Recorder keeps every published event in memory; tests use it to check that each change is
// announced exactly once.
type Recorder struct {
	mu     sync.Mutex
	events []Event
}

// Publish appends evs.
func (r *Recorder) Publish(_ context.Context, evs []Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, evs...)
}

// Events returns a copy of what was published so far.
func (r *Recorder) Events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

func reason(s string) models.SessionEndReason { return models.SessionEndReason(s) }
