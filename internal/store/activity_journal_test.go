package store_test

import (
	"testing"
	"time"

	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// The activity journal (activity_journal.go): a replica's notes reach the sessions' rows within
// ActivityStoreDelay, in the meantime they are in the journal, and a replica that dies with notes
// in it never lets a session end early, on any engine.

// journalRows counts the rows of the activity journal.
func (e *env) journalRows() int64 {
	e.t.Helper()
	var n int64
	if err := e.store.Gorm().WithContext(e.ctx).Table("activity_journal").Count(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

// flushDue runs one flush of s's flusher.
func (e *env) flushDue(s *store.Store) {
	e.t.Helper()
	if err := s.FlushDueActivity(e.ctx); err != nil {
		e.t.Fatalf("FlushDueActivity: %v", err)
	}
}

// A busy session's row is written about once per ActivityStoreDelay, not once per flush: the
// flushes between append its newest request to the journal, and the one that stores it deletes
// the replica's rows again.
func TestActivityReachesTheRowWithinTheStoreDelay(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replica := e.openBatched()
		acc, admin := e.account("Acme")
		e.setPolicy(acc.ID, admin.ID, idleAfter(30))
		s, token := e.login(e.user(acc.ID, "Mia"))
		var last time.Time
		for range 4 {
			e.clock.Advance(models.ActivityWriteInterval + time.Second)
			if _, err := replica.Authenticate(e.ctx, token); err != nil {
				t.Fatal(err)
			}
			last = e.clock.Now()
			e.flushDue(replica)
			if got := e.session(s.ID).LastActiveAt; !got.Equal(s.LastActiveAt) {
				t.Fatalf("stored %v after a flush, want the login's %v until the store delay", got, s.LastActiveAt)
			}
		}
		if n := e.journalRows(); n != 4 {
			t.Errorf("%d journal rows after 4 flushes of a new request each, want 4", n)
		}
		e.flushDue(replica) // nothing new: no row
		if n := e.journalRows(); n != 4 {
			t.Errorf("%d journal rows after a flush with nothing new, want still 4", n)
		}
		first := s.LastActiveAt.Add(models.ActivityWriteInterval + time.Second)
		e.clock.Set(first.Add(models.ActivityStoreDelay - models.ActivityFlushInterval))
		e.flushDue(replica)
		if got := e.session(s.ID).LastActiveAt; !got.Equal(last) {
			t.Errorf("stored %v a store delay after the first request, want the newest %v", got, last)
		}
		if n := e.journalRows(); n != 0 {
			t.Errorf("%d journal rows once everything is stored, want 0", n)
		}
	})
}

// A replica that dies leaves its notes in the journal; another replica folds them in once they
// are ActivityOrphanAge old, before the sessions they concern could count as idle: the latest a
// note may wait is ActivityDeferMargin before that, which is more than the orphan age.
func TestADeadReplicasActivityIsFoldedInBeforeItMatters(t *testing.T) {
	const timeout = 30 * time.Minute
	cases := []struct {
		name    string
		request time.Duration // after login
	}{
		{"a request long before the timeout", 10 * time.Minute},
		// Its note is due 3 s later, after the flush that journals it.
		{"one of the last requests that may wait", timeout + models.IdleGrace - models.ActivityDeferMargin - 3*time.Second},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				dying := e.openBatched()
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, idleAfter(30))
				s, token := e.login(e.user(acc.ID, "Mia"))
				e.clock.Advance(tc.request)
				if _, err := dying.Authenticate(e.ctx, token); err != nil {
					t.Fatal(err)
				}
				at := e.clock.Now()
				e.clock.Advance(models.ActivityFlushInterval)
				e.flushDue(dying) // its last flush: the note is in the journal only
				journaled := e.clock.Now()
				if got := e.session(s.ID).LastActiveAt; !got.Equal(s.LastActiveAt) {
					t.Fatalf("the note was stored at once (%v): this case tests a note that waits", got)
				}

				// Not yet an orphan: the live replica folds nothing.
				e.clock.Set(journaled.Add(models.ActivityOrphanAge))
				if err := e.store.FoldOrphanedActivity(e.ctx); err != nil {
					t.Fatal(err)
				}
				if got := e.session(s.ID).LastActiveAt; !got.Equal(s.LastActiveAt) {
					t.Fatalf("a row younger than the orphan age was folded: %v", got)
				}
				// The live replica's next flush after the row's orphan age.
				e.clock.Set(journaled.Add(models.ActivityOrphanAge + models.ActivityFlushInterval))
				if err := e.store.FoldOrphanedActivity(e.ctx); err != nil {
					t.Fatal(err)
				}
				if e.clock.Now().After(s.LastActiveAt.Add(timeout + models.IdleGrace)) {
					t.Fatalf("folded at %v, after the login's activity counted as idle", e.clock.Now())
				}
				if got := e.session(s.ID).LastActiveAt; !got.Equal(at) {
					t.Fatalf("stored %v after the fold, want the dead replica's note %v", got, at)
				}
				if n := e.journalRows(); n != 0 {
					t.Errorf("%d journal rows after the fold, want 0", n)
				}
				// Where the login alone would have gone idle, the session lives on.
				e.clock.Set(s.LastActiveAt.Add(timeout + models.IdleGrace + time.Second))
				e.reap(100)
				wantActive(t, e.session(s.ID))
			})
		}
	})
}

// A shorter timeout saved on one replica judges what the others noted too: their journals, and,
// once they see the new policy, their notes that the new timeout makes due.
func TestAShorterTimeoutJudgesWhatOtherReplicasNoted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		t.Run("the saving replica folds in the others' journals", func(t *testing.T) {
			e := e.with(t)
			noting := e.openBatched()
			acc, admin := e.account("Acme")
			e.setPolicy(acc.ID, admin.ID, idleAfter(30))
			s, token := e.login(e.user(acc.ID, "Mia"))
			e.clock.Advance(9 * time.Minute)
			if _, err := noting.Authenticate(e.ctx, token); err != nil {
				t.Fatal(err)
			}
			at := e.clock.Now()
			e.flushDue(noting)
			e.clock.Advance(time.Second)
			// Idle for 5 minutes by the stored login, active 1 second ago by the journal.
			e.setPolicy(acc.ID, admin.ID, idleAfter(5))
			wantActive(t, e.session(s.ID))
			if got := e.session(s.ID).LastActiveAt; !got.Equal(at) {
				t.Errorf("stored %v after the policy change, want the journaled %v", got, at)
			}
		})
		t.Run("a replica stores its notes once it sees the shorter timeout", func(t *testing.T) {
			e := e.with(t)
			noting := e.openBatched()
			acc, admin := e.account("Acme")
			e.setPolicy(acc.ID, admin.ID, idleAfter(30))
			s, token := e.login(e.user(acc.ID, "Mia"))
			_, other := e.login(e.user(acc.ID, "Noor"))
			e.clock.Advance(4*time.Minute + 30*time.Second)
			if _, err := noting.Authenticate(e.ctx, token); err != nil {
				t.Fatal(err)
			}
			at := e.clock.Now()
			// Saved before the note reached the journal: under 5 minutes the login is not idle yet.
			e.clock.Advance(store.PolicyCacheTTL)
			e.setPolicy(acc.ID, admin.ID, idleAfter(5))
			e.clock.Advance(time.Second)
			if _, err := noting.Authenticate(e.ctx, other); err != nil { // reads the new policy
				t.Fatal(err)
			}
			e.flushDue(noting)
			if got := e.session(s.ID).LastActiveAt; !got.Equal(at) {
				t.Errorf("stored %v after the flush, want the note %v: the new timeout made it due", got, at)
			}
		})
	})
}

// Set moves the clock forward to t.
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Before(c.now) {
		panic("clock: Set into the past")
	}
	c.now = t
}

// A journal row no version can read is skipped and dropped by the fold, never left to stop the
// folds of the rows behind it.
func TestAnUnreadableJournalRowDoesNotStopTheFold(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		dying := e.openBatched()
		acc, _ := e.account("Acme")
		s, token := e.login(e.user(acc.ID, "Mia"))
		if err := e.store.Gorm().Exec("INSERT INTO activity_journal (replica, written_at, entries) VALUES (?, ?, ?)",
			"broken", e.clock.Now(), []byte{0xff, 0xff, 0xff}).Error; err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(models.ActivityWriteInterval + time.Second)
		if _, err := dying.Authenticate(e.ctx, token); err != nil {
			t.Fatal(err)
		}
		at := e.clock.Now()
		e.flushDue(dying)
		e.clock.Advance(models.ActivityOrphanAge + models.ActivityFlushInterval)
		if err := e.store.FoldOrphanedActivity(e.ctx); err != nil {
			t.Fatalf("FoldOrphanedActivity: %v", err)
		}
		if got := e.session(s.ID).LastActiveAt; !got.Equal(at) {
			t.Errorf("stored %v after the fold, want the readable row's %v", got, at)
		}
		if n := e.journalRows(); n != 0 {
			t.Errorf("%d journal rows after the fold, want 0", n)
		}
	})
}
