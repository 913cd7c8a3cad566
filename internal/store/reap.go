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
// The reaper's index is the partial index on active sessions' (account_id, idle_probe_at), not
// last_active_at: activity writes would otherwise move an index entry on every busy session
// once a second, and on PostgreSQL make each of them a new row version in every index (see
// migration 00005_idle_probe). idle_probe_at is a lower bound of last_active_at, so the
// sessions it selects (probed at or before the cut-off) include every idle one; a selected
// session that is not idle after all has its probe moved up to its last_active_at, which takes
// it out of the index's range until it could next go idle: a session is probed about once per
// timeout, not once per write. Each account with a timeout costs one index probe, so a pass
// that finds nothing costs next to nothing however many sessions exist. On PostgreSQL, FOR
// UPDATE SKIP LOCKED lets every replica reap at once with no leader: a session is ended, and
// announced, by exactly one of them.
//
// A batch costs one SELECT and at most two UPDATEs however many sessions it ends or probes
// (see endSessions), and most of ending is index upkeep: an ended session's new row version
// enters every index of sessions. Right after a bulk load the same work is dearer (issue 9: 70 s
// for 100,000 idle sessions in a first run, 11 s in later ones). Not a plan: the batch uses the
// partial index with or without ANALYZE, and ANALYZE after the load changed nothing
// (BenchmarkReap100kIdle). The load's WAL forces checkpoints, and the first change to a page
// after a checkpoint logs the whole page: 500 sessions ended on pages not yet logged wrote 449
// full-page images, 3.2 MB of WAL and took 49 ms, against 0.6 MB and 19 ms once logged. Reading
// freshly loaded rows also sets their hint bits, dirtying every page, and the checkpointer and
// autovacuum of the loaded table compete for the same two cores and disk. After loading
// sessions in bulk, run VACUUM (ANALYZE) sessions before timing the reaper.
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
		if probe, err := s.anyToProbe(ctx, p); err != nil || !probe {
			if err != nil {
				return total, err
			}
			continue
		}
		for ctx.Err() == nil {
			probed, ended, err := s.reapAccount(ctx, p.AccountID, batch)
			total += ended
			if err != nil {
				return total, err
			}
			if probed < batch {
				break
			}
		}
	}
	return total, nil
}

// anyToProbe asks, outside any transaction, whether an account has a session that could be
// idle under policy (probed at or before the cut-off): most passes find none, and then cost one
// index probe per account, not a transaction (on SQLite, the write lock). A policy changed since
// it was read only moves work to the next pass: reapAccount reads it again before ending
// anything.
func (s *Store) anyToProbe(ctx context.Context, policy models.SessionPolicy) (bool, error) {
	cutoff, ok := policy.IdleCutoff(s.Now())
	if !ok {
		return false, nil
	}
	var ids []string
	err := sessionsToProbe(s.db.WithContext(ctx).Model(&models.Session{}), policy.AccountID, cutoff).
		Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return false, fmt.Errorf("store: unable to probe for idle sessions: %w", err)
	}
	return len(ids) > 0, nil
}

// reapAccount probes one batch of an account's sessions: it ends the idle ones and moves the
// others' probe up to their last activity. It returns how many it probed and how many it ended.
func (s *Store) reapAccount(ctx context.Context, accountID string, batch int) (probed, ended int, err error) {
	err = s.inTx(ctx, func(t *txn) error {
		// Read the policy again inside the transaction: it may have changed since the pass began.
		policy, err := t.policy(accountID)
		if err != nil {
			return err
		}
		cutoff, ok := policy.IdleCutoff(s.Now())
		if !ok {
			return nil
		}
		q := sessionsToProbe(t.DB, accountID, cutoff).Limit(batch)
		if s.postgres {
			q = q.Clauses(skipLocked)
		}
		var candidates []models.Session
		if err := q.Find(&candidates).Error; err != nil {
			return fmt.Errorf("store: unable to find idle sessions: %w", err)
		}
		probed = len(candidates)
		idle, awake := policy.SplitIdle(candidates, s.Now())
		if err := t.moveProbes(awake); err != nil {
			return err
		}
		done, err := t.endSessions(idle, endedIdle(policy))
		ended = len(done)
		return err
	})
	return probed, ended, err
}

// moveProbes moves each session's idle_probe_at up to its last_active_at as read under the lock,
// in one statement: the sessions leave the reaper's range until they could next go idle.
func (t *txn) moveProbes(awake []models.Session) error {
	if len(awake) == 0 {
		return nil
	}
	ids := make([]string, len(awake))
	for i := range awake {
		ids[i] = awake[i].ID
	}
	err := t.Model(&models.Session{}).Where("id IN ?", ids).
		Update("idle_probe_at", gorm.Expr("last_active_at")).Error
	if err != nil {
		return fmt.Errorf("store: unable to move idle probes: %w", err)
	}
	return nil
}

// sessionsToProbe selects an account's active sessions probed at or before cutoff (from
// SessionPolicy.IdleCutoff, the idle rule of CheckValidity as SQL): every session idle at cutoff
// is among them, since idle_probe_at never passes last_active_at. Oldest probe first: the order
// keeps the query on the partial index. The status is a literal, not a parameter: a generic plan
// can only use that index (WHERE status = 'ACTIVE') if it sees it.
func sessionsToProbe(db *gorm.DB, accountID string, cutoff time.Time) *gorm.DB {
	return db.Where("account_id = ? AND status = 'ACTIVE' AND idle_probe_at <= ?", accountID, cutoff).
		Order("idle_probe_at ASC")
}
