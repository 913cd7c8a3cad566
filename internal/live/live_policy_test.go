package live_test

import (
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/models"
)

// sessionPolicyUpdated delivers the account's new policy, once per change, to every signed-in
// user of that account and to nobody else; a change that fails delivers nothing.
func TestLiveSessionPolicyUpdated(t *testing.T) {
	t.Parallel()
	type step struct {
		name   string
		as     string // "admin" or "member" of account A
		in     map[string]any
		fails  string // the error code the change fails with, if it must
		expect func(t *testing.T, p apitest.Policy)
	}
	// Steps run in order on one world; after each, every watcher of account A has exactly one
	// more policy per successful change, and each failed change before it added nothing.
	rounds := []struct {
		name  string
		steps []step
	}{
		{name: "a failed change, a refused member, then a limit change", steps: []step{
			{name: "invalid limit", as: "admin", fails: "BAD_USER_INPUT",
				in: map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": 0, "idleTimeoutEnabled": false}},
			{name: "a member changing the policy", as: "member", fails: "FORBIDDEN", in: apitest.LimitInput(7, models.EvictOldest)},
			{name: "limit of three", as: "admin", in: apitest.LimitInput(3, models.EvictOldest),
				expect: func(t *testing.T, p apitest.Policy) {
					if !p.LimitMultipleSessions || p.MaxConcurrentSessions != 3 || p.WhenLimitReached != "EVICT_OLDEST" || p.IdleTimeoutEnabled {
						t.Errorf("policy %+v, want a limit of 3, evicting, no idle timeout", p)
					}
				}},
		}},
		{name: "an idle timeout with REJECT_NEW", steps: []step{
			{name: "idle timeout of 30 minutes", as: "admin",
				in: map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": 2, "whenLimitReached": "REJECT_NEW",
					"idleTimeoutEnabled": true, "idleTimeoutValue": 30, "idleTimeoutUnit": "MINUTES"},
				expect: func(t *testing.T, p apitest.Policy) {
					if p.MaxConcurrentSessions != 2 || p.WhenLimitReached != "REJECT_NEW" || !p.IdleTimeoutEnabled ||
						p.IdleTimeout == nil || p.IdleTimeout.Value != 30 || p.IdleTimeout.Unit != "MINUTES" {
						t.Errorf("policy %+v, want 2 sessions, REJECT_NEW, 30 minutes", p)
					}
				}},
		}},
	}
	apitest.EachProtocol(t, func(t *testing.T, proto, url string) {
		srv := apitest.StartLive(t, url)
		a, b := srv.SeedAccount(t), srv.SeedAccount(t)
		clients := map[string]*apitest.Client{
			"admin":  srv.Login(t, a.Admin),
			"member": srv.Login(t, srv.AddUser(t, a, models.RoleMember, "Mia Member")),
		}
		adminB := srv.Login(t, b.Admin)
		memberB := srv.Login(t, srv.AddUser(t, b, models.RoleMember, "Bea Other"))

		adminWS := srv.Dial(t, proto, clients["admin"].Token)
		watchers := []struct {
			name      string
			stream    *apitest.Stream
			expecting bool
		}{
			{"the account's admin", apitest.Collect(srv.Subscribe(t, adminWS, apitest.SubscriptionPolicy, nil)), true},
			{"the account's member", apitest.Collect(srv.Subscribe(t, srv.DialCookie(t, proto, clients["member"].Token), apitest.SubscriptionPolicy, nil)), true},
			{"another account's admin", apitest.Collect(srv.Subscribe(t, srv.Dial(t, proto, adminB.Token), apitest.SubscriptionPolicy, nil)), false},
			{"another account's member", apitest.Collect(srv.Subscribe(t, srv.Dial(t, proto, memberB.Token), apitest.SubscriptionPolicy, nil)), false},
		}
		// Policy changes are not session events.
		sessionEvents := apitest.Collect(srv.Subscribe(t, adminWS, apitest.SubscriptionEvents, nil))

		want := 0
		for _, round := range rounds {
			t.Run(round.name, func(t *testing.T) {
				var last *step
				for i := range round.steps {
					st := &round.steps[i]
					res := clients[st.as].Do(t, apitest.MutationUpdatePolicy, map[string]any{"in": st.in})
					if st.fails != "" {
						if res.Code() != st.fails {
							t.Fatalf("%s: %v, want %s", st.name, res.Codes(), st.fails)
						}
						continue
					}
					res.MustDecode(t, &struct{}{})
					want++
					last = st
				}
				deadline := time.Now().Add(apitest.Wait)
				for _, w := range watchers {
					if w.expecting {
						w.stream.WaitCount(want, time.Until(deadline))
					}
				}
				time.Sleep(apitest.Quiet) // anything extra arrives by now
				for _, w := range watchers {
					got := w.stream.All()
					if !w.expecting {
						if len(got) != 0 {
							t.Errorf("%s received %d policies of another account", w.name, len(got))
						}
						continue
					}
					if len(got) != want {
						t.Errorf("%s received %d policies in all, want %d (one per successful change)", w.name, len(got), want)
						continue
					}
					p := apitest.DecodePolicy(t, got[len(got)-1])
					last.expect(t, p)
					if p.UpdatedBy == nil || p.UpdatedBy.ID != a.Admin.ID {
						t.Errorf("%s: updatedBy %+v, want the admin", w.name, p.UpdatedBy)
					}
				}
				if n := sessionEvents.Count(); n != 0 {
					t.Errorf("sessionEvents delivered %d events for policy changes that ended no session", n)
				}
			})
		}
	})
}
