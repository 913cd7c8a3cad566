package store_test

import (
	"fmt"
	"testing"
	"time"

	"sessionguard/internal/reaper"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// The reaper and the absolute lifetime on PostgreSQL, where every replica reaps at once and
// tables are large.

func TestReapLifetimeOnTwoReplicasEndsEachSessionOnce(t *testing.T) {
	const accounts, perAccount, batch, workers = 3, 40, 7, 4
	e := postgresEnv(t)
	other := e.open() // a second replica on the same schema
	for i := range accounts {
		acc, admin := e.account(fmt.Sprintf("Acme %d", i))
		e.setPolicy(acc.ID, admin.ID, lifetimeOf(1, models.Hours))
		e.bulkSessions(e.user(acc.ID, "Mia"), perAccount, e.clock.Now())
	}
	var all []string
	if err := e.store.Gorm().Model(&models.Session{}).Where("status = ?", models.SessionActive).
		Order("id").Pluck("id", &all).Error; err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Hour)
	m := e.mark()

	if got := reapOnReplicas(t, []*store.Store{e.store, other}, workers, 3, batch); got != int64(len(all)) || len(all) != accounts*perAccount {
		t.Errorf("the passes report %d sessions ended of %d, want all %d", got, len(all), accounts*perAccount)
	}
	var wrong int64
	err := e.store.Gorm().Model(&models.Session{}).Where("status <> 'TERMINATED' OR end_reason IS DISTINCT FROM ? OR ended_at <> login_at + interval '1 hour'",
		models.EndMaxLifetime).Count(&wrong).Error
	if err != nil {
		t.Fatal(err)
	}
	if wrong != 0 {
		t.Errorf("%d sessions not ended with MAX_LIFETIME at login + 1 hour", wrong)
	}
	e.wantEachEndedOnce(t, m, all)
}

// TestReapLifetimeQueryUsesAnIndex checks the plan of the reaper's lifetime queries, as captured
// from a real pass, over an account with many live sessions and ended ones logged in long ago:
// they must walk the partial index sessions_active_login, so that a pass that finds nothing
// reads one index entry per account however long the account's history.
func TestReapLifetimeQueryUsesAnIndex(t *testing.T) {
	const live = 20000
	e := postgresEnv(t)
	acc, admin := e.account("Acme")
	e.setPolicy(acc.ID, admin.ID, lifetimeOf(1, models.Hours))
	u := e.user(acc.ID, "Mia")
	e.bulkSessions(u, live, e.clock.Now())
	e.bulkSessions(u, 500, e.clock.Now().Add(-3*time.Hour))
	if err := e.store.Gorm().Exec("UPDATE sessions SET status = 'TERMINATED', ended_at = login_at, end_reason = 'LOGOUT' WHERE login_at < ?", e.clock.Now()).Error; err != nil {
		t.Fatal(err)
	}
	// One session past its lifetime, so that the pass runs both its probe and its candidate query.
	e.bulkSessions(u, 1, e.clock.Now().Add(-2*time.Hour))
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
			checkUsesIndex(t, e, sqlDB, queries[i].sql, queries[i].vars, "sessions_active_login")
		})
	}
	if n := e.reap(reaper.BatchSize); n != 0 {
		t.Errorf("a second pass ended %d sessions, want 0", n)
	}
}
