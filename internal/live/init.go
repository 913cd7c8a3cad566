package live

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"sessionguard/internal/apperr"
	"sessionguard/internal/auth"
	"sessionguard/internal/store"
	"sessionguard/internal/wsgorilla"
)

type removeKey struct{}

// InitFunc authenticates a websocket at connection_init: by `{"authorization": "Bearer <token>"}`
// in the payload, else by the session cookie the upgrade request carried. Neither records
// activity. A refused connection is closed with CloseUnauthorized; gqlgen needs a context back
// even then, to read the close code from.
func (s *Sockets) InitFunc(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	// On a goroutine of its own: the database lookups grow a deep stack, which the connection's
	// read loop (InitFunc's caller) would otherwise keep for the socket's whole life, and with
	// thousands of sockets idle stacks are most of a server's memory.
	type result struct {
		ctx context.Context
		err error
	}
	done := make(chan result, 1)
	go func() {
		ctx, err := s.init(ctx, payload)
		done <- result{ctx, err}
	}()
	r := <-done
	return r.ctx, nil, r.err
}

func (s *Sockets) init(ctx context.Context, payload transport.InitPayload) (context.Context, error) {
	req := auth.RequestFrom(ctx)
	principal, err := s.principal(ctx, payload)
	if err != nil {
		ctx = transport.WithWebsocketCloseCode(ctx, CloseUnauthorized)
		return transport.AppendCloseReason(ctx, "unauthorized: "+err.Error()), err
	}
	conn := wsgorilla.ConnFrom(ctx)
	if conn == nil {
		return ctx, errors.New("live: websocket connection not found")
	}
	remove, sock, ok := s.add(ctx, principal.Session, conn)
	if !ok {
		ctx = transport.WithWebsocketCloseCode(ctx, CloseTooManySockets)
		return transport.AppendCloseReason(ctx, errTooManySockets.Error()), errTooManySockets
	}
	conn.StartPings()
	ctx = auth.WithRequest(ctx, &auth.Request{
		ClientIP: req.ClientIP, UserAgent: req.UserAgent, Principal: principal, SessionID: principal.Session.ID,
	})
	ctx = context.WithValue(ctx, socketKey{}, sock)
	return context.WithValue(ctx, removeKey{}, remove), nil
}

var errTooManySockets = fmt.Errorf("too many connections: at most %d per session", MaxSocketsPerSession)

// StartSubscription counts a subscription against its socket's MaxSubscriptionsPerSocket; the
// caller must call done when the subscription ends. Beyond the limit it is RATE_LIMITED.
func StartSubscription(ctx context.Context) (done func(), err error) {
	sock, ok := socketFrom(ctx)
	if !ok {
		return func() {}, nil // not on a socket InitFunc accepted: nothing to count
	}
	n := &sock.subscriptions
	if n.Add(1) > MaxSubscriptionsPerSocket {
		n.Add(-1)
		return nil, apperr.New(apperr.RateLimited, "too many subscriptions: at most %d per connection", MaxSubscriptionsPerSocket)
	}
	var once sync.Once
	return func() { once.Do(func() { n.Add(-1) }) }, nil
}

// CloseFunc forgets a closed websocket.
func (s *Sockets) CloseFunc(ctx context.Context, _ int) {
	if remove, ok := ctx.Value(removeKey{}).(func()); ok {
		remove()
	}
}

// principal is the socket's caller: by the connection_init payload's token, else by the upgrade
// request's cookie or bearer token, which the middleware authenticated already.
func (s *Sockets) principal(ctx context.Context, payload transport.InitPayload) (*store.Principal, error) {
	creds, err := auth.InitCredentials(payload)
	if err != nil {
		return nil, err
	}
	if creds.Token == "" {
		return auth.PrincipalFrom(ctx)
	}
	p, err := auth.Authenticate(ctx, s.Store, creds)
	if err != nil {
		return nil, err
	}
	return &p, nil
}
