// Package reaper ends idle sessions even when nobody calls the API: a loop in every replica
// that asks the store to reap on a fixed interval. The same loop deletes login budgets that have
// filled up again, so failed logins leave no lasting rows, and trusted devices that expired.
package reaper

import (
	"context"
	"log/slog"
	"time"

	"sessionguard/internal/store"
)

// BatchSize bounds each statement, keeping transactions and row locks short.
const BatchSize = 500

// Run reaps every interval until ctx ends, telling observe (if not nil) of each pass; shutdown
// waits at most for the batch in progress.
func Run(ctx context.Context, s *store.Store, interval time.Duration, observe PassObserver) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		if n, err := observedPass(ctx, s, observe); err != nil && ctx.Err() == nil {
			slog.Error("reaper: pass failed", "err", err)
		} else if n > 0 {
			slog.Info("reaper: ended idle sessions", "count", n)
		}
		if _, err := s.SweepLoginThrottles(ctx, BatchSize); err != nil && ctx.Err() == nil {
			slog.Error("reaper: login budget sweep failed", "err", err)
		}
		if _, err := s.SweepTrustedDevices(ctx, BatchSize); err != nil && ctx.Err() == nil {
			slog.Error("reaper: trusted device sweep failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// Pass stores the activity this replica noted that is due and folds in the journal rows of
// dead replicas, then ends the sessions that went idle: activity waiting in this replica's memory
// or a dead one's journal is stored before it could count as idle, so no session it concerns is
// reaped early.
func Pass(ctx context.Context, s *store.Store) (int, error) {
	if err := s.FlushDueActivity(ctx); err != nil {
		return 0, err
	}
	if err := s.FoldOrphanedActivity(ctx); err != nil {
		return 0, err
	}
	return s.ReapIdle(ctx, BatchSize)
}
