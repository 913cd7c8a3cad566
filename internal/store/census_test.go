package store_test

import (
	"testing"

	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// CountActiveSessions counts active sessions of every account and no ended one.
func TestCountActiveSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		count := func() int64 {
			t.Helper()
			n, err := e.store.CountActiveSessions(e.ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(); n != 0 {
			t.Fatalf("a fresh database counts %d active sessions", n)
		}
		acme, admin := e.account("Acme")
		e.limitTo(acme.ID, admin.ID, 5, models.EvictOldest)
		globex, _ := e.account("Globex")
		mia, gus := e.user(acme.ID, "Mia"), e.user(globex.ID, "Gus")
		ended, _ := e.login(mia)
		e.login(mia)
		e.login(gus)
		if n := count(); n != 3 {
			t.Fatalf("three logins in two accounts: %d active, want 3", n)
		}
		if _, err := e.store.EndSession(e.ctx, ended.ID, models.EndLogout, &mia.ID); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 2 {
			t.Fatalf("after a logout: %d active, want 2", n)
		}
		if e.store.Pool().Stats().MaxOpenConnections < 1 {
			t.Error("the pool reports no connection limit")
		}
	})
}
