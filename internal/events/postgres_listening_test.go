package events_test

import (
	"testing"

	"sessionguard/internal/events"
)

// Listening is what the readiness probe reads: false before Run listens and after it stops,
// true while LISTEN holds.
func TestListenerReportsWhetherItListens(t *testing.T) {
	if events.NewPostgres("postgres://unused", events.NewHub(1)).Listening() {
		t.Fatal("a listener that never ran says it listens")
	}
	l := startListener(t)
	if !l.postgres.Listening() {
		t.Fatal("a ready listener says it does not listen")
	}
	l.stop()
	if l.postgres.Listening() {
		t.Fatal("a stopped listener says it listens")
	}
}
