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
