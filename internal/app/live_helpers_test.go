package app_test

// Helpers shared by the live_* tests (subscriptions over real websockets). Package-level names
// start with "live" so they never collide with the helpers of the package's other test files.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/events"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// Bounds on every wait: liveWait for what must happen, liveQuiet for proving that nothing more
// does, liveCloseWithin for the "closed within a second".
const (
	liveWait        = 3 * time.Second
	liveQuiet       = 300 * time.Millisecond
	liveCloseWithin = time.Second
)

// The subscriptions the tests open, and the fields they decode.
const (
	liveEventsQuery = `subscription($u: ID) { sessionEvents(userId: $u) {
  type occurredAt session { id status endReason user { id name } } } }`
	liveEndedQuery  = `subscription { currentSessionEnded { id status endReason endedAt user { id name } } }`
	livePolicyQuery = `subscription { sessionPolicyUpdated {
  limitMultipleSessions maxConcurrentSessions whenLimitReached idleTimeoutEnabled
  idleTimeout { value unit } updatedBy { id name } } }`
	liveMeQuery          = `{ me { user { id } session { id } } }`
	liveLogout           = `mutation { logout }`
	liveLogoutSession    = `mutation($id: ID!) { logoutSession(id: $id) { id } }`
	liveTerminateAll     = `mutation($in: TerminateAllSessionsInput) { terminateAllSessions(input: $in) { terminatedCount } }`
	liveUpdatePolicy     = `mutation($in: SessionPolicyInput!) { updateSessionPolicy(input: $in) { maxConcurrentSessions } }`
	liveAllowedOrigin    = "https://console.example.test"
	liveForeignOrigin    = "https://evil.example.test"
	liveSessionCookieKey = "sg_session"
)

// liveProtocols are the two websocket subprotocols every protocol-level rule is checked on.
var liveProtocols = []string{wstest.TransportWS, wstest.LegacyWS}

// liveEach runs fn once per protocol and, within each, once per database engine.
func liveEach(t *testing.T, fn func(t *testing.T, proto, url string)) {
	t.Helper()
	for _, proto := range liveProtocols {
		t.Run(proto, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, url string) { fn(t, proto, url) })
		})
	}
}

// liveProto picks a protocol by index, alternating: tests that mix both protocols on one server
// give every role each protocol across their cases.
func liveProto(i int) string { return liveProtocols[i%len(liveProtocols)] }

// liveStart starts a server and waits until its socket closer (live.Sockets.Run) has subscribed to
// the hub: the hub's one permanent subscriber, which tests count on when they count subscribers.
func liveStart(t *testing.T, url string, configure ...func(*app.Config)) *apitest.Server {
	t.Helper()
	srv := apitest.Start(t, url, configure...)
	liveEventually(t, liveWait, func() bool { return srv.App.Hub.Subscribers() >= 1 }, "the socket closer to subscribe")
	return srv
}

// liveSessionEvent is one sessionEvents payload.
type liveSessionEvent struct {
	Type       string
	OccurredAt time.Time
	Session    liveSession
}

// liveSession is a Session as the live payloads select it.
type liveSession struct {
	ID        string
	Status    string
	EndReason *string
	EndedAt   *time.Time
	User      struct{ ID, Name string }
}

// reason is the end reason, or "".
func (s liveSession) reason() string {
	if s.EndReason == nil {
		return ""
	}
	return *s.EndReason
}

// livePolicy is a SessionPolicy as sessionPolicyUpdated selects it.
type livePolicy struct {
	LimitMultipleSessions bool
	MaxConcurrentSessions int
	WhenLimitReached      string
	IdleTimeoutEnabled    bool
	IdleTimeout           *struct {
		Value int
		Unit  string
	}
	UpdatedBy *struct{ ID, Name string }
}

// liveWant is an expected sessionEvents payload.
type liveWant struct {
	Type      string // STARTED or ENDED
	SessionID string
	Reason    string // ENDED only
}

func (w liveWant) String() string {
	if w.Reason == "" {
		return w.Type + " " + w.SessionID
	}
	return w.Type + " " + w.SessionID + " (" + w.Reason + ")"
}

// liveStarted and liveEnded build expectations.
func liveStarted(id string) liveWant { return liveWant{Type: "STARTED", SessionID: id} }
func liveEnded(id string, reason models.SessionEndReason) liveWant {
	return liveWant{Type: "ENDED", SessionID: id, Reason: string(reason)}
}

// liveBearer is the connection_init payload that authenticates with token.
func liveBearer(token string) map[string]any {
	return map[string]any{"authorization": "Bearer " + token}
}

// liveCookie is an upgrade header carrying token as the session cookie, from origin ("" for none).
func liveCookie(token, origin string) http.Header {
	h := http.Header{}
	h.Set("Cookie", liveSessionCookieKey+"="+token)
	if origin != "" {
		h.Set("Origin", origin)
	}
	return h
}

// liveDialWith opens a websocket with opts; the connection is closed when the test ends.
func liveDialWith(t testing.TB, srv *apitest.Server, opts wstest.Options) (*wstest.Conn, error) {
	t.Helper()
	c, err := wstest.Dial(srv.URL+"/graphql", opts)
	if err == nil {
		t.Cleanup(c.Close)
	}
	return c, err
}

// liveDial opens a websocket authenticated by token in connection_init, failing the test on refusal.
func liveDial(t testing.TB, srv *apitest.Server, proto, token string) *wstest.Conn {
	t.Helper()
	c, err := liveDialWith(t, srv, wstest.Options{Protocol: proto, InitPayload: liveBearer(token)})
	if err != nil {
		t.Fatalf("dial with a valid bearer token: %v", err)
	}
	return c
}

// liveDialCookie opens a websocket authenticated by the session cookie from the server's own origin.
func liveDialCookie(t testing.TB, srv *apitest.Server, proto, token string) *wstest.Conn {
	t.Helper()
	c, err := liveDialWith(t, srv, wstest.Options{Protocol: proto, Header: liveCookie(token, srv.URL)})
	if err != nil {
		t.Fatalf("dial with a valid session cookie: %v", err)
	}
	return c
}

// liveRefusal returns the close status of a refused dial, failing the test unless err is one.
func liveRefusal(t testing.TB, err error) *wstest.CloseError {
	t.Helper()
	var ce *wstest.CloseError
	if !errors.As(err, &ce) {
		t.Fatalf("dial: got %v, want the connection closed with a code and reason", err)
	}
	return ce
}

// liveSubscribe starts query on c once every change committed so far has reached the server's
// hub, and waits until the hub counts one more subscriber: the subscription sees exactly the
// changes made next. Only for subscriptions that subscribe.
func liveSubscribe(t testing.TB, srv *apitest.Server, c *wstest.Conn, query string, vars map[string]any) <-chan wstest.Result {
	t.Helper()
	liveSettle(t, srv)
	before := liveQuietSubscribers(srv)
	ch, err := c.Subscribe(query, vars)
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	liveEventually(t, liveWait, func() bool { return srv.App.Hub.Subscribers() > before },
		"the subscription to reach the server's event hub")
	return ch
}

// liveQuietSubscribers returns the hub's subscriber count once it has stopped changing: the
// subscriptions of sockets closed by an earlier case end asynchronously, and counting while they
// do would hide (or fake) the arrival of a new one.
func liveQuietSubscribers(srv *apitest.Server) int {
	n := srv.App.Hub.Subscribers()
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		m := srv.App.Hub.Subscribers()
		if m == n {
			return n
		}
		n = m
	}
	return n
}

// liveSettleSeq numbers liveSettle's private marks.
var liveSettleSeq atomic.Int64

// liveSettle returns once every change committed so far has been published to the server's hub.
// On SQLite the store publishes before the change's request returns; on PostgreSQL NOTIFY
// arrives a moment later, in commit order, so one more notification seen at the hub is a barrier.
func liveSettle(t testing.TB, srv *apitest.Server) {
	t.Helper()
	if !srv.Store().Postgres() {
		return
	}
	account := fmt.Sprintf("live-settle-%d", liveSettleSeq.Add(1))
	sub := srv.App.Hub.Subscribe(events.Filter{AccountID: account})
	defer sub.Close()
	liveBarrier(t, srv, events.Event{Kind: events.PolicyUpdated, AccountID: account, OccurredAt: liveMarkTime})
	select {
	case <-sub.C:
	case <-time.After(liveWait):
		t.Fatalf("NOTIFY did not reach the hub within %v", liveWait)
	}
}

// liveEventually waits up to within for cond, polling, and fails the test with what it waited for.
func liveEventually(t testing.TB, within time.Duration, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %v waiting for %s", within, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// liveStream drains a subscription's results in the background, as a client that keeps up.
type liveStream struct {
	mu      sync.Mutex
	results []wstest.Result
	done    chan struct{} // closed once the subscription completed or its socket closed
}

// liveCollect starts draining ch.
func liveCollect(ch <-chan wstest.Result) *liveStream {
	s := &liveStream{done: make(chan struct{})}
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

// all returns what arrived so far.
func (s *liveStream) all() []wstest.Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]wstest.Result(nil), s.results...)
}

// count is how many results arrived so far.
func (s *liveStream) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.results)
}

// ended reports whether the subscription has completed.
func (s *liveStream) ended() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// waitCount waits up to within for n results and returns what arrived by then.
func (s *liveStream) waitCount(n int, within time.Duration) []wstest.Result {
	deadline := time.Now().Add(within)
	for s.count() < n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	return s.all()
}

// liveMarkTime is the occurredAt of the synthetic events liveBarrier announces, which tells them
// apart from real ones.
var liveMarkTime = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

// liveMark is a synthetic STARTED event for a real session, for liveBarrier.
func liveMark(accountID, userID, sessionID string) events.Event {
	return events.Event{Kind: events.SessionStarted, AccountID: accountID, UserID: userID,
		SessionID: sessionID, OccurredAt: liveMarkTime}
}

// liveBarrier announces marks the way the store announces a committed change: through the
// app's delivery, as a transaction of their own (NOTIFY on PostgreSQL, the hub on SQLite). Each
// subscriber receives its events in order, so once a subscriber has the marks it has every event
// of the changes committed before: a barrier that proves "nothing more" without sleeping.
func liveBarrier(t testing.TB, srv *apitest.Server, marks ...events.Event) {
	t.Helper()
	ctx := context.Background()
	db, err := srv.Store().Gorm().DB()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.App.Delivery.BeforeCommit(ctx, db, marks); err != nil {
		t.Fatalf("unable to announce the barrier: %v", err)
	}
	srv.App.Delivery.AfterCommit(ctx, marks)
}

// liveIsMark reports whether r is a sessionEvents payload of one of liveBarrier's marks.
func liveIsMark(r wstest.Result) bool {
	var out struct{ SessionEvents *liveSessionEvent }
	return len(r.Errors) == 0 && json.Unmarshal(r.Data, &out) == nil && out.SessionEvents != nil &&
		out.SessionEvents.OccurredAt.Equal(liveMarkTime)
}

// liveWithoutMarks drops the marks from rs.
func liveWithoutMarks(rs []wstest.Result) []wstest.Result {
	var out []wstest.Result
	for _, r := range rs {
		if !liveIsMark(r) {
			out = append(out, r)
		}
	}
	return out
}

// liveAfterMarks returns what came after the n-th mark of rs.
func liveAfterMarks(rs []wstest.Result, n int) []wstest.Result {
	for i, r := range rs {
		if n == 0 {
			return rs[i:]
		}
		if liveIsMark(r) {
			n--
		}
	}
	return nil
}

// waitMarks waits up to within for n marks and returns everything that arrived by then.
func (s *liveStream) waitMarks(n int, within time.Duration) []wstest.Result {
	deadline := time.Now().Add(within)
	for {
		ended := s.ended()
		rs := s.all()
		marks := len(rs) - len(liveWithoutMarks(rs))
		if marks >= n || ended || !time.Now().Before(deadline) {
			return rs
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// liveDecodeEvent decodes a sessionEvents result, failing the test on errors.
func liveDecodeEvent(t testing.TB, r wstest.Result) liveSessionEvent {
	t.Helper()
	var out struct{ SessionEvents *liveSessionEvent }
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil || out.SessionEvents == nil {
		t.Fatalf("sessionEvents: got %s %+v, want an event", r.Data, r.Errors)
	}
	return *out.SessionEvents
}

// liveDecodeEnded decodes a currentSessionEnded result, failing the test on errors.
func liveDecodeEnded(t testing.TB, r wstest.Result) liveSession {
	t.Helper()
	var out struct{ CurrentSessionEnded *liveSession }
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil || out.CurrentSessionEnded == nil {
		t.Fatalf("currentSessionEnded: got %s %+v, want the session", r.Data, r.Errors)
	}
	return *out.CurrentSessionEnded
}

// liveDecodePolicy decodes a sessionPolicyUpdated result, failing the test on errors.
func liveDecodePolicy(t testing.TB, r wstest.Result) livePolicy {
	t.Helper()
	var out struct{ SessionPolicyUpdated *livePolicy }
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil || out.SessionPolicyUpdated == nil {
		t.Fatalf("sessionPolicyUpdated: got %s %+v, want a policy", r.Data, r.Errors)
	}
	return *out.SessionPolicyUpdated
}

// liveCheckEvents compares the events a subscriber received with want, in order, and checks
// that each payload was loaded after its change committed (ACTIVE when started, TERMINATED with
// the reason when ended).
func liveCheckEvents(t testing.TB, who string, got []wstest.Result, want []liveWant) {
	t.Helper()
	var names []string
	for _, r := range got {
		if len(r.Errors) > 0 {
			names = append(names, fmt.Sprintf("error %s", r.Code()))
			continue
		}
		var out struct{ SessionEvents *liveSessionEvent }
		if json.Unmarshal(r.Data, &out) != nil || out.SessionEvents == nil {
			names = append(names, "undecodable "+string(r.Data))
			continue
		}
		e := out.SessionEvents
		names = append(names, liveWant{Type: e.Type, SessionID: e.Session.ID, Reason: e.Session.reason()}.String())
	}
	var wantNames []string
	for _, w := range want {
		wantNames = append(wantNames, w.String())
	}
	if fmt.Sprint(names) != fmt.Sprint(wantNames) {
		t.Errorf("%s received %v, want exactly %v", who, names, wantNames)
		return
	}
	for i, r := range got {
		e := liveDecodeEvent(t, r)
		wantStatus := "ACTIVE"
		if want[i].Type == "ENDED" {
			wantStatus = "TERMINATED"
		}
		if e.Session.Status != wantStatus {
			t.Errorf("%s: event %s shows status %s, want %s (loaded before the commit?)", who, want[i], e.Session.Status, wantStatus)
		}
		if e.OccurredAt.IsZero() {
			t.Errorf("%s: event %s has no occurredAt", who, want[i])
		}
	}
}

// liveCodes lists the extensions.code of each of r's errors.
func liveCodes(r wstest.Result) []string {
	var out []string
	for _, e := range r.Errors {
		code, _ := e.Extensions["code"].(string)
		out = append(out, code)
	}
	return out
}

// liveHasCode reports whether one of r's errors carries code.
func liveHasCode(r wstest.Result, code string) bool {
	for _, c := range liveCodes(r) {
		if c == code {
			return true
		}
	}
	return false
}

// liveWaitClosed waits until the server closed c, by deadline, and returns the close status.
func liveWaitClosed(t testing.TB, c *wstest.Conn, deadline time.Time, who string) (int, string) {
	t.Helper()
	select {
	case <-c.Closed():
		return c.CloseStatus()
	case <-time.After(time.Until(deadline)):
		t.Fatalf("%s: socket still open at the deadline", who)
		return 0, ""
	}
}

// liveIsOpen reports whether c is still open.
func liveIsOpen(c *wstest.Conn) bool {
	select {
	case <-c.Closed():
		return false
	default:
		return true
	}
}

// liveDo runs a GraphQL operation and fails the test on any error.
func liveDo(t testing.TB, c *apitest.Client, query string, vars map[string]any) {
	t.Helper()
	c.Do(t, query, vars).MustDecode(t, &struct{}{})
}

// liveSetPolicy sets the caller's account policy.
func liveSetPolicy(t testing.TB, admin *apitest.Client, in map[string]any) {
	t.Helper()
	liveDo(t, admin, liveUpdatePolicy, map[string]any{"in": in})
}

// liveLimit is a policy input allowing max sessions per user, evicting the oldest, no idle timeout.
func liveLimit(max int) map[string]any {
	return map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": max,
		"whenLimitReached": "EVICT_OLDEST", "idleTimeoutEnabled": false}
}

// liveIdle is liveLimit with an idle timeout of minutes.
func liveIdle(max, minutes int) map[string]any {
	in := liveLimit(max)
	in["idleTimeoutEnabled"], in["idleTimeoutValue"], in["idleTimeoutUnit"] = true, minutes, "MINUTES"
	return in
}

// liveLastActive reads a session's last_active_at straight from the database.
func liveLastActive(t testing.TB, srv *apitest.Server, id string) time.Time {
	t.Helper()
	var s models.Session
	if err := srv.Store().Gorm().WithContext(context.Background()).Where("id = ?", id).Take(&s).Error; err != nil {
		t.Fatalf("unable to read session %s: %v", id, err)
	}
	return s.LastActiveAt
}

// liveGoIdle makes session id idle under a timeout of idleFor, and only it: every other active
// session of the account is marked active in the future first, then the clock moves past the
// timeout (plus the reaper's grace).
func liveGoIdle(t testing.TB, srv *apitest.Server, accountID, id string, idleFor time.Duration) {
	t.Helper()
	later := srv.Clock.Now().Add(3 * idleFor).UTC()
	err := srv.Store().Gorm().WithContext(context.Background()).Model(&models.Session{}).
		Where("account_id = ? AND id <> ? AND status = ?", accountID, id, models.SessionActive).
		Update("last_active_at", later).Error
	if err != nil {
		t.Fatalf("unable to keep the other sessions active: %v", err)
	}
	srv.Clock.Advance(2 * idleFor)
}

// liveRename renames a user straight in the database, behind the API's back.
func liveRename(t testing.TB, srv *apitest.Server, userID, name string) {
	t.Helper()
	err := srv.Store().Gorm().WithContext(context.Background()).Model(&models.User{}).
		Where("id = ?", userID).Update("name", name).Error
	if err != nil {
		t.Fatalf("unable to rename user: %v", err)
	}
}

// liveGoroutines is a goroutine count: all of them, and those running the product's code,
// gqlgen's or gorilla/websocket's (the database drivers' pool housekeeping, which comes and goes
// by itself, runs none of these).
type liveGoroutines struct{ all, app int }

// liveCountGoroutines counts the process's goroutines.
func liveCountGoroutines() liveGoroutines {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	c := liveGoroutines{all: runtime.NumGoroutine()}
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "sessionguard/") || strings.Contains(g, "99designs/gqlgen") || strings.Contains(g, "gorilla/websocket") {
			c.app++
		}
	}
	return c
}

// liveGoroutineSlack is how many goroutines beyond the baseline the database pools may hold
// (a pgx background reader, database/sql's connection cleaner); the app count gets none.
const liveGoroutineSlack = 2

// liveGoroutinesBackTo waits up to 2s for the goroutines to fall back to baseline and returns
// the last count.
func liveGoroutinesBackTo(baseline liveGoroutines) liveGoroutines {
	deadline := time.Now().Add(2 * time.Second)
	for {
		c := liveCountGoroutines()
		if c.app <= baseline.app && c.all <= baseline.all+liveGoroutineSlack || !time.Now().Before(deadline) {
			return c
		}
		time.Sleep(20 * time.Millisecond)
	}
}
