package events

import "context"

// InProcess delivers events to this process's hub once their transaction has committed: the
// SQLite engine, where one process serves the database and no other replica needs telling.
type InProcess struct {
	Hub *Hub
}

// BeforeCommit does nothing: until the commit, there is nothing to tell.
func (InProcess) BeforeCommit(context.Context, Tx, []Event) error { return nil }

// AfterCommit hands evs to the hub's subscribers.
func (d InProcess) AfterCommit(ctx context.Context, evs []Event) { d.Hub.Publish(ctx, evs) }
