package resolvers_test

import (
	"fmt"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/events"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// TestSessionsLimitOnLogin logs one member in several times in a row under a policy and checks
// which sessions survive. (Concurrent logins are covered by TestConcurrentLoginsRespectTheLimit.)
func TestSessionsLimitOnLogin(t *testing.T) {
	t.Parallel()
	idle := func(in map[string]any, value int) map[string]any {
		in["idleTimeoutEnabled"], in["idleTimeoutValue"], in["idleTimeoutUnit"] = true, value, "MINUTES"
		return in
	}
	oneSession := func(when models.LimitBehavior) map[string]any {
		return map[string]any{"limitMultipleSessions": false, "maxConcurrentSessions": 7,
			"whenLimitReached": string(when), "idleTimeoutEnabled": false}
	}
	cases := []struct {
		name        string
		policy      map[string]any  // nil: the default policy
		advance     []time.Duration // moves the clock before login i
		wantLastErr string          // the last login's error code; every earlier login succeeds
		wantEnded   map[int]models.SessionEndReason
		wantActive  []int
	}{
		{name: "default policy: a second login evicts the first",
			advance: make([]time.Duration, 2), wantEnded: map[int]models.SessionEndReason{0: models.EndConcurrentLimit},
			wantActive: []int{1}},
		{name: "limit off with EVICT_OLDEST allows one session even with a higher maximum",
			policy: oneSession(models.EvictOldest), advance: make([]time.Duration, 2),
			wantEnded: map[int]models.SessionEndReason{0: models.EndConcurrentLimit}, wantActive: []int{1}},
		{name: "limit off with REJECT_NEW refuses a second session",
			policy: oneSession(models.RejectNew), advance: make([]time.Duration, 2),
			wantLastErr: "SESSION_LIMIT_REACHED", wantActive: []int{0}},
		{name: "limit 2 EVICT_OLDEST: a third login evicts the oldest",
			policy: apitest.LimitInput(2, models.EvictOldest), advance: make([]time.Duration, 3),
			wantEnded: map[int]models.SessionEndReason{0: models.EndConcurrentLimit}, wantActive: []int{1, 2}},
		{name: "limit 2 EVICT_OLDEST: a fourth login evicts the second",
			policy: apitest.LimitInput(2, models.EvictOldest), advance: make([]time.Duration, 4),
			wantEnded:  map[int]models.SessionEndReason{0: models.EndConcurrentLimit, 1: models.EndConcurrentLimit},
			wantActive: []int{2, 3}},
		{name: "limit 2 REJECT_NEW: a third login is refused",
			policy: apitest.LimitInput(2, models.RejectNew), advance: make([]time.Duration, 3),
			wantLastErr: "SESSION_LIMIT_REACHED", wantActive: []int{0, 1}},
		{name: "REJECT_NEW: idle sessions do not count and end IDLE_TIMEOUT",
			policy:     idle(apitest.LimitInput(2, models.RejectNew), 5),
			advance:    []time.Duration{0, 0, 6 * time.Minute},
			wantEnded:  map[int]models.SessionEndReason{0: models.EndIdleTimeout, 1: models.EndIdleTimeout},
			wantActive: []int{2}},
		{name: "REJECT_NEW: only the idle one of two makes room",
			policy:    idle(apitest.LimitInput(2, models.RejectNew), 10),
			advance:   []time.Duration{0, 6 * time.Minute, 6 * time.Minute},
			wantEnded: map[int]models.SessionEndReason{0: models.EndIdleTimeout}, wantActive: []int{1, 2}},
		{name: "REJECT_NEW: live sessions still refuse after an idle one ended",
			policy:      idle(apitest.LimitInput(2, models.RejectNew), 10),
			advance:     []time.Duration{0, 6 * time.Minute, 6 * time.Minute, 0},
			wantLastErr: "SESSION_LIMIT_REACHED",
			wantEnded:   map[int]models.SessionEndReason{0: models.EndIdleTimeout}, wantActive: []int{1, 2}},
		{name: "EVICT_OLDEST: idle sessions end IDLE_TIMEOUT, not CONCURRENT_LIMIT",
			policy:     idle(apitest.LimitInput(2, models.EvictOldest), 5),
			advance:    []time.Duration{0, 0, 6 * time.Minute},
			wantEnded:  map[int]models.SessionEndReason{0: models.EndIdleTimeout, 1: models.EndIdleTimeout},
			wantActive: []int{2}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				srv := apitest.Start(t, url)
				acc := srv.SeedAccount(t)
				if tc.policy != nil {
					apitest.SetPolicy(t, srv.Login(t, acc.Admin), tc.policy)
				}
				member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
				var clients []*apitest.Client
				for i, d := range tc.advance {
					srv.Clock.Advance(d)
					last := i == len(tc.advance)-1
					if !last {
						clients = append(clients, srv.LoginFrom(t, member, ""))
						continue
					}
					before, nEvents := srv.Count(t, "sessions", "user_id = ?", member.ID), len(srv.Events.Events())
					res, c := srv.TryLogin(t, member)
					if res.Code() != tc.wantLastErr {
						t.Fatalf("last login: got %v, want %q", res.Codes(), tc.wantLastErr)
					}
					if c != nil {
						clients = append(clients, c)
						continue
					}
					if after := srv.Count(t, "sessions", "user_id = ?", member.ID); after != before {
						t.Errorf("refused login: sessions of the member went from %d to %d", before, after)
					}
					if n := apitest.CountKind(srv.EventsSince(nEvents), events.SessionStarted); n != 0 {
						t.Errorf("refused login published %d SESSION_STARTED events", n)
					}
				}

				active := map[int]bool{}
				for _, i := range tc.wantActive {
					active[i] = true
				}
				policy := srv.StoredPolicy(t, acc.ID)
				for i, c := range clients {
					s := srv.StoredSession(t, c.SessionID)
					want, ended := tc.wantEnded[i]
					switch {
					case active[i]:
						if s.Status != models.SessionActive {
							t.Errorf("login %d: %s %v, want ACTIVE", i, s.Status, apitest.Str((*string)(s.EndReason)))
						}
					case ended:
						if s.Status != models.SessionTerminated || s.EndReason == nil || *s.EndReason != want {
							t.Errorf("login %d: %s %v, want TERMINATED %s", i, s.Status, apitest.Str((*string)(s.EndReason)), want)
						}
						if s.EndedByID != nil {
							t.Errorf("login %d: endedBy %s, want null (the system ended it)", i, *s.EndedByID)
						}
						if want == models.EndIdleTimeout && (s.EndedAt == nil || !s.EndedAt.Equal(s.LastActiveAt.Add(policy.IdleLimit()))) {
							t.Errorf("login %d: endedAt %v, want lastActiveAt %v + %v", i, s.EndedAt, s.LastActiveAt, policy.IdleLimit())
						}
					default:
						t.Fatalf("bad case: login %d is neither active nor ended", i)
					}
				}
				if n := srv.ActiveSessions(t, member.ID); n != int64(len(tc.wantActive)) {
					t.Errorf("active sessions: got %d, want %d", n, len(tc.wantActive))
				}
				// Checked last: an accepted request records activity.
				for i, c := range clients {
					if active[i] {
						apitest.AssertWorks(t, c, fmt.Sprintf("active session of login %d", i))
					} else {
						apitest.AssertRefused(t, c, fmt.Sprintf("ended session of login %d", i))
					}
				}
			})
		}
	})
}

func TestSessionsLimitIsPerUser(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		colleague := srv.AddUser(t, acc, models.RoleMember, "Carl Colleague")
		admin := srv.Login(t, acc.Admin)
		m := srv.Login(t, member)
		c := srv.Login(t, colleague)
		for name, cl := range map[string]*apitest.Client{"admin": admin, "member": m, "colleague": c} {
			apitest.AssertWorks(t, cl, name)
		}
		if n := apitest.CountKind(srv.Events.Events(), events.SessionEnded); n != 0 {
			t.Errorf("one session each for three users ended %d sessions, want 0", n)
		}
	})
}
