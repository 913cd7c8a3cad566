package store_test

import (
	"testing"
	"time"

	"sessionguard/internal/reaper"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// Issue 3: "A session is never ended before its idle timeout has fully passed since its last
// request." Activity is recorded coalesced, so the true last request may be up to
// ActivityWriteInterval after the stored last_active_at: every path that ends idle sessions
// allows for that (models.IdleGrace).
func TestIdleSessionNeverEndsBeforeTimeoutSinceItsLastRequest(t *testing.T) {
	const timeout = 30 * time.Minute
	lastRequest := models.ActivityWriteInterval * 3 / 4 // after login: a request that is not written
	cases := []struct {
		name string
		act  func(e *env, c idleCase)
	}{
		{"the reaper", func(e *env, _ idleCase) {
			e.reap(reaper.BatchSize)
		}},
		{"a request with its token", func(e *env, c idleCase) {
			if _, err := e.store.Authenticate(e.ctx, c.token); err != nil {
				e.t.Errorf("request refused: %v", err)
			}
		}},
		{"a new login of its user", func(e *env, c idleCase) {
			e.login(c.user)
		}},
		{"saving the policy again", func(e *env, c idleCase) {
			e.setPolicy(c.account.ID, c.admin.ID, idleWithLimit(30, 5))
		}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, idleWithLimit(30, 5))
				e.withoutIdleTimeoutAfter(t, acc.ID, admin.ID)
				u := e.user(acc.ID, "Mia")
				s, token := e.login(u)
				e.clock.Advance(lastRequest)
				if _, err := e.store.Authenticate(e.ctx, token); err != nil {
					t.Fatal(err)
				}
				if stored := e.session(s.ID).LastActiveAt; !stored.Equal(s.LastActiveAt) {
					t.Fatalf("stored activity moved to %v: the request was expected to be coalesced", stored)
				}
				// One second before the timeout has passed since that request.
				e.clock.Advance(timeout - time.Second)
				tc.act(e, idleCase{account: acc, admin: admin, user: u, token: token})
				wantActive(t, e.session(s.ID))
			})
		}
	})
}

func idleWithLimit(minutes, limit int) models.PolicyChange {
	return models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: &limit,
		IdleTimeoutEnabled: true, IdleTimeoutValue: &minutes, IdleTimeoutUnit: ptr(models.Minutes)}
}

// idleCase is what an action may need: the account, its admin, the session's user and token.
type idleCase struct {
	account models.Account
	admin   models.User
	user    models.User
	token   []byte
}
