package store_test

import (
	"fmt"
	"testing"
	"time"

	"sessionguard/internal/testdb"
)

// Storing the activity noted for 5,000 sessions (a second of a replica serving 5,000 sessions
// each making a request) against storing one: compare the ns/op of the two as a ratio, the
// per-session cost of a flush. The noted sessions are one in ten of the table, as when many
// sessions each make a request now and then: a flush touching every row of a page at once would
// leave PostgreSQL no room on the page for heap-only updates. Noting happens outside the timer.
//
//	TEST_DATABASE_URL=... go test -run '^$' -bench ActivityFlush ./internal/store/
func BenchmarkActivityFlush(b *testing.B) {
	for _, engine := range testdb.Engines(b) {
		for _, size := range []int{1, 5000} {
			b.Run(fmt.Sprintf("%s/sessions=%d", engine.Name, size), func(b *testing.B) {
				e := newEnv(b, engine.New(b))
				replica := e.openBatched()
				acc, _ := e.account("Acme")
				rows := e.seedActive(e.user(acc.ID, "Mia"), size*10)
				for b.Loop() {
					b.StopTimer()
					e.clock.Advance(5 * time.Second) // past ActivityWriteInterval: every request notes
					for i := 0; i < len(rows); i += 10 {
						if _, err := replica.Authenticate(e.ctx, rows[i].TokenHash); err != nil {
							b.Fatal(err)
						}
					}
					b.StartTimer()
					e.flush(replica)
				}
			})
		}
	}
}

// The flush a replica runs every second when none of its notes is due yet, the common case with
// many busy sessions: the notes of 5,000 sessions appended to the activity journal as one row.
// Its ns/op against BenchmarkActivityFlush's for the same sessions (storing them in their rows)
// is what the journal saves per second; each row is then written about once a minute instead.
//
//	TEST_DATABASE_URL=... go test -run '^$' -bench 'Activity(Flush|Journal)' ./internal/store/
func BenchmarkActivityJournal(b *testing.B) {
	for _, engine := range testdb.Engines(b) {
		b.Run(fmt.Sprintf("%s/sessions=5000", engine.Name), func(b *testing.B) {
			e := newEnv(b, engine.New(b))
			replica := e.openBatched()
			acc, _ := e.account("Acme")
			rows := e.seedActive(e.user(acc.ID, "Mia"), 50_000)
			for b.Loop() {
				b.StopTimer()
				e.flush(replica)                 // the notes start afresh: none is due
				e.clock.Advance(5 * time.Second) // a new request of each: every note goes to the journal
				for i := 0; i < len(rows); i += 10 {
					if _, err := replica.Authenticate(e.ctx, rows[i].TokenHash); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				if err := replica.FlushDueActivity(e.ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if n := e.journalRows(); n == 0 {
				b.Fatal("nothing reached the journal")
			}
		})
	}
}
