package reaper

import (
	"context"
	"time"

	"sessionguard/internal/store"
)

// PassObserver hears of each pass Run makes: how long it took, how many sessions it ended and
// its error, if any; the app's metrics. It must return at once.
type PassObserver func(took time.Duration, ended int, err error)

// observedPass runs Pass and reports it to observe, if set.
func observedPass(ctx context.Context, s *store.Store, observe PassObserver) (int, error) {
	start := time.Now()
	n, err := Pass(ctx, s)
	if observe != nil && ctx.Err() == nil {
		observe(time.Since(start), n, err)
	}
	return n, err
}
