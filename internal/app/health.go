package app

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// readyTimeout bounds a readiness check: a database slower than this is as good as down to a
// load balancer, and the probe must never pile up requests behind it.
const readyTimeout = time.Second

// errNotListening: on PostgreSQL, live events come through one LISTEN connection; without it
// this replica's subscribers miss every change, so it should not take traffic.
var errNotListening = errors.New("not ready: event listener disconnected from PostgreSQL")

// alive answers liveness probes: the process runs and serves HTTP. It touches nothing else, so
// that a database outage makes replicas unready (taken out of rotation), not dead (restarted).
func alive(w http.ResponseWriter, _ *http.Request) {
	plainText(w, http.StatusOK, "ok")
}

// ready answers readiness probes: 200 when this replica can serve (its database answers at the
// schema this build needs and, on PostgreSQL, its event listener is connected), else 503 with
// the first reason. Unauthenticated and cheap: one indexed read, no session, no activity.
func (a *App) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := a.readiness(ctx); err != nil {
		plainText(w, http.StatusServiceUnavailable, err.Error())
		return
	}
	plainText(w, http.StatusOK, "ready")
}

func (a *App) readiness(ctx context.Context) error {
	if err := a.Store.Ready(ctx); err != nil {
		return err
	}
	if a.listener != nil && !a.listener.Listening() {
		return errNotListening
	}
	return nil
}

// plainText writes a one-line text answer that is never cached: probes want the state now.
func plainText(w http.ResponseWriter, status int, line string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(line + "\n"))
}
