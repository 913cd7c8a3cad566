package gqlws_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"sessionguard/internal/gqlws"
	"sessionguard/internal/wsgorilla"
)

// A schema served by gqlgen's executor without generated code: `{ name }` answers "test";
// `subscription { ticks }` streams what the test feeds, signalling each value (gqlws.Ready);
// `subscription { plain }` streams the same way as a resolver that does not signal, read by a
// goroutine waiting on its channel; `subscription { shared }` signals each value under a key
// (gqlws.ReadyShared: sharedKey); `subscription { fails }` ends with a subscription error;
// `{ boom }` panics (in an AroundResponses middleware).
var testSchema = gqlparser.MustLoadSchema(&ast.Source{Input: `
	type Query { name: String! boom: String! }
	type Subscription { ticks: String! plain: String! shared: String! fails: String! }
`})

// sharedKey is the key `shared` signals v under: none for values starting "solo".
func sharedKey(v string) any {
	if strings.HasPrefix(v, "solo") {
		return nil
	}
	return "key " + v
}

// feed is the subscriptions' source: what the test sends reaches every open one.
type feed struct {
	executed atomic.Int64 // values executed (read off a channel into a response)

	mu    sync.Mutex
	subs  map[*feedSub]struct{}
	added chan struct{} // a signal per subscription opened
	ended chan struct{} // a signal per subscription whose context ended
}

type feedSub struct {
	ch       chan string
	ready    func()        // nil: the subscription does not signal
	readyKey func(key any) // set instead of ready by a subscription that shares payloads
}

// signal signals v (nil for the close) as the subscription's resolver does.
func (s *feedSub) signal(v *string) {
	switch {
	case s.readyKey != nil && v != nil:
		s.readyKey(sharedKey(*v))
	case s.readyKey != nil:
		s.readyKey(nil)
	case s.ready != nil:
		s.ready()
	}
}

func newFeed() *feed {
	return &feed{subs: map[*feedSub]struct{}{}, added: make(chan struct{}, 1000), ended: make(chan struct{}, 1000)}
}

// send gives v to every open subscription, as a producer does: put on the channel, signal.
func (f *feed) send(v string) {
	for _, s := range f.open() {
		s.ch <- v
		s.signal(&v)
	}
}

// close ends every open subscription's stream.
func (f *feed) close() {
	for _, s := range f.open() {
		f.mu.Lock()
		delete(f.subs, s)
		f.mu.Unlock()
		close(s.ch)
		s.signal(nil)
	}
}

func (f *feed) open() []*feedSub {
	f.mu.Lock()
	defer f.mu.Unlock()
	subs := make([]*feedSub, 0, len(f.subs))
	for s := range f.subs {
		subs = append(subs, s)
	}
	return subs
}

func (f *feed) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}

// How a feed subscription tells the transport about its values.
type signalling int

const (
	noSignals signalling = iota
	signals
	sharedSignals
)

func (f *feed) subscribe(ctx context.Context, how signalling) graphql.ResponseHandler {
	s := &feedSub{ch: make(chan string, 1)}
	switch how {
	case signals:
		s.ready, _ = gqlws.Ready(ctx)
	case sharedSignals:
		s.readyKey, _ = gqlws.ReadyShared(ctx, func() { <-s.ch })
	}
	f.mu.Lock()
	f.subs[s] = struct{}{}
	f.mu.Unlock()
	context.AfterFunc(ctx, func() {
		f.mu.Lock()
		delete(f.subs, s)
		f.mu.Unlock()
		f.ended <- struct{}{}
	})
	f.added <- struct{}{}
	return func(ctx context.Context) *graphql.Response {
		select {
		case v, ok := <-s.ch:
			if !ok {
				return nil
			}
			f.executed.Add(1)
			if strings.HasPrefix(v, "err") {
				return &graphql.Response{Errors: gqlerror.List{{Message: "cannot show " + v}}}
			}
			b, _ := json.Marshal(map[string]string{"v": v})
			return &graphql.Response{Data: b}
		case <-ctx.Done():
			return nil
		}
	}
}

// testServer serves testSchema through a gqlws.Transport configured by configure.
type testServer struct {
	url    string
	feed   *feed
	closed chan int // CloseFunc's codes
}

func startServer(t *testing.T, configure func(*gqlws.Transport)) *testServer {
	t.Helper()
	ts := &testServer{feed: newFeed(), closed: make(chan int, 100)}
	srv := handler.New(&graphql.ExecutableSchemaMock{
		SchemaFunc: func() *ast.Schema { return testSchema },
		ComplexityFunc: func(context.Context, string, string, int, map[string]any) (int, bool) {
			return 1, true
		},
		ExecFunc: func(ctx context.Context) graphql.ResponseHandler {
			op := graphql.GetOperationContext(ctx).Operation
			field := op.SelectionSet[0].(*ast.Field).Name
			switch field {
			case "ticks":
				return ts.feed.subscribe(ctx, signals)
			case "plain":
				return ts.feed.subscribe(ctx, noSignals)
			case "shared":
				return ts.feed.subscribe(ctx, sharedSignals)
			case "fails":
				return func(ctx context.Context) *graphql.Response {
					gqlws.AddSubscriptionError(ctx, &gqlerror.Error{Message: "stream broke", Extensions: map[string]any{"code": "RESYNC_REQUIRED"}})
					return nil
				}
			}
			name, ok := ctx.Value(whoKey{}).(string) // what InitFunc put in the connection's context
			if !ok {
				name = "test"
			}
			b, _ := json.Marshal(map[string]string{"name": name})
			return graphql.OneShot(&graphql.Response{Data: b})
		},
	})
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		if op := graphql.GetOperationContext(ctx); op != nil && strings.Contains(op.RawQuery, "boom") {
			panic("boom")
		}
		return next(ctx)
	})
	tr := &gqlws.Transport{
		InitTimeout: 5 * time.Second,
		CloseFunc:   func(_ context.Context, code int) { ts.closed <- code },
	}
	if configure != nil {
		configure(tr)
	}
	srv.AddTransport(tr)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	ts.url = "ws" + strings.TrimPrefix(hs.URL, "http")
	return ts
}

// message is one protocol message, either way.
type message struct {
	Type    string          `json:"type"`
	ID      string          `json:"id,omitempty"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// client is a bare protocol client: the test says every message.
type client struct {
	t     *testing.T
	ws    *websocket.Conn
	proto string
}

func (ts *testServer) dial(t *testing.T, proto string) *client {
	t.Helper()
	ws, _, err := (&websocket.Dialer{Subprotocols: []string{proto}}).Dial(ts.url, nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	return &client{t: t, ws: ws, proto: proto}
}

// connect dials and completes connection_init.
func (ts *testServer) connect(t *testing.T, proto string) *client {
	t.Helper()
	c := ts.dial(t, proto)
	c.send(message{Type: "connection_init"})
	c.expect("connection_ack", "")
	if proto == legacy {
		c.expect("ka", "")
	}
	return c
}

const (
	transportWS = "graphql-transport-ws"
	legacy      = "graphql-ws"
)

var protocols = []string{transportWS, legacy}

func (c *client) send(m message) {
	c.t.Helper()
	if err := c.ws.WriteJSON(m); err != nil {
		c.t.Fatalf("send %s: %v", m.Type, err)
	}
}

// subscribe starts query as operation id.
func (c *client) subscribe(id, query string) {
	c.t.Helper()
	typ := "subscribe"
	if c.proto == legacy {
		typ = "start"
	}
	payload, _ := json.Marshal(map[string]string{"query": query})
	c.send(message{Type: typ, ID: id, Payload: payload})
}

// stop asks the server to end operation id.
func (c *client) stop(id string) {
	c.t.Helper()
	typ := "complete"
	if c.proto == legacy {
		typ = "stop"
	}
	c.send(message{Type: typ, ID: id})
}

// next reads the next message, failing the test on a close or after five seconds.
func (c *client) next() message {
	c.t.Helper()
	_ = c.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	var m message
	if err := c.ws.ReadJSON(&m); err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return m
}

// expect reads the next message and checks its type and id.
func (c *client) expect(typ, id string) message {
	c.t.Helper()
	m := c.next()
	if m.Type != typ || m.ID != id {
		c.t.Fatalf("got %s (id %q) %s, want %s (id %q)", m.Type, m.ID, m.Payload, typ, id)
	}
	return m
}

// data is the type of a result message.
func (c *client) data() string {
	if c.proto == legacy {
		return "data"
	}
	return "next"
}

// closed reads until the server's close frame and returns its code and reason; messages
// before it are returned too.
func (c *client) closed() (code int, reason string, before []message) {
	c.t.Helper()
	_ = c.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, b, err := c.ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if !errors.As(err, &ce) {
				c.t.Fatalf("want a close frame, got %v", err)
			}
			return ce.Code, ce.Text, before
		}
		var m message
		_ = json.Unmarshal(b, &m)
		before = append(before, m)
	}
}

// refuse is an InitFunc that refuses every connection with 4403.
func refuse(_, _ context.Context, _ *wsgorilla.Conn, _ transport.InitPayload) (context.Context, error) {
	return nil, &gqlws.CloseError{Code: 4403, Reason: "unauthorized: no", Err: errors.New("no session")}
}
