package events

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// wire is an event in a NOTIFY payload: ids and the kind only; listeners load whatever they show.
type wire struct {
	Kind          Kind   `json:"k"`
	AccountID     string `json:"a"`
	UserID        string `json:"u,omitempty"`
	SessionID     string `json:"s,omitempty"`
	Reason        string `json:"r,omitempty"`
	PolicyVersion int64  `json:"v,omitempty"`
	OccurredAt    int64  `json:"t"` // Unix microseconds
}

// MaxPayload keeps each NOTIFY payload under PostgreSQL's 8,000-byte limit.
const MaxPayload = 7900

// Encode turns evs into as few NOTIFY payloads as fit under MaxPayload, each a JSON array of
// events in order: a transaction that ends a thousand sessions sends a few dozen notifications,
// and every listener hands each one to its subscribers as one delivery.
func Encode(evs []Event) []string {
	var payloads []string
	batch := []byte("[")
	for _, e := range evs {
		one, _ := json.Marshal(wire{
			Kind: e.Kind, AccountID: e.AccountID, UserID: e.UserID, SessionID: e.SessionID,
			Reason: string(e.Reason), PolicyVersion: e.PolicyVersion, OccurredAt: e.OccurredAt.UnixMicro(),
		})
		if len(batch) > 1 && len(batch)+1+len(one)+1 > MaxPayload {
			payloads = append(payloads, string(append(batch, ']')))
			batch = []byte("[")
		}
		if len(batch) > 1 {
			batch = append(batch, ',')
		}
		batch = append(batch, one...)
	}
	if len(batch) > 1 {
		payloads = append(payloads, string(append(batch, ']')))
	}
	return payloads
}

// Decode reads a NOTIFY payload.
func Decode(payload string) ([]Event, error) {
	var ws []wire
	if err := json.Unmarshal([]byte(payload), &ws); err != nil {
		return nil, fmt.Errorf("events: bad payload: %w", err)
	}
	evs := make([]Event, len(ws))
	for i, w := range ws {
		evs[i] = Event{
			Kind: w.Kind, AccountID: w.AccountID, UserID: w.UserID, SessionID: w.SessionID,
			Reason: reason(w.Reason), PolicyVersion: w.PolicyVersion, OccurredAt: time.UnixMicro(w.OccurredAt).UTC(),
		}
	}
	return evs, nil
}

// Listener feeds a Hub from PostgreSQL NOTIFY on one dedicated connection (not from the pool:
// LISTEN is tied to its connection). It reconnects by itself with backoff; after a reconnect it
// tells every subscriber to resync, since notifications sent meanwhile are gone.
type Listener struct {
	URL     string
	Channel string
	Hub     *Hub
	// Ready, if set, is closed once the first LISTEN is in place.
	Ready chan struct{}
}

// Run listens until ctx ends.
func (l *Listener) Run(ctx context.Context) {
	backoff := 100 * time.Millisecond
	connected := false
	for ctx.Err() == nil {
		err := l.listen(ctx, func() {
			if connected {
				l.Hub.Resync()
			} else if l.Ready != nil {
				close(l.Ready)
			}
			connected = true
			backoff = 100 * time.Millisecond
		})
		if ctx.Err() != nil {
			return
		}
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
func (l *Listener) listen(ctx context.Context, onListen func()) error {
	conn, err := pgx.Connect(ctx, l.URL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{l.Channel}.Sanitize()); err != nil {
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
			l.Hub.Publish(ctx, evs)
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
