// Package wstest is a real GraphQL websocket client for tests, speaking graphql-transport-ws
// (the graphql-ws npm client's protocol) and the legacy subscriptions-transport-ws (graphql-ws
// subprotocol), over gorilla/websocket on a real socket.
package wstest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// The two subprotocols.
const (
	TransportWS = "graphql-transport-ws"
	LegacyWS    = "graphql-ws"
)

// Message is one protocol message.
type Message struct {
	Type    string          `json:"type"`
	ID      string          `json:"id,omitempty"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// Result is one execution result delivered to a subscription.
type Result struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// Code is the first error's extensions.code, or "".
func (r Result) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// Options configure a connection.
type Options struct {
	Protocol    string         // TransportWS (default) or LegacyWS
	Header      http.Header    // sent with the upgrade: Cookie, Origin, ...
	InitPayload map[string]any // connection_init payload, e.g. {"authorization": "Bearer ..."}
}

// Conn is an open, acknowledged GraphQL websocket connection.
type Conn struct {
	ws       *websocket.Conn
	protocol string
	wmu      sync.Mutex
	mu       sync.Mutex
	subs     map[string]chan Result
	nextID   int
	closed   chan struct{}
	code     int
	reason   string
}

// Dial connects to url (http:// or ws://) and completes connection_init. A refusal returns an
// error with the close code and reason in a *CloseError.
func Dial(url string, opts Options) (*Conn, error) {
	if opts.Protocol == "" {
		opts.Protocol = TransportWS
	}
	url = "ws" + strings.TrimPrefix(strings.TrimPrefix(url, "http"), "ws")
	dialer := websocket.Dialer{Subprotocols: []string{opts.Protocol}, HandshakeTimeout: 5 * time.Second}
	ws, resp, err := dialer.Dial(url, opts.Header)
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("wstest: dial refused with HTTP %d: %w", resp.StatusCode, err)
		}
		return nil, fmt.Errorf("wstest: dial: %w", err)
	}
	c := &Conn{ws: ws, protocol: opts.Protocol, subs: map[string]chan Result{}, closed: make(chan struct{})}
	if err := c.send(Message{Type: "connection_init", Payload: mustJSON(opts.InitPayload)}); err != nil {
		ws.Close()
		return nil, err
	}
	_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		var m Message
		if err := ws.ReadJSON(&m); err != nil {
			ws.Close()
			return nil, closeError(err)
		}
		if m.Type == "connection_ack" {
			break
		}
		if m.Type == "connection_error" {
			// The legacy protocol reports first, then closes: return the close frame's details.
			for {
				if err := ws.ReadJSON(&m); err != nil {
					ws.Close()
					return nil, closeError(err)
				}
			}
		}
	}
	_ = ws.SetReadDeadline(time.Time{})
	go c.read()
	return c, nil
}

// CloseError is a connection closed by the server.
type CloseError struct {
	Code   int
	Reason string
}

func (e *CloseError) Error() string { return fmt.Sprintf("closed %d: %s", e.Code, e.Reason) }

func closeError(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return &CloseError{Code: ce.Code, Reason: ce.Text}
	}
	return err
}

func mustJSON(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	b, _ := json.Marshal(v)
	return b
}

func (c *Conn) send(m Message) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.ws.WriteJSON(m)
}

// read routes results to subscriptions and answers pings, until the socket closes.
func (c *Conn) read() {
	defer func() {
		c.mu.Lock()
		for id, ch := range c.subs {
			close(ch)
			delete(c.subs, id)
		}
		c.mu.Unlock()
		close(c.closed)
	}()
	for {
		var m Message
		if err := c.ws.ReadJSON(&m); err != nil {
			if ce, ok := closeError(err).(*CloseError); ok {
				c.mu.Lock()
				c.code, c.reason = ce.Code, ce.Reason
				c.mu.Unlock()
			}
			return
		}
		switch m.Type {
		case "ping":
			_ = c.send(Message{Type: "pong"})
		case "next", "data":
			var r Result
			_ = json.Unmarshal(m.Payload, &r)
			c.deliver(m.ID, r, false)
		case "error":
			var r Result
			if err := json.Unmarshal(m.Payload, &r.Errors); err != nil {
				_ = json.Unmarshal(m.Payload, &r)
			}
			c.deliver(m.ID, r, true)
		case "complete":
			c.deliver(m.ID, Result{}, true)
		}
	}
}

// deliver hands r to subscription id; last closes its channel afterwards.
func (c *Conn) deliver(id string, r Result, last bool) {
	c.mu.Lock()
	ch, ok := c.subs[id]
	if ok && last {
		delete(c.subs, id)
	}
	c.mu.Unlock()
	if !ok {
		return
	}
	if len(r.Data) > 0 || len(r.Errors) > 0 {
		ch <- r
	}
	if last {
		close(ch)
	}
}

// Subscribe starts an operation; its results arrive on the returned channel, which closes when
// the operation completes or the connection closes.
func (c *Conn) Subscribe(query string, vars map[string]any) (<-chan Result, error) {
	c.mu.Lock()
	c.nextID++
	id := strconv.Itoa(c.nextID)
	ch := make(chan Result, 64)
	c.subs[id] = ch
	c.mu.Unlock()
	typ := "subscribe"
	if c.protocol == LegacyWS {
		typ = "start"
	}
	payload := mustJSON(map[string]any{"query": query, "variables": vars})
	return ch, c.send(Message{Type: typ, ID: id, Payload: payload})
}

// Closed is closed once the server (or Close) closed the socket.
func (c *Conn) Closed() <-chan struct{} { return c.closed }

// CloseStatus is the close code and reason the server sent (0 if none yet).
func (c *Conn) CloseStatus() (int, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.code, c.reason
}

// Close closes the socket from the client side and waits for the reader to stop.
func (c *Conn) Close() {
	c.wmu.Lock()
	_ = c.ws.WriteControl(websocket.CloseMessage,
		websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	c.wmu.Unlock()
	select {
	case <-c.closed:
	case <-time.After(2 * time.Second):
	}
	c.ws.Close()
	<-c.closed
}

// Next waits up to timeout for the next result on ch; ok is false if ch closed or time ran out.
func Next(t testing.TB, ch <-chan Result, timeout time.Duration) (Result, bool) {
	t.Helper()
	select {
	case r, ok := <-ch:
		return r, ok
	case <-time.After(timeout):
		return Result{}, false
	}
}
