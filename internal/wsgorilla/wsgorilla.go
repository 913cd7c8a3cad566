// Package wsgorilla accepts github.com/gorilla/websocket connections for internal/gqlws: writes
// serialised with a deadline, close frames with a reason, and one Pinger for all connections.
// It also meets gqlgen's transport.WebsocketImplementation, whose Accept it keeps.
package wsgorilla

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
)

// closeWriteTimeout bounds how long a close frame may take to a slow or vanished peer.
const closeWriteTimeout = time.Second

// writeTimeout bounds every message write: a client that stops reading must not pin the
// goroutines serving it. Past it the write fails and gqlws closes the connection.
const writeTimeout = 10 * time.Second

// Implementation accepts websocket upgrades with a gorilla Upgrader.
type Implementation struct {
	// Upgrader checks the Origin (CheckOrigin) and sizes buffers; its subprotocols are merged
	// with the GraphQL ones the caller asks for.
	Upgrader websocket.Upgrader
	// Ping keeps graphql-transport-ws connections alive and notices dead peers; KeepAlive keeps
	// the legacy graphql-ws ones alive. Either may be nil. They replace gqlgen's
	// PingPongInterval and KeepAlivePingInterval, which cost a goroutine per connection; pings
	// start with StartPings, once the connection is accepted.
	Ping, KeepAlive *Pinger
}

var _ transport.WebsocketImplementation = Implementation{}

// Accept upgrades the request to a websocket connection.
func (i Implementation) Accept(w http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	up := i.Upgrader
	up.Subprotocols = slices.Clone(up.Subprotocols)
	for _, p := range opts.Subprotocols {
		if !slices.Contains(up.Subprotocols, p) {
			up.Subprotocols = append(up.Subprotocols, p)
		}
	}
	c, err := up.Upgrade(w, r, opts.ResponseHeader)
	if err != nil {
		return nil, err
	}
	conn := &Conn{ws: c, pinger: i.KeepAlive}
	if c.Subprotocol() == graphqlTransportWS {
		conn.pinger = i.Ping
	}
	return conn, nil
}

// Conn adapts *websocket.Conn. gorilla allows one concurrent writer, so writes are serialised.
type Conn struct {
	ws  *websocket.Conn
	wmu sync.Mutex

	pinger        *Pinger // nil: not pinged
	pingSlot      int     // guarded by pinger.mu
	awaitingReply atomic.Bool
	closed        atomic.Bool
}

// graphqlTransportWS is the subprotocol of the graphql-ws library; the others are the legacy one.
const graphqlTransportWS = "graphql-transport-ws"

// StartPings starts the pings of the connection's protocol, if any.
func (c *Conn) StartPings() {
	if c.pinger != nil {
		c.pinger.add(c)
	}
}

func (c *Conn) stopPings() {
	c.closed.Store(true)
	if c.pinger != nil {
		c.pinger.remove(c)
	}
}

var (
	_ transport.WebsocketConn          = (*Conn)(nil)
	_ transport.WebsocketReadLimiter   = (*Conn)(nil)
	_ transport.WebsocketReadDeadliner = (*Conn)(nil)
)

func (c *Conn) Close() error {
	c.stopPings()
	return c.ws.Close()
}

// NextReader returns the next message; a normal close by the peer is transport.ErrWebsocketClosed
// so gqlgen does not report it as an error.
func (c *Conn) NextReader() (int, io.Reader, error) {
	mt, r, err := c.ws.NextReader()
	if err != nil {
		var ce *websocket.CloseError
		if errors.As(err, &ce) && (ce.Code == websocket.CloseNormalClosure ||
			ce.Code == websocket.CloseGoingAway || ce.Code == websocket.CloseNoStatusReceived) {
			return mt, nil, transport.ErrWebsocketClosed
		}
		return mt, nil, err
	}
	return mt, r, nil
}

// WriteMessage writes data, one JSON message, as a text message.
func (c *Conn) WriteMessage(data []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if err := c.ws.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil {
		return err
	}
	return c.ws.WriteMessage(websocket.TextMessage, data)
}

func (c *Conn) WriteJSON(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if err := c.ws.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil {
		return err
	}
	return c.ws.WriteJSON(v)
}

// WriteClose sends a close frame with code and reason; it never blocks longer than a second.
func (c *Conn) WriteClose(code int, message string) error {
	return c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, message),
		time.Now().Add(closeWriteTimeout))
}

func (c *Conn) Subprotocol() string { return c.ws.Subprotocol() }

func (c *Conn) SetReadLimit(limit int64) { c.ws.SetReadLimit(limit) }

// SetReadDeadline sets the read deadline; the zero time, which the reader sets when a pong arrives,
// also means the reply a Pinger awaited has come.
func (c *Conn) SetReadDeadline(t time.Time) error {
	if t.IsZero() {
		c.awaitingReply.Store(false)
	}
	return c.ws.SetReadDeadline(t)
}

// CloseWith sends a close frame with code and a reason the client can show, then closes. The
// connection's reader then ends and cancels its subscriptions.
func (c *Conn) CloseWith(code int, reason string) {
	c.stopPings() // first: once the peer has the close frame, no pinger holds the connection
	c.wmu.Lock()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason),
		time.Now().Add(closeWriteTimeout))
	c.wmu.Unlock()
	_ = c.Close()
}
