package webhooks

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"sessionguard/internal/events"
	"sessionguard/internal/store"
)

const (
	// DefaultInterval is how often a worker looks for due deliveries when nothing woke it.
	DefaultInterval = time.Second
	// DefaultConcurrency bounds the deliveries one worker has in flight.
	DefaultConcurrency = 8
	// RetryWindow is how long after its event a delivery is retried before it is given up.
	RetryWindow = 24 * time.Hour
	// lease is how long a claimed delivery stays another worker's: longer than an attempt.
	lease = 3 * Timeout
)

// Backoff is the wait after a delivery's attempt-th failed attempt: 30 s doubling to an hour.
func Backoff(attempt int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// Worker delivers the outbox: on every replica, each claiming different rows.
type Worker struct {
	Store  *store.Store
	Sender *Sender
	Log    *slog.Logger
	// Interval is how often to look for due deliveries; zero: DefaultInterval.
	Interval time.Duration
	// Concurrency bounds the attempts in flight; zero: DefaultConcurrency.
	Concurrency int
	// Backoff is the wait after a failed attempt; nil: Backoff.
	Backoff func(attempt int) time.Duration

	wakeOnce sync.Once
	wake     chan struct{}
}

func (w *Worker) init() {
	w.wakeOnce.Do(func() {
		w.wake = make(chan struct{}, 1)
		if w.Interval == 0 {
			w.Interval = DefaultInterval
		}
		if w.Concurrency == 0 {
			w.Concurrency = DefaultConcurrency
		}
		if w.Backoff == nil {
			w.Backoff = Backoff
		}
		if w.Log == nil {
			w.Log = slog.Default()
		}
	})
}

// Run delivers until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	w.init()
	tick := time.NewTicker(w.Interval)
	defer tick.Stop()
	defer w.Sender.CloseIdleConnections()
	for {
		for {
			n, err := w.RunOnce(ctx)
			if err != nil && ctx.Err() == nil {
				w.Log.Warn("webhooks: delivery pass failed", "error", err)
			}
			if n < w.Concurrency || err != nil {
				break // a full batch means more may be due
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-w.wake:
		}
	}
}

// RunOnce claims a batch of due deliveries, attempts them at once and records how each went;
// it returns how many it claimed.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	w.init()
	due, err := w.Store.ClaimWebhookDeliveries(ctx, w.Concurrency, lease)
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	for _, d := range due {
		wg.Go(func() { w.attempt(ctx, d) })
	}
	wg.Wait()
	return len(due), nil
}

func (w *Worker) attempt(ctx context.Context, d store.DueDelivery) {
	code, err := w.Sender.Send(ctx, d.URL, d.Secret, []byte(d.Payload))
	a := store.WebhookAttempt{StatusCode: code, Delivered: err == nil}
	switch {
	case err == nil:
	case ctx.Err() != nil:
		// Shutting down: not the endpoint's fault, so due again at once, for another replica.
		a.Error, a.RetryAt = "interrupted: the server shut down", w.Store.Now()
	default:
		a.Error = err.Error()
		if retry := w.Store.Now().Add(w.Backoff(d.Attempts)); retry.Before(d.CreatedAt.Add(RetryWindow)) {
			a.RetryAt = retry
		}
	}
	// Recorded even as ctx ends: the attempt happened.
	if err := w.Store.FinishWebhookAttempt(context.WithoutCancel(ctx), d, a); err != nil {
		w.Log.Warn("webhooks: unable to record delivery", "delivery", d.ID, "error", err)
	}
}

// Wake makes Run look for due deliveries now rather than at its next tick.
func (w *Worker) Wake() {
	w.init()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Waker is an events.Delivery that wakes the worker once a transaction that recorded events
// commits: this replica's changes go out at once, the others' at the next tick.
type Waker struct{ Worker *Worker }

// BeforeCommit does nothing: the outbox rows are the store's.
func (Waker) BeforeCommit(context.Context, events.Tx, []events.Event) error { return nil }

// AfterCommit wakes the worker.
func (k Waker) AfterCommit(context.Context, []events.Event) { k.Worker.Wake() }
