package store_test

import (
	"testing"
	"time"

	"sessionguard/models"
)

// The purge at the sizes of issue 11 (SG_BENCH_SCALE=full: an account of 1,000,000 sessions, nine
// in ten terminated): a pass that finds nothing, and purging every terminated session once they
// expired, pass after pass, as the replicas' hourly purge would.

func BenchmarkPurgeEmptyPass(b *testing.B) {
	rows, _, _ := benchScale()
	onScaleAccount(b, "", func(b *testing.B, e *env, acc models.Account) {
		for b.Loop() {
			if p, err := e.store.PurgeExpired(e.ctx); err != nil || p.Sessions+p.AuditEvents != 0 {
				b.Fatalf("PurgeExpired: %+v, %v; want nothing purged", p, err)
			}
		}
		reportMs(b, "ms/pass")
		b.ReportMetric(float64(rows), "rows")
	})
}

func BenchmarkPurgeExpired(b *testing.B) {
	onScaleAccount(b, "", func(b *testing.B, e *env, acc models.Account) {
		e.clock.Advance(91 * 24 * time.Hour)
		purged, passes := 0, 0
		b.ResetTimer()
		for b.Loop() {
			for {
				p, err := e.store.PurgeExpired(e.ctx)
				if err != nil {
					b.Fatal(err)
				}
				if p.Sessions == 0 {
					break
				}
				purged += p.Sessions
				passes++
			}
		}
		if left := e.countRows("sessions", acc.ID, "status = 'TERMINATED'"); left != 0 || purged == 0 {
			b.Fatalf("purged %d, %d terminated sessions left", purged, left)
		}
		b.ReportMetric(b.Elapsed().Seconds(), "s/all")
		b.ReportMetric(float64(purged), "rows-purged")
		b.ReportMetric(float64(passes), "passes")
	})
}
