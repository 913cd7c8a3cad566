package store

import (
	"context"
	"testing"

	"sessionguard/internal/testdb"
)

// The sweep computes a bucket's lock key in SQL, attempts in Go: both must agree on every hash,
// or a sweep could delete a bucket an attempt holds.
func TestLockKeyMatchesItsSQL(t *testing.T) {
	hashes := []string{
		"00000000" + "aa", "7fffffff" + "bb", "80000000" + "cc", "ffffffff" + "dd", "0123abcd" + "ee",
		(LoginBudget{Kind: "email", Value: "ada@example.com"}).hash(),
	}
	engines := testdb.Engines(t) // fails in CI without PostgreSQL
	if len(engines) < 2 {
		t.Skip("advisory locks are PostgreSQL's: set TEST_DATABASE_URL")
	}
	for _, engine := range engines {
		if engine.Name != "postgres" {
			continue
		}
		s, err := Open(context.Background(), engine.New(t), Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for _, h := range hashes {
			var inSQL int32
			if err := s.db.Raw("SELECT "+lockKeySQL+" FROM (SELECT ?::text AS hash) AS b", h).Scan(&inSQL).Error; err != nil {
				t.Fatal(err)
			}
			if got := lockKey(h); got != inSQL {
				t.Errorf("lock key of %s: %d in Go, %d in SQL", h, got, inSQL)
			}
		}
	}
}
