package resolvers_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// The absolute lifetime through the API: set, read back, validated, previewed, enforced.

// The operations these tests send: the policy with its lifetime, the preview with its counts,
// and a session with its deadlines.
const (
	sgLifetimeFields = `absoluteLifetimeEnabled absoluteLifetime { value unit } idleTimeoutEnabled idleTimeout { value unit }`
	sgQueryLifetime  = `{ sessionPolicy { ` + sgLifetimeFields + ` } }`
	sgSetLifetime    = `mutation($in: SessionPolicyInput!) { updateSessionPolicy(input: $in) { ` + sgLifetimeFields + ` } }`
	sgPreview        = `query($in: SessionPolicyInput!) { sessionPolicyPreview(input: $in) {
  sessionsToEnd excessSessions idleSessions lifetimeSessions usersAffected } }`
	sgSessionExpiry = `query($id: ID!) { session(id: $id) { id status loginAt lastActiveAt endedAt endReason expiresAt idleExpiresAt } }`
)

// sgLifetime is the lifetime part of a SessionPolicy.
type sgLifetime struct {
	AbsoluteLifetimeEnabled bool
	AbsoluteLifetime        *sgTimeout
	IdleTimeoutEnabled      bool
	IdleTimeout             *sgTimeout
}

// sgLifetimeInput is a policy input of one session per user, no idle timeout, with lifetime
// fields set from kv ("absoluteLifetimeEnabled", ...), nil values left out.
func sgLifetimeInput(kv ...any) map[string]any {
	in := map[string]any{"limitMultipleSessions": false, "idleTimeoutEnabled": false}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] != nil {
			in[kv[i].(string)] = kv[i+1]
		}
	}
	return in
}

// sgLifetimeOn is an input turning on a lifetime of value unit.
func sgLifetimeOn(value int, unit string) map[string]any {
	return sgLifetimeInput("absoluteLifetimeEnabled", true, "absoluteLifetimeValue", value, "absoluteLifetimeUnit", unit)
}

func sgReadLifetime(t *testing.T, c *apitest.Client) sgLifetime {
	t.Helper()
	var out struct{ SessionPolicy sgLifetime }
	c.Do(t, sgQueryLifetime, nil).MustDecode(t, &out)
	return out.SessionPolicy
}

func sgSetLifetimePolicy(t *testing.T, admin *apitest.Client, in map[string]any) sgLifetime {
	t.Helper()
	var out struct{ UpdateSessionPolicy sgLifetime }
	admin.Do(t, sgSetLifetime, map[string]any{"in": in}).MustDecode(t, &out)
	return out.UpdateSessionPolicy
}

func TestPolicyLifetimeRoundTrips(t *testing.T) {
	t.Parallel()
	eightHours, thirty := &sgTimeout{8, "HOURS"}, &sgTimeout{30, "MINUTES"} // thirty: the idle timeout, once set, kept while off
	steps := []struct {
		name string
		in   map[string]any
		want sgLifetime
	}{
		{"a new account has none", nil, sgLifetime{}},
		{"8 hours", sgLifetimeOn(8, "HOURS"), sgLifetime{AbsoluteLifetimeEnabled: true, AbsoluteLifetime: eightHours}},
		{"omitted: unchanged", sgLifetimeInput(), sgLifetime{AbsoluteLifetimeEnabled: true, AbsoluteLifetime: eightHours}},
		{"an idle timeout leaves it alone",
			sgLifetimeInput("idleTimeoutEnabled", true, "idleTimeoutValue", 30, "idleTimeoutUnit", "MINUTES"),
			sgLifetime{AbsoluteLifetimeEnabled: true, AbsoluteLifetime: eightHours, IdleTimeoutEnabled: true, IdleTimeout: thirty}},
		{"switched off, kept for later", sgLifetimeInput("absoluteLifetimeEnabled", false),
			sgLifetime{AbsoluteLifetime: eightHours, IdleTimeout: thirty}},
		{"switched on again with the stored value", sgLifetimeInput("absoluteLifetimeEnabled", true),
			sgLifetime{AbsoluteLifetimeEnabled: true, AbsoluteLifetime: eightHours, IdleTimeout: thirty}},
		{"a new unit alone", sgLifetimeInput("absoluteLifetimeUnit", "DAYS"),
			sgLifetime{AbsoluteLifetimeEnabled: true, AbsoluteLifetime: &sgTimeout{8, "DAYS"}, IdleTimeout: thirty}},
		{"90 days in minutes", sgLifetimeOn(129600, "MINUTES"),
			sgLifetime{AbsoluteLifetimeEnabled: true, AbsoluteLifetime: &sgTimeout{129600, "MINUTES"}, IdleTimeout: thirty}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		member := srv.Login(t, srv.AddUser(t, acc, models.RoleMember, "Mia Member"))
		for _, st := range steps {
			if st.in != nil {
				if got := sgSetLifetimePolicy(t, admin, st.in); !sgSameLifetime(got, st.want) {
					t.Errorf("%s: updateSessionPolicy returned %+v, want %+v", st.name, got, st.want)
				}
			}
			for who, c := range map[string]*apitest.Client{"admin": admin, "member": member} {
				if got := sgReadLifetime(t, c); !sgSameLifetime(got, st.want) {
					t.Errorf("%s: the %s reads %+v, want %+v", st.name, who, got, st.want)
				}
			}
		}
	})
}

func sgSameLifetime(a, b sgLifetime) bool {
	same := func(x, y *sgTimeout) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.AbsoluteLifetimeEnabled == b.AbsoluteLifetimeEnabled && same(a.AbsoluteLifetime, b.AbsoluteLifetime) &&
		a.IdleTimeoutEnabled == b.IdleTimeoutEnabled && same(a.IdleTimeout, b.IdleTimeout)
}

func TestPolicyLifetimeValidation(t *testing.T) {
	t.Parallel()
	const value, unit = "absoluteLifetimeValue", "absoluteLifetimeUnit"
	cases := []struct {
		name       string
		in         map[string]any
		wantFields []string // sorted
	}{
		{name: "0 hours", in: sgLifetimeOn(0, "HOURS"), wantFields: []string{value}},
		{name: "negative", in: sgLifetimeOn(-1, "DAYS"), wantFields: []string{value}},
		{name: "91 days", in: sgLifetimeOn(91, "DAYS"), wantFields: []string{value}},
		{name: "2161 hours", in: sgLifetimeOn(2161, "HOURS"), wantFields: []string{value}},
		{name: "129601 minutes", in: sgLifetimeOn(129601, "MINUTES"), wantFields: []string{value}},
		{name: "the largest Int of days", in: sgLifetimeOn(2147483647, "DAYS"), wantFields: []string{value}},
		{name: "91 days while off", in: sgLifetimeInput("absoluteLifetimeValue", 91, "absoluteLifetimeUnit", "DAYS"), wantFields: []string{value}},
		{name: "enabled with nothing stored or given", in: sgLifetimeInput("absoluteLifetimeEnabled", true), wantFields: []string{unit, value}},
		{name: "enabled without a value, none stored", in: sgLifetimeInput("absoluteLifetimeEnabled", true, "absoluteLifetimeUnit", "HOURS"),
			wantFields: []string{value}},
		{name: "enabled without a unit, none stored", in: sgLifetimeInput("absoluteLifetimeEnabled", true, "absoluteLifetimeValue", 8),
			wantFields: []string{unit}},
		{name: "with an idle timeout error", in: func() map[string]any {
			in := sgLifetimeOn(0, "HOURS")
			in["idleTimeoutEnabled"], in["idleTimeoutValue"], in["idleTimeoutUnit"] = true, 91, "DAYS"
			return in
		}(), wantFields: []string{value, "idleTimeoutValue"}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				acc := srv.SeedAccount(t)
				admin := srv.Login(t, acc.Admin)
				before, stored, nEvents := srv.Snapshot(t), srv.StoredPolicy(t, acc.ID), len(srv.Events.Events())
				for _, op := range []string{sgSetLifetime, sgPreview} {
					res := admin.Do(t, op, map[string]any{"in": tc.in})
					apitest.AssertCode(t, res, "BAD_USER_INPUT")
					if got := res.Fields(); !slices.Equal(got, tc.wantFields) {
						t.Errorf("%.40s...: fields %v, want %v (body %s)", op, got, tc.wantFields, res.Body)
					}
				}
				after := srv.StoredPolicy(t, acc.ID)
				if after.Version != stored.Version || after.AbsoluteLifetimeEnabled != stored.AbsoluteLifetimeEnabled ||
					!sameTimeout(after.AbsoluteLifetime(), stored.AbsoluteLifetime()) {
					t.Errorf("stored policy changed from %+v to %+v", stored, after)
				}
				apitest.AssertUnchanged(t, before, srv.Snapshot(t))
				if evs := srv.EventsSince(nEvents); len(evs) != 0 {
					t.Errorf("refused update published %+v", evs)
				}
			})
		}
	})
}

func sameTimeout(a, b *models.IdleTimeout) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func TestPolicyLifetimeUnitAloneIsCheckedAgainstTheStoredValue(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		sgSetLifetimePolicy(t, admin, sgLifetimeOn(2160, "HOURS"))
		res := admin.Do(t, sgSetLifetime, map[string]any{"in": sgLifetimeInput("absoluteLifetimeUnit", "DAYS")})
		apitest.AssertCode(t, res, "BAD_USER_INPUT")
		if got := res.Fields(); !slices.Equal(got, []string{"absoluteLifetimeUnit"}) {
			t.Errorf("fields %v, want [absoluteLifetimeUnit] (body %s)", got, res.Body)
		}
		if got := sgReadLifetime(t, admin); got.AbsoluteLifetime == nil || *got.AbsoluteLifetime != (sgTimeout{2160, "HOURS"}) {
			t.Errorf("lifetime %+v, want 2160 HOURS kept", got.AbsoluteLifetime)
		}
	})
}

// sgExpiry is what sgSessionExpiry reads.
type sgExpiry struct {
	ID, Status    string
	LoginAt       time.Time
	EndedAt       *time.Time
	EndReason     *string
	ExpiresAt     *time.Time
	IdleExpiresAt *time.Time
	LastActiveAt  time.Time
}

func sgReadExpiry(t *testing.T, c *apitest.Client, id string) sgExpiry {
	t.Helper()
	var out struct{ Session *sgExpiry }
	c.Do(t, sgSessionExpiry, map[string]any{"id": id}).MustDecode(t, &out)
	if out.Session == nil {
		t.Fatalf("session %s: null", id)
	}
	return *out.Session
}

func TestSessionExpiresAt(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.NoReaper)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		apitest.SetPolicy(t, admin, apitest.LimitInput(5, models.EvictOldest))
		member := srv.Login(t, srv.AddUser(t, acc, models.RoleMember, "Mia Member"))

		if s := sgReadExpiry(t, admin, member.SessionID); s.ExpiresAt != nil {
			t.Errorf("without a lifetime: expiresAt %v, want null", s.ExpiresAt)
		}
		sgSetLifetimePolicy(t, admin, sgLifetimeInput("limitMultipleSessions", true, "maxConcurrentSessions", 5,
			"absoluteLifetimeEnabled", true, "absoluteLifetimeValue", 12, "absoluteLifetimeUnit", "HOURS"))
		for who, c := range map[string]*apitest.Client{"admin": admin, "member": member} {
			s := sgReadExpiry(t, c, member.SessionID)
			if want := s.LoginAt.Add(12 * time.Hour); s.ExpiresAt == nil || !s.ExpiresAt.Equal(want) {
				t.Errorf("the %s reads expiresAt %v, want loginAt + 12 hours = %v", who, s.ExpiresAt, want)
			}
		}
		// Activity does not move it: the lifetime counts from the login.
		srv.Clock.Advance(time.Hour)
		apitest.AssertWorks(t, member, "member")
		if s := sgReadExpiry(t, member, member.SessionID); s.ExpiresAt == nil || !s.ExpiresAt.Equal(s.LoginAt.Add(12*time.Hour)) {
			t.Errorf("after a request: expiresAt %v, want loginAt + 12 hours", s.ExpiresAt)
		}
		// Switched off: null.
		sgSetLifetimePolicy(t, admin, sgLifetimeInput("limitMultipleSessions", true, "maxConcurrentSessions", 5, "absoluteLifetimeEnabled", false))
		if s := sgReadExpiry(t, admin, member.SessionID); s.ExpiresAt != nil {
			t.Errorf("with the lifetime off: expiresAt %v, want null", s.ExpiresAt)
		}
		// Ended: null, whatever the policy.
		sgSetLifetimePolicy(t, admin, sgLifetimeInput("limitMultipleSessions", true, "maxConcurrentSessions", 5, "absoluteLifetimeEnabled", true))
		member.MustDo(t, apitest.MutationLogout, nil)
		if s := sgReadExpiry(t, admin, member.SessionID); s.Status != "TERMINATED" || s.ExpiresAt != nil {
			t.Errorf("ended: %s expiresAt %v, want TERMINATED and null", s.Status, s.ExpiresAt)
		}
	})
}

func TestATokenPastItsLifetimeIsRefused(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		after   time.Duration
		refused bool
	}{
		{"a minute before", 2*time.Hour - time.Minute, false},
		{"at the lifetime", 2 * time.Hour, true},
		{"days later", 72 * time.Hour, true},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.NoReaper)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				acc := srv.SeedAccount(t)
				admin := srv.Login(t, acc.Admin)
				sgSetLifetimePolicy(t, admin, sgLifetimeOn(2, "HOURS"))
				member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
				c := srv.Login(t, member)
				loginAt := srv.StoredSession(t, c.SessionID).LoginAt
				srv.Clock.Advance(tc.after)
				nEvents := len(srv.Events.Events())
				res := c.Do(t, apitest.QueryMe, nil)
				if !tc.refused {
					if res.Code() != "" {
						t.Fatalf("refused %v after login: %s", tc.after, res.Body)
					}
					return
				}
				apitest.AssertCode(t, res, "UNAUTHENTICATED")
				if len(res.Errors) > 0 && !strings.Contains(res.Errors[0].Message, "MAX_LIFETIME") {
					t.Errorf("message %q does not name MAX_LIFETIME", res.Errors[0].Message)
				}
				stored := srv.StoredSession(t, c.SessionID)
				if stored.Status != models.SessionTerminated || stored.EndReason == nil || *stored.EndReason != models.EndMaxLifetime ||
					stored.EndedAt == nil || !stored.EndedAt.Equal(loginAt.Add(2*time.Hour)) || stored.EndedByID != nil {
					t.Errorf("stored session %s %v at %v by %v, want TERMINATED MAX_LIFETIME at login + 2 hours by nobody",
						stored.Status, apitest.Str((*string)(stored.EndReason)), stored.EndedAt, stored.EndedByID)
				}
				apitest.AssertEndEvents(t, srv.EventsSince(nEvents), models.EndMaxLifetime, c.SessionID)
				apitest.AssertRefused(t, c, "the member again")
				if n := len(apitest.EndEvents(srv.EventsSince(nEvents))[c.SessionID]); n != 1 {
					t.Errorf("SESSION_ENDED events: got %d, want 1", n)
				}
			})
		}
	})
}

func TestUpdatePolicyEndsSessionsPastANewLifetime(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.NoReaper)
		acc := srv.SeedAccount(t)
		first := srv.Login(t, acc.Admin)
		apitest.SetPolicy(t, first, sgLifetimeInput("limitMultipleSessions", true, "maxConcurrentSessions", 5))
		first.MustDo(t, apitest.MutationLogout, nil)
		// Logins at +0 (miaOld), +60 (benOld), +120 (miaNew) and +130 minutes (the admin's), and
		// a request of miaOld's at +125.
		mia := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		ben := srv.AddUser(t, acc, models.RoleMember, "Ben Member")
		miaOld := srv.Login(t, mia)
		srv.Clock.Advance(time.Hour)
		benOld := srv.Login(t, ben)
		srv.Clock.Advance(time.Hour)
		miaNew := srv.Login(t, mia)
		srv.Clock.Advance(5 * time.Minute)
		apitest.AssertWorks(t, miaOld, "Mia's first session")
		srv.Clock.Advance(5 * time.Minute)
		admin := srv.Login(t, acc.Admin)

		in := func(kv ...any) map[string]any {
			m := sgLifetimeInput(kv...)
			m["limitMultipleSessions"], m["maxConcurrentSessions"] = true, 5
			return m
		}
		type impact struct {
			SessionsToEnd, ExcessSessions, IdleSessions, LifetimeSessions, UsersAffected int
		}
		previews := []struct {
			name string
			in   map[string]any
			want impact
		}{
			{"90 minutes", in("absoluteLifetimeEnabled", true, "absoluteLifetimeValue", 90, "absoluteLifetimeUnit", "MINUTES"),
				impact{SessionsToEnd: 1, LifetimeSessions: 1, UsersAffected: 1}},
			{"1 hour", in("absoluteLifetimeEnabled", true, "absoluteLifetimeValue", 1, "absoluteLifetimeUnit", "HOURS"),
				impact{SessionsToEnd: 2, LifetimeSessions: 2, UsersAffected: 2}},
			// Idle after 5 minutes too: miaOld, busy 5 minutes ago, is over its lifetime only;
			// benOld went idle (+65) before its lifetime ran out (+120): it counts once, as idle;
			// miaNew is idle.
			{"1 hour and idle 5 minutes", in("absoluteLifetimeEnabled", true, "absoluteLifetimeValue", 1, "absoluteLifetimeUnit", "HOURS",
				"idleTimeoutEnabled", true, "idleTimeoutValue", 5, "idleTimeoutUnit", "MINUTES"),
				impact{SessionsToEnd: 3, IdleSessions: 2, LifetimeSessions: 1, UsersAffected: 2}},
		}
		for _, p := range previews {
			var out struct{ SessionPolicyPreview impact }
			admin.Do(t, sgPreview, map[string]any{"in": p.in}).MustDecode(t, &out)
			if out.SessionPolicyPreview != p.want {
				t.Errorf("preview %s: %+v, want %+v", p.name, out.SessionPolicyPreview, p.want)
			}
		}

		nEvents := len(srv.Events.Events())
		sgSetLifetimePolicy(t, admin, previews[1].in)
		apitest.AssertEndEvents(t, srv.EventsSince(nEvents), models.EndMaxLifetime, miaOld.SessionID, benOld.SessionID)
		for _, c := range []*apitest.Client{miaOld, benOld} {
			s := sgReadExpiry(t, admin, c.SessionID)
			if s.Status != "TERMINATED" || s.EndReason == nil || *s.EndReason != "MAX_LIFETIME" || s.EndedAt == nil ||
				!s.EndedAt.Equal(s.LoginAt.Add(time.Hour)) {
				t.Errorf("session %s: %s %s at %v, want TERMINATED MAX_LIFETIME at login + 1 hour", c.SessionID, s.Status, apitest.Str(s.EndReason), s.EndedAt)
			}
			apitest.AssertRefused(t, c, "a session past the new lifetime")
		}
		apitest.AssertWorks(t, miaNew, "Mia's newer session")
		apitest.AssertWorks(t, admin, "the admin")
	})
}
