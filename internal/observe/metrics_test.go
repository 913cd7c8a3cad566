package observe_test

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sessionguard/internal/auth"
	"sessionguard/internal/observe"
	"sessionguard/models"
)

// exposition is what the metrics handler serves.
func exposition(t *testing.T, m *observe.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

// Counting what the server does on every request allocates nothing: the series are resolved
// when the metrics are made.
func TestCountingAllocatesNothing(t *testing.T) {
	m := observe.NewMetrics()
	allocs := testing.AllocsPerRun(100, func() {
		m.Request(observe.HTTP, observe.Query, observe.OtherName, time.Millisecond)
		m.Request(observe.Websocket, observe.Subscription, observe.OtherName, 0)
		m.Login(auth.LoginRefused)
		m.SessionStarted()
		m.SessionEnded(models.EndLogout)
		m.SubscriptionStarted()
		m.SubscriptionEnded()
		m.Delivered(time.Now().Add(-time.Millisecond), time.Now())
	})
	if allocs != 0 {
		t.Errorf("%v allocations per round of counting, want 0", allocs)
	}
}

// Labels take only the values the metrics know: a known document's name, an unknown ending
// reason as UNKNOWN; subscriptions are counted but not timed; a delivery from a clock ahead
// counts as no lag.
func TestMetricLabelsAndValues(t *testing.T) {
	m := observe.NewMetrics()
	m.Request(observe.HTTP, observe.Mutation, "ConsoleLogin", 20*time.Millisecond)
	m.Request(observe.Websocket, observe.Subscription, observe.OtherName, time.Hour)
	m.SessionEnded(models.SessionEndReason("FROM_A_NEWER_VERSION"))
	m.Delivered(time.Now().Add(time.Minute), time.Now())
	m.ReaperPass(time.Second, 3, nil)
	m.ReaperPass(time.Second, 0, io.EOF)
	out := exposition(t, m)
	for _, want := range []string{
		`sessionguard_requests_total{name="ConsoleLogin",operation="mutation",transport="http"} 1`,
		`sessionguard_request_duration_seconds_count{name="ConsoleLogin",operation="mutation",transport="http"} 1`,
		`sessionguard_requests_total{name="other",operation="subscription",transport="websocket"} 1`,
		`sessionguard_request_duration_seconds_count{name="other",operation="subscription",transport="websocket"} 0`,
		`sessionguard_sessions_ended_total{reason="UNKNOWN"} 1`,
		`sessionguard_sessions_ended_total{reason="LOGOUT"} 0`,
		`sessionguard_event_delivery_lag_seconds_sum 0`,
		`sessionguard_event_delivery_lag_seconds_count 1`,
		`sessionguard_reaper_pass_duration_seconds_count 2`,
		`sessionguard_reaper_sessions_ended_total 3`,
		`sessionguard_reaper_pass_errors_total 1`,
		`sessionguard_logins_total{outcome="throttled"} 0`,
		"go_goroutines ",
	} {
		if !strings.Contains(out, want+"\n") && !strings.Contains(out, want) {
			t.Errorf("the exposition lacks %q", want)
		}
	}
	if strings.Contains(out, `reason="FROM_A_NEWER_VERSION"`) {
		t.Error("an unknown reason became a label value")
	}
}
