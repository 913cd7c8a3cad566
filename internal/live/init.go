package live

import (
	"context"
	"fmt"
	"sync"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"sessionguard/internal/apperr"
	"sessionguard/internal/auth"
	"sessionguard/internal/gqlws"
	"sessionguard/internal/loaders"
	"sessionguard/internal/store"
	"sessionguard/internal/wsgorilla"
)

type removeKey struct{}

// InitFunc authenticates a websocket at connection_init (gqlws.InitFunc): by
// `{"authorization": "Bearer <token>"}` in the payload, else by the session cookie the upgrade
// request carried. Neither records activity. A refused connection is closed with
// CloseUnauthorized. The context returned, on which the socket's operations run, is built on
// the connection's own (conn) with what they need, and nothing of the upgrade request.
func (s *Sockets) InitFunc(req, conn context.Context, ws *wsgorilla.Conn, payload transport.InitPayload) (context.Context, error) {
	principal, onUpgrade, err := s.principal(req, payload)
	if err != nil {
		return nil, &gqlws.CloseError{Code: CloseUnauthorized, Reason: "unauthorized: " + err.Error(), Err: err}
	}
	remove, sock, ok := s.add(req, socketHolder(principal), ws)
	if !ok {
		return nil, &gqlws.CloseError{Code: CloseTooManySockets, Reason: errTooManySockets.Error(), Err: errTooManySockets}
	}
	if k := principal.APIKey; k != nil {
		remove = s.watchKey(req, k, remove)
	}
	ws.StartPings()
	ctx := auth.WithRequest(conn, auth.RequestFrom(req).ForSocket(principal, onUpgrade))
	ctx = loaders.With(ctx, s.Store) // for queries and mutations sent over the socket
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
// request's cookie or bearer token, which the middleware authenticated already (onUpgrade).
func (s *Sockets) principal(ctx context.Context, payload transport.InitPayload) (p *store.Principal, onUpgrade bool, err error) {
	creds, err := auth.InitCredentials(payload)
	if err != nil {
		return nil, false, err
	}
	if creds.Token == "" {
		p, err := auth.CallerFrom(ctx)
		return p, true, err
	}
	principal, err := auth.Authenticate(ctx, s.Store, creds)
	if err != nil {
		return nil, false, err
	}
	return &principal, false, nil
}
