package resolvers

import (
	"context"
	"sync"
	"time"

	"sessionguard/internal/events"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// Shared loads live this long: long enough for every subscriber of one commit to read it,
// short enough that the map stays small.
const (
	sharedLoadTTL     = 5 * time.Second
	sharedLoadTimeout = 5 * time.Second
)

// sharedLoads loads each event's session once for every sessionEvents subscriber it reaches:
// one login seen by ten thousand subscribers is one query, not ten thousand. An entry serves
// only the event it was loaded for, so a later change, being a new event, is loaded afresh; and
// only subscribers of the event's own account, as when each loaded its own. The zero value is
// ready to use.
type sharedLoads struct {
	mu      sync.Mutex
	entries map[events.Event]*sharedLoad
}

// sharedLoad is one event's session, loaded after the event; done is closed once it is.
type sharedLoad struct {
	done    chan struct{}
	at      time.Time
	session models.Session
	found   bool
	err     error
}

// sessions returns, for each event of evs, its session as loaded after the event, or nil for
// events of other accounts than accountID and sessions the store no longer finds. They are
// shared with the event's other subscribers: read them, never change them. Ten thousand
// subscribers call this for one event, so it allocates no more than it returns.
func (c *sharedLoads) sessions(ctx context.Context, st *store.Store, accountID string, evs []events.Event) ([]*models.Session, error) {
	now := time.Now()
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[events.Event]*sharedLoad{}
	}
	c.sweep(now)
	var mine []events.Event                // the events no one has loaded yet: this call loads them
	waits := make([]*sharedLoad, len(evs)) // nil for other accounts' events
	for i, ev := range evs {
		if ev.AccountID != accountID {
			continue
		}
		e, ok := c.entries[ev]
		if !ok {
			e = &sharedLoad{done: make(chan struct{}), at: now}
			c.entries[ev] = e
			mine = append(mine, ev)
		}
		waits[i] = e
	}
	c.mu.Unlock()
	if len(mine) > 0 {
		c.load(ctx, st, accountID, mine)
	}
	found := make([]*models.Session, len(evs))
	for i, e := range waits {
		if e == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-e.done:
		}
		if e.err != nil {
			return nil, e.err
		}
		if e.found {
			found[i] = &e.session
		}
	}
	return found, nil
}

// load reads evs' sessions in one query and completes their entries. It does not end with the
// caller that runs it: the others waiting would see its cancellation. A failed load is
// forgotten, so that the next delivery tries again.
func (c *sharedLoads) load(ctx context.Context, st *store.Store, accountID string, evs []events.Event) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sharedLoadTimeout)
	defer cancel()
	ids := make([]string, len(evs))
	for i, ev := range evs {
		ids[i] = ev.SessionID
	}
	sessions, err := st.SessionsInAccount(ctx, accountID, ids)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ev := range evs {
		e := c.entries[ev]
		e.session, e.found = sessions[ev.SessionID]
		if e.err = err; err != nil {
			delete(c.entries, ev)
		}
		close(e.done)
	}
}

// sweep forgets the loads done more than sharedLoadTTL ago; c.mu is held.
func (c *sharedLoads) sweep(now time.Time) {
	for ev, e := range c.entries {
		select {
		case <-e.done:
			if now.Sub(e.at) > sharedLoadTTL {
				delete(c.entries, ev)
			}
		default:
		}
	}
}
