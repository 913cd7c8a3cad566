package live

import (
	"context"
	"errors"
	"strings"

	"github.com/99designs/gqlgen/graphql/handler/transport"

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
	req := auth.RequestFrom(ctx)
	principal, err := s.principal(ctx, payload, req)
	if err != nil {
		ctx = transport.WithWebsocketCloseCode(ctx, CloseUnauthorized)
		return transport.AppendCloseReason(ctx, "unauthorized: "+err.Error()), nil, err
	}
	conn := wsgorilla.ConnFrom(ctx)
	if conn == nil {
		return ctx, nil, errors.New("live: websocket connection not found")
	}
	remove := s.Add(ctx, principal.Session, conn)
	ctx = auth.WithRequest(ctx, &auth.Request{
		ClientIP: req.ClientIP, UserAgent: req.UserAgent, Principal: principal, SessionID: principal.Session.ID,
	})
	return context.WithValue(ctx, removeKey{}, remove), nil, nil
}

// CloseFunc forgets a closed websocket.
func (s *Sockets) CloseFunc(ctx context.Context, _ int) {
	if remove, ok := ctx.Value(removeKey{}).(func()); ok {
		remove()
	}
}

func (s *Sockets) principal(ctx context.Context, payload transport.InitPayload, req *auth.Request) (*store.Principal, error) {
	bearer := payload.GetString("authorization")
	if bearer == "" {
		bearer = payload.GetString("Authorization")
	}
	if bearer == "" {
		return auth.PrincipalFrom(ctx)
	}
	scheme, token, _ := strings.Cut(bearer, " ")
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return nil, errors.New(`expected "authorization": "Bearer <token>"`)
	}
	p, err := s.Store.Check(ctx, auth.HashToken(strings.TrimSpace(token)))
	if err != nil {
		return nil, err
	}
	return &p, nil
}
