package gqlws

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"sessionguard/internal/workers"
	"sessionguard/internal/wsgorilla"
)

// conn is one accepted websocket.
type conn struct {
	t     *Transport
	ws    *wsgorilla.Conn
	proto protocol
	exec  graphql.GraphExecutor
	// ctx is the connection's: cancelled when it closes, or when Transport.Context ends, which
	// closes it.
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	opCtx    context.Context // InitFunc's: operations run on it
	accepted bool            // InitFunc accepted the connection
	closed   bool
	ops      map[string]*operation // by the client's id

	starter workers.Pool // Max 1: starts operations one at a time, in order
}

var errInvalidMessage = errors.New("gqlws: invalid message")

// next reads the next message.
func (c *conn) next() (incoming, error) {
	_, r, err := c.ws.NextReader()
	if err != nil {
		return incoming{}, err
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return incoming{}, err
	}
	var m incoming
	if json.Unmarshal(b, &m) != nil {
		return incoming{}, errInvalidMessage
	}
	return m, nil
}

// is tells whether typ is the protocol's message name, which may not exist ("").
func is(typ, name string) bool { return name != "" && typ == name }

// read handles the client's messages until the connection fails or closes. It is the only
// goroutine a connection keeps, and it stays shallow: operations start on their own.
func (c *conn) read() {
	for {
		m, err := c.next()
		if err != nil { // the peer left, or the connection was closed, or its pongs stopped
			c.close(closeNormal, "terminated")
			return
		}
		switch {
		case is(m.Type, c.proto.subscribe):
			c.subscribe(m)
		case is(m.Type, c.proto.stop):
			c.stop(m.ID)
		case is(m.Type, c.proto.ping):
			c.write(c.proto.pong, "", m.Payload)
		case is(m.Type, c.proto.pong):
			_ = c.ws.SetReadDeadline(time.Time{}) // the reply a ping awaited has come
		case is(m.Type, c.proto.terminate):
			c.close(closeNormal, "terminated")
			return
		case m.Type == msgInit && c.proto == transportWS:
			c.close(closeTooManyInits, "Too many initialisation requests")
			return
		default:
			c.connectionError("unexpected message " + m.Type)
			c.close(closeProtocolError, "unexpected message")
			return
		}
	}
}

// subscribe starts operation m.ID; an id already running closes the connection, as
// graphql-transport-ws requires (gqlgen's transport lost track of the first one).
func (c *conn) subscribe(m incoming) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	if _, ok := c.ops[m.ID]; ok {
		c.mu.Unlock()
		c.close(closeDuplicateID, "Subscriber for "+m.ID+" already exists")
		return
	}
	o := newOperation(c, m.ID)
	c.ops[m.ID] = o
	c.mu.Unlock()
	read := graphql.Now()
	c.starter.Go(func() { o.start(m.Payload, read) })
}

// stop ends operation id at the client's request. As graphql-transport-ws has it, the id is
// free again at once, and nothing more is sent for it (gqlgen's transport sent complete, which
// could reach a client that had reused the id).
func (c *conn) stop(id string) {
	c.mu.Lock()
	o := c.ops[id]
	delete(c.ops, id)
	c.mu.Unlock()
	if o != nil {
		o.cancel()
	}
}

// remove forgets o once it has ended; false if it was forgotten already (stopped by the client).
func (c *conn) remove(o *operation) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ops[o.id] != o {
		return false
	}
	delete(c.ops, o.id)
	return true
}

// write sends one message, its payload already JSON (none if empty).
func (c *conn) write(typ, id string, payload []byte) {
	buf := messages.Get().(*bytes.Buffer)
	buf.Write(appendHeader(buf.AvailableBuffer(), typ, id))
	if len(payload) > 0 {
		buf.WriteString(`,"payload":`)
		buf.Write(payload)
	}
	buf.WriteByte('}')
	c.send(buf)
}

// writeJSON sends one message whose payload is v as JSON (as json.Marshal makes it).
func (c *conn) writeJSON(typ, id string, v any) {
	buf := messages.Get().(*bytes.Buffer)
	buf.Write(appendHeader(buf.AvailableBuffer(), typ, id))
	buf.WriteString(`,"payload":`)
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		panic(err) // as gqlgen: a response always marshals
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	buf.WriteByte('}')
	c.send(buf)
}

// messages are the buffers messages are built in: one event's fan-out to ten thousand
// subscribers would otherwise allocate each message twice (its payload, then the message).
var messages = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledMessage: a buffer that grew larger for a rare large message is left to the
// collector rather than kept.
const maxPooledMessage = 64 << 10

// send writes buf's message and returns buf to the pool. A write that fails (the peer stopped
// reading for the write timeout, or left) closes the socket, and so the reader, which ends the
// connection.
func (c *conn) send(buf *bytes.Buffer) {
	if err := c.ws.WriteMessage(buf.Bytes()); err != nil {
		_ = c.ws.Close()
	}
	if buf.Cap() <= maxPooledMessage {
		buf.Reset()
		messages.Put(buf)
	}
}

// connectionError tells a legacy client why its connection is about to close.
func (c *conn) connectionError(message string) {
	if c.proto.connectionError == "" {
		return
	}
	c.writeJSON(c.proto.connectionError, "", &gqlerror.Error{Message: message})
}

// close sends a close frame with code and reason, closes the socket and ends its operations;
// it runs once, whoever calls it first.
func (c *conn) close(code int, reason string) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	ops := make([]*operation, 0, len(c.ops))
	for _, o := range c.ops {
		ops = append(ops, o)
	}
	accepted, ctx := c.accepted, c.opCtx
	c.mu.Unlock()
	_ = c.ws.WriteClose(code, reason)
	_ = c.ws.Close()
	c.cancel()
	for _, o := range ops { // in case InitFunc's context does not descend from the connection's
		o.cancel()
	}
	if accepted && c.t.CloseFunc != nil {
		c.t.CloseFunc(ctx, code)
	}
}
