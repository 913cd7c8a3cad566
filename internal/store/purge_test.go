package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// countRows counts accountID's rows of table (sessions or audit_events) matching cond.
func (e *env) countRows(table, accountID, cond string) int64 {
	e.t.Helper()
	var n int64
	if err := e.store.Gorm().WithContext(e.ctx).Table(table).Where("account_id = ? AND "+cond, accountID).Count(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

// Terminated sessions and audit entries go once older than their account keeps them; active
// sessions, younger rows and other accounts' rows stay.
func TestPurgeDeletesWhatRetentionNoLongerKeeps(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		short, shortAdmin := e.account("Short") // 90 days of sessions, 365 of audit (the defaults)
		long, longAdmin := e.account("Long")
		if _, err := e.store.UpdateRetention(e.ctx, long.ID, store.RetentionChange{SessionRetentionDays: ptr(200), AuditRetentionDays: ptr(400)}); err != nil {
			t.Fatal(err)
		}
		for _, a := range []struct {
			id    string
			admin models.User
		}{{short.ID, shortAdmin}, {long.ID, longAdmin}} {
			e.limitTo(a.id, a.admin.ID, 5, models.EvictOldest)
			old, _ := e.login(a.admin)
			e.login(a.admin) // stays active, however old
			if _, err := e.store.EndSession(e.ctx, old.ID, models.EndLogout, &a.admin.ID); err != nil {
				t.Fatal(err)
			}
		}
		e.clock.Advance(100 * 24 * time.Hour)
		young, _ := e.login(shortAdmin)
		if _, err := e.store.EndSession(e.ctx, young.ID, models.EndLogout, &shortAdmin.ID); err != nil {
			t.Fatal(err)
		}

		purged, err := e.store.PurgeExpired(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if purged.Sessions != 1 || purged.AuditEvents != 0 {
			t.Errorf("purged %+v, want the short account's one old terminated session", purged)
		}
		if n := e.countRows("sessions", short.ID, "status = 'TERMINATED'"); n != 1 {
			t.Errorf("the short account keeps %d terminated sessions, want the young one", n)
		}
		if n := e.countRows("sessions", short.ID, "status = 'ACTIVE'"); n != 1 {
			t.Errorf("the short account keeps %d active sessions, want its 100-day-old one", n)
		}
		if n := e.countRows("sessions", long.ID, "status = 'TERMINATED'"); n != 1 {
			t.Errorf("the long account keeps %d terminated sessions, want its one (200 days)", n)
		}
		if again, err := e.store.PurgeExpired(e.ctx); err != nil || again != (store.Purged{}) {
			t.Errorf("a second pass purged %+v (%v), want nothing", again, err)
		}

		auditBefore := e.countRows("audit_events", short.ID, "1 = 1")
		longBefore := e.countRows("audit_events", long.ID, "1 = 1")
		e.clock.Advance(300 * 24 * time.Hour) // 400 days after the first entries
		if _, err := e.store.PurgeExpired(e.ctx); err != nil {
			t.Fatal(err)
		}
		if n := e.countRows("audit_events", short.ID, "1 = 1"); n >= auditBefore || n == 0 {
			t.Errorf("the short account keeps %d of %d audit entries, want only those under 365 days", n, auditBefore)
		}
		if n := e.countRows("audit_events", long.ID, "1 = 1"); n != longBefore {
			t.Errorf("the long account keeps %d of its %d audit entries, want all (400 days)", n, longBefore)
		}
	})
}

// Two replicas purging at once delete each row once, without errors.
func TestPurgeOnEveryReplicaAtOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		rows := make([]models.Session, 2500)
		ended := e.clock.Now()
		for i := range rows {
			rows[i] = models.Session{
				ID: fmt.Sprintf("p%05d", i), AccountID: acc.ID, UserID: admin.ID, TokenHash: e.newToken(), Status: models.SessionTerminated,
				LoginIP: "192.0.2.1", LoginAt: ended, LastActiveAt: ended, IdleProbeAt: ended, EndedAt: &ended,
			}
		}
		if err := e.store.Gorm().WithContext(e.ctx).CreateInBatches(rows, 250).Error; err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(91 * 24 * time.Hour)
		other := e.open() // a second replica on the same database and clock
		var wg sync.WaitGroup
		results := make([]store.Purged, 2)
		errs := make([]error, 2)
		for i, s := range []*store.Store{e.store, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = s.PurgeExpired(e.ctx)
			}()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatalf("purges failed: %v, %v", errs[0], errs[1])
		}
		if left := e.countRows("sessions", acc.ID, "1 = 1"); left != 0 {
			t.Errorf("%d sessions left after two purges", left)
		}
		if got := results[0].Sessions + results[1].Sessions; got != len(rows) {
			t.Errorf("the replicas purged %d and %d, together %d, want %d", results[0].Sessions, results[1].Sessions, got, len(rows))
		}
	})
}

// Retention stays within its bounds, names the field it refuses, and is audited.
func TestUpdateRetention(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("Acme")
		got, err := e.store.Retention(e.ctx, acc.ID)
		if err != nil || got != (models.Retention{SessionRetentionDays: 90, AuditRetentionDays: 365}) {
			t.Fatalf("defaults %+v (%v), want 90 and 365 days", got, err)
		}
		_, err = e.store.UpdateRetention(e.ctx, acc.ID, store.RetentionChange{SessionRetentionDays: ptr(0), AuditRetentionDays: ptr(29)})
		if f := fieldsOf(t, err); len(f) != 2 || f[0] != "auditEventsDays" || f[1] != "terminatedSessionsDays" {
			t.Errorf("fields %v, want both named", f)
		}
		n := len(e.auditLog(acc.ID))
		got, err = e.store.UpdateRetention(e.ctx, acc.ID, store.RetentionChange{AuditRetentionDays: ptr(3650)})
		if err != nil || got != (models.Retention{SessionRetentionDays: 90, AuditRetentionDays: 3650}) {
			t.Errorf("updated to %+v (%v), want 90 and 3650", got, err)
		}
		e.wantAudit(acc.ID, n, "RETENTION_UPDATED by - on -")
	})
}
