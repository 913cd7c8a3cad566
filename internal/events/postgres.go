package events

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// channelSQL names the NOTIFY channel after the current schema: replicas sharing a schema share
// events, deployments (or tests) in other schemas of one database do not. It is SQL so that a
// transaction names the channel in its pg_notify without a round trip of its own. The name,
// "sessionguard_events_" and the first 8 bytes of the schema's SHA-256 in hex, is the one earlier
// versions computed in Go: replicas of both hear each other during a rolling upgrade.
const channelSQL = `'sessionguard_events_' || left(encode(sha256(convert_to(current_schema(), 'UTF8')), 'hex'), 16)`

// notifySQL announces one payload on the channel; PostgreSQL sends it when the transaction commits.
const notifySQL = "SELECT pg_notify(" + channelSQL + ", $1)"

// Postgres delivers events through PostgreSQL NOTIFY. A transaction announces its events with
// pg_notify, which PostgreSQL sends only if, and when, it commits; every replica, this one
// included, hears them on one dedicated LISTEN connection (Run) and hands them to its Hub.
type Postgres struct {
	url       string
	hub       *Hub
	ready     chan struct{}
	listening atomic.Bool // LISTEN holds now: commits reach the hub
}

// NewPostgres delivers through the database at url to hub; hub hears nothing until Run runs.
func NewPostgres(url string, hub *Hub) *Postgres {
	return &Postgres{url: url, hub: hub, ready: make(chan struct{})}
}

// BeforeCommit announces evs in tx, in as few notifications as fit.
func (p *Postgres) BeforeCommit(ctx context.Context, tx Tx, evs []Event) error {
	for _, payload := range Encode(evs) {
		if _, err := tx.ExecContext(ctx, notifySQL, payload); err != nil {
			return fmt.Errorf("events: unable to notify: %w", err)
		}
	}
	return nil
}

// AfterCommit does nothing: the listener hears the commit, on this replica as on the others.
func (*Postgres) AfterCommit(context.Context, []Event) {}

// Ready is closed once Run first listens: from then on every commit reaches the hub.
func (p *Postgres) Ready() <-chan struct{} { return p.ready }

// Listening reports whether the LISTEN connection is up now. While it is down this replica's
// subscribers hear nothing, so a readiness probe should take it out of the load balancer.
func (p *Postgres) Listening() bool { return p.listening.Load() }

// Run listens until ctx ends; call it once. LISTEN is tied to its connection, so it holds one of
// its own, not one from a pool. It reconnects by itself with backoff; after a reconnect it tells
// every subscriber to resync, since notifications sent meanwhile are gone.
func (p *Postgres) Run(ctx context.Context) {
	backoff := 100 * time.Millisecond
	connected := false
	for ctx.Err() == nil {
		err := p.listen(ctx, func() {
			p.listening.Store(true) // before Ready closes: whoever waited for it sees it listening
			if connected {
				p.hub.Resync()
			} else {
				close(p.ready)
			}
			connected = true
			backoff = 100 * time.Millisecond
		})
		p.listening.Store(false)
		if ctx.Err() != nil {
			return
		}
		call(p.hub.observer.ListenerLost)
		slog.Warn("events: listener lost its connection, reconnecting", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// listen holds one connection until it fails, calling onListen once LISTEN succeeded.
func (p *Postgres) listen(ctx context.Context, onListen func()) error {
	conn, err := pgx.Connect(ctx, p.url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var channel string
	if err := conn.QueryRow(ctx, "SELECT "+channelSQL).Scan(&channel); err != nil {
		return fmt.Errorf("events: unable to name the channel: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	onListen()
	for {
		// Wake up now and then to ping: a silently dead connection would otherwise wait forever.
		waitCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
		n, err := conn.WaitForNotification(waitCtx)
		cancel()
		switch {
		case err == nil:
			evs, err := Decode(n.Payload)
			if err != nil {
				slog.Error("events: dropping notification", "err", err)
				continue
			}
			p.hub.Publish(ctx, evs)
		case ctx.Err() != nil:
			return ctx.Err()
		case waitCtx.Err() != nil:
			pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err := conn.Ping(pingCtx)
			cancel()
			if err != nil {
				return err
			}
		default:
			return err
		}
	}
}
