package store_test

import (
	"strings"
	"testing"
	"time"

	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// TestReapLifetimeQueryUsesAnIndexOnSQLite is TestReapLifetimeQueryUsesAnIndex for SQLite's
// planner: the reaper's lifetime probe and candidate query, as captured from a real pass, search
// an index of active sessions by login in its order, and never scan sessions, walk ended ones or
// sort. SQLite always knows the status (it has no generic plans), so sessions_account_status_login
// serves as well as the partial index sessions_active_login.
func TestReapLifetimeQueryUsesAnIndexOnSQLite(t *testing.T) {
	var url string
	for _, engine := range testdb.Engines(t) {
		if engine.Name == "sqlite" {
			url = engine.New(t)
		}
	}
	e := newEnv(t, url)
	acc, admin := e.account("Acme")
	e.setPolicy(acc.ID, admin.ID, lifetimeOf(1, models.Hours))
	u := e.user(acc.ID, "Mia")
	e.seedActive(u, 300) // then ended: an account's history
	if err := e.store.Gorm().Model(&models.Session{}).Where("user_id = ?", u.ID).
		Updates(map[string]any{"status": models.SessionTerminated, "end_reason": models.EndLogout}).Error; err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(2 * time.Hour)
	e.login(u) // the one active session, which the pass ends
	e.clock.Advance(time.Hour)

	queries := captureCandidateQueries(e)
	if len(queries) != 2 {
		t.Fatalf("the pass ran %d queries on sessions, want 2 (the probe, then the candidates): %v", len(queries), queries)
	}
	for _, q := range queries {
		var plan []struct {
			ID, Parent, Notused int
			Detail              string
		}
		if err := e.store.Gorm().Raw("EXPLAIN QUERY PLAN "+q.sql, q.vars...).Scan(&plan).Error; err != nil {
			t.Fatal(err)
		}
		var details []string
		for _, p := range plan {
			details = append(details, p.Detail)
		}
		text := strings.Join(details, "\n")
		partial := strings.Contains(text, "SEARCH sessions USING INDEX sessions_active_login (account_id=? AND login_at<?)")
		byStatus := strings.Contains(text, "INDEX sessions_account_status_login (account_id=? AND status=? AND login_at<?)")
		if !partial && !byStatus || strings.Contains(text, "SCAN") || strings.Contains(text, "TEMP B-TREE") {
			t.Errorf("the query does not search active sessions by login:\n%s\nplan:\n%s", q.sql, text)
		}
	}
}
