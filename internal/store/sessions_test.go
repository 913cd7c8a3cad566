package store_test

import (
	"testing"
	"time"

	"sessionguard/internal/apperr"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

func TestStartSessionRecordsTheLogin(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("Acme")
		u := e.user(acc.ID, "Mia")
		m := e.mark()
		s, token := e.loginWith(u, store.NewSession{
			LoginIP: "203.0.113.9", LoginCity: ptr("Lyon"), LoginCountry: ptr("FR"),
			UserAgent: ptr("Mozilla/5.0"), Device: ptr("Firefox 133 on Linux"),
		})
		got := e.session(s.ID)
		wantActive(t, got)
		if got.AccountID != acc.ID || got.UserID != u.ID || got.LoginIP != "203.0.113.9" ||
			deref(got.LoginCity) != "Lyon" || deref(got.LoginCountry) != "FR" ||
			deref(got.UserAgent) != "Mozilla/5.0" || deref(got.Device) != "Firefox 133 on Linux" ||
			string(got.TokenHash) != string(token) {
			t.Errorf("stored session: %+v", got)
		}
		if !got.LoginAt.Equal(start) || !got.LastActiveAt.Equal(start) || !s.LoginAt.Equal(start) {
			t.Errorf("times: login %v last active %v, want %v", got.LoginAt, got.LastActiveAt, start)
		}
		e.wantEvents(m, started(s))
		ev := e.events.Events()[m]
		if ev.AccountID != acc.ID || ev.UserID != u.ID || !ev.OccurredAt.Equal(start) {
			t.Errorf("started event: %+v", ev)
		}
	})
}

func TestStartSessionConcurrentLimit(t *testing.T) {
	cases := []struct {
		name     string
		limit    int // 0: the default policy (limit not configured)
		behavior models.LimitBehavior
		logins   int
		// wantEvicted lists, by login index, the sessions the last login evicted in order.
		wantEvicted []int
		wantActive  []int
		wantReject  bool
	}{
		{name: "default policy: second login evicts the first", logins: 2, wantEvicted: []int{0}, wantActive: []int{1}},
		{name: "default policy: third login evicts the second", logins: 3, wantEvicted: []int{1}, wantActive: []int{2}},
		{name: "limit 3 below the limit keeps all", limit: 3, behavior: models.EvictOldest, logins: 3, wantActive: []int{0, 1, 2}},
		{name: "limit 3 at the limit evicts the oldest", limit: 3, behavior: models.EvictOldest, logins: 4, wantEvicted: []int{0}, wantActive: []int{1, 2, 3}},
		{name: "limit 3 evicts oldest first again", limit: 3, behavior: models.EvictOldest, logins: 5, wantEvicted: []int{1}, wantActive: []int{2, 3, 4}},
		{name: "limit 1 with evict oldest", limit: 1, behavior: models.EvictOldest, logins: 2, wantEvicted: []int{0}, wantActive: []int{1}},
		{name: "reject new below the limit", limit: 2, behavior: models.RejectNew, logins: 2, wantActive: []int{0, 1}},
		{name: "reject new at the limit refuses", limit: 2, behavior: models.RejectNew, logins: 3, wantActive: []int{0, 1}, wantReject: true},
		{name: "reject new with limit 1", limit: 1, behavior: models.RejectNew, logins: 2, wantActive: []int{0}, wantReject: true},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				if tc.limit > 0 {
					e.limitTo(acc.ID, admin.ID, tc.limit, tc.behavior)
				}
				u := e.user(acc.ID, "Mia")
				bystander := e.user(acc.ID, "Ben")
				other, _ := e.login(bystander)

				var sessions []models.Session
				for range tc.logins - 1 {
					e.clock.Advance(time.Minute)
					s, _ := e.login(u)
					sessions = append(sessions, s)
				}
				e.clock.Advance(time.Minute)
				m := e.mark()
				last, err := e.store.StartSession(e.ctx, u, store.NewSession{TokenHash: e.newToken(), LoginIP: "192.0.2.1"})
				if tc.wantReject {
					wantCode(t, err, apperr.SessionLimitReached)
					if n := e.countSessions(u.ID, ""); n != int64(tc.logins-1) {
						t.Errorf("sessions stored: %d, want %d: a refused login creates nothing", n, tc.logins-1)
					}
					e.wantEvents(m)
				} else {
					if err != nil {
						t.Fatalf("last login: %v", err)
					}
					sessions = append(sessions, last)
					var want []string
					for _, i := range tc.wantEvicted {
						want = append(want, ended(sessions[i], models.EndConcurrentLimit))
					}
					e.wantEvents(m, append(want, started(last))...)
				}
				for _, i := range tc.wantEvicted {
					wantEnded(t, e.session(sessions[i].ID), models.EndConcurrentLimit, nil, e.clock.Now())
				}
				for _, i := range tc.wantActive {
					wantActive(t, e.session(sessions[i].ID))
				}
				if n := e.countSessions(u.ID, models.SessionActive); n != int64(len(tc.wantActive)) {
					t.Errorf("active sessions: %d, want %d", n, len(tc.wantActive))
				}
				wantActive(t, e.session(other.ID)) // another user's session never counts
			})
		}
	})
}

func TestStartSessionIdleSessionsDoNotCount(t *testing.T) {
	cases := []struct {
		name     string
		limit    int // 0: default policy
		behavior models.LimitBehavior
	}{
		{"default policy", 0, models.EvictOldest},
		{"limit 2 evict oldest", 2, models.EvictOldest},
		{"limit 2 reject new", 2, models.RejectNew},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				change := models.PolicyChange{IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(30), IdleTimeoutUnit: ptr(models.Minutes)}
				if tc.limit > 0 {
					change.LimitMultipleSessions, change.MaxConcurrentSessions, change.WhenLimitReached = true, &tc.limit, &tc.behavior
				}
				e.setPolicy(acc.ID, admin.ID, change)
				u := e.user(acc.ID, "Mia")

				// Fill the limit with sessions, then let all of them go idle.
				var old []models.Session
				for range max(tc.limit, 1) {
					s, _ := e.login(u)
					old = append(old, s)
					e.clock.Advance(7 * time.Second)
				}
				e.clock.Advance(31 * time.Minute)

				m := e.mark()
				s, err := e.store.StartSession(e.ctx, u, store.NewSession{TokenHash: e.newToken(), LoginIP: "192.0.2.1"})
				if err != nil {
					t.Fatalf("login with only idle sessions: %v", err)
				}
				var want []string
				for _, o := range old {
					got := e.session(o.ID)
					// It ended when it went idle, not when the login noticed.
					wantEnded(t, got, models.EndIdleTimeout, nil, o.LastActiveAt.Add(30*time.Minute))
					want = append(want, ended(o, models.EndIdleTimeout))
				}
				e.wantEvents(m, append(want, started(s))...)
				if n := e.countSessions(u.ID, models.SessionActive); n != 1 {
					t.Errorf("active sessions: %d, want 1", n)
				}
			})
		}
	})
}

func TestStartSessionMixOfIdleAndLive(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		e.setPolicy(acc.ID, admin.ID, models.PolicyChange{
			LimitMultipleSessions: true, MaxConcurrentSessions: ptr(2), WhenLimitReached: ptr(models.EvictOldest),
			IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(1), IdleTimeoutUnit: ptr(models.Hours),
		})
		u := e.user(acc.ID, "Mia")
		first, _ := e.login(u)
		e.clock.Advance(50 * time.Minute)
		liveOld, _ := e.login(u)
		e.clock.Advance(5 * time.Minute)
		// first is 55 minutes old, not idle yet: it is the oldest live session and gets evicted.
		liveNew, _ := e.login(u)
		wantEnded(t, e.session(first.ID), models.EndConcurrentLimit, nil, e.clock.Now())

		e.clock.Advance(62 * time.Minute) // liveOld and liveNew are idle now
		m := e.mark()
		s, _ := e.login(u)
		wantEnded(t, e.session(liveOld.ID), models.EndIdleTimeout, nil, liveOld.LastActiveAt.Add(time.Hour))
		wantEnded(t, e.session(liveNew.ID), models.EndIdleTimeout, nil, liveNew.LastActiveAt.Add(time.Hour))
		e.wantEvents(m, ended(liveOld, models.EndIdleTimeout), ended(liveNew, models.EndIdleTimeout), started(s))
	})
}

func TestStartSessionRejectedKeepsIdleSessionsUntouchedWhenLiveOnesFill(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		e.setPolicy(acc.ID, admin.ID, models.PolicyChange{
			LimitMultipleSessions: true, MaxConcurrentSessions: ptr(1), WhenLimitReached: ptr(models.RejectNew),
		})
		u := e.user(acc.ID, "Mia")
		first, _ := e.login(u)
		m := e.mark()
		for i := range 3 {
			e.clock.Advance(time.Second)
			_, err := e.store.StartSession(e.ctx, u, store.NewSession{TokenHash: e.newToken(), LoginIP: "192.0.2.1"})
			wantCode(t, err, apperr.SessionLimitReached)
			if t.Failed() {
				t.Fatalf("attempt %d", i)
			}
		}
		e.wantEvents(m)
		wantActive(t, e.session(first.ID))
		if n := e.countSessions(u.ID, ""); n != 1 {
			t.Errorf("sessions stored: %d, want 1", n)
		}
	})
}

func TestConcurrentStartSessionsHoldTheLimit(t *testing.T) {
	cases := []struct {
		name     string
		behavior models.LimitBehavior
		wantOK   int
	}{
		{"evict oldest", models.EvictOldest, 20},
		{"reject new", models.RejectNew, 3},
	}
	// The limit is the account's, or a role's override of a looser account limit with the other
	// behaviour: the override's limit and behaviour must hold as firmly.
	scopes := []struct {
		name string
		role models.Role // "": the account's own limit
	}{{"account", ""}, {"admin override", models.RoleAdmin}, {"member override", models.RoleMember}}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replica := e.open()
		for _, scope := range scopes {
			for _, tc := range cases {
				t.Run(scope.name+"/"+tc.name, func(t *testing.T) {
					e := e.with(t)
					acc, admin := e.account("Acme")
					u := e.user(acc.ID, "Mia")
					if scope.role == "" {
						e.limitTo(acc.ID, admin.ID, 3, tc.behavior)
					} else {
						other := models.RejectNew
						if tc.behavior == models.RejectNew {
							other = models.EvictOldest
						}
						overrides := []models.RoleSessionPolicy{{Role: scope.role, MaxConcurrentSessions: ptr(3), WhenLimitReached: &tc.behavior}}
						e.setPolicy(acc.ID, admin.ID, models.PolicyChange{LimitMultipleSessions: true,
							MaxConcurrentSessions: ptr(10), WhenLimitReached: &other, RoleOverrides: &overrides})
						if scope.role == models.RoleAdmin {
							u = admin
						}
					}
					m := e.mark()
					errs := make([]error, 20)
					tokens := make([][]byte, 20)
					for i := range tokens {
						tokens[i] = e.newToken()
					}
					parallel(20, func(i int) {
						s := e.store
						if i%2 == 1 {
							s = replica
						}
						_, errs[i] = s.StartSession(e.ctx, u, store.NewSession{TokenHash: tokens[i], LoginIP: "192.0.2.1"})
					})
					ok := 0
					for _, err := range errs {
						if err == nil {
							ok++
						} else {
							wantCode(t, err, apperr.SessionLimitReached)
						}
					}
					if ok != tc.wantOK {
						t.Errorf("logins that succeeded: %d, want %d", ok, tc.wantOK)
					}
					if n := e.countSessions(u.ID, models.SessionActive); n != 3 {
						t.Errorf("active sessions: %d, want 3", n)
					}
					starts, ends := 0, 0
					for _, ev := range e.events.Events()[m:] {
						switch ev.Kind {
						case "SESSION_STARTED":
							starts++
						case "SESSION_ENDED":
							ends++
						}
					}
					if starts != tc.wantOK || ends != tc.wantOK-3 {
						t.Errorf("events: %d started, %d ended; want %d, %d", starts, ends, tc.wantOK, tc.wantOK-3)
					}
				})
			}
		}
	})
}
