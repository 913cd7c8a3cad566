package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"sessionguard/internal/events"
	"sessionguard/internal/observe"
)

// DefaultActiveSessionsRefresh is how often the active-session gauge is recounted.
const DefaultActiveSessionsRefresh = 30 * time.Second

// hubObserver reports the hub's and the listener's troubles, and each delivery's lag.
func hubObserver(m *observe.Metrics) events.Observer {
	return events.Observer{
		ListenerLost: m.ListenerLost,
		Resynced:     m.Resynced,
		SlowDropped:  m.SlowDropped,
		Sent:         func(evs []events.Event) { m.Delivered(evs[0].OccurredAt, time.Now()) },
	}
}

// countActiveSessions keeps the active-session gauge: one count every interval, whatever the
// scrapes, rather than a count per scrape (a count walks the index of every active session).
func (a *App) countActiveSessions(ctx context.Context) {
	ticker := time.NewTicker(a.cfg.ActiveSessionsRefresh)
	defer ticker.Stop()
	for {
		if n, err := a.Store.CountActiveSessions(ctx); err == nil {
			a.metrics.ActiveSessions(n)
		} else if ctx.Err() == nil {
			a.log.WarnContext(ctx, "metrics: unable to count active sessions", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// ServeMetrics serves /metrics on addr (METRICS_ADDR), a listener of its own, never the public
// one, until ctx ends; it returns the address listened on.
func (a *App) ServeMetrics(ctx context.Context, addr string) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("app: unable to serve metrics on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.metrics.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("metrics listener stopped", "err", err)
		}
	}()
	context.AfterFunc(ctx, func() { _ = srv.Close() })
	a.log.Info("metrics listening", "addr", ln.Addr().String())
	return ln.Addr(), nil
}
