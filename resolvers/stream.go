package resolvers

import (
	"context"
	"errors"
	"sync"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"sessionguard/internal/apperr"
	"sessionguard/internal/events"
	"sessionguard/internal/gqlws"
	"sessionguard/internal/live"
	"sessionguard/internal/workers"
)

// Subscription plumbing, kept here once so that each subscription resolver only says what it
// streams. The rules: the producer owns its channel and closes it; every send gives up when the
// client leaves; nothing is sent under a lock shared by subscribers, and the hub drops a
// subscriber too slow to keep up rather than wait for it, so one slow client stalls no other.
//
// A producer runs only while it has work, on a pool of goroutines shared by all: with thousands
// of idle subscriptions, a goroutine each, waiting on the hub, would cost tens of megabytes of
// stacks. On gqlws it signals each value it sends (gqlws.Ready), so that nothing waits on the
// channel either: the producer's goroutine writes the value to the socket itself.

// A producer says what one subscription streams. start, if any, runs first; step runs for each
// delivery of the hub (evs), or with err when delivery broke: events may have been missed.
// Either sends through send, which reports false once the client has left, and returns false
// to end the stream. key, if set, names a value's payload among every subscription's on gqlws
// (gqlws.ReadyShared): values under one key are executed once for all of them.
type producer[T any] struct {
	start func(ctx context.Context, send func(T) bool) (more bool)
	step  func(ctx context.Context, sub *follower, evs []events.Event, err error, send func(T) bool) (more bool)
	key   func(T) any
}

// stream starts a subscription: it counts it against its socket's limit (RATE_LIMITED beyond),
// subscribes to f before returning, so no event published after the resolver returned is missed,
// and runs produce whenever there is work for it, closing the returned channel (and the hub
// subscription) when produce ends the stream or the client leaves.
func stream[T any](ctx context.Context, hub *events.Hub, f events.Filter, produce producer[T]) (<-chan T, error) {
	done, err := live.StartSubscription(ctx)
	if err != nil {
		return nil, err
	}
	out := make(chan T, 1)
	r := &run[T]{ctx: ctx, produce: produce, out: out, done: done, started: produce.start == nil}
	r.sent = signalling(ctx, out, produce.key)
	r.sub = &follower{hub: hub, filter: f, wake: r.wake}
	r.sub.subscribe()
	context.AfterFunc(ctx, r.wake)
	r.wake() // start, or deliveries made before OnReady
	return out, nil
}

// run is one subscription's producer: a goroutine works while deliveries wait, then leaves.
type run[T any] struct {
	ctx     context.Context
	produce producer[T]
	sub     *follower // only the working goroutine uses it
	out     chan T
	sent    func(v T, closed bool) // after each value put on out, and after closing it
	done    func()
	started bool // start has run; only the working goroutine uses it

	mu      sync.Mutex
	working bool // a goroutine is producing
	again   bool // woken while working: look for work once more before leaving
	ended   bool
}

// wake makes sure a goroutine looks for work; it never blocks (the hub calls it).
func (r *run[T]) wake() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ended {
		return
	}
	if r.working {
		r.again = true
		return
	}
	r.working = true
	producers.Go(r.work)
}

// producers runs every subscription's producer. Bounded: one event may wake ten thousand at
// once. Generous: a producer writing to a client that stopped reading holds its goroutine
// until the write times out, and the others must go on meanwhile.
var producers = &workers.Pool{Max: 64}

func (r *run[T]) work() {
	for r.ctx.Err() == nil {
		if !r.started {
			r.started = true
			if !r.produce.start(r.ctx, r.send) {
				break
			}
			continue
		}
		evs, ok, err := r.sub.next()
		if !ok {
			r.mu.Lock()
			if r.again {
				r.again = false
				r.mu.Unlock()
				continue
			}
			r.working = false // the next delivery, end or leaving wakes another
			r.mu.Unlock()
			return
		}
		more := r.produce.step(r.ctx, r.sub, evs, err, r.send)
		r.sub.hub.Sent(evs) // for the delivery-lag metric
		if !more || r.ctx.Err() != nil {
			break
		}
	}
	r.mu.Lock()
	r.ended = true
	r.mu.Unlock()
	r.sub.close()
	close(r.out)
	var none T
	r.sent(none, true)
	r.done()
}

func (r *run[T]) send(v T) bool {
	select {
	case <-r.ctx.Done():
		return false
	case r.out <- v:
		r.sent(v, false)
		return true
	}
}

// signalling returns what a run calls after each value it puts on out, and after closing it:
// gqlws's signal, keyed by key if any (gqlws.ReadyShared), or nothing off gqlws.
func signalling[T any](ctx context.Context, out chan T, key func(T) any) func(v T, closed bool) {
	if key != nil {
		if ready, ok := gqlws.ReadyShared(ctx, func() { <-out }); ok {
			return func(v T, closed bool) {
				if closed {
					ready(nil)
				} else {
					ready(key(v))
				}
			}
		}
	}
	if ready, ok := gqlws.Ready(ctx); ok {
		return func(T, bool) { ready() }
	}
	return func(T, bool) {}
}

// changes is a producer that sends what convert makes of each delivery. Events that were missed
// cannot be replayed, so when delivery breaks, or convert fails, the stream ends with
// RESYNC_REQUIRED (SLOW_CONSUMER when it fell behind): the client refetches, then subscribes
// again.
func changes[T any](convert func(context.Context, []events.Event) ([]T, error)) producer[T] {
	return producer[T]{step: func(ctx context.Context, _ *follower, evs []events.Event, err error, send func(T) bool) bool {
		if err != nil {
			// Closing the channel after this sends the error as the operation's last message.
			gqlws.AddSubscriptionError(ctx, streamError(err))
			return false
		}
		batch, err := convert(ctx, evs)
		if err != nil {
			if ctx.Err() == nil {
				// These events cannot be shown: the client must refetch rather than miss them.
				gqlws.AddSubscriptionError(ctx, streamError(events.ErrResync))
			}
			return false
		}
		for _, v := range batch {
			if !send(v) {
				return false
			}
		}
		return true
	}}
}

// How long a watch lasts.
type watchMode int

const (
	// everyChange sends what look finds after each change, until the client leaves.
	everyChange watchMode = iota
	// firstFound waits for the one thing look finds, sends it and ends. It looks at the start
	// too (subscribed first, so a change between the two is seen either way), and ends after a
	// change even when look finds nothing: the change it waited for will not come twice.
	firstFound
)

// watch is a producer that sends what look finds when a change arrives. The changes themselves
// are only a signal: when delivery breaks, it subscribes again and looks, since one may have
// been missed in between.
func watch[T any](mode watchMode, look func(context.Context) (T, bool)) producer[T] {
	p := producer[T]{step: func(ctx context.Context, sub *follower, _ []events.Event, err error, send func(T) bool) bool {
		if err != nil {
			sub.resume()
		}
		if v, found := look(ctx); found {
			if !send(v) || mode == firstFound {
				return false
			}
		} else if mode == firstFound && err == nil {
			return false // the change came but cannot be read; it will not come again
		}
		return true
	}}
	if mode == firstFound {
		p.start = func(ctx context.Context, send func(T) bool) bool {
			if v, ok := look(ctx); ok {
				send(v)
				return false
			}
			return true
		}
	}
	return p
}

// follower is a subscription's hub subscription, which a watch renews when delivery breaks.
type follower struct {
	hub    *events.Hub
	filter events.Filter
	wake   func() // called when a delivery waits or delivery broke
	sub    *events.Subscription
}

func (f *follower) subscribe() {
	f.sub = f.hub.Subscribe(f.filter)
	f.sub.OnReady(f.wake)
}

// next takes the next delivery without waiting: ok is false when none waits. err tells that
// delivery broke: events may have been missed.
func (f *follower) next() (evs []events.Event, ok bool, err error) {
	if evs, ok := f.sub.Next(); ok {
		return evs, true, nil
	}
	if !f.sub.Ended() {
		return nil, false, nil
	}
	if evs, ok := f.sub.Next(); ok { // delivered in the moment before the end
		return evs, true, nil
	}
	// Only the follower closes its subscription, never while it reads it: an ended
	// subscription here means the hub ended it.
	if err := f.sub.Err(); err != nil {
		return nil, true, err
	}
	return nil, true, events.ErrResync
}

// resume subscribes again after delivery broke.
func (f *follower) resume() {
	f.sub.Close()
	f.subscribe()
}

func (f *follower) close() { f.sub.Close() }

// streamError is the error that ends a sessionEvents stream whose delivery broke; the client
// refetches, then subscribes again. It bypasses the error presenter, so it carries its code.
func streamError(cause error) *gqlerror.Error {
	code, message := apperr.ResyncRequired, "session events were interrupted: refetch, then subscribe again"
	if errors.Is(cause, events.ErrSlowConsumer) {
		code, message = apperr.SlowConsumer, "too far behind on session events: refetch, then subscribe again"
	}
	return &gqlerror.Error{Message: message, Extensions: map[string]any{"code": string(code)}}
}
