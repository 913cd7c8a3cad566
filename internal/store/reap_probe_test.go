package store_test

import (
	"testing"
	"time"

	"sessionguard/internal/reaper"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// The reaper's index holds idle_probe_at, a lower bound of last_active_at that only the reaper
// moves (reap.go), so that writing activity changes no indexed column.

func TestReapIdleMovesTheProbeOfASessionStillActive(t *testing.T) {
	const timeout = 30 * time.Minute
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replica := e.openBatched()
		acc, admin := e.account("Acme")
		e.setPolicy(acc.ID, admin.ID, idleAfter(30))
		s, token := e.login(e.user(acc.ID, "Mia"))
		if !s.IdleProbeAt.Equal(s.LoginAt) {
			t.Fatalf("a new session's probe is %v, want its login time %v", s.IdleProbeAt, s.LoginAt)
		}

		e.clock.Advance(20 * time.Minute)
		if _, err := replica.Authenticate(e.ctx, token); err != nil {
			t.Fatal(err)
		}
		e.flush(replica)
		active := e.session(s.ID)
		if !active.LastActiveAt.Equal(e.clock.Now()) || !active.IdleProbeAt.Equal(s.LoginAt) {
			t.Fatalf("after a request and a flush: last active %v, probe %v; want %v and the probe unmoved at %v",
				active.LastActiveAt, active.IdleProbeAt, e.clock.Now(), s.LoginAt)
		}

		// Past the timeout since login, not since the request: probed, found active, probe moved.
		e.clock.Advance(15 * time.Minute)
		m := e.mark()
		if n := e.reap(reaper.BatchSize); n != 0 {
			t.Fatalf("ReapIdle ended %d sessions, want 0: the session was active 15 minutes ago", n)
		}
		probed := e.session(s.ID)
		wantActive(t, probed)
		if !probed.IdleProbeAt.Equal(active.LastActiveAt) {
			t.Errorf("probe %v after the pass, want moved to the last activity %v", probed.IdleProbeAt, active.LastActiveAt)
		}
		e.wantEvents(m)

		// Once the session has been idle for the timeout, the next pass ends it as of then.
		e.clock.Advance(timeout - 15*time.Minute + models.IdleGrace + time.Second)
		if n := e.reap(reaper.BatchSize); n != 1 {
			t.Fatalf("ReapIdle ended %d sessions, want 1", n)
		}
		wantEnded(t, e.session(s.ID), models.EndIdleTimeout, nil, active.LastActiveAt.Add(timeout))
		e.wantEvents(m, ended(s, models.EndIdleTimeout))
	})
}

func TestReapIdleEndsOnlyTheIdleAmongProbedSessions(t *testing.T) {
	// A batch mixing idle sessions with active ones whose probe is old: the idle end, the active
	// have their probe moved, and a batch smaller than the candidates still reaches every one.
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		e.setPolicy(acc.ID, admin.ID, idleAfter(30))
		var idle, busy []models.Session
		var busyTokens [][]byte
		for i := range 6 {
			s, token := e.login(e.user(acc.ID, "Mia"))
			if i%2 == 0 {
				idle = append(idle, s)
			} else {
				busy, busyTokens = append(busy, s), append(busyTokens, token)
			}
		}
		e.clock.Advance(25 * time.Minute)
		for _, token := range busyTokens {
			if _, err := e.store.Authenticate(e.ctx, token); err != nil {
				t.Fatal(err)
			}
		}
		e.clock.Advance(10 * time.Minute)
		if n := e.reap(2); n != len(idle) {
			t.Errorf("ReapIdle with batch 2 ended %d sessions, want %d", n, len(idle))
		}
		for _, s := range idle {
			wantEnded(t, e.session(s.ID), models.EndIdleTimeout, nil, s.LastActiveAt.Add(30*time.Minute))
		}
		for _, s := range busy {
			got := e.session(s.ID)
			wantActive(t, got)
			if !got.IdleProbeAt.Equal(got.LastActiveAt) {
				t.Errorf("busy session %s: probe %v, want moved to its last activity %v", s.ID, got.IdleProbeAt, got.LastActiveAt)
			}
		}
	})
}

func TestNoIndexOfSessionsHoldsLastActiveAt(t *testing.T) {
	// Activity writes set only last_active_at. With no index on it, PostgreSQL can write each as
	// a heap-only (HOT) update, leaving all nine indexes of sessions alone (issue 9: 11 WAL
	// records and ~120 µs per session written when one index held it).
	e := postgresEnv(t)
	var indexes []string
	err := e.store.Gorm().Raw(`SELECT i.indexrelid::regclass::text FROM pg_index i
WHERE i.indrelid = 'sessions'::regclass
  AND (EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indrelid
               AND a.attname = 'last_active_at' AND a.attnum = ANY (i.indkey))
       OR pg_get_expr(i.indexprs, i.indrelid) LIKE '%last_active_at%'
       OR pg_get_expr(i.indpred, i.indrelid) LIKE '%last_active_at%')`).Scan(&indexes).Error
	if err != nil {
		t.Fatal(err)
	}
	if len(indexes) > 0 {
		t.Errorf("indexes of sessions holding last_active_at: %v; activity writes would update every index", indexes)
	}
}

func TestReapIdleHandlesSessionsWrittenWithoutAProbe(t *testing.T) {
	// A replica from before idle_probe_at, or a tool, inserts sessions without it: the column's
	// default makes them candidates at once, and the reaper must read them like any other.
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		e.setPolicy(acc.ID, admin.ID, idleAfter(30))
		u := e.user(acc.ID, "Mia")
		now := e.clock.Now()
		insert := func(id string, lastActive time.Time) {
			err := e.store.Gorm().Exec(`INSERT INTO sessions (id, account_id, user_id, token_hash, status, login_ip,
  login_at, last_active_at) VALUES (?, ?, ?, ?, 'ACTIVE', '192.0.2.1', ?, ?)`,
				id, acc.ID, u.ID, e.newToken(), lastActive, lastActive).Error
			if err != nil {
				t.Fatal(err)
			}
		}
		insert("old-replica-idle", now.Add(-time.Hour))
		insert("old-replica-busy", now)

		if n := e.reap(reaper.BatchSize); n != 1 {
			t.Fatalf("ReapIdle ended %d sessions, want 1 (the idle one)", n)
		}
		idle, busy := e.session("old-replica-idle"), e.session("old-replica-busy")
		wantEnded(t, idle, models.EndIdleTimeout, nil, idle.LastActiveAt.Add(30*time.Minute))
		wantActive(t, busy)
		if !busy.IdleProbeAt.Equal(busy.LastActiveAt) {
			t.Errorf("busy session's probe %v, want moved to its last activity %v", busy.IdleProbeAt, busy.LastActiveAt)
		}
	})
}
