package store_test

import (
	"errors"
	"testing"

	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
)

// A login checks the password, then starts the session under the user's lock. A password reset
// committed in between (an administrator locking someone out) must win: the login starts
// nothing and fails as a wrong password would, while a login that checked the new one works.
func TestALoginThatCheckedAReplacedPasswordStartsNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		checked := e.user(acc.ID, "Mia") // as the login read it, old hash included
		if _, err := e.store.ResetPassword(e.ctx, acc.ID, admin.ID, checked.ID, "new-hash"); err != nil {
			t.Fatal(err)
		}
		_, err := e.store.StartSession(e.ctx, checked, store.NewSession{TokenHash: e.newToken(), LoginIP: "192.0.2.1"})
		if !errors.Is(err, store.ErrUserDeactivated) {
			t.Fatalf("StartSession with the replaced hash: %v, want the wrong-password refusal", err)
		}
		if n := e.countSessions(checked.ID, ""); n != 0 {
			t.Errorf("%d sessions after the refused login, want 0", n)
		}
		current := checked
		current.PasswordHash = "new-hash"
		e.login(current)
	})
}

// A reset forgets the user's trusted devices, and only theirs: a browser that once signed in as
// them (perhaps the intruder the reset locks out) loses its login budget of its own.
func TestResetPasswordForgetsTheUsersTrustedDevices(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		member, other := e.user(acc.ID, "Mia"), e.user(acc.ID, "Noor")
		mine, theirs := e.newToken(), e.newToken()
		for device, u := range map[string]string{string(mine): member.ID, string(theirs): other.ID} {
			if err := e.store.TrustDevice(e.ctx, u, []byte(device)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.store.ResetPassword(e.ctx, acc.ID, admin.ID, member.ID, "new-hash"); err != nil {
			t.Fatal(err)
		}
		trusted := func(device []byte, email string) bool {
			ok, err := e.store.IsTrustedDevice(e.ctx, device, email)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if trusted(mine, member.Email) {
			t.Error("the reset user's device is still trusted")
		}
		if !trusted(theirs, other.Email) {
			t.Error("another user's device was forgotten too")
		}
	})
}
