package store_test

import (
	"fmt"
	"testing"

	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// seedActive inserts n active sessions for u directly: logging in n times would test logins.
func (e *env) seedActive(u models.User, n int) []models.Session {
	e.t.Helper()
	now := e.clock.Now()
	rows := make([]models.Session, n)
	for i := range rows {
		rows[i] = models.Session{ID: fmt.Sprintf("bulk-%s-%05d", u.ID, i), AccountID: u.AccountID, UserID: u.ID,
			TokenHash: e.newToken(), Status: models.SessionActive, LoginIP: "192.0.2.1", LoginAt: now, LastActiveAt: now,
			IdleProbeAt: now}
	}
	if err := e.store.Gorm().CreateInBatches(rows, 200).Error; err != nil {
		e.t.Fatal(err)
	}
	return rows
}

// Ending more sessions than one statement takes ends each once, with one event each, and leaves
// the kept session and other users alone.
func TestTerminateAllBeyondOneBatch(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		mia, ben := e.user(acc.ID, "Mia"), e.user(acc.ID, "Ben")
		rows := e.seedActive(mia, 1234)
		keep := rows[700]
		e.seedActive(ben, 3)

		m := e.mark()
		n, err := e.store.TerminateAll(e.ctx, store.TerminateScope{AccountID: acc.ID, UserID: &mia.ID, KeepID: &keep.ID, ActorID: admin.ID})
		if err != nil {
			t.Fatal(err)
		}
		if n != 1233 {
			t.Errorf("terminated %d, want 1233", n)
		}
		if got := len(e.since(m)); got != 1233 {
			t.Errorf("%d events, want one per ended session (1233)", got)
		}
		if a, ended := e.countSessions(mia.ID, models.SessionActive), e.countSessions(mia.ID, models.SessionTerminated); a != 1 || ended != 1233 {
			t.Errorf("Mia: %d active, %d terminated; want 1 and 1233", a, ended)
		}
		if e.session(keep.ID).Status != models.SessionActive || e.countSessions(ben.ID, models.SessionActive) != 3 {
			t.Error("the kept session or another user's sessions were ended")
		}
		wantEnded(t, e.session(rows[1233].ID), models.EndTerminateAll, &admin.ID, e.clock.Now())
	})
}

// Ending 1,000 sessions against ending one (each op ends a fresh set): compare the ns/op of the
// two as a ratio; a bulk end that cost a statement per session would be about 1,000 times the
// single one.
//
//	TEST_DATABASE_URL=... go test -run '^$' -bench TerminateAll ./internal/store/
func BenchmarkTerminateAll(b *testing.B) {
	for _, engine := range testdb.Engines(b) {
		for _, size := range []int{1, 1000} {
			b.Run(fmt.Sprintf("%s/sessions=%d", engine.Name, size), func(b *testing.B) {
				e := newEnv(b, engine.New(b))
				acc, admin := e.account("Acme")
				for b.Loop() {
					b.StopTimer()
					u := e.user(acc.ID, "Mia")
					e.seedActive(u, size)
					b.StartTimer()
					n, err := e.store.TerminateAll(e.ctx, store.TerminateScope{AccountID: acc.ID, UserID: &u.ID, ActorID: admin.ID})
					if err != nil || n != size {
						b.Fatalf("TerminateAll: %d, %v; want %d", n, err, size)
					}
				}
			})
		}
	}
}
