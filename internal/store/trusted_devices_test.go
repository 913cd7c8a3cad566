package store_test

import (
	"testing"
	"time"

	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// A device is trusted for its user only, until it expires; the sweep deletes it then, and a sweep
// that finds nothing expired writes nothing (the reaper runs one every interval, and on SQLite a
// write takes the database's only write lock).
func TestTrustedDevicesAndTheirSweep(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		member := e.user(acc.ID, "Mia")
		device := e.newToken()
		if err := e.store.TrustDevice(e.ctx, member.ID, device); err != nil {
			t.Fatal(err)
		}
		trusted := func(email string) bool {
			ok, err := e.store.IsTrustedDevice(e.ctx, device, email)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !trusted(member.Email) || trusted(admin.Email) {
			t.Fatalf("trusted for its user %v (want true), for another %v (want false)", trusted(member.Email), trusted(admin.Email))
		}

		before := e.writes()
		if n, err := e.store.SweepTrustedDevices(e.ctx, 100); err != nil || n != 0 {
			t.Fatalf("a sweep with nothing expired deleted %d (err %v)", n, err)
		}
		if w := e.writes() - before; w != 0 {
			t.Errorf("a sweep with nothing expired ran %d writes, want 0", w)
		}

		e.clock.Advance(models.TrustedDeviceLifetime)
		if trusted(member.Email) {
			t.Error("an expired device is still trusted")
		}
		if n, err := e.store.SweepTrustedDevices(e.ctx, 100); err != nil || n != 1 {
			t.Errorf("the sweep deleted %d expired devices (err %v), want 1", n, err)
		}

		// Renewal moves the expiry: a device in use is never swept.
		if err := e.store.TrustDevice(e.ctx, member.ID, device); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(models.TrustedDeviceLifetime - time.Minute)
		if err := e.store.TrustDevice(e.ctx, member.ID, device); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(2 * time.Minute)
		if n, _ := e.store.SweepTrustedDevices(e.ctx, 100); n != 0 || !trusted(member.Email) {
			t.Errorf("a renewed device was swept (%d) or is no longer trusted", n)
		}
	})
}
