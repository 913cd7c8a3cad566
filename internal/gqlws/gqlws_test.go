package gqlws_test

import (
	"context"
	"encoding/json"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"sessionguard/internal/gqlws"
	"sessionguard/internal/wsgorilla"
)

// goroutines returns the goroutine count once it holds still for a moment.
func goroutines() int {
	n := runtime.NumGoroutine()
	for range 40 {
		time.Sleep(25 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m == n {
			return n
		}
		n = m
	}
	return n
}

// each reads n messages, which must all be typ with payload, and returns their ids.
func (c *client) each(n int, typ, payload string) map[string]bool {
	c.t.Helper()
	ids := map[string]bool{}
	for range n {
		m := c.next()
		if m.Type != typ || string(m.Payload) != payload {
			c.t.Fatalf("got %s %s, want %s %s", m.Type, m.Payload, typ, payload)
		}
		ids[m.ID] = true
	}
	return ids
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// A subscription whose resolver signals (gqlws.Ready) holds no goroutine while idle; one that
// does not holds one, as in gqlgen's transport (which shows that the count sees them). The idle
// ones still deliver every value, and complete when their stream ends, and then nothing is
// left.
func TestIdleSubscriptionsHoldNoGoroutine(t *testing.T) {
	const idle, plain = 100, 10
	for _, proto := range protocols {
		t.Run(proto, func(t *testing.T) {
			ts := startServer(t, nil)
			c := ts.connect(t, proto)
			baseline := goroutines()

			for i := range idle {
				c.subscribe(strconv.Itoa(i), `subscription { ticks }`)
			}
			waitFor(t, "every subscription to start", func() bool { return ts.feed.count() == idle })
			if n := goroutines(); n > baseline {
				t.Errorf("%d idle subscriptions: %d goroutines, %d before: want none more", idle, n, baseline)
			}
			for i := range plain {
				c.subscribe("plain"+strconv.Itoa(i), `subscription { plain }`)
			}
			waitFor(t, "the plain subscriptions to start", func() bool { return ts.feed.count() == idle+plain })
			if n := goroutines(); n < baseline+plain {
				t.Fatalf("%d subscriptions that do not signal: %d goroutines, %d before: the count cannot see them", plain, n, baseline)
			}

			ts.feed.send("a")
			if ids := c.each(idle+plain, c.data(), `{"data":{"v":"a"}}`); len(ids) != idle+plain {
				t.Errorf("the value reached %d subscriptions, want %d", len(ids), idle+plain)
			}
			ts.feed.close()
			if ids := c.each(idle+plain, "complete", ""); len(ids) != idle+plain {
				t.Errorf("%d subscriptions completed, want %d", len(ids), idle+plain)
			}
			if n := goroutines(); n > baseline {
				t.Errorf("after every stream ended: %d goroutines, %d before", n, baseline)
			}
		})
	}
}

// The protocols' rules at the edges, on both protocols unless a case names one.
func TestProtocolEdges(t *testing.T) {
	cases := []struct {
		name      string
		only      string // the one protocol the case applies to
		configure func(*gqlws.Transport)
		run       func(t *testing.T, ts *testServer, proto string)
	}{
		{name: "no connection_init in time: 1002", configure: func(tr *gqlws.Transport) { tr.InitTimeout = 50 * time.Millisecond },
			run: func(t *testing.T, ts *testServer, proto string) {
				if code, reason, _ := ts.dial(t, proto).closed(); code != 1002 || reason != "connection initialisation timeout" {
					t.Errorf("closed %d %q", code, reason)
				}
			}},
		{name: "a subscription before connection_init: 1002",
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.dial(t, proto)
				c.subscribe("1", `subscription { ticks }`)
				code, reason, before := c.closed()
				if code != 1002 || reason != "unexpected message" {
					t.Errorf("closed %d %q", code, reason)
				}
				if proto == legacy && (len(before) != 1 || before[0].Type != "connection_error") {
					t.Errorf("legacy: %+v before the close, want a connection_error", before)
				}
			}},
		{name: "refused by InitFunc: its code and reason", configure: func(tr *gqlws.Transport) { tr.InitFunc = refuse },
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.dial(t, proto)
				c.send(message{Type: "connection_init"})
				code, reason, before := c.closed()
				if code != 4403 || reason != "unauthorized: no" {
					t.Errorf("closed %d %q, want 4403 %q", code, reason, "unauthorized: no")
				}
				if proto == legacy && (len(before) != 1 || before[0].Type != "connection_error" || !strings.Contains(string(before[0].Payload), "no session")) {
					t.Errorf("legacy: %+v before the close, want a connection_error saying why", before)
				}
				select {
				case code := <-ts.closed:
					t.Errorf("CloseFunc called (%d) for a connection never accepted", code)
				default:
				}
			}},
		{name: "a second connection_init: 4429", only: transportWS,
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.connect(t, proto)
				c.send(message{Type: "connection_init"})
				if code, reason, _ := c.closed(); code != 4429 || reason != "Too many initialisation requests" {
					t.Errorf("closed %d %q", code, reason)
				}
			}},
		{name: "an id already running: 4409",
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.connect(t, proto)
				c.subscribe("1", `subscription { ticks }`)
				c.subscribe("1", `subscription { ticks }`)
				if code, reason, _ := c.closed(); code != 4409 || reason != "Subscriber for 1 already exists" {
					t.Errorf("closed %d %q", code, reason)
				}
				waitFor(t, "the first subscription to end with the connection", func() bool { return ts.feed.count() == 0 })
			}},
		{name: "ping: pong with its payload", only: transportWS,
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.connect(t, proto)
				c.send(message{Type: "ping", Payload: json.RawMessage(`{"n":1}`)})
				if m := c.expect("pong", ""); string(m.Payload) != `{"n":1}` {
					t.Errorf("pong payload %s", m.Payload)
				}
			}},
		{name: "connection_terminate: 1000", only: legacy,
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.connect(t, proto)
				c.send(message{Type: "connection_terminate"})
				if code, _, _ := c.closed(); code != 1000 {
					t.Errorf("closed %d", code)
				}
			}},
		{name: "an unknown message: 1002",
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.connect(t, proto)
				c.send(message{Type: "bogus"})
				if code, reason, _ := c.closed(); code != 1002 || reason != "unexpected message" {
					t.Errorf("closed %d %q", code, reason)
				}
			}},
		{name: "a query: its result, then complete",
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.connect(t, proto)
				c.subscribe("q", `{ name }`)
				if m := c.expect(c.data(), "q"); string(m.Payload) != `{"data":{"name":"test"}}` {
					t.Errorf("result %s", m.Payload)
				}
				c.expect("complete", "q")
			}},
		{name: "a payload that is not JSON: error, then complete",
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.connect(t, proto)
				typ := "subscribe"
				if proto == legacy {
					typ = "start"
				}
				c.send(message{Type: typ, ID: "x", Payload: json.RawMessage(`"no"`)})
				if m := c.expect("error", "x"); !strings.Contains(string(m.Payload), "invalid json") {
					t.Errorf("error %s", m.Payload)
				}
				c.expect("complete", "x")
			}},
		{name: "an invalid query: its errors, then complete",
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.connect(t, proto)
				c.subscribe("v", `{ nope }`)
				m := c.next()
				if m.ID != "v" || !strings.Contains(string(m.Payload), "nope") {
					t.Errorf("got %s %s, want the validation error", m.Type, m.Payload)
				}
				c.expect("complete", "v")
			}},
		{name: "a panic: an error, then complete, and the connection goes on",
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.connect(t, proto)
				c.subscribe("b", `{ boom }`)
				c.expect("error", "b")
				c.expect("complete", "b")
				c.subscribe("q", `{ name }`)
				c.expect(c.data(), "q")
			}},
		{name: "a subscription error: sent instead of complete",
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.connect(t, proto)
				c.subscribe("f", `subscription { fails }`)
				if m := c.expect("error", "f"); !strings.Contains(string(m.Payload), "RESYNC_REQUIRED") {
					t.Errorf("error %s", m.Payload)
				}
				c.subscribe("q", `{ name }`)
				c.expect(c.data(), "q") // nothing else came for f
			}},
		{name: "the client ends an idle subscription: its context ends, its id is free at once",
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.connect(t, proto)
				c.subscribe("1", `subscription { ticks }`)
				<-ts.feed.added
				c.stop("1")
				c.subscribe("1", `subscription { ticks }`)
				<-ts.feed.added
				<-ts.feed.ended // the first one's
				ts.feed.send("b")
				if m := c.expect(c.data(), "1"); string(m.Payload) != `{"data":{"v":"b"}}` {
					t.Errorf("got %s", m.Payload) // nothing came for the first one: no complete
				}
			}},
		{name: "values come in order, each once",
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.connect(t, proto)
				c.subscribe("1", `subscription { ticks }`)
				<-ts.feed.added
				for i := range 20 {
					ts.feed.send(strconv.Itoa(i))
				}
				for i := range 20 {
					if m := c.expect(c.data(), "1"); string(m.Payload) != `{"data":{"v":"`+strconv.Itoa(i)+`"}}` {
						t.Fatalf("value %d: %s", i, m.Payload)
					}
				}
			}},
		{name: "the client leaves: subscriptions end, CloseFunc runs once",
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.connect(t, proto)
				c.subscribe("1", `subscription { ticks }`)
				c.subscribe("2", `subscription { plain }`)
				<-ts.feed.added
				<-ts.feed.added
				_ = c.ws.NetConn().Close()
				<-ts.feed.ended
				<-ts.feed.ended
				if code := <-ts.closed; code != 1000 {
					t.Errorf("CloseFunc got %d", code)
				}
			}},
		{name: "the transport's context ends: sockets close",
			run: func(t *testing.T, _ *testServer, proto string) {
				ctx, cancel := context.WithCancel(context.Background())
				ts := startServer(t, func(tr *gqlws.Transport) { tr.Context = ctx })
				c := ts.connect(t, proto)
				c.subscribe("1", `subscription { ticks }`)
				<-ts.feed.added
				cancel()
				if code, _, _ := c.closed(); code != 1000 {
					t.Errorf("closed %d", code)
				}
				<-ts.feed.ended
			}},
		{name: "InitFunc's context: operations run on it",
			configure: func(tr *gqlws.Transport) {
				tr.InitFunc = func(_, conn context.Context, _ *wsgorilla.Conn, p transport.InitPayload) (context.Context, error) {
					if p.GetString("who") != "me" {
						return nil, &gqlws.CloseError{Code: 4403, Reason: "who?", Err: context.Canceled}
					}
					return context.WithValue(conn, whoKey{}, "me"), nil
				}
			},
			run: func(t *testing.T, ts *testServer, proto string) {
				c := ts.dial(t, proto)
				c.send(message{Type: "connection_init", Payload: json.RawMessage(`{"who":"me"}`)})
				c.expect("connection_ack", "")
				if proto == legacy {
					c.expect("ka", "")
				}
				c.subscribe("q", `{ name }`)
				if m := c.expect(c.data(), "q"); string(m.Payload) != `{"data":{"name":"me"}}` {
					t.Errorf("result %s, want the name InitFunc's context holds", m.Payload)
				}
			}},
	}
	for _, tc := range cases {
		for _, proto := range protocols {
			if tc.only != "" && tc.only != proto {
				continue
			}
			t.Run(tc.name+"/"+proto, func(t *testing.T) {
				tc.run(t, startServer(t, tc.configure), proto)
			})
		}
	}
}

type whoKey struct{}
