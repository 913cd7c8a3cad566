package store

import (
	"context"
	"fmt"

	"sessionguard/models"
)

// ReapGrace is added to every idle timeout before the reaper ends a session: activity is
// recorded coalesced, so a session's true last request may be up to ActivityWriteInterval after
// its stored last_active_at, and the reaper must never end a session early.
const ReapGrace = models.ActivityWriteInterval

// ReapIdle ends, with IDLE_TIMEOUT, sessions idle beyond their account's timeout, at most batch
// per statement, and returns how many it ended. It stops between batches when ctx ends.
//
// Each account with a timeout costs one probe of the partial index on active sessions'
// (account_id, last_active_at), so a pass that finds nothing costs next to nothing however many
// sessions exist. On PostgreSQL, FOR UPDATE SKIP LOCKED lets every replica reap at once with no
// leader: a session is ended, and announced, by exactly one of them.
func (s *Store) ReapIdle(ctx context.Context, batch int) (int, error) {
	var policies []models.SessionPolicy
	err := s.db.WithContext(ctx).Where("idle_timeout_enabled = ?", true).Find(&policies).Error
	if err != nil {
		return 0, fmt.Errorf("store: unable to load idle policies: %w", err)
	}
	total := 0
	for _, p := range policies {
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

// reapAccount ends one batch of an account's idle sessions.
func (s *Store) reapAccount(ctx context.Context, accountID string, batch int) (int, error) {
	var ended []models.Session
	err := s.inTx(ctx, func(t *txn) error {
		// Read the policy again inside the transaction: it may have changed since the pass began.
		policy, err := t.policy(accountID)
		if err != nil {
			return err
		}
		limit := policy.IdleLimit()
		if limit == 0 {
			return nil
		}
		now := s.Now()
		cutoff := now.Add(-limit - ReapGrace)
		q := t.DB.Where("account_id = ? AND status = ? AND last_active_at < ?", accountID, models.SessionActive, cutoff).
			Order("last_active_at ASC").Limit(batch)
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
