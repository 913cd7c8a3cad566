// Package events describes session state changes and delivers them, once the transaction that
// recorded them commits, to the Hub of every process serving the database: through PostgreSQL
// NOTIFY across replicas, or in process on SQLite.
package events

import (
	"context"
	"database/sql"
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
	// AuditAdded: an audit entry was written (AuditID); its change has its own event too.
	AuditAdded Kind = "AUDIT_ADDED"
	// APIKeyRevoked: an API key was revoked (APIKeyID); every replica closes its websockets.
	APIKeyRevoked Kind = "API_KEY_REVOKED"
)

// Event is one committed change. It carries ids, not rows: a listener loads what it shows, so a
// payload stays small enough for PostgreSQL NOTIFY and never serves stale data.
type Event struct {
	Kind          Kind
	AccountID     string
	UserID        string // session events only
	SessionID     string // session events only
	Reason        models.SessionEndReason
	PolicyVersion int64  // policy events only
	AuditID       string // audit events only
	APIKeyID      string // API key events only
	OccurredAt    time.Time
}

// Delivery carries the events a store transaction records. The store hands them over twice:
// inside the transaction, then once it has committed. Each engine acts at the point that lets
// it deliver only if, and after, the change commits: PostgreSQL inside (NOTIFY waits for the
// commit), in process after.
type Delivery interface {
	// BeforeCommit is called inside the transaction that recorded evs; an error rolls it back.
	BeforeCommit(ctx context.Context, tx Tx, evs []Event) error
	// AfterCommit is called once that transaction has committed.
	AfterCommit(ctx context.Context, evs []Event)
}

// Tx runs a statement in the caller's transaction; *sql.Tx is one.
type Tx interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Discard drops every event; for processes nobody subscribes to.
type Discard struct{}

// BeforeCommit does nothing.
func (Discard) BeforeCommit(context.Context, Tx, []Event) error { return nil }

// AfterCommit does nothing.
func (Discard) AfterCommit(context.Context, []Event) {}

// Multi hands events to several deliveries in turn.
type Multi []Delivery

// BeforeCommit calls each delivery's BeforeCommit, stopping at the first error.
func (m Multi) BeforeCommit(ctx context.Context, tx Tx, evs []Event) error {
	for _, d := range m {
		if err := d.BeforeCommit(ctx, tx, evs); err != nil {
			return err
		}
	}
	return nil
}

// AfterCommit calls each delivery's AfterCommit.
func (m Multi) AfterCommit(ctx context.Context, evs []Event) {
	for _, d := range m {
		d.AfterCommit(ctx, evs)
	}
}

// Recorder keeps every committed change in memory (not the audit entries: see AfterCommit);
// tests use it to check that each change is announced exactly once.
type Recorder struct {
	mu     sync.Mutex
	events []Event
}

// BeforeCommit records nothing: the transaction may yet roll back.
func (*Recorder) BeforeCommit(context.Context, Tx, []Event) error { return nil }

// AfterCommit appends evs, but for AuditAdded: a Recorder keeps the changes themselves, so
// that tests counting a change's announcements need not count its audit entry too (the audit
// tests read the entries).
func (r *Recorder) AfterCommit(_ context.Context, evs []Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range evs {
		if e.Kind != AuditAdded {
			r.events = append(r.events, e)
		}
	}
}

// Events returns a copy of what was recorded so far.
func (r *Recorder) Events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

func reason(s string) models.SessionEndReason { return models.SessionEndReason(s) }
