package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/observe"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// logBuffer collects a server's JSON log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// lines decodes every line logged so far.
func (b *logBuffer) lines(t testing.TB) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q is not JSON: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// observed starts a server logging JSON at debug to the returned buffer, with a fast reaper
// and active-session count.
func observed(t *testing.T, dbURL string, configure ...func(*app.Config)) (*apitest.Server, *logBuffer) {
	logs := &logBuffer{}
	configure = append([]func(*app.Config){func(c *app.Config) {
		c.Logger = observe.NewLogger(logs, observe.LogConfig{JSON: true, Level: slog.LevelDebug})
		c.ReaperInterval = 20 * time.Millisecond
		c.ActiveSessionsRefresh = 20 * time.Millisecond
	}}, configure...)
	return apitest.Start(t, dbURL, configure...), logs
}

// scrape fetches the metrics over HTTP and parses them.
func scrape(t testing.TB, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", url, resp.StatusCode)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return families
}

// value is the sample of family whose labels include labels (name=value pairs): a counter's or
// gauge's value, a histogram's count; -1 when there is none.
func value(families map[string]*dto.MetricFamily, family string, labels ...string) float64 {
	f, ok := families[family]
	if !ok {
		return -1
	}
next:
	for _, m := range f.GetMetric() {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.GetLabel() {
				if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

// The metrics listener serves every family after logins, requests (over HTTP and a websocket), a
// subscription, a logout and a reaper pass that ends an idle session, with values that count
// them; the public listener serves none.
func TestMetricsAfterAUsersDay(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv, logs := observed(t, dbURL)
		t.Cleanup(func() {
			if t.Failed() {
				t.Log(logs.String())
			}
		})
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		addr, err := srv.App.ServeMetrics(ctx, "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		metricsURL := "http://" + addr.String() + "/metrics"

		acc := srv.SeedAccount(t)
		stranger := srv.Client()
		for i := range 6 { // the sixth is over the email's budget of five
			res := stranger.Do(t, apitest.MutationLogin, map[string]any{"e": "nobody@example.test", "p": fmt.Sprintf("guess-%d-password", i)})
			if res.Code() == "" {
				t.Fatalf("login %d as nobody succeeded", i)
			}
		}
		watcher := srv.Login(t, acc.Admin)
		watcher.MustDo(t, apitest.QueryMe, nil)
		ws := srv.Dial(t, apitest.Protocol(0), watcher.Token)
		events := srv.Subscribe(t, ws, apitest.SubscriptionEvents, nil)
		member := srv.AddUser(t, acc, models.RoleMember, "Mo Member")
		other := srv.Login(t, member) // a session of its own
		if r, ok := wstest.Next(t, events, apitest.Wait); !ok {
			t.Fatalf("the subscription did not hear of the second login: %+v", r)
		}
		other.MustDo(t, apitest.MutationLogout, nil)
		if _, ok := wstest.Next(t, events, apitest.Wait); !ok {
			t.Fatal("the subscription did not hear of the logout")
		}

		// A query over the websocket, then an idle session for the reaper to end.
		if r, ok := wstest.Next(t, mustSubscribe(t, ws, apitest.QueryMe), apitest.Wait); !ok || len(r.Errors) > 0 {
			t.Fatalf("a query over the websocket: %+v", r)
		}
		apitest.SetPolicy(t, watcher, apitest.IdleInput(5, 5))
		idler := srv.Login(t, member)
		srv.GoIdle(t, acc.ID, idler.SessionID, 5*time.Minute)

		var got map[string]*dto.MetricFamily
		apitest.Eventually(t, apitest.Wait, func() bool {
			got = scrape(t, metricsURL)
			return value(got, "sessionguard_reaper_sessions_ended_total") == 1 &&
				value(got, "sessionguard_sessions_active") == 1
		}, "the reaper's ending and the active sessions counted")

		expect := []struct {
			family  string
			labels  []string
			atLeast float64
		}{
			{"sessionguard_requests_total", []string{"transport", "http", "operation", "mutation", "name", "other"}, 9},
			{"sessionguard_requests_total", []string{"transport", "http", "operation", "query", "name", "other"}, 1},
			{"sessionguard_requests_total", []string{"transport", "websocket", "operation", "subscription", "name", "other"}, 1},
			{"sessionguard_requests_total", []string{"transport", "websocket", "operation", "query", "name", "other"}, 1},
			{"sessionguard_request_duration_seconds", []string{"transport", "websocket", "operation", "query"}, 1},
			{"sessionguard_request_duration_seconds", []string{"transport", "http", "operation", "query"}, 1},
			{"sessionguard_logins_total", []string{"outcome", "success"}, 3},
			{"sessionguard_logins_total", []string{"outcome", "invalid_credentials"}, 5},
			{"sessionguard_logins_total", []string{"outcome", "throttled"}, 1},
			{"sessionguard_login_throttle_refusals_total", []string{"attempt", "login"}, 1},
			{"sessionguard_sessions_started_total", nil, 3},
			{"sessionguard_sessions_ended_total", []string{"reason", "IDLE_TIMEOUT"}, 1},
			{"sessionguard_sessions_ended_total", []string{"reason", "LOGOUT"}, 1},
			{"sessionguard_sessions_active", nil, 1},
			{"sessionguard_websockets_open", nil, 1},
			{"sessionguard_subscriptions_open", nil, 1},
			{"sessionguard_event_delivery_lag_seconds", nil, 2},
			{"sessionguard_event_resyncs_total", nil, 0},
			{"sessionguard_event_listener_reconnects_total", nil, 0},
			{"sessionguard_reaper_pass_duration_seconds", nil, 1},
			{"sessionguard_reaper_sessions_ended_total", nil, 1},
			{"go_sql_open_connections", []string{"db_name", "sessionguard"}, 1},
			{"go_goroutines", nil, 1},
			{"process_resident_memory_bytes", nil, 1},
		}
		for _, e := range expect {
			if v := value(got, e.family, e.labels...); v < e.atLeast {
				t.Errorf("%s%v = %v, want at least %v", e.family, e.labels, v, e.atLeast)
			}
		}
		if exact := value(got, "sessionguard_sessions_ended_total", "reason", "LOGOUT"); exact != 1 {
			t.Errorf("sessions ended by logout: %v, want 1", exact)
		}
		if lag := got["sessionguard_event_delivery_lag_seconds"].GetMetric()[0].GetHistogram().GetSampleSum(); lag > 5 {
			t.Errorf("delivery lag sums to %v s for two deliveries", lag)
		}
		policyLogged := false
		for _, l := range logs.lines(t) {
			policyLogged = policyLogged || (l["msg"] == "session policy changed" && l["account_id"] == acc.ID &&
				l["by_user_id"] == acc.Admin.ID && l["request_id"] != nil)
		}
		if !policyLogged {
			t.Error("no log line for the policy change with its account, author and request")
		}
		if strings.HasPrefix(dbURL, "postgres") {
			if v := value(got, "sessionguard_event_listener_connected"); v != 1 {
				t.Errorf("listener connected: %v, want 1", v)
			}
		}

		ws.Close()
		apitest.Eventually(t, apitest.Wait, func() bool {
			got = scrape(t, metricsURL)
			return value(got, "sessionguard_websockets_open") == 0 && value(got, "sessionguard_subscriptions_open") == 0
		}, "the websocket and its subscription to be counted closed")

		// Never on the public listener.
		if status, _, _ := srv.Raw(t, http.MethodGet, "/metrics", nil, ""); status != http.StatusNotFound {
			t.Errorf("GET /metrics on the public listener: %d, want 404", status)
		}
	})
}

// Every request gets one access line and an X-Request-Id, echoed in the answer and on every
// line about it; a trusted proxy's id is kept, anyone else's replaced. No line holds the
// password, the token or the cookie of a login.
func TestAccessLogAndRequestIDs(t *testing.T) {
	dbURL := testdb.Engines(t)[0].New(t) // the log is the same on every engine
	srv, logs := observed(t, dbURL, apitest.TrustLoopback)
	acc := srv.SeedAccount(t)
	linesOf := func(id string) []map[string]any {
		var out []map[string]any
		for _, l := range logs.lines(t) {
			if l["request_id"] == id {
				out = append(out, l)
			}
		}
		return out
	}
	header := http.Header{"Content-Type": {"application/json"}, observe.RequestIDHeader: {"lb-7f3a:42"}}
	status, h, body := srv.Raw(t, http.MethodPost, "/graphql", header,
		apitest.GraphQLBody(t, apitest.MutationLogin, map[string]any{"e": acc.Admin.Email, "p": acc.Admin.Password}))
	if status != http.StatusOK || h.Get(observe.RequestIDHeader) != "lb-7f3a:42" {
		t.Fatalf("login: %d with X-Request-Id %q, want 200 echoing the proxy's id", status, h.Get(observe.RequestIDHeader))
	}
	var login struct {
		Data struct{ Login struct{ Token string } }
	}
	if err := json.Unmarshal(body, &login); err != nil || login.Data.Login.Token == "" {
		t.Fatalf("login answered %s", body)
	}
	secrets := []string{acc.Admin.Password, login.Data.Login.Token}
	for _, c := range h.Values("Set-Cookie") {
		_, rest, _ := strings.Cut(c, "=")
		if value, _, _ := strings.Cut(rest, ";"); value != "" {
			secrets = append(secrets, value)
		}
	}
	lines := linesOf("lb-7f3a:42")
	msgs := map[string]map[string]any{}
	for _, l := range lines {
		msgs[l["msg"].(string)] = l
	}
	access, ok := msgs["request"]
	if !ok || msgs["login"] == nil || msgs["session started"] == nil {
		t.Fatalf("lines of the login's request: %v, want request, login and session started", lines)
	}
	want := map[string]any{
		"method": "POST", "path": "/graphql", "status": float64(200), "operation": "mutation",
		"account_id": acc.ID, "user_id": acc.Admin.ID, "level": "INFO",
	}
	for k, v := range want {
		if access[k] != v {
			t.Errorf("access line %s = %v, want %v", k, access[k], v)
		}
	}
	if access["session_id"] == "" || access["session_id"] != msgs["login"]["session_id"] {
		t.Errorf("access line names session %v, the login line %v", access["session_id"], msgs["login"]["session_id"])
	}
	if d, ok := access["duration_ms"].(float64); !ok || d <= 0 {
		t.Errorf("access line duration_ms %v", access["duration_ms"])
	}

	// The token in use, as a bearer token and a cookie, on a request with a client's own id.
	c := srv.Bearer(login.Data.Login.Token)
	c.Header.Set("Cookie", "sg_extra="+login.Data.Login.Token)
	c.MustDo(t, apitest.MutationLogout, nil)
	for _, s := range secrets {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the log holds a secret of the login (%.6s…)", s)
		}
	}

	// A websocket logs its opening and closing under its upgrade's id.
	other := srv.Login(t, acc.Admin)
	ws, err := srv.DialWith(t, wstest.Options{Protocol: apitest.Protocol(0), InitPayload: apitest.BearerInit(other.Token),
		Header: http.Header{observe.RequestIDHeader: {"socket-1"}}})
	if err != nil {
		t.Fatal(err)
	}
	ws.Close()
	apitest.Eventually(t, apitest.Wait, func() bool {
		got := map[string]bool{}
		for _, l := range linesOf("socket-1") {
			got[l["msg"].(string)] = true
		}
		return got["websocket opened"] && got["websocket closed"]
	}, "the websocket's opening and closing logged under its request id")

	// Ids a proxy may not pass on: too long, or able to forge a line.
	for _, bad := range []string{strings.Repeat("a", 129), "two words", "quote\"d"} {
		_, h, _ := srv.Raw(t, http.MethodGet, "/healthz", http.Header{observe.RequestIDHeader: {bad}}, "")
		if id := h.Get(observe.RequestIDHeader); id == bad || len(id) != 16 {
			t.Errorf("id %q from a trusted proxy answered as %q, want a new 16-digit one", bad, id)
		}
	}
}

// mustSubscribe starts query on c, failing the test on refusal.
func mustSubscribe(t testing.TB, c *wstest.Conn, query string) <-chan wstest.Result {
	t.Helper()
	ch, err := c.Subscribe(query, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// A client's own X-Request-Id is not believed: it could pose as another request in the log.
func TestRequestIDFromAnUntrustedClient(t *testing.T) {
	srv, logs := observed(t, testdb.Engines(t)[0].New(t))
	_, h, _ := srv.Raw(t, http.MethodGet, "/healthz", http.Header{observe.RequestIDHeader: {"forged"}}, "")
	id := h.Get(observe.RequestIDHeader)
	if id == "forged" || len(id) != 16 {
		t.Fatalf("X-Request-Id %q, want a new 16-digit id", id)
	}
	apitest.Eventually(t, apitest.Wait, func() bool { return strings.Contains(logs.String(), `"request_id":"`+id+`"`) },
		"the access line under the new id")
	if strings.Contains(logs.String(), "forged") {
		t.Error("the client's id reached the log")
	}
	for _, l := range logs.lines(t) {
		if l["request_id"] == id && l["level"] != "DEBUG" {
			t.Errorf("a passing probe logged at %v, want DEBUG (probes every few seconds would bury the rest)", l["level"])
		}
	}
}
