package store_test

import (
	"testing"
	"time"

	"sessionguard/internal/apperr"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// Requests are checked against a policy cached for PolicyCacheTTL (policy_cache.go): it may let
// a request through a little late, never end a session early.

func TestAStalePolicyNeverEndsASessionEarly(t *testing.T) {
	// Replica B has cached a 30-minute timeout; replica A saves 60 minutes. A session idle for
	// 45 minutes is idle under B's cache, valid under the stored policy: B must let it through.
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replicaB := e.open()
		acc, admin := e.account("Acme")
		e.setPolicy(acc.ID, admin.ID, idleAfter(30))
		u := e.user(acc.ID, "Mia")
		quiet, quietToken := e.login(u)
		e.clock.Advance(45 * time.Minute)
		_, freshToken := e.login(e.user(acc.ID, "Noor"))
		if _, err := replicaB.Authenticate(e.ctx, freshToken); err != nil {
			t.Fatal(err) // B now holds the 30-minute policy
		}

		e.setPolicy(acc.ID, admin.ID, idleAfter(60)) // on replica A: B's cache is stale
		if _, err := replicaB.Authenticate(e.ctx, quietToken); err != nil {
			t.Fatalf("a session idle 45 minutes under a 60-minute timeout was refused by a replica with a stale policy: %v", err)
		}
		wantActive(t, e.session(quiet.ID))
	})
}

func TestAPolicySavedOnAReplicaAppliesToItsNextRequest(t *testing.T) {
	// The replica that saves a policy forgets its cached copy: a session that goes idle under
	// the new timeout less than PolicyCacheTTL after the save is refused there at once.
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		e.setPolicy(acc.ID, admin.ID, idleAfter(60))
		quiet, quietToken := e.login(e.user(acc.ID, "Mia"))
		e.clock.Advance(40*time.Minute + models.IdleGrace - 500*time.Millisecond)
		_, freshToken := e.login(e.user(acc.ID, "Noor"))
		if _, err := e.store.Authenticate(e.ctx, freshToken); err != nil {
			t.Fatal(err) // the 60-minute policy is cached
		}
		e.setPolicy(acc.ID, admin.ID, idleAfter(40)) // not yet idle under it: half a second to go
		wantActive(t, e.session(quiet.ID))

		e.clock.Advance(store.PolicyCacheTTL * 9 / 10) // past the half second, within the TTL
		_, err := e.store.Authenticate(e.ctx, quietToken)
		wantCode(t, err, apperr.Unauthenticated)
		wantEnded(t, e.session(quiet.ID), models.EndIdleTimeout, nil, quiet.LastActiveAt.Add(40*time.Minute))
	})
}
