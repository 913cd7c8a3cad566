package resolvers_test

import (
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// sgIdlePolicy is a policy with the default limit and an idle timeout of value unit.
func sgIdlePolicy(value int, unit models.TimeUnit) map[string]any {
	return map[string]any{"limitMultipleSessions": false, "idleTimeoutEnabled": true,
		"idleTimeoutValue": value, "idleTimeoutUnit": string(unit)}
}

func TestSessionsIdleTimeout(t *testing.T) {
	t.Parallel()
	type step struct {
		advance  time.Duration
		wantCode string // of a request made after advancing; "" accepted
	}
	cases := []struct {
		name    string
		value   int
		unit    models.TimeUnit
		timeout time.Duration
		steps   []step
	}{
		{"a request after 6 of 5 minutes is refused", 5, models.Minutes, 5 * time.Minute,
			[]step{{6 * time.Minute, "UNAUTHENTICATED"}, {0, "UNAUTHENTICATED"}}},
		{"requests within the timeout keep the session alive", 5, models.Minutes, 5 * time.Minute,
			[]step{{4 * time.Minute, ""}, {4 * time.Minute, ""}, {4 * time.Minute, ""}}},
		{"idleness counts from the last request", 5, models.Minutes, 5 * time.Minute,
			[]step{{4 * time.Minute, ""}, {4 * time.Minute, ""}, {6 * time.Minute, "UNAUTHENTICATED"}}},
		{"hours", 1, models.Hours, time.Hour,
			[]step{{59 * time.Minute, ""}, {61 * time.Minute, "UNAUTHENTICATED"}}},
		{"days", 2, models.Days, 48 * time.Hour,
			[]step{{47 * time.Hour, ""}, {49 * time.Hour, "UNAUTHENTICATED"}}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				srv := apitest.Start(t, url)
				acc := srv.SeedAccount(t)
				apitest.SetPolicy(t, srv.Login(t, acc.Admin), sgIdlePolicy(tc.value, tc.unit))
				member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
				c := srv.Login(t, member)
				wantEnded := false
				for i, st := range tc.steps {
					srv.Clock.Advance(st.advance)
					res := c.Do(t, apitest.QueryMe, nil)
					if res.Code() != st.wantCode {
						t.Fatalf("request %d after %v: got %v, want %q", i, st.advance, res.Codes(), st.wantCode)
					}
					wantEnded = st.wantCode != ""
				}

				admin := srv.Login(t, acc.Admin) // the admin's first session has gone idle too
				s := apitest.MustGetSession(t, admin, c.SessionID)
				if !wantEnded {
					if s.Status != "ACTIVE" || s.EndedAt != nil || s.EndReason != nil {
						t.Errorf("session: %s %s at %v, want ACTIVE", s.Status, s.Reason(), s.EndedAt)
					}
					return
				}
				if s.Status != "TERMINATED" || s.Reason() != "IDLE_TIMEOUT" || s.EndedBy != nil {
					t.Errorf("session: %s %s by %q, want TERMINATED IDLE_TIMEOUT by nobody", s.Status, s.Reason(), s.EndedByID())
				}
				if want := s.LastActiveAt.Add(tc.timeout); s.EndedAt == nil || !s.EndedAt.Equal(want) {
					t.Errorf("endedAt: got %v, want lastActiveAt %v + %v = %v", s.EndedAt, s.LastActiveAt, tc.timeout, want)
				}
				if n := len(apitest.EndEvents(srv.Events.Events())[c.SessionID]); n != 1 {
					t.Errorf("SESSION_ENDED events for the idle session: got %d, want 1", n)
				}
			})
		}
	})
}

func TestSessionsLoweringTheIdleTimeoutAppliesAtOnce(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		apitest.SetPolicy(t, admin, sgIdlePolicy(60, models.Minutes))
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		idle := srv.Login(t, member)
		srv.Clock.Advance(10 * time.Minute)

		apitest.SetPolicy(t, admin, sgIdlePolicy(5, models.Minutes))
		s := apitest.MustGetSession(t, admin, idle.SessionID)
		if s.Status != "TERMINATED" || s.Reason() != "IDLE_TIMEOUT" {
			t.Errorf("after lowering the timeout: %s %s, want TERMINATED IDLE_TIMEOUT", s.Status, s.Reason())
		}
		if want := s.LastActiveAt.Add(5 * time.Minute); s.EndedAt == nil || !s.EndedAt.Equal(want) {
			t.Errorf("endedAt: got %v, want %v (when it went idle under the new timeout)", s.EndedAt, want)
		}
		apitest.AssertRefused(t, idle, "idle member")
		apitest.AssertWorks(t, admin, "admin who just made requests")
		if n := len(apitest.EndEvents(srv.Events.Events())[idle.SessionID]); n != 1 {
			t.Errorf("SESSION_ENDED events: got %d, want 1", n)
		}
	})
}

func TestSessionsActivityIsCoalesced(t *testing.T) {
	t.Parallel()
	type step struct {
		advance   time.Duration
		wantWrite bool
	}
	cases := []struct {
		name  string
		steps []step
	}{
		{"two quick requests write nothing", []step{{0, false}, {0, false}}},
		{"a request after the interval moves it forward", []step{{0, false}, {models.ActivityWriteInterval, true}}},
		{"after a write, quick requests write nothing again",
			[]step{{models.ActivityWriteInterval, true}, {0, false}, {models.ActivityWriteInterval / 4, false}}},
		{"writes again once the interval has passed since the last write",
			[]step{{models.ActivityWriteInterval, true}, {models.ActivityWriteInterval / 2, false},
				{models.ActivityWriteInterval / 2, true}}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				srv := apitest.Start(t, url, apitest.NoReaper)
				acc := srv.SeedAccount(t)
				c := srv.Login(t, acc.Admin)
				counter := srv.CountQueries(t)
				stored := srv.StoredSession(t, c.SessionID).LastActiveAt
				for i, st := range tc.steps {
					srv.Clock.Advance(st.advance)
					from := srv.Clock.Now().Truncate(time.Microsecond)
					counter.Reset()
					apitest.AssertWorks(t, c, "session")
					to := srv.Clock.Now()
					writes := counter.Writes.Load()
					now := srv.StoredSession(t, c.SessionID).LastActiveAt
					switch {
					case st.wantWrite && (now.Before(from) || now.After(to)):
						t.Errorf("request %d: last_active_at %v, want moved to the request's time [%v, %v]", i, now, from, to)
					case st.wantWrite && writes != 1:
						t.Errorf("request %d: %d writes, want 1", i, writes)
					case !st.wantWrite && !now.Equal(stored):
						t.Errorf("request %d: last_active_at moved from %v to %v, want unchanged", i, stored, now)
					case !st.wantWrite && writes != 0:
						t.Errorf("request %d: %d writes, want none", i, writes)
					}
					stored = now
				}
				if s := apitest.MustGetSession(t, c, c.SessionID); !s.LastActiveAt.Equal(stored) {
					t.Errorf("API lastActiveAt %v, want the stored %v", s.LastActiveAt, stored)
				}
			})
		}
	})
}
