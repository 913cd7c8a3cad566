package events_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sessionguard/internal/events"
	"sessionguard/models"
)

var at = time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.UTC)

// sample is one batch of changes in two accounts.
var sample = []events.Event{
	{Kind: events.SessionStarted, AccountID: "acc-a", UserID: "u1", SessionID: "s1", OccurredAt: at},
	{Kind: events.SessionEnded, AccountID: "acc-a", UserID: "u1", SessionID: "s1", Reason: models.EndLogout, OccurredAt: at.Add(time.Second)},
	{Kind: events.SessionStarted, AccountID: "acc-a", UserID: "u2", SessionID: "s2", OccurredAt: at.Add(2 * time.Second)},
	{Kind: events.SessionStarted, AccountID: "acc-b", UserID: "u3", SessionID: "s3", OccurredAt: at.Add(3 * time.Second)},
	{Kind: events.PolicyUpdated, AccountID: "acc-a", PolicyVersion: 2, OccurredAt: at.Add(4 * time.Second)},
	{Kind: events.SessionEnded, AccountID: "acc-b", UserID: "u3", SessionID: "s3", Reason: models.EndIdleTimeout, OccurredAt: at.Add(5 * time.Second)},
}

// drain returns the events sub holds without waiting, and whether C is closed.
func drain(sub *events.Subscription) (got []events.Event, closed bool) {
	batches, closed := drainDeliveries(sub)
	for _, b := range batches {
		got = append(got, b...)
	}
	return got, closed
}

// drainDeliveries returns what sub holds without waiting, one slice per delivery.
func drainDeliveries(sub *events.Subscription) (got [][]events.Event, closed bool) {
	for {
		if evs, ok := sub.Next(); ok {
			if len(evs) == 0 {
				panic("an empty delivery")
			}
			got = append(got, evs)
			continue
		}
		select {
		case _, open := <-sub.C:
			if !open {
				return got, true
			}
			// a signal for deliveries taken already
		default:
			return got, false
		}
	}
}

// pick returns sample's events at the given indexes.
func pick(idx ...int) []events.Event {
	out := []events.Event{}
	for _, i := range idx {
		out = append(out, sample[i])
	}
	return out
}

func TestHubFilters(t *testing.T) {
	cases := []struct {
		name   string
		filter events.Filter
		want   []events.Event
	}{
		{"everything", events.Filter{}, pick(0, 1, 2, 3, 4, 5)},
		{"one account", events.Filter{AccountID: "acc-a"}, pick(0, 1, 2, 4)},
		{"the other account", events.Filter{AccountID: "acc-b"}, pick(3, 5)},
		{"an account with no events", events.Filter{AccountID: "acc-c"}, pick()},
		{"one user", events.Filter{AccountID: "acc-a", UserID: "u1"}, pick(0, 1)},
		{"a user of another account", events.Filter{AccountID: "acc-a", UserID: "u3"}, pick()},
		{"one session", events.Filter{SessionID: "s2"}, pick(2)},
		{"ended sessions", events.Filter{Kind: events.SessionEnded}, pick(1, 5)},
		{"policy updates of one account", events.Filter{AccountID: "acc-a", Kind: events.PolicyUpdated}, pick(4)},
		{"one session's end", events.Filter{SessionID: "s1", Kind: events.SessionEnded}, pick(1)},
		{"a user's policy updates (they carry no user)", events.Filter{UserID: "u1", Kind: events.PolicyUpdated}, pick()},
	}
	hub := events.NewHub(len(sample))
	subs := make([]*events.Subscription, len(cases))
	for i, tc := range cases {
		subs[i] = hub.Subscribe(tc.filter)
		defer subs[i].Close()
	}
	hub.Publish(context.Background(), sample)
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, closed := drain(subs[i])
			if closed {
				t.Fatalf("subscription closed: %v", subs[i].Err())
			}
			if got == nil {
				got = []events.Event{}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestHubKeepsPublishOrder(t *testing.T) {
	cases := []struct {
		name    string
		batches []int // sizes of consecutive Publish calls
	}{
		{"one event", []int{1}},
		{"one large batch", []int{200}},
		{"many batches from one publisher", []int{3, 1, 50, 7, 139}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hub := events.NewHub(256)
			all := hub.Subscribe(events.Filter{})
			defer all.Close()
			odd := hub.Subscribe(events.Filter{UserID: "odd"})
			defer odd.Close()
			var want, wantOdd []events.Event
			n := 0
			for _, size := range tc.batches {
				batch := make([]events.Event, size)
				for i := range batch {
					user := "even"
					if n%2 == 1 {
						user = "odd"
					}
					batch[i] = events.Event{Kind: events.SessionStarted, AccountID: "acc", UserID: user, SessionID: fmt.Sprint(n)}
					if user == "odd" {
						wantOdd = append(wantOdd, batch[i])
					}
					n++
				}
				want = append(want, batch...)
				hub.Publish(context.Background(), batch)
			}
			if got, _ := drain(all); !slices.Equal(got, want) {
				t.Errorf("unfiltered subscriber got %d events out of order or missing, want %d in order", len(got), len(want))
			}
			if got, _ := drain(odd); !slices.Equal(got, wantOdd) {
				t.Errorf("filtered subscriber got %d events out of order or missing, want %d in order", len(got), len(wantOdd))
			}
		})
	}
}

// The buffer counts deliveries, one per Publish that has events for the subscriber: a
// subscriber a whole buffer of deliveries behind is dropped, while one Publish of any size takes
// one place (ending every session of a large account must not drop every admin's stream).
func TestHubDropsSlowConsumers(t *testing.T) {
	const buffer = 4
	cases := []struct {
		name    string
		batches []int // events per Publish
	}{
		{"below the buffer", []int{1, 1, 1}},
		{"exactly the buffer", []int{1, 3, 1, 2}},
		{"one large publish takes one place", []int{10000}},
		{"large publishes up to the buffer", []int{1000, 1000, 1000, 1000}},
		{"one over", []int{1, 1, 1, 1, 1}},
		{"far over", []int{3, 3, 3, 3, 3, 3, 3, 3, 3, 3}},
		{"publishing on after the drop", []int{2, 2, 2, 2, 2, 2, 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hub := events.NewHub(buffer)
			slow := hub.Subscribe(events.Filter{})                 // never reads
			fast := hub.Subscribe(events.Filter{})                 // reads everything after each Publish
			quiet := hub.Subscribe(events.Filter{UserID: "quiet"}) // never reads, gets one event
			for _, s := range []*events.Subscription{slow, fast, quiet} {
				defer s.Close()
			}

			var published, fastGot []events.Event
			var deliveries [][]events.Event
			fastClosed := false
			for b, size := range tc.batches {
				batch := make([]events.Event, size)
				for i := range batch {
					user := "busy"
					if b == 0 && i == 0 {
						user = "quiet"
					}
					batch[i] = events.Event{Kind: events.SessionStarted, AccountID: "acc", UserID: user, SessionID: fmt.Sprintf("%d-%d", b, i)}
				}
				published = append(published, batch...)
				deliveries = append(deliveries, batch)
				publishWithin(t, hub, batch, slow, fast, quiet)
				got, closed := drain(fast)
				fastGot = append(fastGot, got...)
				fastClosed = fastClosed || closed
			}

			// The slow subscriber is dropped once a whole buffer behind, keeping what it had.
			got, closed := drainDeliveries(slow)
			wantDrop := len(tc.batches) > buffer
			if closed != wantDrop {
				t.Errorf("slow subscriber closed %v, want %v (err %v)", closed, wantDrop, slow.Err())
			}
			want := deliveries
			if wantDrop {
				want = deliveries[:buffer]
			}
			if len(got) != len(want) {
				t.Fatalf("slow subscriber drained %d deliveries, want %d", len(got), len(want))
			}
			for i := range got {
				if !slices.Equal(got[i], want[i]) {
					t.Errorf("slow subscriber's delivery %d: %d events, want the %d of publish %d in order", i, len(got[i]), len(want[i]), i)
				}
			}
			if wantDrop != errors.Is(slow.Err(), events.ErrSlowConsumer) {
				t.Errorf("slow subscriber's Err %v, want ErrSlowConsumer: %v", slow.Err(), wantDrop)
			}

			// The others are unaffected: one that keeps up gets everything, one that gets little
			// is never dropped.
			if fastClosed || !slices.Equal(fastGot, published) {
				t.Errorf("fast subscriber got %d events (closed %v, err %v), want all %d in order", len(fastGot), fastClosed, fast.Err(), len(published))
			}
			if got, closed := drain(quiet); closed || len(got) != 1 || got[0].UserID != "quiet" {
				t.Errorf("quiet subscriber got %v (closed %v, err %v), want its one event", got, closed, quiet.Err())
			}
			wantSubs := 3
			if wantDrop {
				wantSubs--
			}
			if n := hub.Subscribers(); n != wantSubs {
				t.Errorf("%d subscribers left, want %d", n, wantSubs)
			}
		})
	}
}

// Subscribers whose filter matches part of a Publish get that part as one delivery; those
// matching all of it share the published slice rather than copying it.
func TestHubDeliversOnePartPerPublish(t *testing.T) {
	hub := events.NewHub(8)
	all := hub.Subscribe(events.Filter{})
	accA := hub.Subscribe(events.Filter{AccountID: "acc-a"})
	none := hub.Subscribe(events.Filter{AccountID: "acc-c"})
	for _, s := range []*events.Subscription{all, accA, none} {
		defer s.Close()
	}
	hub.Publish(context.Background(), sample)
	gotAll, _ := drainDeliveries(all)
	gotA, _ := drainDeliveries(accA)
	gotNone, _ := drainDeliveries(none)
	if len(gotAll) != 1 || len(gotA) != 1 || len(gotNone) != 0 {
		t.Fatalf("deliveries: %d, %d, %d; want 1, 1 and none", len(gotAll), len(gotA), len(gotNone))
	}
	if &gotAll[0][0] != &sample[0] {
		t.Error("a subscriber matching every event got a copy of the published slice")
	}
	if !slices.Equal(gotA[0], pick(0, 1, 2, 4)) {
		t.Errorf("account A's delivery %v, want %v", gotA[0], pick(0, 1, 2, 4))
	}
}

func TestHubResync(t *testing.T) {
	hub := events.NewHub(8)
	filters := []events.Filter{{}, {AccountID: "acc-a"}, {SessionID: "s1", Kind: events.SessionEnded}}
	var subs []*events.Subscription
	for _, f := range filters {
		subs = append(subs, hub.Subscribe(f))
	}
	hub.Publish(context.Background(), sample[:1])
	hub.Resync()
	for i, sub := range subs {
		got, closed := drain(sub)
		if !closed || !errors.Is(sub.Err(), events.ErrResync) {
			t.Errorf("subscription %d: closed %v err %v, want closed with ErrResync", i, closed, sub.Err())
		}
		sub.Close() // harmless, and keeps the reason
		if !errors.Is(sub.Err(), events.ErrResync) {
			t.Errorf("subscription %d: Err %v after Close, want ErrResync still", i, sub.Err())
		}
		if i == 0 && len(got) != 1 {
			t.Errorf("subscription %d: %d buffered events before the close, want 1", i, len(got))
		}
	}
	if n := hub.Subscribers(); n != 0 {
		t.Errorf("%d subscribers after Resync, want 0", n)
	}
	hub.Resync() // with nobody subscribed

	// Subscribing again works as before.
	again := hub.Subscribe(events.Filter{})
	defer again.Close()
	hub.Publish(context.Background(), sample[1:3])
	if got, closed := drain(again); closed || !slices.Equal(got, sample[1:3]) {
		t.Errorf("new subscription after Resync got %v (closed %v)", got, closed)
	}
}

func TestSubscriptionClose(t *testing.T) {
	cases := []struct {
		name    string
		before  func(hub *events.Hub, sub *events.Subscription) // what happens before the Closes
		wantErr error
	}{
		{"closed by its owner", func(*events.Hub, *events.Subscription) {}, nil},
		{"closed after a resync", func(hub *events.Hub, _ *events.Subscription) { hub.Resync() }, events.ErrResync},
		{"closed after being dropped", func(hub *events.Hub, sub *events.Subscription) {
			for i := range 3 { // more deliveries than its buffer of 2
				publishWithin(t, hub, sample[i:i+1], sub)
			}
		}, events.ErrSlowConsumer},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hub := events.NewHub(2)
			sub := hub.Subscribe(events.Filter{})
			keep := hub.Subscribe(events.Filter{AccountID: "nobody"})
			defer keep.Close()
			tc.before(hub, sub)
			for range 3 {
				sub.Close()
			}
			if err := sub.Err(); !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Errorf("Err %v, want %v", err, tc.wantErr)
			}
			if _, closed := drain(sub); !closed {
				t.Error("C still open after Close")
			}
			// Later publishes and resyncs neither panic nor reach it.
			hub.Publish(context.Background(), sample)
			if err := sub.Err(); !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Errorf("Err %v after later publishes, want %v", err, tc.wantErr)
			}
			if n := hub.Subscribers(); tc.wantErr != events.ErrResync && n != 1 {
				t.Errorf("%d subscribers, want 1", n)
			}
		})
	}
}

// Publish, Subscribe, Close and Resync at once, for the race detector: no send on a closed
// channel, no deadlock, nothing left behind.
func TestHubConcurrentUse(t *testing.T) {
	before := runtime.NumGoroutine()
	hub := events.NewHub(16)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				hub.Publish(context.Background(), sample)
				if i == 0 {
					hub.Resync()
				}
			}
		}()
	}
	var received sync.WaitGroup
	for i := range 8 {
		received.Add(1)
		go func() {
			defer received.Done()
			for range 50 {
				sub := hub.Subscribe(events.Filter{AccountID: []string{"", "acc-a", "acc-b"}[i%3]})
				if i%2 == 0 {
					for { // read until dropped or resynced
						if _, ok := sub.Receive(context.Background()); !ok {
							break
						}
					}
				} else {
					<-time.After(time.Duration(i) * time.Microsecond)
				}
				sub.Close()
			}
		}()
	}
	done := make(chan struct{})
	go func() {
		received.Wait()
		close(stop)
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("concurrent use did not finish within 10s: deadlock?")
	}
	if n := hub.Subscribers(); n != 0 {
		t.Errorf("%d subscribers left after all closed", n)
	}
	if !settles(before) {
		t.Errorf("goroutines: %d before, %d after", before, runtime.NumGoroutine())
	}
}

// publishWithin publishes evs and fails if Publish blocks, which it must never do, whatever
// subs do; it then drains subs so that the blocked call, and the test, can end.
func publishWithin(t *testing.T, hub *events.Hub, evs []events.Event, subs ...*events.Subscription) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		hub.Publish(context.Background(), evs)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		for _, s := range subs {
			go func() {
				for range s.C {
				}
			}()
		}
		t.Fatal("Publish blocked on subscribers that do not read")
	}
}

// settles waits up to two seconds for the goroutine count to fall back to at most n.
func settles(n int) bool {
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if runtime.NumGoroutine() <= n {
			return true
		}
	}
	return false
}

// The hub tells its observer of slow subscribers dropped, resyncs and deliveries sent.
func TestHubObserver(t *testing.T) {
	var dropped, resynced, sent atomic.Int64
	h := events.NewHub(1)
	h.Observe(events.Observer{
		SlowDropped: func() { dropped.Add(1) },
		Resynced:    func() { resynced.Add(1) },
		Sent:        func(evs []events.Event) { sent.Add(int64(len(evs))) },
	})
	slow := h.Subscribe(events.Filter{})
	ev := events.Event{Kind: events.SessionStarted, AccountID: "acc", SessionID: "s"}
	h.Publish(context.Background(), []events.Event{ev})
	h.Publish(context.Background(), []events.Event{ev}) // a whole buffer behind: dropped
	if !errors.Is(slow.Err(), events.ErrSlowConsumer) || dropped.Load() != 1 {
		t.Fatalf("slow subscriber: err %v, observer heard %d drops; want ErrSlowConsumer and 1", slow.Err(), dropped.Load())
	}
	h.Sent([]events.Event{ev, ev})
	h.Sent(nil) // nothing sent: not a delivery
	h.Resync()
	if sent.Load() != 2 || resynced.Load() != 1 {
		t.Errorf("observer heard %d events sent and %d resyncs, want 2 and 1", sent.Load(), resynced.Load())
	}
}
