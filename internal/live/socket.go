package live

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// socket is one authenticated websocket: its connection, its subscriptions, and the
// currentSessionEnded subscriptions whose payloads must be written before it closes.
type socket struct {
	conn          Closer
	accountID     string
	subscriptions atomic.Int32

	mu      sync.Mutex
	holds   int
	settled chan struct{} // closed when holds drops back to zero
}

type socketKey struct{}

func socketFrom(ctx context.Context) (*socket, bool) {
	s, ok := ctx.Value(socketKey{}).(*socket)
	return s, ok
}

// HoldCloseUntilDone makes a revoked socket wait, before its close frame, for the subscription
// whose context is ctx to end. gqlgen ends a subscription's context only after it wrote the
// subscription's last payload and its complete message, so the close frame follows them on the
// wire: the order comes from the connection's writer, not from a delay. Outside a socket
// InitFunc accepted it does nothing.
func HoldCloseUntilDone(ctx context.Context) {
	s, ok := socketFrom(ctx)
	if !ok {
		return
	}
	s.mu.Lock()
	if s.holds == 0 {
		s.settled = make(chan struct{})
	}
	s.holds++
	s.mu.Unlock()
	context.AfterFunc(ctx, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.holds--; s.holds == 0 {
			close(s.settled)
		}
	})
}

// closeWhenSettled closes the socket once no subscription holds it, or after wait at most: a
// subscription stuck on the database must not keep a revoked socket open.
func (s *socket) closeWhenSettled(wait time.Duration, code int, reason string) {
	s.mu.Lock()
	settled := s.settled
	held := s.holds > 0
	s.mu.Unlock()
	if held {
		timer := time.NewTimer(wait)
		select {
		case <-settled:
		case <-timer.C:
		}
		timer.Stop()
	}
	s.conn.CloseWith(code, reason)
}
