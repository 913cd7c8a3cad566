package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
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

// ReserveLogin claims one token from each budget, all or none, in one transaction that holds
// their locks: parallel attempts on any replica can never claim more tokens than there are.
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
// mid-login neither keeps a token pending nor loses one. audit, if any, is written in the same
// transaction: a failed login's entry exists exactly when its spent tokens do.
func (s *Store) SettleLogin(ctx context.Context, budgets []LoginBudget, failed bool, audit ...models.AuditEvent) error {
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
		for _, e := range audit {
			if err := t.audit(e); err != nil {
				return err
			}
		}
		return nil
	})
}

// Attempts serialise per key on a PostgreSQL advisory lock, not on the key's row: the row may
// not exist yet, or be swept away, while the lock always exists. Every writer of a bucket takes
// its lock first (attempts wait for it in one global order, the sweep only tries it), so two
// attempts can never wait for each other in a cycle. On SQLite the single writer serialises all.
const advisoryNamespace = 0x53474c54 // "SGLT": the first key of pg_advisory_xact_lock(int, int)

// lockKey is the second key of the bucket's advisory lock: the hash's first 32 bits, as
// ('x' || substr(hash, 1, 8))::bit(32)::int computes it in SQL. Two buckets sharing a lock only
// wait for each other a little more.
func lockKey(hash string) int32 {
	v, _ := strconv.ParseUint(hash[:8], 16, 32)
	return int32(uint32(v))
}

// lockKeySQL computes lockKey from the hash column.
const lockKeySQL = "('x' || substr(hash, 1, 8))::bit(32)::int"

// lockThrottles takes the budgets' locks and returns their rows in order, creating full buckets
// for keys that have none. Inserting an existing key changes nothing: an attempt that is refused,
// or waits, writes nothing (on SQLite, no sync to disk).
func (t *txn) lockThrottles(budgets []LoginBudget, now time.Time) ([]models.LoginThrottle, error) {
	hashes := make([]string, len(budgets))
	rows := make([]models.LoginThrottle, len(budgets))
	for i, b := range budgets {
		hashes[i] = b.hash()
		rows[i] = models.NewLoginThrottle(hashes[i], b.Limit, now)
		if t.store.postgres {
			// One statement per lock: the order they are taken in is what prevents deadlocks.
			if err := t.Exec("SELECT pg_advisory_xact_lock(?, ?)", advisoryNamespace, lockKey(hashes[i])).Error; err != nil {
				return nil, fmt.Errorf("store: unable to lock a login budget: %w", err)
			}
		}
	}
	if err := t.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: unable to create login budgets: %w", err)
	}
	byHash := make(map[string]models.LoginThrottle, len(hashes))
	var found []models.LoginThrottle
	if err := t.Where("hash IN ?", hashes).Find(&found).Error; err != nil {
		return nil, fmt.Errorf("store: unable to read login budgets: %w", err)
	}
	for _, r := range found {
		byHash[r.Hash] = r
	}
	for i, h := range hashes {
		r, ok := byHash[h]
		if !ok {
			return nil, fmt.Errorf("store: login budget %s vanished while locked", h)
		}
		rows[i] = r
	}
	return rows, nil
}

// sortedBudgets orders budgets by lock key, then hash: the order their locks are taken in.
func sortedBudgets(budgets []LoginBudget) []LoginBudget {
	sorted := slices.Clone(budgets)
	slices.SortFunc(sorted, func(a, b LoginBudget) int {
		ha, hb := a.hash(), b.hash()
		if c := cmp.Compare(lockKey(ha), lockKey(hb)); c != 0 {
			return c
		}
		return strings.Compare(ha, hb)
	})
	return sorted
}

// SweepLoginThrottles deletes up to limit buckets that have filled up again and hold no attempt,
// and those whose attempts were abandoned an hour ago (a replica that died mid-login): a spray of
// random emails leaves no lasting rows. On PostgreSQL it skips buckets whose lock an attempt
// holds rather than wait: sweeps on every replica never hold up a login. It returns how many it
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
		del := t.Where("hash IN ?", hashes)
		if s.postgres {
			del = del.Where("pg_try_advisory_xact_lock(?, "+lockKeySQL+")", advisoryNamespace)
		}
		res := del.Delete(&models.LoginThrottle{})
		deleted = res.RowsAffected
		return res.Error
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to sweep login budgets: %w", err)
	}
	return deleted, nil
}
