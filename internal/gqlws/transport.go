// Package gqlws serves GraphQL over websockets, graphql-transport-ws and the legacy graphql-ws,
// executing operations with gqlgen's executor (so every extension, AroundResponses and
// AroundFields middleware applies as over HTTP), for servers holding many idle subscribers.
//
// gqlgen's own transport keeps, per socket, three goroutines and the upgrade request; per
// subscription, a goroutine blocked on its channel. Here a socket costs one goroutine, its
// reader, and its connection's context, which holds nothing of the upgrade request. A
// subscription whose resolver signals what it sends (see Ready) costs no goroutine while it has
// nothing to send: its results are written by the goroutine that produced them. Subscriptions
// whose payloads cannot differ execute each value once for all of them (see ReadyShared).
package gqlws

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"sessionguard/internal/workers"
	"sessionguard/internal/wsgorilla"
)

// Transport accepts websocket upgrades as a gqlgen transport (handler.Server.AddTransport).
type Transport struct {
	// Accept upgrades the request (origin check, buffers) and pings the connections.
	Accept wsgorilla.Implementation
	// Context is the parent of every connection's context: cancelling it closes them all.
	// Nil means context.Background().
	Context context.Context
	// InitFunc authenticates a connection at connection_init; nil accepts every one.
	InitFunc InitFunc
	// CloseFunc, if set, is called once a connection that InitFunc accepted has closed, with
	// the context InitFunc returned.
	CloseFunc func(ctx context.Context, code int)
	// InitTimeout closes a connection whose connection_init has not come by then; 0 waits forever.
	InitTimeout time.Duration
	// ReadLimit is the largest message a client may send, in bytes; 0 means no limit.
	ReadLimit int64

	payloads sharedPayloads // see ReadyShared
}

// InitFunc authenticates a connection. req is the upgrade request's context, valid only during
// the call; conn is the connection's own, cancelled when the socket closes, without the
// request's values. The context returned carries what operations need and is built on conn,
// so that an open socket keeps nothing of its upgrade request. A refusal is an error, a
// *CloseError to choose the close code and reason.
type InitFunc func(req, conn context.Context, ws *wsgorilla.Conn, payload transport.InitPayload) (context.Context, error)

// CloseError refuses a connection with a close code and reason; Err is what the legacy
// protocol's connection_error message says.
type CloseError struct {
	Code   int
	Reason string
	Err    error
}

func (e *CloseError) Error() string { return e.Err.Error() }
func (e *CloseError) Unwrap() error { return e.Err }

var _ graphql.Transport = (*Transport)(nil)

// Supports claims upgrade requests.
func (t *Transport) Supports(r *http.Request) bool { return r.Header.Get("Upgrade") != "" }

// Do accepts the connection and completes connection_init on the caller's goroutine, then hands
// the socket to a reader goroutine of its own and returns: net/http's goroutine, its deep stack
// and the request are released as soon as the connection is acknowledged.
func (t *Transport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	wc, err := t.Accept.Accept(w, r, transport.WebsocketAcceptOptions{Subprotocols: subprotocols})
	if err != nil {
		transport.SendErrorf(w, http.StatusBadRequest, "unable to upgrade")
		return
	}
	ws := wc.(*wsgorilla.Conn)
	proto := legacyWS
	switch ws.Subprotocol() {
	case graphqlTransportWS:
		proto = transportWS
	case legacyGraphqlWS, "":
	default:
		_ = ws.WriteClose(closeProtocolError, "unsupported negotiated subprotocol "+ws.Subprotocol())
		_ = ws.Close()
		return
	}
	if t.ReadLimit > 0 {
		ws.SetReadLimit(t.ReadLimit)
	}
	parent := t.Context
	if parent == nil {
		parent = context.Background()
	}
	c := &conn{t: t, ws: ws, proto: proto, exec: exec, ops: map[string]*operation{}, starter: workers.Pool{Max: 1}}
	c.ctx, c.cancel = context.WithCancel(parent)
	stop := context.AfterFunc(c.ctx, func() { c.close(closeNormal, "terminated") })
	if !c.init(r.Context()) {
		stop()
		return
	}
	go c.read()
}

// init reads connection_init and runs InitFunc; false when the connection was closed instead.
func (c *conn) init(req context.Context) bool {
	if c.t.InitTimeout > 0 {
		_ = c.ws.SetReadDeadline(time.Now().Add(c.t.InitTimeout))
	}
	m, err := c.next()
	if err != nil {
		var timeout interface{ Timeout() bool }
		switch {
		case errors.As(err, &timeout) && timeout.Timeout():
			c.close(closeProtocolError, "connection initialisation timeout")
		case errors.Is(err, errInvalidMessage):
			c.connectionError("invalid json")
			c.close(closeProtocolError, "decoding error")
		default:
			c.close(closeProtocolError, "decoding error")
		}
		return false
	}
	_ = c.ws.SetReadDeadline(time.Time{})
	switch {
	case m.Type == msgInit:
	case m.Type == c.proto.terminate && m.Type != "":
		c.close(closeNormal, "terminated")
		return false
	default:
		c.connectionError("unexpected message " + m.Type)
		c.close(closeProtocolError, "unexpected message")
		return false
	}
	var payload transport.InitPayload
	if len(m.Payload) > 0 && json.Unmarshal(m.Payload, &payload) != nil {
		c.connectionError("invalid json")
		c.close(closeProtocolError, "decoding error")
		return false
	}
	ctx := c.ctx
	if c.t.InitFunc != nil {
		ctx, err = c.t.InitFunc(req, c.ctx, c.ws, payload)
		if err != nil {
			c.connectionError(err.Error())
			code, reason := closeNormal, "terminated"
			var ce *CloseError
			if errors.As(err, &ce) {
				code, reason = ce.Code, ce.Reason
			}
			c.close(code, reason)
			return false
		}
	}
	c.mu.Lock()
	c.opCtx, c.accepted = ctx, true
	c.mu.Unlock()
	c.write(msgAck, "", nil)
	if c.proto.keepAlive != "" {
		c.write(c.proto.keepAlive, "", nil)
	}
	return c.ctx.Err() == nil
}
