package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"sessionguard/migrations"
)

// ErrNotReady is what Ready returns, wrapped with the reason a load balancer's operator reads.
var ErrNotReady = errors.New("not ready")

// Ready tells whether the database answers and holds the schema this build needs: one indexed
// read of goose's version table. A schema behind this build's newest migration (a restore of an
// old backup, or a migration rolled back by hand) is not ready; one ahead of it is, since
// replicas of the next version migrate first during a rolling upgrade. Reasons never carry the
// driver's error, which may name hosts: that goes to the log.
func (s *Store) Ready(ctx context.Context) error {
	var version int64
	err := s.sqlDB.QueryRowContext(ctx,
		"SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied").Scan(&version)
	if err != nil {
		slog.WarnContext(ctx, "store: readiness check failed", "err", err)
		return fmt.Errorf("%w: database unavailable", ErrNotReady)
	}
	if version < s.schemaVersion {
		return fmt.Errorf("%w: database schema at version %d, this build needs %d", ErrNotReady, version, s.schemaVersion)
	}
	return nil
}

// neededSchemaVersion is the newest migration of the store's engine.
func neededSchemaVersion(postgres bool) (int64, error) {
	if postgres {
		return migrations.Latest("postgres")
	}
	return migrations.Latest("sqlite")
}
