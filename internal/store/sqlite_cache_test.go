package store_test

import (
	"testing"

	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
)

// Every pooled SQLite connection, not only the first, has the small page cache sqliteDSN sets:
// with SQLite's default, each commit made the other connections refill 2 MiB caches page by page.
func TestSQLiteConnectionsHaveTheSmallPageCache(t *testing.T) {
	for _, e := range testdb.Engines(t) {
		if e.Name != "sqlite" {
			continue
		}
		env := newEnv(t, e.New(t))
		db, err := env.store.Gorm().DB()
		if err != nil {
			t.Fatal(err)
		}
		const conns = 4
		var cacheSizes []int
		for range conns {
			c, err := db.Conn(env.ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			var size int
			if err := c.QueryRowContext(env.ctx, "PRAGMA cache_size").Scan(&size); err != nil {
				t.Fatal(err)
			}
			cacheSizes = append(cacheSizes, size)
		}
		for i, size := range cacheSizes {
			if size != -store.SQLiteCacheKiB {
				t.Errorf("connection %d: cache_size %d, want %d (KiB)", i, size, -store.SQLiteCacheKiB)
			}
		}
	}
}
