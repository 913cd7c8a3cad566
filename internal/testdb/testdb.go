// Package testdb gives each test its own empty database on every engine the product supports:
// a fresh SQLite file always, and a fresh PostgreSQL schema when TEST_DATABASE_URL is set. In CI
// a missing TEST_DATABASE_URL fails the test instead of silently testing SQLite alone.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Engine is one database to run a test against.
type Engine struct {
	Name string // "sqlite" or "postgres"
	// New returns the URL of a fresh, empty database, dropped when the test ends.
	New func(t testing.TB) string
}

// Engines lists the engines to test on.
func Engines(t testing.TB) []Engine {
	engines := []Engine{{Name: "sqlite", New: newSQLite}}
	if base := os.Getenv("TEST_DATABASE_URL"); base != "" {
		engines = append(engines, Engine{Name: "postgres", New: func(t testing.TB) string { return newPostgres(t, base) }})
	} else if os.Getenv("CI") != "" {
		t.Fatal("testdb: TEST_DATABASE_URL is not set in CI; PostgreSQL tests must run there")
	}
	return engines
}

// Each runs fn as a subtest per engine, each with its own fresh database URL.
func Each(t *testing.T, fn func(t *testing.T, databaseURL string)) {
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) { fn(t, e.New(t)) })
	}
}

func newSQLite(t testing.TB) string {
	return filepath.Join(t.TempDir(), "sessionguard.db")
}

// newPostgres creates a schema of its own and returns base with search_path pointing at it, so
// tests run in parallel without seeing each other's tables.
func newPostgres(t testing.TB, base string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("testdb: unable to reach PostgreSQL at TEST_DATABASE_URL: %v", err)
	}
	defer conn.Close(ctx)
	schema := "sgtest_" + randomHex(6)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("testdb: unable to create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("testdb: unable to drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("testdb: unable to drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("testdb: bad TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("testdb: %v", err))
	}
	return hex.EncodeToString(b)
}
