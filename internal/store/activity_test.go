package store_test

import (
	"context"
	"testing"
	"time"

	"sessionguard/internal/reaper"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// Batched activity (activity.go): requests note activity in memory and a flush stores it, on
// every engine, without ever ending a session before its idle timeout.

// openBatched opens another Store on e's database that batches activity: a production replica.
func (e *env) openBatched() *store.Store {
	e.t.Helper()
	s, err := store.Open(e.ctx, e.url, store.Options{Now: e.clock.Now, Delivery: e.events, BatchActivity: true})
	if err != nil {
		e.t.Fatalf("store.Open: %v", err)
	}
	e.t.Cleanup(func() { s.Close() })
	return s
}

// flush stores s's noted activity, failing the test on error.
func (e *env) flush(s *store.Store) {
	e.t.Helper()
	if err := s.FlushActivity(e.ctx); err != nil {
		e.t.Fatalf("FlushActivity: %v", err)
	}
}

func TestBatchedActivityIsStoredByTheFlush(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replica := e.openBatched()
		acc, _ := e.account("Acme")
		type seen struct {
			session models.Session
			at      time.Time
		}
		var all []seen
		for _, name := range []string{"Mia", "Noor", "Ola"} {
			s, token := e.login(e.user(acc.ID, name))
			e.clock.Advance(models.ActivityWriteInterval + time.Second)
			p, err := replica.Authenticate(e.ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			at := e.clock.Now()
			if !p.Session.LastActiveAt.Equal(at) {
				t.Errorf("principal last active %v, want the request's %v", p.Session.LastActiveAt, at)
			}
			if stored := e.session(s.ID).LastActiveAt; !stored.Equal(s.LastActiveAt) {
				t.Errorf("stored before the flush: %v, want unchanged %v", stored, s.LastActiveAt)
			}
			all = append(all, seen{s, at})
		}
		e.flush(replica)
		for _, s := range all {
			if stored := e.session(s.session.ID).LastActiveAt; !stored.Equal(s.at) {
				t.Errorf("stored after the flush: %v, want %v", stored, s.at)
			}
		}
		e.flush(replica) // nothing left: a no-op
	})
}

func TestBatchedActivityOnlyMovesActiveSessionsForward(t *testing.T) {
	cases := []struct {
		name string
		// meanwhile runs after the request was noted and before the flush; it returns the
		// last_active_at the session must then have.
		meanwhile func(e *env, s models.Session, token []byte) time.Time
		want      models.SessionStatus
	}{
		{"another replica stored a later request", func(e *env, _ models.Session, token []byte) time.Time {
			e.clock.Advance(models.ActivityWriteInterval)
			if _, err := e.store.Authenticate(e.ctx, token); err != nil {
				e.t.Fatal(err)
			}
			return e.clock.Now()
		}, models.SessionActive},
		{"the user logged out", func(e *env, s models.Session, _ []byte) time.Time {
			if _, err := e.store.EndSession(e.ctx, s.ID, models.EndLogout, &s.UserID); err != nil {
				e.t.Fatal(err)
			}
			return s.LastActiveAt
		}, models.SessionTerminated},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replica := e.openBatched()
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, _ := e.account("Acme")
				s, token := e.login(e.user(acc.ID, "Mia"))
				e.clock.Advance(models.ActivityWriteInterval)
				if _, err := replica.Authenticate(e.ctx, token); err != nil {
					t.Fatal(err)
				}
				want := tc.meanwhile(e, s, token)
				e.flush(replica)
				got := e.session(s.ID)
				if got.Status != tc.want || !got.LastActiveAt.Equal(want) {
					t.Errorf("%s, last active %v; want %s, %v", got.Status, got.LastActiveAt, tc.want, want)
				}
			})
		}
	})
}

func TestBatchedActivityPassiveCheckNotesNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replica := e.openBatched()
		acc, _ := e.account("Acme")
		s, token := e.login(e.user(acc.ID, "Mia"))
		e.clock.Advance(time.Hour)
		if _, err := replica.Check(e.ctx, token); err != nil {
			t.Fatal(err)
		}
		e.flush(replica)
		if got := e.session(s.ID).LastActiveAt; !got.Equal(s.LastActiveAt) {
			t.Errorf("a passive check moved last_active_at to %v", got)
		}
	})
}

func TestBatchedActivityFailedFlushKeepsItsNotes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replica := e.openBatched()
		acc, _ := e.account("Acme")
		s, token := e.login(e.user(acc.ID, "Mia"))
		e.clock.Advance(models.ActivityWriteInterval)
		if _, err := replica.Authenticate(e.ctx, token); err != nil {
			t.Fatal(err)
		}
		at := e.clock.Now()
		canceled, cancel := context.WithCancel(e.ctx)
		cancel()
		if err := replica.FlushActivity(canceled); err == nil {
			t.Fatal("a flush on a canceled context succeeded")
		}
		e.flush(replica)
		if got := e.session(s.ID).LastActiveAt; !got.Equal(at) {
			t.Errorf("last_active_at %v after the retry, want %v", got, at)
		}
	})
}

// The replica holding a note never ends its session as idle: not on a request, not by reaping,
// not by a policy change.
func TestBatchedActivityKeepsTheSessionAliveOnItsReplica(t *testing.T) {
	const timeout = 30 * time.Minute
	cases := []struct {
		name string
		act  func(e *env, replica *store.Store, c idleCase)
	}{
		{"a request", func(e *env, replica *store.Store, c idleCase) {
			if _, err := replica.Authenticate(e.ctx, c.token); err != nil {
				e.t.Errorf("request refused: %v", err)
			}
		}},
		{"a passive check", func(e *env, replica *store.Store, c idleCase) {
			if _, err := replica.Check(e.ctx, c.token); err != nil {
				e.t.Errorf("check refused: %v", err)
			}
		}},
		{"the reaper", func(e *env, replica *store.Store, _ idleCase) {
			if _, err := reaper.Pass(e.ctx, replica); err != nil {
				e.t.Fatal(err)
			}
		}},
		{"saving the policy again", func(e *env, replica *store.Store, c idleCase) {
			if _, err := replica.UpdatePolicy(e.ctx, c.account.ID, c.admin.ID, idleAfter(30)); err != nil {
				e.t.Fatal(err)
			}
		}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replica := e.openBatched()
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, idleAfter(30))
				u := e.user(acc.ID, "Mia")
				s, token := e.login(u)
				e.clock.Advance(10 * time.Minute)
				if _, err := replica.Authenticate(e.ctx, token); err != nil {
					t.Fatal(err)
				}
				// Idle by the stored activity, not by the noted request.
				e.clock.Advance(timeout - time.Second)
				tc.act(e, replica, idleCase{account: acc, admin: admin, user: u, token: token})
				wantActive(t, e.session(s.ID))
			})
		}
	})
}

// Another replica reads only stored activity; it must still never end a session before its
// timeout has passed since its last request, however late that request came and whenever it
// looks before the note is flushed. A request whose stored activity would count as idle before
// its flush lands writes at once for that reason.
func TestBatchedActivityNeverEndsASessionEarlyOnAnotherReplica(t *testing.T) {
	const timeout = 30 * time.Minute
	lastCall := timeout + models.IdleGrace - time.Microsecond // the latest request still accepted
	requestsAt := []time.Duration{time.Minute, timeout, timeout + models.ActivityWriteInterval - time.Second,
		timeout + models.ActivityWriteInterval, timeout + models.ActivityWriteInterval + time.Second, lastCall}
	looksAfter := []time.Duration{0, models.ActivityFlushLag / 2, models.ActivityFlushLag}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replica := e.openBatched()
		acc, admin := e.account("Acme")
		e.setPolicy(acc.ID, admin.ID, idleAfter(30))
		u := e.user(acc.ID, "Mia")
		for _, at := range requestsAt {
			for _, after := range looksAfter {
				s, token := e.login(u)
				e.clock.Advance(at)
				if _, err := replica.Authenticate(e.ctx, token); err != nil {
					t.Fatalf("request %v after login refused: %v", at, err)
				}
				e.clock.Advance(after)
				e.reap(reaper.BatchSize) // the other replica, before this one flushed
				if got := e.session(s.ID); !got.IsActive() {
					t.Errorf("request %v after login, reaped %v later: ended", at, after)
				}
				e.flush(replica)
				e.clock.Advance(timeout + models.IdleGrace) // let it go idle: the next login's limit stays free
				e.reap(reaper.BatchSize)
			}
		}
	})
}

// A request whose stored activity is about to count as idle writes at once; one further from it
// only notes.
func TestBatchedActivityWritesAtOnceNearTheTimeout(t *testing.T) {
	const timeout = 30 * time.Minute
	nearest := timeout + models.IdleGrace - models.ActivityFlushLag // idle by the time a flush lands
	cases := []struct {
		name      string
		idle      time.Duration
		wantWrite bool
	}{
		{"well within the timeout", time.Minute, false},
		{"just short of idle within a flush", nearest - time.Microsecond, false},
		{"idle within a flush", nearest, true},
		{"in the last of its grace", timeout + models.IdleGrace - time.Microsecond, true},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replica := e.openBatched()
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, idleAfter(30))
				s, token := e.login(e.user(acc.ID, "Mia"))
				e.clock.Advance(tc.idle)
				if _, err := replica.Authenticate(e.ctx, token); err != nil {
					t.Fatal(err)
				}
				want := s.LastActiveAt
				if tc.wantWrite {
					want = e.clock.Now()
				}
				if got := e.session(s.ID).LastActiveAt; !got.Equal(want) {
					t.Errorf("stored last_active_at %v, want %v", got, want)
				}
			})
		}
	})
}
