// Package app assembles sessionguard: the store, the auth service, live events and the GraphQL
// handler behind one http.Handler, plus the background workers. server.go reads configuration
// into a Config; tests build an App directly.
package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"sessionguard/internal/auth"
	"sessionguard/internal/clientinfo"
	"sessionguard/internal/events"
	"sessionguard/internal/live"
	"sessionguard/internal/observe"
	"sessionguard/internal/reaper"
	"sessionguard/internal/store"
	"sessionguard/internal/webhooks"
)

// Config is everything an App needs; server.go fills it from the environment.
type Config struct {
	DatabaseURL    string
	GeoIPPath      string
	TrustedProxies []netip.Prefix
	AllowedOrigins []string
	AllowSignUp    bool
	SecureCookies  bool
	Passwords      auth.PasswordParams // zero: auth.DefaultPasswordParams
	HashLimits     auth.HashLimits     // zero: half the cores hash at once, 32 per slot may queue
	Now            func() time.Time    // zero: time.Now
	Recorder       *events.Recorder    // also receives every committed event (tests check each is announced once)
	// ReaperInterval is how often the idle reaper runs; zero: DefaultReaperInterval. Negative
	// runs no reaper, for tests that must be the only users of the database.
	ReaperInterval time.Duration
	// PurgeInterval is how often expired rows are deleted (PurgeExpired); zero:
	// DefaultPurgeInterval. Negative runs no purge.
	PurgeInterval time.Duration
	Console       fs.FS // the built admin console; nil: the playground at /
	// Introspection says who may read the schema by introspection; zero: IntrospectionAuthenticated.
	Introspection IntrospectionMode
	// TrustedDocuments says whether cookie-authenticated requests run only ConsoleDocuments;
	// zero: TrustedDocumentsAllow.
	TrustedDocuments TrustedDocumentsMode
	// ConsoleDocuments is the console's persisted-documents.json (GraphQL Code Generator's
	// manifest, hash → document), which TrustedDocumentsEnforce requires.
	ConsoleDocuments []byte
	// WriteThroughActivity writes each recorded request's activity at once instead of noting it
	// for the batched flusher (the default); for tests whose clock jumps faster than any flush.
	WriteThroughActivity bool
	// Logger receives the access log and the security events; nil: slog.Default().
	Logger *slog.Logger
	// MetricsAddr is where server.go serves /metrics (ServeMetrics); empty: nowhere.
	MetricsAddr string
	// ActiveSessionsRefresh is how often the active-session gauge is recounted; zero:
	// DefaultActiveSessionsRefresh. Negative never counts, for tests that must be the only
	// users of the database.
	ActiveSessionsRefresh time.Duration
	// WebhookAllowPrivate (WEBHOOK_ALLOW_PRIVATE) lets webhooks reach http:// URLs and private,
	// loopback and link-local addresses: for tests and closed networks.
	WebhookAllowPrivate bool
	// WebhookInterval is how often the webhook worker looks for due deliveries besides when this
	// process commits an event; zero: webhooks.DefaultInterval. Negative runs no worker.
	WebhookInterval time.Duration
	// WebhookBackoff is the wait after a failed delivery attempt; nil: webhooks.Backoff.
	WebhookBackoff func(attempt int) time.Duration
	// APIKeyRate is each API key's request budget per replica (API_KEY_RATE_PER_SECOND,
	// API_KEY_RATE_BURST); zero: auth.DefaultKeyRate.
	APIKeyRate auth.KeyRate
	// APIKeyUsageFlushInterval is how often API keys' last use is stored; zero:
	// store.DefaultAPIKeyUsageFlushInterval. Negative runs no flusher (Close still stores it).
	APIKeyUsageFlushInterval time.Duration
}

// DefaultPurgeInterval is how often each replica deletes what retention no longer keeps
// (store.PurgeExpired): retention is counted in days, so an hour late is on time.
const DefaultPurgeInterval = time.Hour

// DefaultReaperInterval is how often the idle reaper runs unless configured.
const DefaultReaperInterval = 5 * time.Second

// App is a running sessionguard.
type App struct {
	Store   *store.Store
	Auth    *auth.Service
	Hub     *events.Hub
	Sockets *live.Sockets
	// Delivery carries committed events to the Hub of every replica; chosen by engine.
	Delivery events.Delivery
	// Webhooks manages endpoints; WebhookWorker delivers the outbox (run by Run).
	Webhooks      *webhooks.Service
	WebhookWorker *webhooks.Worker

	cfg      Config
	metrics  *observe.Metrics
	log      *slog.Logger
	geo      *clientinfo.GeoDB
	handler  http.Handler
	listener *events.Postgres // PostgreSQL only: its LISTEN connection runs in Run
	trusted  trustedDocuments // the console's documents (TRUSTED_DOCUMENTS)

	// websockets live until shutdown cancels this, not the HTTP server's request contexts,
	// which http.Server.Shutdown never cancels.
	wsCtx    context.Context
	wsCancel context.CancelFunc
}

// New opens the database (migrating it) and builds the handler. Run starts the workers.
func New(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Passwords == (auth.PasswordParams{}) {
		cfg.Passwords = auth.DefaultPasswordParams
	}
	if cfg.ReaperInterval == 0 {
		cfg.ReaperInterval = DefaultReaperInterval
	}
	if cfg.PurgeInterval == 0 {
		cfg.PurgeInterval = DefaultPurgeInterval
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.ActiveSessionsRefresh == 0 {
		cfg.ActiveSessionsRefresh = DefaultActiveSessionsRefresh
	}
	if cfg.APIKeyUsageFlushInterval == 0 {
		cfg.APIKeyUsageFlushInterval = store.DefaultAPIKeyUsageFlushInterval
	}
	metrics := observe.NewMetrics()
	// Read in either mode (a malformed manifest is a broken build): enforce refuses other
	// documents on the cookie, and the console's documents are known to label what runs.
	trusted, err := parseTrustedDocuments(cfg.ConsoleDocuments)
	if err != nil {
		return nil, err
	}
	if cfg.TrustedDocuments == TrustedDocumentsEnforce && len(trusted.hashes) == 0 {
		return nil, errors.New("app: TRUSTED_DOCUMENTS=enforce, but the console's persisted documents are empty")
	}
	hub := events.NewHub(256) // commits a subscriber may fall behind, however many events each holds
	hub.Observe(hubObserver(metrics))
	// Chosen once, by engine. One process: to the hub after commit.
	var delivery events.Delivery = events.InProcess{Hub: hub}
	var listener *events.Postgres
	if store.IsPostgres(cfg.DatabaseURL) {
		// Every replica, this one included, learns of changes through NOTIFY.
		listener = events.NewPostgres(cfg.DatabaseURL, hub)
		delivery = listener
	}
	security := securityLog{metrics: metrics, log: cfg.Logger}
	// The recorder and the security log first: by the time a subscriber hears of a change, it
	// is recorded and counted.
	// The webhook worker wakes when this process commits an event: its outbox rows are due.
	worker := &webhooks.Worker{
		Sender: webhooks.NewSender(cfg.WebhookAllowPrivate, cfg.Now), Log: cfg.Logger,
		Interval: cfg.WebhookInterval, Backoff: cfg.WebhookBackoff,
	}
	recorded := events.Multi{security, delivery, webhooks.Waker{Worker: worker}}
	if cfg.Recorder != nil {
		recorded = events.Multi{cfg.Recorder, security, delivery, webhooks.Waker{Worker: worker}}
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{
		Now: cfg.Now, Delivery: recorded, BatchActivity: !cfg.WriteThroughActivity,
	})
	if err != nil {
		return nil, err
	}
	geo, err := clientinfo.OpenGeoDB(cfg.GeoIPPath)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("app: unable to open GeoIP database: %w", err)
	}
	passwords, err := auth.NewPasswords(cfg.Passwords, cfg.HashLimits)
	if err != nil {
		st.Close()
		return nil, err
	}
	worker.Store = st
	metrics.WatchPool(st.Pool())
	if listener != nil {
		metrics.WatchListener(listener.Listening)
	}
	a := &App{
		Store: st, Hub: hub, Sockets: live.NewSockets(st, hub), Delivery: delivery, cfg: cfg, geo: geo,
		listener: listener, metrics: metrics, log: cfg.Logger, trusted: trusted, WebhookWorker: worker,
		Webhooks: &webhooks.Service{Store: st, Sender: worker.Sender, AllowPrivate: cfg.WebhookAllowPrivate},
		Auth: &auth.Service{
			Store: st, Passwords: passwords, Limits: auth.DefaultLimits,
			Sessions: &auth.Sessions{Store: st, Geo: geo}, Observer: security,
		},
	}
	a.wsCtx, a.wsCancel = context.WithCancel(context.Background())
	a.handler = a.routes()
	return a, nil
}

// Handler serves the whole product.
func (a *App) Handler() http.Handler { return a.handler }

// Run runs the background workers (event listener, socket closer, activity flusher, idle reaper,
// webhook deliveries)
// until ctx ends; the flusher stores the last noted activity as it stops. ready is closed once
// live events flow.
func (a *App) Run(ctx context.Context, ready chan<- struct{}) {
	var wg sync.WaitGroup
	start := func(fn func(context.Context)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(ctx)
		}()
	}
	start(a.Sockets.Run)
	start(a.Store.RunActivityFlusher)
	if a.cfg.ActiveSessionsRefresh > 0 {
		start(a.countActiveSessions)
	}
	if a.cfg.WebhookInterval >= 0 {
		start(a.WebhookWorker.Run)
	}
	if every := a.cfg.APIKeyUsageFlushInterval; every > 0 {
		start(func(ctx context.Context) { a.Store.RunAPIKeyUsageFlusher(ctx, every) })
	}
	if a.cfg.ReaperInterval > 0 {
		start(func(ctx context.Context) { reaper.Run(ctx, a.Store, a.cfg.ReaperInterval, a.metrics.ReaperPass) })
	}
	if a.cfg.PurgeInterval > 0 {
		start(a.purgeExpired)
	}
	if a.listener != nil {
		start(a.listener.Run)
		select {
		case <-a.listener.Ready():
		case <-ctx.Done():
		}
	}
	if ready != nil {
		close(ready)
	}
	wg.Wait()
}

// CloseWebsockets tells every websocket client the server is going away; part of shutdown.
func (a *App) CloseWebsockets() {
	a.Sockets.CloseAll(1001, "server shutting down")
	a.wsCancel()
}

// Close stores the activity still noted (when Run was never started, or requests came after it
// ended), then releases the database and the GeoIP reader.
func (a *App) Close() error {
	a.wsCancel()
	a.geo.Close()
	ctx, cancel := context.WithTimeout(context.Background(), store.StopFlushTimeout)
	defer cancel()
	return errors.Join(a.Store.FlushActivity(ctx), a.Store.FlushAPIKeyUsage(ctx), a.Store.Close())
}
