package apitest

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sessionguard/internal/app"
	"sessionguard/internal/auth"
	"sessionguard/internal/events"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
)

// Protocols are the two websocket subprotocols every protocol-level rule is checked on.
var Protocols = []string{wstest.TransportWS, wstest.LegacyWS}

// EachProtocol runs fn once per websocket protocol and, within each, once per database engine.
func EachProtocol(t *testing.T, fn func(t *testing.T, proto, url string)) {
	t.Helper()
	for _, proto := range Protocols {
		t.Run(proto, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, url string) { fn(t, proto, url) })
		})
	}
}

// Protocol picks a protocol by index, alternating: tests that mix both protocols on one server
// give every role each protocol across their cases.
func Protocol(i int) string { return Protocols[i%len(Protocols)] }

// StartLive starts a server and waits until its socket closer (live.Sockets.Run) has subscribed
// to the hub: the hub's one permanent subscriber, which tests count on when they count subscribers.
func StartLive(t *testing.T, url string, configure ...func(*app.Config)) *Server {
	t.Helper()
	srv := Start(t, url, configure...)
	Eventually(t, Wait, func() bool { return srv.App.Hub.Subscribers() >= 1 }, "the socket closer to subscribe")
	return srv
}

// BearerInit is the connection_init payload that authenticates with token.
func BearerInit(token string) map[string]any {
	return map[string]any{"authorization": "Bearer " + token}
}

// CookieHeader is an upgrade header carrying token as the session cookie, from origin ("" for none).
func CookieHeader(token, origin string) http.Header {
	h := http.Header{}
	h.Set("Cookie", auth.SessionCookie+"="+token)
	if origin != "" {
		h.Set("Origin", origin)
	}
	return h
}

// DialWith opens a websocket with opts; the connection is closed when the test ends.
func (s *Server) DialWith(t testing.TB, opts wstest.Options) (*wstest.Conn, error) {
	t.Helper()
	c, err := wstest.Dial(s.URL+"/graphql", opts)
	if err == nil {
		t.Cleanup(c.Close)
	}
	return c, err
}

// Dial opens a websocket authenticated by token in connection_init, failing the test on refusal.
func (s *Server) Dial(t testing.TB, proto, token string) *wstest.Conn {
	t.Helper()
	c, err := s.DialWith(t, wstest.Options{Protocol: proto, InitPayload: BearerInit(token)})
	if err != nil {
		t.Fatalf("dial with a valid bearer token: %v", err)
	}
	return c
}

// DialCookie opens a websocket authenticated by the session cookie from the server's own origin.
func (s *Server) DialCookie(t testing.TB, proto, token string) *wstest.Conn {
	t.Helper()
	c, err := s.DialWith(t, wstest.Options{Protocol: proto, Header: CookieHeader(token, s.URL)})
	if err != nil {
		t.Fatalf("dial with a valid session cookie: %v", err)
	}
	return c
}

// Subscribe starts query on c once every change committed so far has reached the server's hub,
// and waits until the hub counts one more subscriber: the subscription sees exactly the changes
// made next. Only for subscriptions that subscribe.
func (s *Server) Subscribe(t testing.TB, c *wstest.Conn, query string, vars map[string]any) <-chan wstest.Result {
	t.Helper()
	s.Settle(t)
	before := s.QuietSubscribers()
	ch, err := c.Subscribe(query, vars)
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	Eventually(t, Wait, func() bool { return s.App.Hub.Subscribers() > before },
		"the subscription to reach the server's event hub")
	return ch
}

// QuietSubscribers returns the hub's subscriber count once it has stopped changing: the
// subscriptions of sockets closed by an earlier case end asynchronously, and counting while they
// do would hide (or fake) the arrival of a new one.
func (s *Server) QuietSubscribers() int {
	n := s.App.Hub.Subscribers()
	deadline := time.Now().Add(Deadline(2 * time.Second))
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		m := s.App.Hub.Subscribers()
		if m == n {
			return n
		}
		n = m
	}
	return n
}

// settleSeq numbers Settle's private marks.
var settleSeq atomic.Int64

// Settle returns once every change committed so far has been published to the server's hub.
// On SQLite the store publishes before the change's request returns; on PostgreSQL NOTIFY
// arrives a moment later, in commit order, so one more notification seen at the hub is a barrier.
func (s *Server) Settle(t testing.TB) {
	t.Helper()
	if !s.Store().Postgres() {
		return
	}
	account := fmt.Sprintf("apitest-settle-%d", settleSeq.Add(1))
	sub := s.App.Hub.Subscribe(events.Filter{AccountID: account})
	defer sub.Close()
	s.Barrier(t, events.Event{Kind: events.PolicyUpdated, AccountID: account, OccurredAt: MarkTime})
	select {
	case <-sub.C:
	case <-time.After(Wait):
		t.Fatalf("NOTIFY did not reach the hub within %v", Wait)
	}
}

// Stream drains a subscription's results in the background, as a client that keeps up.
type Stream struct {
	mu      sync.Mutex
	results []wstest.Result
	done    chan struct{} // closed once the subscription completed or its socket closed
}

// Collect starts draining ch.
func Collect(ch <-chan wstest.Result) *Stream {
	s := &Stream{done: make(chan struct{})}
	go func() {
		defer close(s.done)
		for r := range ch {
			s.mu.Lock()
			s.results = append(s.results, r)
			s.mu.Unlock()
		}
	}()
	return s
}

// All returns what arrived so far.
func (s *Stream) All() []wstest.Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]wstest.Result(nil), s.results...)
}

// Count is how many results arrived so far.
func (s *Stream) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.results)
}

// Ended reports whether the subscription has completed.
func (s *Stream) Ended() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// WaitCount waits up to within for n results and returns what arrived by then.
func (s *Stream) WaitCount(n int, within time.Duration) []wstest.Result {
	deadline := time.Now().Add(within)
	for s.Count() < n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	return s.All()
}

// WaitMarks waits up to within for n of Barrier's marks and returns everything that arrived by then.
func (s *Stream) WaitMarks(n int, within time.Duration) []wstest.Result {
	deadline := time.Now().Add(within)
	for {
		ended := s.Ended()
		rs := s.All()
		marks := len(rs) - len(WithoutMarks(rs))
		if marks >= n || ended || !time.Now().Before(deadline) {
			return rs
		}
		time.Sleep(5 * time.Millisecond)
	}
}
