package resolvers

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"sessionguard/internal/apperr"
	"sessionguard/internal/events"
	"sessionguard/internal/live"
)

// Subscription plumbing, kept here once so that each subscription resolver only says what it
// streams. The rules: the producer goroutine owns its channel and closes it; every send gives up
// when the client leaves; nothing is sent under a lock shared by subscribers, and the hub drops
// a subscriber too slow to keep up rather than wait for it, so one slow client stalls no other.

// A producer sends what one subscription streams until it returns. It reads the hub through
// sub and sends through send, which reports false once the client has left.
type producer[T any] func(ctx context.Context, sub *follower, send func(T) bool)

// stream starts a subscription: it counts it against its socket's limit (RATE_LIMITED beyond),
// subscribes to f before returning, so no event published after the resolver returned is missed,
// and runs produce in a goroutine that owns the returned channel and closes it when produce
// returns (and the hub subscription with it).
func stream[T any](ctx context.Context, hub *events.Hub, f events.Filter, produce producer[T]) (<-chan T, error) {
	done, err := live.StartSubscription(ctx)
	if err != nil {
		return nil, err
	}
	sub := &follower{hub: hub, filter: f, sub: hub.Subscribe(f)}
	out := make(chan T, 1)
	go func() {
		defer done()
		defer close(out)
		defer sub.close()
		produce(ctx, sub, func(v T) bool {
			select {
			case <-ctx.Done():
				return false
			case out <- v:
				return true
			}
		})
	}()
	return out, nil
}

// changes is a producer that sends what convert makes of each delivery. Events that were missed
// cannot be replayed, so when delivery breaks, or convert fails, the stream ends with
// RESYNC_REQUIRED (SLOW_CONSUMER when it fell behind): the client refetches, then subscribes
// again.
func changes[T any](convert func(context.Context, []events.Event) ([]T, error)) producer[T] {
	return func(ctx context.Context, sub *follower, send func(T) bool) {
		for {
			evs, err := sub.next(ctx)
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				// Closing the channel after this sends the error as the operation's last message.
				transport.AddSubscriptionError(ctx, streamError(err))
				return
			}
			batch, err := convert(ctx, evs)
			if err != nil {
				if ctx.Err() == nil {
					// These events cannot be shown: the client must refetch rather than miss them.
					transport.AddSubscriptionError(ctx, streamError(events.ErrResync))
				}
				return
			}
			for _, v := range batch {
				if !send(v) {
					return
				}
			}
		}
	}
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
	return func(ctx context.Context, sub *follower, send func(T) bool) {
		if mode == firstFound {
			if v, ok := look(ctx); ok {
				send(v)
				return
			}
		}
		for {
			_, err := sub.next(ctx)
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				sub.resume()
			}
			if v, found := look(ctx); found {
				if !send(v) || mode == firstFound {
					return
				}
			} else if mode == firstFound && err == nil {
				return // the change came but cannot be read; it will not come again
			}
		}
	}
}

// follower is a subscription's hub subscription, which a watch renews when delivery breaks.
type follower struct {
	hub    *events.Hub
	filter events.Filter
	sub    *events.Subscription
}

// next waits for the next delivery. Its error is ctx's once ctx has ended, else why delivery
// broke: events may have been missed.
func (f *follower) next(ctx context.Context) ([]events.Event, error) {
	evs, ok := f.sub.Receive(ctx)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if !ok {
		// Only the follower closes its subscription, never while next waits on it: an ended
		// subscription here means the hub ended it.
		if err := f.sub.Err(); err != nil {
			return nil, err
		}
		return nil, events.ErrResync
	}
	return evs, nil
}

// resume subscribes again after delivery broke.
func (f *follower) resume() {
	f.sub.Close()
	f.sub = f.hub.Subscribe(f.filter)
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
