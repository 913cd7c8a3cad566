package store

import (
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Row locks, for PostgreSQL only: SQLite's immediate transactions already hold its single write
// lock, and it has no FOR UPDATE.
var (
	// lockingUpdate (FOR UPDATE) holds the selected rows until the transaction ends.
	lockingUpdate = clause.Locking{Strength: "UPDATE"}
	// skipLocked (FOR UPDATE SKIP LOCKED) passes over rows another transaction holds, so every
	// replica can work through one batch at once without a leader, and without waiting.
	skipLocked = clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"}
)

// forUpdate locks the selected rows on PostgreSQL; SQLite's immediate transactions already hold
// the database's single write lock.
func (t *txn) forUpdate() *gorm.DB {
	if t.store.postgres {
		return t.DB.Clauses(lockingUpdate)
	}
	return t.DB
}
