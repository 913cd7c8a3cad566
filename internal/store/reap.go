package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"sessionguard/models"
)

// ReapIdle ends, with IDLE_TIMEOUT, sessions idle beyond their account's timeout, at most batch
// per statement, and returns how many it ended. It stops between batches when ctx ends.
//
// Each account with a timeout costs one probe of the partial index on active sessions'
// (account_id, last_active_at), so a pass that finds nothing costs next to nothing however many
// sessions exist. On PostgreSQL, FOR UPDATE SKIP LOCKED lets every replica reap at once with no
// leader: a session is ended, and announced, by exactly one of them.
//
// A batch costs one SELECT and one UPDATE however many sessions it ends (see endSessions), and
// most of the UPDATE is index upkeep: an ended session's new row version enters every index of
// sessions. Right after a bulk load the same work is dearer (issue 9: 70 s for 100,000 idle
// sessions in a first run, 11 s in later ones). Not a plan: the batch uses the partial index
// with or without ANALYZE, and ANALYZE after the load changed nothing (BenchmarkReap100kIdle).
// The load's WAL forces checkpoints, and the first change to a page after a checkpoint logs the
// whole page: 500 sessions ended on pages not yet logged wrote 449 full-page images, 3.2 MB of
// WAL and took 49 ms, against 0.6 MB and 19 ms once logged. Reading freshly loaded rows also
// sets their hint bits, dirtying every page, and the checkpointer and autovacuum of the loaded
// table compete for the same two cores and disk. After loading sessions in bulk, run VACUUM
// (ANALYZE) sessions before timing the reaper.
func (s *Store) ReapIdle(ctx context.Context, batch int) (int, error) {
	if batch < 1 {
		return 0, fmt.Errorf("store: reap batch must be positive, got %d", batch)
	}
	var policies []models.SessionPolicy
	err := s.db.WithContext(ctx).Where("idle_timeout_enabled = ?", true).Find(&policies).Error
	if err != nil {
		return 0, fmt.Errorf("store: unable to load idle policies: %w", err)
	}
	total := 0
	for _, p := range policies {
		if idle, err := s.anyIdle(ctx, p); err != nil || !idle {
			if err != nil {
				return total, err
			}
			continue
		}
		for ctx.Err() == nil {
			n, err := s.reapAccount(ctx, p.AccountID, batch)
			total += n
			if err != nil {
				return total, err
			}
			if n < batch {
				break
			}
		}
	}
	return total, nil
}

// anyIdle probes, outside any transaction, whether an account has a session idle under policy:
// most passes find none, and then cost one index probe per account, not a transaction (on
// SQLite, the write lock). A policy changed since it was read only moves work to the next pass:
// reapAccount reads it again before ending anything.
func (s *Store) anyIdle(ctx context.Context, policy models.SessionPolicy) (bool, error) {
	cutoff, ok := policy.IdleCutoff(s.Now())
	if !ok {
		return false, nil
	}
	var ids []string
	err := idleSessions(s.db.WithContext(ctx).Model(&models.Session{}), policy.AccountID, cutoff).
		Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return false, fmt.Errorf("store: unable to probe for idle sessions: %w", err)
	}
	return len(ids) > 0, nil
}

// reapAccount ends one batch of an account's idle sessions.
func (s *Store) reapAccount(ctx context.Context, accountID string, batch int) (int, error) {
	var ended []models.Session
	err := s.inTx(ctx, func(t *txn) error {
		// Read the policy again inside the transaction: it may have changed since the pass began.
		policy, err := t.policy(accountID)
		if err != nil {
			return err
		}
		cutoff, ok := policy.IdleCutoff(s.Now())
		if !ok {
			return nil
		}
		q := idleSessions(t.DB, accountID, cutoff).Limit(batch)
		if s.postgres {
			q = q.Clauses(skipLocked)
		}
		var idle []models.Session
		if err := q.Find(&idle).Error; err != nil {
			return fmt.Errorf("store: unable to find idle sessions: %w", err)
		}
		ended, err = t.endSessions(idle, endedIdle(policy))
		return err
	})
	return len(ended), err
}

// idleSessions selects an account's sessions idle at cutoff (from SessionPolicy.IdleCutoff, the
// idle rule of CheckValidity as SQL), longest idle first: the order keeps the query on the
// partial index. The status is a literal, not a parameter: a generic plan can only use that
// index (WHERE status = 'ACTIVE') if it sees it.
func idleSessions(db *gorm.DB, accountID string, cutoff time.Time) *gorm.DB {
	return db.Where("account_id = ? AND status = 'ACTIVE' AND last_active_at <= ?", accountID, cutoff).
		Order("last_active_at ASC")
}
