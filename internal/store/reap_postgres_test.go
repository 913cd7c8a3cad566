package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"sessionguard/internal/reaper"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// The idle reaper on PostgreSQL, where every replica reaps at once and tables are large.

// postgresEnv returns an env on a fresh PostgreSQL schema, skipping without one.
func postgresEnv(t *testing.T) *env {
	t.Helper()
	for _, engine := range testdb.Engines(t) {
		if engine.Name == "postgres" {
			return newEnv(t, engine.New(t))
		}
	}
	t.Skip("needs PostgreSQL: set TEST_DATABASE_URL")
	return nil
}

// bulkSessions inserts n active sessions of u, all last active at lastActive, in one statement.
func (e *env) bulkSessions(u models.User, n int, lastActive time.Time) {
	e.t.Helper()
	tag := fmt.Sprintf("bulk-%d-", e.unique())
	err := e.store.Gorm().WithContext(e.ctx).Exec(`
INSERT INTO sessions (id, account_id, user_id, token_hash, status, login_ip, login_at, last_active_at, idle_probe_at)
SELECT ? || g, ?, ?, decode(md5(? || g), 'hex'), 'ACTIVE', '192.0.2.1', ?, ?, ?
FROM generate_series(1, ?) AS g`, tag, u.AccountID, u.ID, tag, lastActive, lastActive, lastActive, n).Error
	if err != nil {
		e.t.Fatalf("inserting %d sessions: %v", n, err)
	}
}

func TestReapIdleOnTwoReplicasEndsEachSessionOnce(t *testing.T) {
	const accounts, perAccount = 4, 50
	cases := []struct {
		name    string
		batch   int
		workers int // goroutines per store
		passes  int // ReapIdle calls per goroutine
	}{
		{"small batches, many workers", 7, 8, 6},
		{"one batch each", reaper.BatchSize, 4, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := postgresEnv(t)
			other := e.open() // a second replica on the same schema
			var all []string
			for i := range accounts {
				acc, admin := e.account(fmt.Sprintf("Acme %d", i))
				e.setPolicy(acc.ID, admin.ID, idleAfter(30))
				e.bulkSessions(e.user(acc.ID, "Mia"), perAccount, e.clock.Now())
			}
			if err := e.store.Gorm().Model(&models.Session{}).Where("status = ?", models.SessionActive).
				Order("id").Pluck("id", &all).Error; err != nil {
				t.Fatal(err)
			}
			if len(all) != accounts*perAccount {
				t.Fatalf("%d active sessions, want %d", len(all), accounts*perAccount)
			}
			e.clock.Advance(30*time.Minute + models.IdleGrace + time.Second)
			m := e.mark()

			if got := reapOnReplicas(t, []*store.Store{e.store, other}, tc.workers, tc.passes, tc.batch); got != int64(len(all)) {
				t.Errorf("the passes report %d sessions ended in all, want %d", got, len(all))
			}
			var left int64
			if err := e.store.Gorm().Model(&models.Session{}).Where("status = ?", models.SessionActive).Count(&left).Error; err != nil {
				t.Fatalf("counting active sessions: %v", err)
			}
			if left != 0 {
				t.Errorf("%d sessions still active", left)
			}
			var wrong int64
			err := e.store.Gorm().Model(&models.Session{}).Where("end_reason IS DISTINCT FROM ? OR ended_at <> last_active_at + interval '30 minutes'",
				models.EndIdleTimeout).Count(&wrong).Error
			if err != nil {
				t.Fatalf("counting sessions ended otherwise: %v", err)
			}
			if wrong != 0 {
				t.Errorf("%d sessions ended with another reason or time than IDLE_TIMEOUT at activity + 30m", wrong)
			}
			e.wantEachEndedOnce(t, m, all)
		})
	}
}

// reapOnReplicas runs passes ReapIdle calls with batch on each of workers goroutines per replica,
// all at once, and returns how many sessions they report ended in all.
func reapOnReplicas(t *testing.T, replicas []*store.Store, workers, passes, batch int) int64 {
	t.Helper()
	var total atomic.Int64
	errs := make(chan error, len(replicas)*workers*passes)
	parallel(len(replicas)*workers, func(i int) {
		s := replicas[i%len(replicas)]
		for range passes {
			n, err := s.ReapIdle(context.Background(), batch)
			total.Add(int64(n))
			if err != nil {
				errs <- err
			}
		}
	})
	close(errs)
	for err := range errs {
		t.Errorf("ReapIdle: %v", err)
	}
	return total.Load()
}

// TestReapIdleQueryUsesThePartialIndex checks the plan of the reaper's own candidate query, as
// captured from a real pass, over an account with many live sessions: it must walk the partial
// index on active sessions' (account_id, idle_probe_at), which makes a pass that finds nothing
// cost next to nothing.
func TestReapIdleQueryUsesThePartialIndex(t *testing.T) {
	const live = 20000
	e := postgresEnv(t)
	acc, admin := e.account("Acme")
	e.setPolicy(acc.ID, admin.ID, idleAfter(30))
	u := e.user(acc.ID, "Mia")
	e.bulkSessions(u, live, e.clock.Now())
	// A few hundred ended sessions too, as any real table has.
	e.bulkSessions(u, 500, e.clock.Now().Add(-time.Hour))
	if err := e.store.Gorm().Exec("UPDATE sessions SET status = 'TERMINATED', ended_at = last_active_at, end_reason = 'LOGOUT' WHERE last_active_at < ?", e.clock.Now()).Error; err != nil {
		t.Fatal(err)
	}
	// One idle session, so that the pass runs both its probe and its candidate query.
	e.bulkSessions(u, 1, e.clock.Now().Add(-time.Hour))
	if err := e.store.Gorm().Exec("ANALYZE sessions").Error; err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(10 * time.Minute)

	queries := captureCandidateQueries(e)
	if len(queries) != 2 {
		t.Fatalf("the pass ran %d queries on sessions, want 2 (the probe, then the candidates): %v", len(queries), queries)
	}
	sqlDB, err := e.store.Gorm().DB()
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"probe", "candidates"} {
		t.Run(name, func(t *testing.T) {
			checkUsesIndex(t, e, sqlDB, queries[i].sql, queries[i].vars, "sessions_active_idle_probe")
		})
	}
}

// checkUsesIndex fails unless query, with vars, runs on index however PostgreSQL plans it.
func checkUsesIndex(t *testing.T, e *env, sqlDB *sql.DB, query string, vars []any, index string) {
	literals := make([]string, len(vars))
	for i, v := range vars {
		literals[i] = literal(t, v)
	}

	cases := []struct {
		name string
		plan func(ctx context.Context, conn *sql.Conn) string
	}{
		{"planned for the pass's values", func(ctx context.Context, conn *sql.Conn) string {
			return explain(t, ctx, conn, "EXPLAIN "+bind(query, literals))
		}},
		{"prepared, as the driver runs it, after many passes", func(ctx context.Context, conn *sql.Conn) string {
			// pgx prepares each statement once per connection and executes it again and again;
			// after five executions PostgreSQL may switch to a generic plan.
			exec(t, ctx, conn, "PREPARE reap_candidates AS "+query)
			defer exec(t, ctx, conn, "DEALLOCATE reap_candidates")
			for range 10 {
				exec(t, ctx, conn, "EXECUTE reap_candidates("+strings.Join(literals, ", ")+")")
			}
			return explain(t, ctx, conn, "EXPLAIN EXECUTE reap_candidates("+strings.Join(literals, ", ")+")")
		}},
		{"prepared as a generic plan", func(ctx context.Context, conn *sql.Conn) string {
			// PostgreSQL picks the generic plan on its own when it looks no dearer than the
			// custom ones, and always under plan_cache_mode = force_generic_plan: the index must
			// serve that plan too.
			exec(t, ctx, conn, "SET plan_cache_mode = force_generic_plan")
			defer exec(t, ctx, conn, "RESET plan_cache_mode")
			exec(t, ctx, conn, "PREPARE reap_generic AS "+query)
			defer exec(t, ctx, conn, "DEALLOCATE reap_generic")
			return explain(t, ctx, conn, "EXPLAIN EXECUTE reap_generic("+strings.Join(literals, ", ")+")")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(e.ctx, 30*time.Second)
			defer cancel()
			conn, err := sqlDB.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			plan := tc.plan(ctx, conn)
			if !strings.Contains(plan, index) {
				t.Errorf("the candidate query does not use %s:\n%s\nplan:\n%s", index, query, plan)
			}
			if strings.Contains(plan, "Seq Scan on sessions") {
				t.Errorf("the candidate query scans the whole sessions table:\n%s", plan)
			}
		})
	}
}

// captureCandidateQuery runs a reaper pass that must end nothing and returns the SQL and
// arguments of the first query it ran on sessions: the candidate query.
type capturedQuery struct {
	sql  string
	vars []any
}

// captureCandidateQueries runs a pass that ends one idle session and returns the distinct
// queries it ran on sessions, in order.
func captureCandidateQueries(e *env) []capturedQuery {
	e.t.Helper()
	var queries []capturedQuery
	err := e.store.Gorm().Callback().Query().After("gorm:query").Register("test:capture_reap", func(db *gorm.DB) {
		if db.Statement.Table == "sessions" {
			queries = append(queries, capturedQuery{db.Statement.SQL.String(), append([]any(nil), db.Statement.Vars...)})
		}
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if n := e.reap(reaper.BatchSize); n != 1 {
		e.t.Fatalf("ReapIdle ended %d sessions, want the one idle", n)
	}
	return queries
}

// literal writes v as a PostgreSQL literal.
func literal(t *testing.T, v any) string {
	switch v := v.(type) {
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case models.SessionStatus:
		return "'" + string(v) + "'"
	case time.Time:
		return "'" + v.UTC().Format(time.RFC3339Nano) + "'::timestamptz"
	case int, int64:
		return fmt.Sprint(v)
	}
	t.Fatalf("no literal for %T", v)
	return ""
}

// bind replaces $1, $2, ... in query by literals, last first so $1 does not eat $10.
func bind(query string, literals []string) string {
	for i := len(literals); i >= 1; i-- {
		query = strings.ReplaceAll(query, fmt.Sprintf("$%d", i), literals[i-1])
	}
	return query
}

func exec(t *testing.T, ctx context.Context, conn *sql.Conn, q string) {
	t.Helper()
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	for rows.Next() {
	}
	rows.Close()
}

func explain(t *testing.T, ctx context.Context, conn *sql.Conn, q string) string {
	t.Helper()
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
