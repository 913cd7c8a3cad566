package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"sessionguard/models"
)

// LoginBudget is one failed-login limit that an attempt must fit in: Kind and Value name the
// bucket (e.g. "email", "ada@example.com"), Limit sizes it.
type LoginBudget struct {
	Kind, Value string
	Limit       models.LoginLimit
}

// hash names the bucket without storing the email or address.
func (b LoginBudget) hash() string {
	sum := sha256.Sum256([]byte(b.Kind + "\x00" + b.Value))
	return hex.EncodeToString(sum[:])
}

// LoginReservation is the outcome of ReserveLogin.
type LoginReservation int

const (
	// LoginReserved: every budget had a token, and each now holds one for this attempt.
	LoginReserved LoginReservation = iota
	// LoginRefused: a budget is spent and no attempt in flight could give a token back.
	LoginRefused
	// LoginBusy: a budget is spent only by attempts still in flight, which may succeed and
	// return their tokens; try again shortly.
	LoginBusy
)

// ReserveLogin claims one token from each budget, all or none, in one transaction that locks
// their rows: parallel attempts on any replica can never claim more tokens than there are.
func (s *Store) ReserveLogin(ctx context.Context, budgets []LoginBudget) (LoginReservation, error) {
	budgets = sortedBudgets(budgets)
	outcome := LoginRefused
	err := s.inTx(ctx, func(t *txn) error {
		now := s.Now()
		rows, err := t.lockThrottles(budgets, now)
		if err != nil {
			return err
		}
		outcome = LoginReserved
		for i, b := range budgets {
			if rows[i].CanTake(b.Limit, now) {
				continue
			}
			if rows[i].Pending == 0 {
				outcome = LoginRefused
				return nil
			}
			outcome = LoginBusy
		}
		if outcome != LoginReserved {
			return nil
		}
		for i, b := range budgets {
			rows[i].Take(b.Limit, now)
			if err := t.Save(&rows[i]).Error; err != nil {
				return fmt.Errorf("store: unable to reserve a login attempt: %w", err)
			}
		}
		return nil
	})
	return outcome, err
}

// SettleLogin ends an attempt that ReserveLogin reserved: a failed one keeps its tokens spent,
// any other gives them back. It runs even when ctx is cancelled, so a client that hangs up
// mid-login neither keeps a token pending nor loses one.
func (s *Store) SettleLogin(ctx context.Context, budgets []LoginBudget, failed bool) error {
	budgets = sortedBudgets(budgets)
	return s.inTx(context.WithoutCancel(ctx), func(t *txn) error {
		now := s.Now()
		rows, err := t.lockThrottles(budgets, now)
		if err != nil {
			return err
		}
		for i, b := range budgets {
			rows[i].Settle(b.Limit, failed, now)
			if err := t.Save(&rows[i]).Error; err != nil {
				return fmt.Errorf("store: unable to settle a login attempt: %w", err)
			}
		}
		return nil
	})
}

// lockThrottles returns the budgets' rows in order, locked, creating full buckets for keys that
// have none. Existing rows are only read and locked: an attempt that is refused, or waits,
// writes nothing (on SQLite, no sync to disk).
func (t *txn) lockThrottles(budgets []LoginBudget, now time.Time) ([]models.LoginThrottle, error) {
	hashes := make([]string, len(budgets))
	for i, b := range budgets {
		hashes[i] = b.hash()
	}
	found, err := t.lockedThrottles(hashes)
	if err != nil || len(found) == len(hashes) {
		return found, err
	}
	// A key seen for the first time (or swept meanwhile). A no-op update rather than DO NOTHING
	// locks a row another attempt creates at the same moment, so that it cannot be swept away
	// before the SELECT below.
	rows := make([]models.LoginThrottle, len(budgets))
	for i, b := range budgets {
		rows[i] = models.NewLoginThrottle(hashes[i], b.Limit, now)
	}
	upsert := clause.OnConflict{Columns: []clause.Column{{Name: "hash"}}, DoUpdates: clause.AssignmentColumns([]string{"hash"})}
	if err := t.Clauses(upsert).Create(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: unable to create login budgets: %w", err)
	}
	if found, err = t.lockedThrottles(hashes); err == nil && len(found) != len(hashes) {
		err = fmt.Errorf("store: login budgets: found %d of %d", len(found), len(hashes))
	}
	return found, err
}

// lockedThrottles reads and locks the rows of hashes that exist, in hash order.
func (t *txn) lockedThrottles(hashes []string) ([]models.LoginThrottle, error) {
	var found []models.LoginThrottle
	if err := t.forUpdate().Where("hash IN ?", hashes).Order("hash").Find(&found).Error; err != nil {
		return nil, fmt.Errorf("store: unable to read login budgets: %w", err)
	}
	return found, nil
}

// sortedBudgets orders budgets by hash, the order their rows are locked in: two attempts locking
// the same rows in different orders could deadlock.
func sortedBudgets(budgets []LoginBudget) []LoginBudget {
	sorted := slices.Clone(budgets)
	slices.SortFunc(sorted, func(a, b LoginBudget) int { return strings.Compare(a.hash(), b.hash()) })
	return sorted
}

// SweepLoginThrottles deletes up to limit buckets that have filled up again and hold no attempt,
// and those whose attempts were abandoned an hour ago (a replica that died mid-login): a spray of
// random emails leaves no lasting rows. Rows an attempt has locked are skipped, not waited for,
// so sweeps on every replica never hold up (or deadlock with) a login. It returns how many it
// deleted.
func (s *Store) SweepLoginThrottles(ctx context.Context, limit int) (int64, error) {
	var deleted int64
	err := s.inTx(ctx, func(t *txn) error {
		now := s.Now()
		q := t.Model(&models.LoginThrottle{}).
			Where("full_at < ? AND (pending = 0 OR full_at < ?)", now, now.Add(-time.Hour)).Limit(limit)
		if s.postgres {
			q = q.Clauses(skipLocked)
		}
		var hashes []string
		if err := q.Pluck("hash", &hashes).Error; err != nil || len(hashes) == 0 {
			return err
		}
		res := t.Where("hash IN ?", hashes).Delete(&models.LoginThrottle{})
		deleted = res.RowsAffected
		return res.Error
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to sweep login budgets: %w", err)
	}
	return deleted, nil
}
