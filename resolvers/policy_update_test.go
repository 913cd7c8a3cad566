package resolvers_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/events"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// sgTimeout is an expected idleTimeout.
type sgTimeout = struct {
	Value int
	Unit  string
}

func TestPolicyDefaultIsOneSessionNoTimeout(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		want := apitest.Policy{MaxConcurrentSessions: 1, EffectiveMaxConcurrentSessions: 1, WhenLimitReached: "EVICT_OLDEST"}
		for name, c := range map[string]*apitest.Client{"admin": srv.Login(t, acc.Admin), "member": srv.Login(t, member)} {
			if got := apitest.ReadPolicy(t, c); !reflect.DeepEqual(got, want) {
				t.Errorf("%s reads %+v, want %+v", name, got, want)
			}
		}
	})
}

func TestPolicyUpdateRoundTrips(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		in   map[string]any
		want apitest.Policy // UpdatedAt and UpdatedBy are checked separately
	}{
		{"limit 3 evicting the oldest",
			map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": 3, "whenLimitReached": "EVICT_OLDEST", "idleTimeoutEnabled": false},
			apitest.Policy{LimitMultipleSessions: true, MaxConcurrentSessions: 3, EffectiveMaxConcurrentSessions: 3, WhenLimitReached: "EVICT_OLDEST"}},
		{"not limiting keeps the maximum but enforces one session",
			map[string]any{"limitMultipleSessions": false, "maxConcurrentSessions": 5, "idleTimeoutEnabled": false},
			apitest.Policy{MaxConcurrentSessions: 5, EffectiveMaxConcurrentSessions: 1, WhenLimitReached: "EVICT_OLDEST"}},
		{"whenLimitReached defaults to EVICT_OLDEST",
			map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": 2, "idleTimeoutEnabled": false},
			apitest.Policy{LimitMultipleSessions: true, MaxConcurrentSessions: 2, EffectiveMaxConcurrentSessions: 2, WhenLimitReached: "EVICT_OLDEST"}},
		{"the smallest limit and timeout",
			map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": 1, "whenLimitReached": "REJECT_NEW",
				"idleTimeoutEnabled": true, "idleTimeoutValue": 1, "idleTimeoutUnit": "MINUTES"},
			apitest.Policy{LimitMultipleSessions: true, MaxConcurrentSessions: 1, EffectiveMaxConcurrentSessions: 1,
				WhenLimitReached: "REJECT_NEW", IdleTimeoutEnabled: true, IdleTimeout: &sgTimeout{1, "MINUTES"}}},
		{"100 sessions, rejecting new, 90 days",
			map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": 100, "whenLimitReached": "REJECT_NEW",
				"idleTimeoutEnabled": true, "idleTimeoutValue": 90, "idleTimeoutUnit": "DAYS"},
			apitest.Policy{LimitMultipleSessions: true, MaxConcurrentSessions: 100, EffectiveMaxConcurrentSessions: 100,
				WhenLimitReached: "REJECT_NEW", IdleTimeoutEnabled: true, IdleTimeout: &sgTimeout{90, "DAYS"}}},
		{"2160 hours is 90 days",
			map[string]any{"limitMultipleSessions": false, "idleTimeoutEnabled": true, "idleTimeoutValue": 2160, "idleTimeoutUnit": "HOURS"},
			apitest.Policy{MaxConcurrentSessions: 1, EffectiveMaxConcurrentSessions: 1, WhenLimitReached: "EVICT_OLDEST",
				IdleTimeoutEnabled: true, IdleTimeout: &sgTimeout{2160, "HOURS"}}},
		{"129600 minutes is 90 days",
			map[string]any{"limitMultipleSessions": false, "idleTimeoutEnabled": true, "idleTimeoutValue": 129600, "idleTimeoutUnit": "MINUTES"},
			apitest.Policy{MaxConcurrentSessions: 1, EffectiveMaxConcurrentSessions: 1, WhenLimitReached: "EVICT_OLDEST",
				IdleTimeoutEnabled: true, IdleTimeout: &sgTimeout{129600, "MINUTES"}}},
		{"a timeout may be configured while disabled",
			map[string]any{"limitMultipleSessions": false, "idleTimeoutEnabled": false, "idleTimeoutValue": 30, "idleTimeoutUnit": "MINUTES"},
			apitest.Policy{MaxConcurrentSessions: 1, EffectiveMaxConcurrentSessions: 1, WhenLimitReached: "EVICT_OLDEST",
				IdleTimeout: &sgTimeout{30, "MINUTES"}}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				// A fresh account each: omitted fields would otherwise keep the previous case's value.
				acc := srv.SeedAccount(t)
				admin := srv.Login(t, acc.Admin)
				member := srv.Login(t, srv.AddUser(t, acc, models.RoleMember, "Mia Member"))
				version := srv.StoredPolicy(t, acc.ID).Version
				nEvents := len(srv.Events.Events())
				srv.Clock.Advance(time.Second) // each update gets its own updatedAt
				from := srv.Clock.Now().Truncate(time.Microsecond)
				got := apitest.SetPolicy(t, admin, tc.in)
				to := srv.Clock.Now()
				if got.UpdatedAt == nil || got.UpdatedAt.Before(from) || got.UpdatedAt.After(to) {
					t.Errorf("updatedAt: got %v, want between %v and %v", got.UpdatedAt, from, to)
				}
				if got.UpdatedBy == nil || got.UpdatedBy.ID != acc.Admin.ID {
					t.Errorf("updatedBy: got %+v, want %s", got.UpdatedBy, acc.Admin.ID)
				}
				returned := got
				got.UpdatedAt, got.UpdatedBy = nil, nil
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("returned %+v, want %+v", got, tc.want)
				}
				if read := apitest.ReadPolicy(t, member); !reflect.DeepEqual(read, returned) {
					t.Errorf("a member then reads %+v, want what the update returned %+v", read, returned)
				}
				evs := srv.EventsSince(nEvents)
				version++
				if len(evs) != 1 || evs[0].Kind != events.PolicyUpdated || evs[0].AccountID != acc.ID || evs[0].PolicyVersion != version {
					t.Errorf("events: got %+v, want one POLICY_UPDATED for account %s version %d", evs, acc.ID, version)
				}
			})
		}
	})
}

func TestPolicyUpdateOmittedFieldsKeepTheirValue(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		apitest.SetPolicy(t, admin, map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": 4,
			"whenLimitReached": "REJECT_NEW", "idleTimeoutEnabled": true, "idleTimeoutValue": 30, "idleTimeoutUnit": "MINUTES"})
		got := apitest.SetPolicy(t, admin, map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": 6,
			"idleTimeoutEnabled": false})
		if got.WhenLimitReached != "REJECT_NEW" || got.IdleTimeoutEnabled ||
			got.IdleTimeout == nil || *got.IdleTimeout != (sgTimeout{30, "MINUTES"}) || got.MaxConcurrentSessions != 6 {
			t.Errorf("got %+v, want REJECT_NEW kept, timeout 30 MINUTES kept but disabled, maximum 6", got)
		}
	})
}

func TestPolicyUpdateRejectsInvalidInput(t *testing.T) {
	t.Parallel()
	idle := func(value any, unit any) map[string]any {
		in := map[string]any{"limitMultipleSessions": false, "idleTimeoutEnabled": true}
		if value != nil {
			in["idleTimeoutValue"] = value
		}
		if unit != nil {
			in["idleTimeoutUnit"] = unit
		}
		return in
	}
	limit := func(max int) map[string]any {
		return map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": max, "idleTimeoutEnabled": false}
	}
	merge := func(a, b map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range a {
			out[k] = v
		}
		for k, v := range b {
			out[k] = v
		}
		return out
	}
	const maxSessions, idleValue, idleUnit = "maxConcurrentSessions", "idleTimeoutValue", "idleTimeoutUnit"
	cases := []struct {
		name       string
		configured bool // start from a policy with a limit and a timeout configured, not the default
		in         map[string]any
		wantFields []string // sorted
	}{
		{name: "0 sessions", in: limit(0), wantFields: []string{maxSessions}},
		{name: "101 sessions", in: limit(101), wantFields: []string{maxSessions}},
		{name: "negative sessions", in: limit(-1), wantFields: []string{maxSessions}},
		{name: "0 sessions while not limiting",
			in:         map[string]any{"limitMultipleSessions": false, "maxConcurrentSessions": 0, "idleTimeoutEnabled": false},
			wantFields: []string{maxSessions}},
		{name: "idle value 0", in: idle(0, "MINUTES"), wantFields: []string{idleValue}},
		{name: "negative idle value", in: idle(-5, "HOURS"), wantFields: []string{idleValue}},
		{name: "91 days", in: idle(91, "DAYS"), wantFields: []string{idleValue}},
		{name: "2161 hours", in: idle(2161, "HOURS"), wantFields: []string{idleValue}},
		{name: "129601 minutes", in: idle(129601, "MINUTES"), wantFields: []string{idleValue}},
		{name: "91 days while disabled", in: map[string]any{"limitMultipleSessions": false, "idleTimeoutEnabled": false,
			"idleTimeoutValue": 91, "idleTimeoutUnit": "DAYS"}, wantFields: []string{idleValue}},
		{name: "missing value when enabled", in: idle(nil, "MINUTES"), wantFields: []string{idleValue}},
		{name: "missing unit when enabled", in: idle(5, nil), wantFields: []string{idleUnit}},
		{name: "several: 0 sessions and idle value 0", in: merge(limit(0), idle(0, "MINUTES")),
			wantFields: []string{idleValue, maxSessions}},
		{name: "several: 101 sessions and 91 days", in: merge(limit(101), idle(91, "DAYS")),
			wantFields: []string{idleValue, maxSessions}},
		{name: "several: idle value 0 and missing unit", in: idle(0, nil), wantFields: []string{idleUnit, idleValue}},
		{name: "several: 0 sessions, idle value 0, missing unit", in: merge(limit(0), idle(0, nil)),
			wantFields: []string{idleUnit, idleValue, maxSessions}},
		{name: "bad input changes a configured policy neither", configured: true,
			in: merge(limit(0), idle(91, "DAYS")), wantFields: []string{idleValue, maxSessions}},

		{name: "106752 days overflows the duration", in: idle(106752, "DAYS"), wantFields: []string{idleValue}},
		{name: "2147483647 minutes overflows the duration", in: idle(2147483647, "MINUTES"), wantFields: []string{idleValue}},
		{name: "missing value and unit when enabled names both", in: idle(nil, nil), wantFields: []string{idleUnit, idleValue}},
		{name: "maxConcurrentSessions is required when limiting",
			in:         map[string]any{"limitMultipleSessions": true, "idleTimeoutEnabled": false},
			wantFields: []string{maxSessions}},
		{name: "value and unit are required when enabled even if configured before", configured: true,
			in:         map[string]any{"limitMultipleSessions": false, "idleTimeoutEnabled": true},
			wantFields: []string{idleUnit, idleValue}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				acc := srv.SeedAccount(t) // an account of its own, so a wrongly accepted input cannot spill over
				admin := srv.Login(t, acc.Admin)
				if tc.configured {
					apitest.SetPolicy(t, admin, map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": 3,
						"whenLimitReached": "REJECT_NEW", "idleTimeoutEnabled": false, "idleTimeoutValue": 30, "idleTimeoutUnit": "MINUTES"})
				}
				policy := apitest.ReadPolicy(t, admin)
				before, nEvents := srv.Snapshot(t), len(srv.Events.Events())
				for _, op := range []string{apitest.MutationUpdatePolicy, apitest.QueryPolicyPreview} {
					res := admin.Do(t, op, map[string]any{"in": tc.in})
					apitest.AssertCode(t, res, "BAD_USER_INPUT")
					if got := res.Fields(); !slices.Equal(got, tc.wantFields) {
						t.Errorf("%.40s...: fields %v, want %v (body %s)", op, got, tc.wantFields, res.Body)
					}
				}
				if after := apitest.ReadPolicy(t, admin); !reflect.DeepEqual(after, policy) {
					t.Errorf("policy changed from %+v to %+v", policy, after)
				}
				apitest.AssertUnchanged(t, before, srv.Snapshot(t))
				if evs := srv.EventsSince(nEvents); len(evs) != 0 {
					t.Errorf("refused update published %+v", evs)
				}
			})
		}
	})
}

// TestPolicyHugeIdleTimeoutLocksNobodyOut sets the largest idle timeout the API accepts (90 days,
// in each unit) and checks that it locks nobody out: had the timeout overflowed into a negative
// duration, every request of the account would be refused. Sessions work right away and 89 days
// later, a new login works, and the timeout still ends a session idle past the whole 90 days.
func TestPolicyHugeIdleTimeoutLocksNobodyOut(t *testing.T) {
	t.Parallel()
	cases := []struct {
		value int
		unit  string
	}{
		{90, "DAYS"},
		{90 * 24, "HOURS"},
		{90 * 24 * 60, "MINUTES"},
	}
	const day = 24 * time.Hour
	testdb.Each(t, func(t *testing.T, url string) {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%d %s", tc.value, tc.unit), func(t *testing.T) {
				srv := apitest.Start(t, url) // a server per case: the case moves its clock by months
				acc := srv.SeedAccount(t)
				admin := srv.Login(t, acc.Admin)
				idler := srv.Login(t, srv.AddUser(t, acc, models.RoleMember, "Ida Idle"))
				got := apitest.SetPolicy(t, admin, map[string]any{"limitMultipleSessions": false,
					"idleTimeoutEnabled": true, "idleTimeoutValue": tc.value, "idleTimeoutUnit": tc.unit})
				if !got.IdleTimeoutEnabled || got.IdleTimeout == nil || *got.IdleTimeout != (sgTimeout{tc.value, tc.unit}) {
					t.Fatalf("stored idle timeout %v %+v, want %d %s", got.IdleTimeoutEnabled, got.IdleTimeout, tc.value, tc.unit)
				}
				apitest.AssertWorks(t, admin, "admin right after setting the largest idle timeout")
				apitest.AssertWorks(t, idler, "member right after")

				srv.Clock.Advance(89 * day)
				apitest.AssertWorks(t, admin, "admin after 89 idle days")
				member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
				apitest.AssertWorks(t, srv.Login(t, member), "a new login after 89 days")

				srv.Clock.Advance(2 * day) // the idler's last activity is 91 days old, the admin's 2
				apitest.AssertRefused(t, idler, "member idle for 91 days")
				apitest.AssertWorks(t, admin, "admin idle for 2 days")
			})
		}
	})
}

func TestPolicyEndExcessSessions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		endExcess any // nil: omitted
		wantEnded bool
	}{
		{"true ends the oldest sessions above the new limit", true, true},
		{"false leaves them running", false, false},
		{"omitted leaves them running", nil, false},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				w := apitest.AddWorld(t, srv) // five sessions allowed: memberA has 2, adminA 2, colleagueA 1
				srv.Clock.Advance(time.Second)
				memberA3 := srv.LoginFrom(t, w.MemberA, "")
				in := apitest.LimitInput(1, models.EvictOldest)
				if tc.endExcess != nil {
					in["endExcessSessions"] = tc.endExcess
				}
				before, nEvents := srv.Snapshot(t), len(srv.Events.Events())
				got := apitest.SetPolicy(t, w.AdminA2, in)
				if got.EffectiveMaxConcurrentSessions != 1 {
					t.Errorf("effectiveMaxConcurrentSessions %d, want 1", got.EffectiveMaxConcurrentSessions)
				}
				after := srv.Snapshot(t)
				var want []string
				if tc.wantEnded {
					want = []string{w.AdminA1.SessionID, w.MemberA1.SessionID, w.MemberA2.SessionID}
				}
				if ended := apitest.EndedBetween(before, after); !apitest.SameSet(ended, want) {
					t.Errorf("ended %v, want %v", ended, apitest.Sorted(want...))
				}
				for _, id := range want {
					if r := after.Sessions[id]; r.EndReason != string(models.EndConcurrentLimit) || r.EndedBy != "" {
						t.Errorf("session %s: %s by %q, want CONCURRENT_LIMIT by nobody", id, r.EndReason, r.EndedBy)
					}
				}
				evs := srv.EventsSince(nEvents)
				apitest.AssertEndEvents(t, evs, models.EndConcurrentLimit, want...)
				if n := apitest.CountKind(evs, events.PolicyUpdated); n != 1 {
					t.Errorf("POLICY_UPDATED events: %d, want 1", n)
				}
				// The newest session of each user always survives.
				for name, c := range map[string]*apitest.Client{"adminA2": w.AdminA2, "memberA3": memberA3,
					"colleagueA1": w.ColleagueA1, "memberB1": w.MemberB1, "adminB1": w.AdminB1} {
					apitest.AssertWorks(t, c, name)
				}
				if !tc.wantEnded {
					// The new limit still applies to the next login.
					srv.LoginFrom(t, w.MemberA, "")
					if n := srv.ActiveSessions(t, w.MemberA.ID); n != 1 {
						t.Errorf("after the next login memberA has %d active sessions, want 1", n)
					}
				}
			})
		}
	})
}

func TestPolicyPreviewMatchesWhatTheUpdateEnds(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		endExcess bool
	}{
		{"with endExcessSessions", true},
		{"without endExcessSessions", false},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				srv := apitest.Start(t, url)
				a, b := srv.SeedAccount(t), srv.SeedAccount(t)
				admin, adminB := srv.Login(t, a.Admin), srv.Login(t, b.Admin)
				apitest.SetPolicy(t, admin, apitest.LimitInput(10, models.EvictOldest))
				apitest.SetPolicy(t, adminB, apitest.LimitInput(10, models.EvictOldest))
				member := srv.AddUser(t, a, models.RoleMember, "Mia Member")
				colleague := srv.AddUser(t, a, models.RoleMember, "Carl Colleague")
				other := srv.AddUser(t, b, models.RoleMember, "Bea Other")
				logins := func(u apitest.User, n int) []*apitest.Client {
					out := make([]*apitest.Client, n)
					for i := range out {
						srv.Clock.Advance(time.Second)
						out[i] = srv.LoginFrom(t, u, "")
					}
					return out
				}
				m, c, o := logins(member, 4), logins(colleague, 2), logins(other, 4)
				srv.Clock.Advance(20 * time.Minute)
				for _, cl := range []*apitest.Client{m[1], m[2], m[3], c[1], o[2], o[3]} {
					apitest.AssertWorks(t, cl, "session in use")
				}
				// Under "at most 2, idle after 10 minutes": m[0] and c[0] are idle, m[1] is above the
				// limit; account B is not concerned.
				in := map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": 2, "idleTimeoutEnabled": true,
					"idleTimeoutValue": 10, "idleTimeoutUnit": "MINUTES", "endExcessSessions": tc.endExcess}

				policy, before, nEvents := apitest.ReadPolicy(t, admin), srv.Snapshot(t), len(srv.Events.Events())
				var preview struct {
					SessionPolicyPreview struct{ SessionsToEnd, ExcessSessions, IdleSessions, UsersAffected int }
				}
				admin.Do(t, apitest.QueryPolicyPreview, map[string]any{"in": in}).MustDecode(t, &preview)
				p := preview.SessionPolicyPreview
				if p.SessionsToEnd != 3 || p.ExcessSessions != 1 || p.IdleSessions != 2 || p.UsersAffected != 2 {
					t.Errorf("preview %+v, want sessionsToEnd 3, excessSessions 1, idleSessions 2, usersAffected 2", p)
				}
				apitest.AssertUnchanged(t, before, srv.Snapshot(t))
				if read := apitest.ReadPolicy(t, admin); !reflect.DeepEqual(read, policy) {
					t.Errorf("preview changed the policy from %+v to %+v", policy, read)
				}
				if evs := srv.EventsSince(nEvents); len(evs) != 0 {
					t.Errorf("preview published %+v", evs)
				}

				apitest.SetPolicy(t, admin, in)
				after := srv.Snapshot(t)
				ended := apitest.EndedBetween(before, after)
				idle := []string{m[0].SessionID, c[0].SessionID}
				want, wantCount := idle, p.IdleSessions
				if tc.endExcess {
					want, wantCount = append(idle, m[1].SessionID), p.SessionsToEnd
				}
				if !apitest.SameSet(ended, want) || len(ended) != wantCount {
					t.Errorf("the update ended %v, want %v (%d as the preview said)", ended, apitest.Sorted(want...), wantCount)
				}
				users := map[string]bool{}
				for _, id := range ended {
					users[srv.StoredSession(t, id).UserID] = true
					wantReason := models.EndIdleTimeout
					if id == m[1].SessionID {
						wantReason = models.EndConcurrentLimit
					}
					if r := after.Sessions[id].EndReason; r != string(wantReason) {
						t.Errorf("session %s ended %s, want %s", id, r, wantReason)
					}
				}
				if tc.endExcess && len(users) != p.UsersAffected {
					t.Errorf("the update ended sessions of %d users, the preview said %d", len(users), p.UsersAffected)
				}
				if s := srv.StoredSession(t, m[0].SessionID); s.EndedAt == nil || !s.EndedAt.Equal(s.LastActiveAt.Add(10*time.Minute)) {
					t.Errorf("idle session ended at %v, want its lastActiveAt %v + 10 minutes", s.EndedAt, s.LastActiveAt)
				}
			})
		}
	})
}
