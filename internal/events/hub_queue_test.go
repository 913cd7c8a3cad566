package events

import (
	"context"
	"testing"
)

// A subscriber's queue exists only while it is behind: one that caught up holds none, so an
// idle subscriber costs its struct and a one-slot signal channel, not a whole buffer.
func TestSubscriptionQueueGrowsOnlyWhileBehind(t *testing.T) {
	hub := NewHub(256)
	sub := hub.Subscribe(Filter{})
	defer sub.Close()
	if sub.queue != nil || cap(sub.signal) != 1 {
		t.Fatalf("a new subscription holds a queue of %d, signal room %d", cap(sub.queue), cap(sub.signal))
	}
	evs := []Event{{Kind: SessionStarted, AccountID: "acc"}}
	for range 100 {
		hub.Publish(context.Background(), evs)
	}
	if len(sub.queue) != 100 {
		t.Fatalf("%d deliveries queued, want 100", len(sub.queue))
	}
	for range 100 {
		if _, ok := sub.Receive(context.Background()); !ok {
			t.Fatalf("closed early: %v", sub.Err())
		}
	}
	if sub.queue != nil {
		t.Errorf("a subscriber that caught up still holds a queue of %d", cap(sub.queue))
	}
}

// What was delivered before a subscription ended is still received, then Receive reports the end.
func TestSubscriptionReceiveAfterEnd(t *testing.T) {
	hub := NewHub(2)
	sub := hub.Subscribe(Filter{})
	defer sub.Close()
	evs := []Event{{Kind: SessionStarted, AccountID: "acc"}}
	for range 3 { // one more than the buffer: dropped
		hub.Publish(context.Background(), evs)
	}
	for i := range 2 {
		if _, ok := sub.Receive(context.Background()); !ok {
			t.Fatalf("delivery %d lost when the subscriber was dropped", i)
		}
	}
	if _, ok := sub.Receive(context.Background()); ok || sub.Err() != ErrSlowConsumer {
		t.Errorf("Receive after the deliveries: ok %v, Err %v; want false, ErrSlowConsumer", ok, sub.Err())
	}
}

// OnReady is called for each delivery and when the hub ends the subscription, so that a
// subscriber can wait without a goroutine; not when its owner closes it.
func TestSubscriptionOnReady(t *testing.T) {
	hub := NewHub(2)
	sub := hub.Subscribe(Filter{AccountID: "acc"})
	calls := 0
	sub.OnReady(func() { calls++ })
	evs := []Event{{Kind: SessionStarted, AccountID: "acc"}}
	hub.Publish(context.Background(), evs)
	hub.Publish(context.Background(), []Event{{Kind: SessionStarted, AccountID: "other"}}) // not its
	if calls != 1 {
		t.Fatalf("%d calls after one delivery, want 1", calls)
	}
	hub.Resync()
	if calls != 2 || !sub.Ended() {
		t.Fatalf("%d calls, ended %v after a resync; want 2, true", calls, sub.Ended())
	}
	if _, ok := sub.Next(); !ok {
		t.Error("the delivery made before the resync was lost")
	}

	owned := hub.Subscribe(Filter{})
	owned.OnReady(func() { t.Error("OnReady called when the owner closed the subscription") })
	owned.Close()
	if !owned.Ended() {
		t.Error("a closed subscription has not ended")
	}
}
