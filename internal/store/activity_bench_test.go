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
