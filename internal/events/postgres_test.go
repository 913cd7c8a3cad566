package events_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"sessionguard/internal/events"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// listening is a Postgres delivery listening in a fresh schema, with a second connection to send
// from.
type listening struct {
	t        *testing.T
	ctx      context.Context
	url      string // the schema's database URL
	app      string // the listener connection's application_name
	channel  string
	hub      *events.Hub
	postgres *events.Postgres
	sender   *pgx.Conn
	stop     func() // cancels Run and waits for it to return

	lost, resyncs atomic.Int64 // what the hub's observer heard
}

func startListener(t *testing.T) *listening {
	t.Helper()
	var dbURL string
	for _, e := range testdb.Engines(t) {
		if e.Name == "postgres" {
			dbURL = e.New(t)
		}
	}
	if dbURL == "" {
		t.Skip("the listener needs PostgreSQL: set TEST_DATABASE_URL")
	}
	ctx := context.Background()
	l := &listening{t: t, ctx: ctx, url: dbURL, app: "sg_listener_" + randomHex(t), hub: events.NewHub(16)}
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("application_name", l.app)
	u.RawQuery = q.Encode()

	if l.sender, err = pgx.Connect(ctx, dbURL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.sender.Close(ctx) })
	l.channel = channelOf(t, l.sender)

	l.hub.Observe(events.Observer{ListenerLost: func() { l.lost.Add(1) }, Resynced: func() { l.resyncs.Add(1) }})
	l.postgres = events.NewPostgres(u.String(), l.hub)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		l.postgres.Run(runCtx)
	}()
	l.stop = func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Postgres.Run did not return within 5s of its context ending")
		}
	}
	t.Cleanup(l.stop)
	select {
	case <-l.postgres.Ready():
	case <-time.After(10 * time.Second):
		t.Fatal("the listener was not ready within 10s")
	}
	return l
}

// channelOf names the channel of conn's schema as every version has, in Go before it was SQL:
// replicas of two versions must hear each other during a rolling upgrade.
func channelOf(t *testing.T, conn *pgx.Conn) string {
	t.Helper()
	var schema string
	if err := conn.QueryRow(context.Background(), "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(schema))
	return "sessionguard_events_" + hex.EncodeToString(sum[:8])
}

func randomHex(t *testing.T) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// notify sends payload on channel from the sender connection.
func (l *listening) notify(channel, payload string) {
	l.t.Helper()
	if _, err := l.sender.Exec(l.ctx, "SELECT pg_notify($1, $2)", channel, payload); err != nil {
		l.t.Fatal(err)
	}
}

// backend returns the listener connection's backend pid, or 0 when it has none.
func (l *listening) backend() int {
	l.t.Helper()
	var pids []int
	rows, err := l.sender.Query(l.ctx, "SELECT pid FROM pg_stat_activity WHERE application_name = $1", l.app)
	if err != nil {
		l.t.Fatal(err)
	}
	pids, err = pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		l.t.Fatal(err)
	}
	if len(pids) > 1 {
		l.t.Fatalf("the listener holds %d connections, want one", len(pids))
	}
	if len(pids) == 0 {
		return 0
	}
	return pids[0]
}

// payload is the NOTIFY payload of one event.
func payload(e events.Event) string { return events.Encode([]events.Event{e})[0] }

// next waits up to timeout for sub's next delivery, which must hold one event.
func next(t *testing.T, sub *events.Subscription, timeout time.Duration) (events.Event, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	evs, ok := sub.Receive(ctx)
	if ctx.Err() != nil {
		t.Fatalf("no event within %v", timeout)
	}
	if !ok {
		return events.Event{}, false
	}
	if len(evs) != 1 {
		t.Fatalf("a delivery of %d events, want one per notification: %+v", len(evs), evs)
	}
	return evs[0], true
}

// quiet fails if sub receives anything within d.
func quiet(t *testing.T, sub *events.Subscription, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if e, ok := sub.Receive(ctx); ctx.Err() == nil {
		t.Fatalf("unexpected delivery (open %v): %+v", ok, e)
	}
}

func ended(session string) events.Event {
	return events.Event{Kind: events.SessionEnded, AccountID: "acc", UserID: "u", SessionID: session,
		Reason: models.EndAdminLogout, OccurredAt: at}
}

func TestListenerDeliversNotifications(t *testing.T) {
	l := startListener(t)
	cases := []struct {
		name string
		send func(t *testing.T) // sends what the case is about, then a marker event
		want []events.Event     // received before the marker
	}{
		{"a notification on the channel", func(t *testing.T) {
			l.notify(l.channel, payload(ended("s1")))
		}, []events.Event{ended("s1")}},
		{"several, in order", func(t *testing.T) {
			for _, id := range []string{"s1", "s2", "s3"} {
				l.notify(l.channel, payload(ended(id)))
			}
		}, []events.Event{ended("s1"), ended("s2"), ended("s3")}},
		{"another channel is not heard", func(t *testing.T) {
			l.notify(l.channel+"_other", payload(ended("s1")))
		}, nil},
		{"a bad payload is dropped and the listener goes on", func(t *testing.T) {
			l.notify(l.channel, "not an event")
		}, nil},
		{"a rolled back transaction announces nothing", func(t *testing.T) {
			tx, err := l.sender.Begin(l.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec(l.ctx, "SELECT pg_notify($1, $2)", l.channel, payload(ended("s1"))); err != nil {
				t.Fatal(err)
			}
			if err := tx.Rollback(l.ctx); err != nil {
				t.Fatal(err)
			}
		}, nil},
		{"a transaction announces only once it commits", func(t *testing.T) {
			tx, err := l.sender.Begin(l.ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(l.ctx)
			if _, err := tx.Exec(l.ctx, "SELECT pg_notify($1, $2)", l.channel, payload(ended("s2"))); err != nil {
				t.Fatal(err)
			}
			sub := l.hub.Subscribe(events.Filter{})
			defer sub.Close()
			quiet(t, sub, 200*time.Millisecond)
			if err := tx.Commit(l.ctx); err != nil {
				t.Fatal(err)
			}
		}, []events.Event{ended("s2")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sub := l.hub.Subscribe(events.Filter{AccountID: "acc"})
			defer sub.Close()
			tc.send(t)
			marker := events.Event{Kind: events.PolicyUpdated, AccountID: "acc", PolicyVersion: 99, OccurredAt: at}
			l.notify(l.channel, payload(marker))
			for _, want := range append(tc.want, marker) {
				got, ok := next(t, sub, 5*time.Second)
				if !ok {
					t.Fatalf("subscription closed: %v", sub.Err())
				}
				if !got.OccurredAt.Equal(want.OccurredAt) {
					t.Errorf("occurred at %v, want %v", got.OccurredAt, want.OccurredAt)
				}
				got.OccurredAt, want.OccurredAt = time.Time{}, time.Time{}
				if got != want {
					t.Errorf("got %+v, want %+v", got, want)
				}
			}
		})
	}
}

func TestListenerReconnectsAndAsksForAResync(t *testing.T) {
	before := runtime.NumGoroutine()
	l := startListener(t)
	cases := []struct {
		name string
		kill int // backends to terminate in a row
	}{
		{"the connection is killed", 1},
		{"it is killed again right after reconnecting", 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			subs := []*events.Subscription{
				l.hub.Subscribe(events.Filter{}),
				l.hub.Subscribe(events.Filter{AccountID: "acc", Kind: events.SessionEnded}),
			}
			for range tc.kill {
				pid := l.backend()
				if pid == 0 {
					t.Fatal("the listener has no connection")
				}
				var ok bool
				if err := l.sender.QueryRow(l.ctx, "SELECT pg_terminate_backend($1)", pid).Scan(&ok); err != nil || !ok {
					t.Fatalf("pg_terminate_backend(%d): %v %v", pid, ok, err)
				}
				// Each subscription ends with ErrResync once the listener is back.
				for i, sub := range subs {
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					evs, ok := sub.Receive(ctx)
					if ctx.Err() != nil {
						t.Fatalf("subscription %d still open 10s after the connection was killed", i)
					}
					cancel()
					if ok {
						t.Fatalf("subscription %d received an event instead of closing: %+v", i, evs)
					}
					if !errors.Is(sub.Err(), events.ErrResync) {
						t.Errorf("subscription %d ended with %v, want ErrResync", i, sub.Err())
					}
				}
				if now := l.backend(); now == 0 || now == pid {
					t.Fatalf("listener backend %d after killing %d, want a new one", now, pid)
				}
				subs = []*events.Subscription{l.hub.Subscribe(events.Filter{})}
			}

			// A new subscription hears what is sent from now on.
			sub := subs[0]
			defer sub.Close()
			l.notify(l.channel, payload(ended("after")))
			got, ok := next(t, sub, 5*time.Second)
			if !ok || got.SessionID != "after" {
				t.Fatalf("after reconnecting: got %+v (open %v, err %v)", got, ok, sub.Err())
			}
		})
	}

	// Three connections killed: the observer heard of each loss (and of any failed reconnect),
	// and of each resync.
	if lost, resyncs := l.lost.Load(), l.resyncs.Load(); lost < 3 || resyncs != 3 {
		t.Errorf("observer heard %d losses and %d resyncs, want at least 3 and 3", lost, resyncs)
	}
	l.stop()
	deadline := time.Now().Add(5 * time.Second)
	for l.backend() != 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if pid := l.backend(); pid != 0 {
		t.Errorf("backend %d still connected after the listener stopped", pid)
	}
	l.sender.Close(l.ctx)
	if !settles(before) {
		t.Errorf("goroutines: %d before, %d after the listener stopped", before, runtime.NumGoroutine())
	}
}
