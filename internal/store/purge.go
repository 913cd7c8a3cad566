package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"sessionguard/models"
)

// PurgeBatch is how many rows one statement of a purge deletes: a short lock, whatever the
// backlog. A pass deletes at most purgePassBatches of them per table, then leaves the rest to
// the next pass, so a first pass over years of rows cannot hold the database for long.
const (
	PurgeBatch       = 1000
	purgePassBatches = 50
)

// Purged counts what a purge pass deleted.
type Purged struct {
	Sessions, AuditEvents int
}

// PurgeExpired deletes the terminated sessions and the audit entries older than their account
// keeps them (models.Retention). Every replica may run it at once: each statement deletes
// rows by id from a bounded select, and a row two replicas pick is simply deleted once. No
// leader is needed, and nothing is announced: ended sessions were announced when they ended.
//
// A pass that finds nothing reads two index ends per table, the shortest retention of any account
// and the oldest row: when the oldest row is younger than the shortest retention, nothing can
// be due. Otherwise it visits the accounts whose retention the oldest row exceeds, each with an
// index range of its own rows.
func (s *Store) PurgeExpired(ctx context.Context) (Purged, error) {
	var p Purged
	var err error
	if p.Sessions, err = s.purge(ctx, sessionPurge); err != nil {
		return p, err
	}
	p.AuditEvents, err = s.purge(ctx, auditPurge)
	return p, err
}

// purgeTable describes one table's purge.
type purgeTable struct {
	days     string // the accounts column of its retention
	oldest   string // SELECT of its oldest purgeable row's time (not min(): SQLite reads an aggregate's time back as text)
	deleteIn string // DELETE of up to ? rows of account ? older than ?
}

var (
	sessionPurge = purgeTable{
		days:   "session_retention_days",
		oldest: "SELECT ended_at FROM sessions WHERE status = 'TERMINATED' ORDER BY ended_at LIMIT 1",
		deleteIn: `DELETE FROM sessions WHERE id IN (SELECT id FROM sessions
			WHERE account_id = ? AND status = 'TERMINATED' AND ended_at < ? ORDER BY ended_at LIMIT ?)`,
	}
	auditPurge = purgeTable{
		days:   "audit_retention_days",
		oldest: "SELECT occurred_at FROM audit_events ORDER BY occurred_at LIMIT 1",
		deleteIn: `DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events
			WHERE account_id = ? AND occurred_at < ? ORDER BY occurred_at LIMIT ?)`,
	}
)

func (s *Store) purge(ctx context.Context, table purgeTable) (int, error) {
	db := s.db.WithContext(ctx)
	var shortest sql.NullInt64
	if err := db.Raw("SELECT min(" + table.days + ") FROM accounts").Scan(&shortest).Error; err != nil {
		return 0, fmt.Errorf("store: unable to read retention: %w", err)
	}
	var oldest sql.NullTime
	if err := db.Raw(table.oldest).Scan(&oldest).Error; err != nil {
		return 0, fmt.Errorf("store: unable to find the oldest row: %w", err)
	}
	now := s.Now()
	if !shortest.Valid || !oldest.Valid || !oldest.Time.Before(now.Add(-days(int(shortest.Int64)))) {
		return 0, nil
	}
	// Accounts that keep rows for less than the oldest row's age may have some to delete.
	age := int(now.Sub(oldest.Time) / (24 * time.Hour))
	var due []struct {
		ID   string
		Days int
	}
	err := db.Raw("SELECT id, "+table.days+" AS days FROM accounts WHERE "+table.days+" <= ?", age).Scan(&due).Error
	if err != nil {
		return 0, fmt.Errorf("store: unable to list accounts to purge: %w", err)
	}
	deleted, batches := 0, 0
	for _, a := range due {
		cutoff := now.Add(-days(a.Days))
		for batches < purgePassBatches {
			batches++
			res := db.Exec(table.deleteIn, a.ID, cutoff, PurgeBatch)
			if res.Error != nil {
				return deleted, fmt.Errorf("store: unable to purge: %w", res.Error)
			}
			deleted += int(res.RowsAffected)
			if res.RowsAffected < PurgeBatch {
				break
			}
		}
	}
	return deleted, nil
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// Retention returns accountID's retention settings.
func (s *Store) Retention(ctx context.Context, accountID string) (models.Retention, error) {
	var a models.Account
	if err := s.db.WithContext(ctx).Select("session_retention_days", "audit_retention_days").Where("id = ?", accountID).Take(&a).Error; err != nil {
		return models.Retention{}, fmt.Errorf("store: unable to read retention: %w", err)
	}
	return a.Retention, nil
}

// RetentionChange is what UpdateRetention changes; nil keeps the current value.
type RetentionChange struct {
	SessionRetentionDays, AuditRetentionDays *int
}

// UpdateRetention changes accountID's retention, within models' bounds (BAD_USER_INPUT naming
// the field otherwise, changing nothing), and records the change in the audit log.
func (s *Store) UpdateRetention(ctx context.Context, accountID string, c RetentionChange) (models.Retention, error) {
	var errs models.FieldErrors
	check := func(field string, v *int, least int) {
		if v != nil && (*v < least || *v > models.MaxRetentionDays) {
			errs = append(errs, models.FieldError{Field: field, Message: fmt.Sprintf("must be between %d and %d days", least, models.MaxRetentionDays)})
		}
	}
	check("terminatedSessionsDays", c.SessionRetentionDays, models.MinSessionRetentionDays)
	check("auditEventsDays", c.AuditRetentionDays, models.MinAuditRetentionDays)
	if len(errs) > 0 {
		return models.Retention{}, errs
	}
	var after models.Retention
	err := s.inTx(ctx, func(t *txn) error {
		var a models.Account
		if err := t.forUpdate().Where("id = ?", accountID).Take(&a).Error; err != nil {
			return fmt.Errorf("store: unable to lock account: %w", err)
		}
		before := a.Retention
		after = before
		if c.SessionRetentionDays != nil {
			after.SessionRetentionDays = *c.SessionRetentionDays
		}
		if c.AuditRetentionDays != nil {
			after.AuditRetentionDays = *c.AuditRetentionDays
		}
		err := t.Model(&models.Account{}).Where("id = ?", accountID).Updates(map[string]any{
			"session_retention_days": after.SessionRetentionDays, "audit_retention_days": after.AuditRetentionDays,
		}).Error
		if err != nil {
			return fmt.Errorf("store: unable to save retention: %w", err)
		}
		return t.audit(models.AuditEvent{
			AccountID: accountID, Action: models.AuditRetentionUpdated,
			Details: jsonText(map[string]models.Retention{"before": before, "after": after}),
		})
	})
	return after, err
}
