package events_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"sessionguard/internal/events"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// delivering is one engine's delivery feeding a hub, with a database to run its transactions in.
type delivering struct {
	delivery events.Delivery
	hub      *events.Hub
	db       *sql.DB
	marks    int64 // PolicyVersion of the last marker sent
}

// engineDeliveries returns the delivery app.New picks for each engine: in process on SQLite,
// NOTIFY on PostgreSQL (with its listener running).
func engineDeliveries(t *testing.T) map[string]func(t *testing.T) *delivering {
	out := map[string]func(t *testing.T) *delivering{
		"sqlite": func(t *testing.T) *delivering {
			hub := events.NewHub(16)
			return &delivering{delivery: events.InProcess{Hub: hub}, hub: hub,
				db: openDB(t, "sqlite", filepath.Join(t.TempDir(), "events.db"))}
		},
	}
	for _, e := range testdb.Engines(t) {
		if e.Name == "postgres" {
			out["postgres"] = func(t *testing.T) *delivering {
				l := startListener(t)
				return &delivering{delivery: l.postgres, hub: l.hub, db: openDB(t, "pgx", l.url)}
			}
		}
	}
	return out
}

func openDB(t *testing.T, driver, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// transact hands evs to the delivery as the store does: BeforeCommit in a transaction, then
// AfterCommit once it has committed; or, with commit false, BeforeCommit and a rollback.
func (d *delivering) transact(t *testing.T, evs []events.Event, commit bool) {
	t.Helper()
	ctx := context.Background()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := d.delivery.BeforeCommit(ctx, tx, evs); err != nil {
		t.Fatal(err)
	}
	if !commit {
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	d.delivery.AfterCommit(ctx, evs)
}

// mark commits a marker event of its own and returns it.
func (d *delivering) mark(t *testing.T) events.Event {
	t.Helper()
	d.marks++
	m := events.Event{Kind: events.PolicyUpdated, AccountID: "acc", PolicyVersion: d.marks, OccurredAt: at}
	d.transact(t, []events.Event{m}, true)
	return m
}

// until returns what sub receives before marker: each subscriber receives events in commit
// order, so the marker proves nothing else came before it, without sleeping.
func until(t *testing.T, sub *events.Subscription, marker events.Event) []events.Event {
	t.Helper()
	var got []events.Event
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		evs, ok := sub.Receive(ctx)
		if ctx.Err() != nil {
			t.Fatalf("marker %d not received within 10s; got %d events before it", marker.PolicyVersion, len(got))
		}
		if !ok {
			t.Fatalf("subscription closed: %v", sub.Err())
		}
		for _, e := range evs {
			if sameEvents([]events.Event{e}, []events.Event{marker}) {
				return got
			}
			got = append(got, e)
		}
	}
}

// sameEvents compares events by value, times as instants.
func sameEvents(a, b []events.Event) bool {
	return slices.EqualFunc(a, b, func(x, y events.Event) bool {
		same := x.OccurredAt.Equal(y.OccurredAt)
		x.OccurredAt, y.OccurredAt = time.Time{}, time.Time{}
		return same && x == y
	})
}

// Both engines' deliveries keep the store's promise: a change's events reach subscribers once,
// in order, only after it commits, and never if it rolls back.
func TestDeliveryOnCommitOnly(t *testing.T) {
	many := make([]events.Event, 1000) // more than one NOTIFY payload holds
	for i := range many {
		many[i] = events.Event{Kind: events.SessionEnded, AccountID: "acc", UserID: "u",
			SessionID: fmt.Sprintf("s%04d", i), Reason: models.EndTerminateAll, OccurredAt: at}
	}
	for name, start := range engineDeliveries(t) {
		t.Run(name, func(t *testing.T) {
			d := start(t)
			t.Run("a committed transaction's events arrive once, in order", func(t *testing.T) {
				sub := d.hub.Subscribe(events.Filter{})
				defer sub.Close()
				d.transact(t, sample[:3], true)
				d.transact(t, sample[4:5], true)
				if got := until(t, sub, d.mark(t)); !sameEvents(got, pick(0, 1, 2, 4)) {
					t.Errorf("got %+v, want %+v", got, pick(0, 1, 2, 4))
				}
			})
			t.Run("nothing arrives before the commit", func(t *testing.T) {
				sub := d.hub.Subscribe(events.Filter{})
				defer sub.Close()
				ctx := context.Background()
				tx, err := d.db.BeginTx(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer tx.Rollback()
				if err := d.delivery.BeforeCommit(ctx, tx, sample[:1]); err != nil {
					t.Fatal(err)
				}
				if got := until(t, sub, d.mark(t)); len(got) != 0 {
					t.Errorf("before the commit: %+v", got)
				}
				if err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
				d.delivery.AfterCommit(ctx, sample[:1])
				if got := until(t, sub, d.mark(t)); !sameEvents(got, sample[:1]) {
					t.Errorf("after the commit: %+v, want %+v", got, sample[:1])
				}
			})
			t.Run("a rolled back transaction's events never arrive", func(t *testing.T) {
				sub := d.hub.Subscribe(events.Filter{})
				defer sub.Close()
				d.transact(t, sample, false)
				if got := until(t, sub, d.mark(t)); len(got) != 0 {
					t.Errorf("got %+v, want nothing", got)
				}
			})
			t.Run("a thousand events arrive whole and in order", func(t *testing.T) {
				sub := d.hub.Subscribe(events.Filter{AccountID: "acc"})
				defer sub.Close()
				d.transact(t, many, true)
				if got := until(t, sub, d.mark(t)); !sameEvents(got, many) {
					t.Errorf("got %d events, want the %d sent, in order", len(got), len(many))
				}
			})
		})
	}
}

// failing is a delivery whose BeforeCommit fails.
type failing struct{ events.Discard }

var errFailing = errors.New("unable to deliver")

func (failing) BeforeCommit(context.Context, events.Tx, []events.Event) error { return errFailing }

func TestMultiAndRecorder(t *testing.T) {
	ctx := context.Background()
	var a, b events.Recorder
	both := events.Multi{&a, events.Discard{}, &b}
	if err := both.BeforeCommit(ctx, nil, sample[:2]); err != nil {
		t.Fatal(err)
	}
	if n := len(a.Events()) + len(b.Events()); n != 0 {
		t.Fatalf("%d events recorded before the commit, want none", n)
	}
	both.AfterCommit(ctx, sample[:2])
	events.Multi{&a, &b}.AfterCommit(ctx, sample[2:3])
	for name, r := range map[string]*events.Recorder{"first": &a, "second": &b} {
		if got := r.Events(); !slices.Equal(got, sample[:3]) {
			t.Errorf("%s recorder: %v, want %v", name, got, sample[:3])
		}
	}
	got := a.Events()
	got[0].SessionID = "changed"
	if a.Events()[0].SessionID != "s1" {
		t.Error("Events returned the recorder's own slice")
	}
	if err := (events.Multi{&a, failing{}, &b}).BeforeCommit(ctx, nil, sample[:1]); !errors.Is(err, errFailing) {
		t.Errorf("BeforeCommit with a failing delivery: %v, want its error", err)
	}
}
