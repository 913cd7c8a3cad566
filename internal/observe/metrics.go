package observe

import (
	"database/sql"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"sessionguard/internal/auth"
	"sessionguard/models"
)

// Transport is how a GraphQL operation arrived.
type Transport int

const (
	HTTP Transport = iota
	Websocket
	transports
)

var transportNames = [transports]string{"http", "websocket"}

// Operation is a request's GraphQL operation type; None for requests that are not one (the
// console, probes) or whose document could not be read.
type Operation int

const (
	None Operation = iota
	Query
	Mutation
	Subscription
	operations
)

var operationNames = [operations]string{"none", "query", "mutation", "subscription"}

// String is the operation's label: none, query, mutation or subscription.
func (o Operation) String() string { return operationNames[o] }

// OtherName is the operation-name label of every document that is not a known (trusted) one:
// names chosen by clients would make the label's values unbounded.
const OtherName = "other"

// unknownReason labels endings whose reason this version does not know.
const unknownReason = "UNKNOWN"

// Metrics are one App's Prometheus metrics, on a registry of its own. Series whose labels are
// known in advance are resolved once, here, so that counting allocates nothing.
type Metrics struct {
	registry *prometheus.Registry

	requestVec  *prometheus.CounterVec
	durationVec *prometheus.HistogramVec
	requests    [transports][operations]prometheus.Counter  // name "other"
	durations   [transports][operations]prometheus.Observer // name "other"

	logins    map[auth.LoginOutcome]prometheus.Counter
	throttled *prometheus.CounterVec

	started prometheus.Counter
	ended   map[models.SessionEndReason]prometheus.Counter
	active  prometheus.Gauge

	websockets    prometheus.Gauge
	subscriptions prometheus.Gauge
	deliveryLag   prometheus.Histogram
	reconnects    prometheus.Counter
	resyncs       prometheus.Counter
	slowDropped   prometheus.Counter

	reaperPasses  prometheus.Histogram
	reaperErrors  prometheus.Counter
	reaperEndings prometheus.Counter
}

// NewMetrics registers every family of sessionguard's own, the Go runtime's and the process's;
// WatchPool and WatchListener add the database's.
func NewMetrics() *Metrics {
	r := prometheus.NewRegistry()
	f := factory{r}
	m := &Metrics{
		registry: r,
		requestVec: f.counterVec("sessionguard_requests_total",
			"Requests served: HTTP requests, and operations sent over websockets.", "transport", "operation", "name"),
		durationVec: f.histogramVec("sessionguard_request_duration_seconds",
			"Time to answer a request or operation (subscriptions are counted, not timed).",
			prometheus.DefBuckets, "transport", "operation", "name"),
		logins: map[auth.LoginOutcome]prometheus.Counter{},
		throttled: f.counterVec("sessionguard_login_throttle_refusals_total",
			"Attempts refused by a login budget, by what was attempted.", "attempt"),
		started: f.counter("sessionguard_sessions_started_total", "Sessions this replica started."),
		ended:   map[models.SessionEndReason]prometheus.Counter{},
		active: f.gauge("sessionguard_sessions_active",
			"Active sessions in the database, all accounts; recounted every ActiveSessionsRefresh, not per scrape."),
		websockets:    f.gauge("sessionguard_websockets_open", "Authenticated websockets open on this replica."),
		subscriptions: f.gauge("sessionguard_subscriptions_open", "GraphQL subscriptions running on this replica."),
		deliveryLag: f.histogram("sessionguard_event_delivery_lag_seconds",
			"From a change's time in its transaction to its delivery being sent to a subscriber.",
			[]float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}),
		reconnects: f.counter("sessionguard_event_listener_reconnects_total",
			"Times the PostgreSQL LISTEN connection was lost (each followed by a reconnect)."),
		resyncs: f.counter("sessionguard_event_resyncs_total",
			"Times every subscriber was told to refetch, after the listener reconnected."),
		slowDropped: f.counter("sessionguard_event_slow_subscribers_dropped_total",
			"Subscribers dropped for falling a whole buffer behind."),
		reaperPasses: f.histogram("sessionguard_reaper_pass_duration_seconds",
			"Duration of the idle reaper's passes.", prometheus.DefBuckets),
		reaperErrors:  f.counter("sessionguard_reaper_pass_errors_total", "Reaper passes that failed."),
		reaperEndings: f.counter("sessionguard_reaper_sessions_ended_total", "Sessions the reaper ended."),
	}
	endedVec := f.counterVec("sessionguard_sessions_ended_total", "Sessions this replica ended, by reason.", "reason")
	for _, reason := range append(models.SessionEndReasons, unknownReason) {
		m.ended[reason] = endedVec.WithLabelValues(string(reason))
	}
	loginVec := f.counterVec("sessionguard_logins_total", "Login attempts, by outcome.", "outcome")
	for _, o := range auth.LoginOutcomes {
		m.logins[o] = loginVec.WithLabelValues(string(o))
	}
	for t := range transports {
		for o := range operations {
			m.requests[t][o] = m.requestVec.WithLabelValues(transportNames[t], operationNames[o], OtherName)
			m.durations[t][o] = m.durationVec.WithLabelValues(transportNames[t], operationNames[o], OtherName)
		}
	}
	r.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// WatchPool reports the connection pool's use, as database "sessionguard" (go_sql_* families).
func (m *Metrics) WatchPool(pool *sql.DB) {
	m.registry.MustRegister(collectors.NewDBStatsCollector(pool, "sessionguard"))
}

// WatchListener reports whether the PostgreSQL event listener is connected.
func (m *Metrics) WatchListener(listening func() bool) {
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "sessionguard_event_listener_connected",
		Help: "1 while the PostgreSQL LISTEN connection is up.",
	}, func() float64 {
		if listening() {
			return 1
		}
		return 0
	}))
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Request counts one request or operation, timing it unless it is a subscription. name is
// OtherName unless the document is a known one.
func (m *Metrics) Request(t Transport, op Operation, name string, took time.Duration) {
	count, timing := m.requests[t][op], m.durations[t][op]
	if name != OtherName {
		count = m.requestVec.WithLabelValues(transportNames[t], operationNames[op], name)
		timing = m.durationVec.WithLabelValues(transportNames[t], operationNames[op], name)
	}
	count.Inc()
	if op != Subscription {
		timing.Observe(took.Seconds())
	}
}

// Login counts a login attempt.
func (m *Metrics) Login(o auth.LoginOutcome) { m.logins[o].Inc() }

// Throttled counts an attempt a login budget refused; attempt is login, signup or create_user.
func (m *Metrics) Throttled(attempt string) { m.throttled.WithLabelValues(attempt).Inc() }

// SessionStarted counts a session this replica started.
func (m *Metrics) SessionStarted() { m.started.Inc() }

// SessionEnded counts a session this replica ended.
func (m *Metrics) SessionEnded(reason models.SessionEndReason) {
	c, ok := m.ended[reason]
	if !ok {
		c = m.ended[unknownReason]
	}
	c.Inc()
}

// ActiveSessions sets the active-session count last taken.
func (m *Metrics) ActiveSessions(n int64) { m.active.Set(float64(n)) }

// WebsocketOpened and WebsocketClosed keep the open-websocket gauge.
func (m *Metrics) WebsocketOpened() { m.websockets.Inc() }
func (m *Metrics) WebsocketClosed() { m.websockets.Dec() }

// SubscriptionStarted and SubscriptionEnded keep the open-subscription gauge.
func (m *Metrics) SubscriptionStarted() { m.subscriptions.Inc() }
func (m *Metrics) SubscriptionEnded()   { m.subscriptions.Dec() }

// Delivered observes the lag of a delivery sent at now whose oldest change happened at
// occurred; a clock behind the database's counts as no lag.
func (m *Metrics) Delivered(occurred, now time.Time) {
	m.deliveryLag.Observe(max(now.Sub(occurred), 0).Seconds())
}

// ListenerLost, Resynced and SlowDropped count the event deliveries' troubles.
func (m *Metrics) ListenerLost() { m.reconnects.Inc() }
func (m *Metrics) Resynced()     { m.resyncs.Inc() }
func (m *Metrics) SlowDropped()  { m.slowDropped.Inc() }

// ReaperPass observes one pass of the reaper.
func (m *Metrics) ReaperPass(took time.Duration, ended int, err error) {
	m.reaperPasses.Observe(took.Seconds())
	m.reaperEndings.Add(float64(ended))
	if err != nil {
		m.reaperErrors.Inc()
	}
}

// factory registers what it makes on one registry.
type factory struct{ r *prometheus.Registry }

func (f factory) counter(name, help string) prometheus.Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
	f.r.MustRegister(c)
	return c
}

func (f factory) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	f.r.MustRegister(c)
	return c
}

func (f factory) gauge(name, help string) prometheus.Gauge {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
	f.r.MustRegister(g)
	return g
}

func (f factory) histogram(name, help string, buckets []float64) prometheus.Histogram {
	h := prometheus.NewHistogram(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets})
	f.r.MustRegister(h)
	return h
}

func (f factory) histogramVec(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
	h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets}, labels)
	f.r.MustRegister(h)
	return h
}
