package events

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
)

// Why a subscription's channel closed, besides Close.
var (
	// ErrSlowConsumer: the subscriber fell a whole buffer behind and was dropped, so one slow
	// client can neither stall the others nor grow memory without bound.
	ErrSlowConsumer = errors.New("events: subscriber too slow, dropped")
	// ErrResync: events may have been missed (the database connection was lost and NOTIFY has no
	// replay); the subscriber should refetch what it shows and subscribe again.
	ErrResync = errors.New("events: delivery interrupted, refetch and resubscribe")
)

// Filter selects events; empty fields match everything.
type Filter struct {
	AccountID string
	UserID    string
	SessionID string
	Kind      Kind
	// Kinds, when set, matches any of them (and Kind must be empty): a subscriber of session
	// changes is not woken for every audit entry.
	Kinds []Kind
}

// selectFrom returns the events of evs that f matches, in order: evs itself when all do (every
// subscriber then shares one slice), nil when none does.
func (f Filter) selectFrom(evs []Event) []Event {
	for i, e := range evs {
		if f.matches(e) {
			continue
		}
		var some []Event
		some = append(some, evs[:i]...)
		for _, e := range evs[i+1:] {
			if f.matches(e) {
				some = append(some, e)
			}
		}
		return some
	}
	return evs
}

func (f Filter) matches(e Event) bool {
	return (f.AccountID == "" || f.AccountID == e.AccountID) &&
		(f.UserID == "" || f.UserID == e.UserID) &&
		(f.SessionID == "" || f.SessionID == e.SessionID) &&
		(f.Kind == "" || f.Kind == e.Kind) &&
		(f.Kinds == nil || slices.Contains(f.Kinds, e.Kind))
}

// Hub fans events out to this process's subscribers. A Delivery feeds it: InProcess after each
// commit on SQLite, Postgres's LISTEN connection on PostgreSQL.
type Hub struct {
	buffer    int
	observer  Observer
	published atomic.Uint64
	mu        sync.RWMutex
	subs      map[*Subscription]struct{}
}

// NewHub makes a hub whose subscribers may fall buffer deliveries behind before being dropped.
// A delivery is the matching events of one Publish, however many: ending a thousand sessions in
// one transaction takes one place in the buffer, not a thousand.
func NewHub(buffer int) *Hub {
	return &Hub{buffer: buffer, subs: map[*Subscription]struct{}{}}
}

// Subscription receives the events matching its filter until it is closed. Each delivery holds
// the matching events of one Publish (one commit, or one NOTIFY payload), in order, and is never
// empty. Receivers must not modify it: subscribers may share it.
//
// Deliveries wait in a queue that grows only while its subscriber is behind, rather than in a
// channel sized for the hub's whole buffer: a server may have ten thousand subscribers, mostly
// idle, and such a channel each (256 deliveries, 6 KiB) took 61 MB.
type Subscription struct {
	// C receives a signal when deliveries are waiting (take them with Next), and is closed
	// when the subscription ends; what was delivered before stays for Next.
	C      <-chan struct{}
	signal chan struct{}
	hub    *Hub
	filter Filter

	mu      sync.Mutex // guards what follows
	queue   [][]Event  // deliveries not yet taken, oldest first
	closed  bool
	err     error
	onReady func()
}

// OnReady makes the hub call ready after each delivery, and when the hub ends the subscription
// (not when its owner closes it), so that a subscriber may wait without a goroutine. ready runs
// on the publisher's goroutine: it must return at once.
func (s *Subscription) OnReady(ready func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onReady = ready
}

// Ended tells whether the subscription has ended: no more deliveries will come, though some
// made before may still wait for Next.
func (s *Subscription) Ended() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// Subscribe starts a subscription; the caller must Close it.
func (h *Hub) Subscribe(f Filter) *Subscription {
	signal := make(chan struct{}, 1)
	s := &Subscription{C: signal, signal: signal, hub: h, filter: f}
	h.mu.Lock()
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s
}

// Next takes the oldest delivery waiting, if any.
func (s *Subscription) Next() (evs []Event, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) == 0 {
		return nil, false
	}
	evs = s.queue[0]
	s.queue[0] = nil
	if s.queue = s.queue[1:]; len(s.queue) == 0 {
		s.queue = nil // a subscriber that caught up holds no queue
	}
	return evs, true
}

// Receive waits for the next delivery until ctx ends. ok is false when ctx ended, or when the
// subscription ended and every delivery made before has been taken (Err tells why).
func (s *Subscription) Receive(ctx context.Context) (evs []Event, ok bool) {
	for {
		if evs, ok := s.Next(); ok {
			return evs, true
		}
		select {
		case <-ctx.Done():
			return nil, false
		case _, open := <-s.signal:
			if !open {
				return s.Next() // delivered in the moment before the close
			}
		}
	}
}

// Close ends the subscription; C is closed and Err stays nil.
func (s *Subscription) Close() { s.end(nil) }

// Err tells why C closed: nil after Close, ErrSlowConsumer or ErrResync otherwise.
func (s *Subscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

func (s *Subscription) end(err error) {
	s.hub.mu.Lock()
	delete(s.hub.subs, s)
	s.hub.mu.Unlock()
	s.mu.Lock()
	ready := s.onReady
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed, s.err = true, err
	close(s.signal)
	s.mu.Unlock()
	if err != nil && ready != nil {
		ready()
	}
}

// deliver queues evs without ever blocking; a subscriber a whole buffer behind is dropped.
func (s *Subscription) deliver(evs []Event) (full bool) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return false
	}
	if len(s.queue) >= s.hub.buffer {
		s.mu.Unlock()
		return true
	}
	s.queue = append(s.queue, evs)
	select {
	case s.signal <- struct{}{}:
	default: // a signal is waiting already
	}
	ready := s.onReady
	s.mu.Unlock()
	if ready != nil {
		ready()
	}
	return false
}

// Publish delivers evs, in order, to every matching subscriber.
func (h *Hub) Publish(_ context.Context, evs []Event) {
	h.published.Add(1) // before any delivery: see Published
	for _, s := range h.snapshot() {
		if some := s.filter.selectFrom(evs); len(some) > 0 && s.deliver(some) {
			s.end(ErrSlowConsumer)
			call(h.observer.SlowDropped)
		}
	}
}

// Published counts the Publish calls begun so far. A subscriber that received a delivery sees
// a count that includes it, so what was read after the count last changed is no older than
// any delivery received: data can be shared by everything built since.
func (h *Hub) Published() uint64 { return h.published.Load() }

// Resync closes every subscription with ErrResync.
func (h *Hub) Resync() {
	h.published.Add(1)
	call(h.observer.Resynced)
	for _, s := range h.snapshot() {
		s.end(ErrResync)
	}
}

// snapshot copies the subscriber set, so deliveries happen outside the hub's lock.
func (h *Hub) snapshot() []*Subscription {
	h.mu.RLock()
	defer h.mu.RUnlock()
	subs := make([]*Subscription, 0, len(h.subs))
	for s := range h.subs {
		subs = append(subs, s)
	}
	return subs
}

// Subscribers counts open subscriptions, for tests and metrics.
func (h *Hub) Subscribers() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.subs)
}
