// Package replicatest runs several real sessionguard processes on one PostgreSQL database, the
// way production runs replicas behind a load balancer, and checks that rules hold across them.
package replicatest

import (
	"fmt"
	"os"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/models"
)

const (
	adminEmail    = "admin@replicas.test"
	adminPassword = "replica-admin-password"
)

func TestReplicasShareOneDatabase(t *testing.T) {
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("TEST_DATABASE_URL must be set in CI: replica tests need PostgreSQL")
		}
		t.Skip("replica tests need PostgreSQL: set TEST_DATABASE_URL")
	}
	bin := buildServer(t)
	dbURL := freshSchema(t, base)
	env := []string{
		"DATABASE_URL=" + dbURL,
		"BOOTSTRAP_ACCOUNT_NAME=Replica Co", "BOOTSTRAP_ADMIN_NAME=Ada Admin",
		"BOOTSTRAP_ADMIN_EMAIL=" + adminEmail, "BOOTSTRAP_ADMIN_PASSWORD=" + adminPassword,
	}
	// Both start at once on an empty database: both migrate and both try to bootstrap.
	var a, b *process
	apitest.Parallel(2, func(i int) {
		p := startProcess(t, bin, env)
		if i == 0 {
			a = p
		} else {
			b = p
		}
	})
	db := openDB(t, dbURL)

	t.Run("bootstrap creates exactly one account", func(t *testing.T) {
		var accounts, users int64
		db.Model(&models.Account{}).Count(&accounts)
		db.Model(&models.User{}).Count(&users)
		if accounts != 1 || users != 1 {
			t.Fatalf("got %d accounts and %d users, want 1 and 1", accounts, users)
		}
	})

	admin := a.login(t, adminEmail, adminPassword)
	member := createMember(t, a, admin)
	storeAtTestCost(t, db, member)

	t.Run("the session limit holds across replicas", func(t *testing.T) {
		for _, tc := range []struct {
			name     string
			when     models.LimitBehavior
			wantOK   int
			wantLive int64
		}{
			{"evict oldest", models.EvictOldest, 50, 3},
			{"reject new", models.RejectNew, 3, 3},
		} {
			t.Run(tc.name, func(t *testing.T) {
				setLimit(t, a, admin, 3, tc.when)
				endAllOf(t, b, admin, member.id)
				ok := 0
				results := make([]bool, 50)
				apitest.Parallel(50, func(i int) {
					p := a
					if i%2 == 1 {
						p = b
					}
					_, err := p.tryLogin(member.email, member.password)
					results[i] = err == ""
				})
				for _, r := range results {
					if r {
						ok++
					}
				}
				var live int64
				db.Model(&models.Session{}).Where("user_id = ? AND status = ?", member.id, models.SessionActive).Count(&live)
				if ok != tc.wantOK || live != tc.wantLive {
					t.Fatalf("%d logins succeeded and %d sessions are active, want %d and %d", ok, live, tc.wantOK, tc.wantLive)
				}
			})
		}
	})

	t.Run("a logout on one replica is refused by the other at once", func(t *testing.T) {
		token := b.login(t, adminEmail, adminPassword)
		if code := b.query(token, `{ me { user { id } } }`).code; code != "" {
			t.Fatalf("fresh token refused on its own replica: %s", code)
		}
		if res := a.query(token, `mutation { logout }`); res.code != "" {
			t.Fatalf("logout failed: %s", res.code)
		}
		if code := b.query(token, `{ me { user { id } } }`).code; code != "UNAUTHENTICATED" {
			t.Fatalf("other replica answered %q for an ended session, want UNAUTHENTICATED", code)
		}
	})

	t.Run("failed logins spend one budget across replicas", func(t *testing.T) {
		const guesses = 30
		codes := make([]string, guesses)
		apitest.Parallel(guesses, func(i int) {
			p := a
			if i%2 == 1 {
				p = b
			}
			_, codes[i] = p.tryLogin("ghost@replicas.test", fmt.Sprintf("guess-%d", i))
		})
		counts := map[string]int{}
		for _, c := range codes {
			counts[c]++
		}
		// The per-email budget is 5: on two replicas with budgets of their own it would be 10.
		if counts["INVALID_CREDENTIALS"] != 5 || counts["RATE_LIMITED"] != guesses-5 {
			t.Fatalf("codes of %d parallel guesses on two replicas: %v, want 5 INVALID_CREDENTIALS and the rest RATE_LIMITED", guesses, counts)
		}
	})
}
