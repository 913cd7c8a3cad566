package store

import (
	"context"
	"database/sql"
	"fmt"
)

// CountActiveSessions counts the sessions still active in every account, for the metrics: one
// read of the partial index on active sessions. The metrics call it on a timer, never per scrape.
func (s *Store) CountActiveSessions(ctx context.Context) (int64, error) {
	var n int64
	if err := s.sqlDB.QueryRowContext(ctx, "SELECT count(*) FROM sessions WHERE status = 'ACTIVE'").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count active sessions: %w", err)
	}
	return n, nil
}

// Pool is the connection pool, whose Stats the metrics report; nothing else should query
// through it.
func (s *Store) Pool() *sql.DB { return s.sqlDB }
