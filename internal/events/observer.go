package events

// Observer hears how delivery goes, for metrics. Any func may be nil; each must return at once,
// since it runs on the listener's or a publisher's goroutine.
type Observer struct {
	ListenerLost func()            // the LISTEN connection failed; a reconnect follows
	Resynced     func()            // every subscriber was told to refetch (after a reconnect)
	SlowDropped  func()            // a subscriber a whole buffer behind was dropped
	Sent         func(evs []Event) // a delivery was sent to a subscription's client
}

// Observe makes the hub (and a Postgres delivering to it) report to o; call it before the hub
// is used.
func (h *Hub) Observe(o Observer) { h.observer = o }

// Sent tells the hub's observer that evs, one delivery, reached a subscription's client; the
// subscription plumbing calls it after sending what the delivery produced.
func (h *Hub) Sent(evs []Event) {
	if h.observer.Sent != nil && len(evs) > 0 {
		h.observer.Sent(evs)
	}
}

func call(fn func()) {
	if fn != nil {
		fn()
	}
}
