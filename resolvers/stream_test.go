package resolvers

import (
	"context"
	"testing"
	"time"

	"sessionguard/internal/events"
)

// patience bounds every wait; a passing test never reaches it.
const patience = 10 * time.Second

var policyFilter = events.Filter{AccountID: "a", Kind: events.PolicyUpdated}

func policyChanged(hub *events.Hub) {
	hub.Publish(context.Background(), []events.Event{{Kind: events.PolicyUpdated, AccountID: "a"}})
}

// recv waits for the next value, or the channel's close (ok false).
func recv[T any](t *testing.T, ch <-chan T) (v T, ok bool) {
	t.Helper()
	select {
	case v, ok = <-ch:
		return v, ok
	case <-time.After(patience):
		t.Fatal("nothing received")
		return v, false
	}
}

// looker answers look calls from a script: the nth call finds n when its answer is true. It
// tells the test of each call.
type looker struct {
	answers []bool
	n       int
	calls   chan int
}

func newLooker(answers ...bool) *looker {
	return &looker{answers: answers, calls: make(chan int, len(answers)+1)}
}

func (l *looker) look(context.Context) (int, bool) {
	l.n++
	found := l.n <= len(l.answers) && l.answers[l.n-1]
	l.calls <- l.n
	return l.n, found
}

// waitLooks waits until look has been called n more times.
func (l *looker) waitLooks(t *testing.T, n int) {
	t.Helper()
	for range n {
		select {
		case <-l.calls:
		case <-time.After(patience):
			t.Fatal("look was not called")
		}
	}
}

// closedAndUnsubscribed checks that ch closes with nothing more on it and the hub is let go.
func closedAndUnsubscribed[T any](t *testing.T, ch <-chan T, hub *events.Hub) {
	t.Helper()
	if v, ok := recv(t, ch); ok {
		t.Fatalf("received %v, want the channel closed", v)
	}
	if n := hub.Subscribers(); n != 0 {
		t.Errorf("%d hub subscribers after the stream ended, want 0", n)
	}
}

func TestWatchFirstFound(t *testing.T) {
	t.Run("found at the start", func(t *testing.T) {
		hub, l := events.NewHub(4), newLooker(true)
		ch, err := stream(t.Context(), hub, policyFilter, watch(firstFound, l.look))
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := recv(t, ch); !ok || v != 1 {
			t.Fatalf("received %v, %v; want the value found at the start", v, ok)
		}
		closedAndUnsubscribed(t, ch, hub)
	})
	t.Run("looks again after delivery broke, then sends what a change shows", func(t *testing.T) {
		hub, l := events.NewHub(4), newLooker(false, false, true)
		ch, err := stream(t.Context(), hub, policyFilter, watch(firstFound, l.look))
		if err != nil {
			t.Fatal(err)
		}
		l.waitLooks(t, 1)
		hub.Resync()
		l.waitLooks(t, 1)
		if n := hub.Subscribers(); n != 1 {
			t.Fatalf("%d hub subscribers after a resync, want 1 (subscribed again)", n)
		}
		policyChanged(hub)
		if v, ok := recv(t, ch); !ok || v != 3 {
			t.Fatalf("received %v, %v; want the value found after the change", v, ok)
		}
		closedAndUnsubscribed(t, ch, hub)
	})
	t.Run("a change it cannot read ends it", func(t *testing.T) {
		hub, l := events.NewHub(4), newLooker(false, false)
		ch, err := stream(t.Context(), hub, policyFilter, watch(firstFound, l.look))
		if err != nil {
			t.Fatal(err)
		}
		l.waitLooks(t, 1)
		policyChanged(hub)
		closedAndUnsubscribed(t, ch, hub)
	})
	t.Run("the client leaving ends it", func(t *testing.T) {
		hub, l := events.NewHub(4), newLooker(false)
		ctx, cancel := context.WithCancel(t.Context())
		ch, err := stream(ctx, hub, policyFilter, watch(firstFound, l.look))
		if err != nil {
			t.Fatal(err)
		}
		l.waitLooks(t, 1)
		cancel()
		closedAndUnsubscribed(t, ch, hub)
	})
}

func TestWatchEveryChange(t *testing.T) {
	hub, l := events.NewHub(4), newLooker(true, false, true)
	ctx, cancel := context.WithCancel(t.Context())
	ch, err := stream(ctx, hub, policyFilter, watch(everyChange, l.look))
	if err != nil {
		t.Fatal(err)
	}
	if n := hub.Subscribers(); n != 1 {
		t.Fatalf("%d hub subscribers once the resolver returned, want 1", n)
	}
	policyChanged(hub)
	if v, ok := recv(t, ch); !ok || v != 1 {
		t.Fatalf("received %v, %v; want the first look's value (none at the start)", v, ok)
	}
	policyChanged(hub) // found nothing: nothing sent, the stream goes on
	l.waitLooks(t, 2)
	hub.Resync()
	if v, ok := recv(t, ch); !ok || v != 3 {
		t.Fatalf("received %v, %v; want what a look after the resync found", v, ok)
	}
	cancel()
	closedAndUnsubscribed(t, ch, hub)
}

// A client that stops reading holds only its own producer, which lets go when it leaves.
func TestStreamSendGivesUpWhenTheClientLeaves(t *testing.T) {
	hub, l := events.NewHub(4), newLooker(true, true, true)
	ctx, cancel := context.WithCancel(t.Context())
	ch, err := stream(ctx, hub, policyFilter, watch(everyChange, l.look))
	if err != nil {
		t.Fatal(err)
	}
	policyChanged(hub)
	policyChanged(hub)
	l.waitLooks(t, 2) // the first value fills the channel's buffer; the second send waits
	cancel()
	for range ch {
	}
	if n := hub.Subscribers(); n != 0 {
		t.Errorf("%d hub subscribers after the client left, want 0", n)
	}
}

func TestChanges(t *testing.T) {
	hub := events.NewHub(4)
	ctx, cancel := context.WithCancel(t.Context())
	ids := func(_ context.Context, evs []events.Event) ([]string, error) {
		out := make([]string, len(evs))
		for i, ev := range evs {
			out[i] = ev.SessionID
		}
		return out, nil
	}
	ch, err := stream(ctx, hub, events.Filter{AccountID: "a"}, changes(ids))
	if err != nil {
		t.Fatal(err)
	}
	hub.Publish(ctx, []events.Event{
		{Kind: events.SessionStarted, AccountID: "a", SessionID: "s1"},
		{Kind: events.SessionStarted, AccountID: "b", SessionID: "other"},
		{Kind: events.SessionEnded, AccountID: "a", SessionID: "s2"},
	})
	for _, want := range []string{"s1", "s2"} {
		if got, ok := recv(t, ch); !ok || got != want {
			t.Fatalf("received %q, %v; want %q", got, ok, want)
		}
	}
	cancel()
	closedAndUnsubscribed(t, ch, hub)
}
