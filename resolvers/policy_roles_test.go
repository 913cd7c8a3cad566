package resolvers_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// Per-role session policy through the API: set, read back, validated, previewed, enforced.

const (
	sgRoleFields = `roleOverrides { role limitMultipleSessions maxConcurrentSessions whenLimitReached
  idleTimeoutEnabled idleTimeout { value unit } absoluteLifetimeEnabled absoluteLifetime { value unit } }`
	sgQueryRoles = `{ sessionPolicy { ` + sgRoleFields + ` } }`
	sgSetRoles   = `mutation($in: SessionPolicyInput!) { updateSessionPolicy(input: $in) { ` + sgRoleFields + ` } }`
)

// sgRoleInput is a policy input of five sessions per user and a 60-minute idle timeout, with
// roleOverrides when given (nil: omitted).
func sgRoleInput(overrides []map[string]any) map[string]any {
	in := map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": 5,
		"idleTimeoutEnabled": true, "idleTimeoutValue": 60, "idleTimeoutUnit": "MINUTES"}
	if overrides != nil {
		in["roleOverrides"] = overrides
	}
	return in
}

// sgRoles reads roleOverrides as JSON, for comparing with what was sent.
func sgRoles(t *testing.T, res apitest.Response, root string) string {
	t.Helper()
	var out map[string]struct{ RoleOverrides json.RawMessage }
	res.MustDecode(t, &out)
	return string(out[root].RoleOverrides)
}

func TestRoleOverridesRoundTrip(t *testing.T) {
	t.Parallel()
	adminsStrict := map[string]any{"role": "ADMIN", "limitMultipleSessions": false, "whenLimitReached": "REJECT_NEW",
		"idleTimeoutEnabled": true, "idleTimeoutValue": 10, "idleTimeoutUnit": "MINUTES",
		"absoluteLifetimeEnabled": true, "absoluteLifetimeValue": 8, "absoluteLifetimeUnit": "HOURS"}
	membersLoose := map[string]any{"role": "MEMBER", "idleTimeoutEnabled": false}
	const both = `[{"role":"ADMIN","limitMultipleSessions":false,"maxConcurrentSessions":null,"whenLimitReached":"REJECT_NEW",` +
		`"idleTimeoutEnabled":true,"idleTimeout":{"value":10,"unit":"MINUTES"},"absoluteLifetimeEnabled":true,"absoluteLifetime":{"value":8,"unit":"HOURS"}},` +
		`{"role":"MEMBER","limitMultipleSessions":null,"maxConcurrentSessions":null,"whenLimitReached":null,` +
		`"idleTimeoutEnabled":false,"idleTimeout":null,"absoluteLifetimeEnabled":null,"absoluteLifetime":null}]`
	steps := []struct {
		name string
		in   map[string]any // nil: read only
		want string
	}{
		{"a new account has none", nil, `[]`},
		{"both roles", sgRoleInput([]map[string]any{adminsStrict, membersLoose}), both},
		{"omitted: unchanged", sgRoleInput(nil), both},
		{"[]: none", sgRoleInput([]map[string]any{}), `[]`},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.NoReaper)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		member := srv.Login(t, srv.AddUser(t, acc, models.RoleMember, "Mia Member"))
		for _, st := range steps {
			if st.in != nil {
				res := admin.Do(t, sgSetRoles, map[string]any{"in": st.in})
				if got := sgRoles(t, res, "updateSessionPolicy"); got != st.want {
					t.Errorf("%s: updateSessionPolicy returned\n %s\nwant\n %s", st.name, got, st.want)
				}
			}
			for who, c := range map[string]*apitest.Client{"admin": admin, "member": member} {
				if got := sgRoles(t, c.Do(t, sgQueryRoles, nil), "sessionPolicy"); got != st.want {
					t.Errorf("%s: the %s reads\n %s\nwant\n %s", st.name, who, got, st.want)
				}
			}
		}
	})
}

func TestRoleOverridesValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		overrides  []map[string]any
		account    map[string]any // replaces the account's fields of sgRoleInput
		wantFields []string       // sorted
	}{
		{name: "idle timeout of 0", overrides: []map[string]any{{"role": "ADMIN", "idleTimeoutValue": 0, "idleTimeoutUnit": "MINUTES"}},
			wantFields: []string{"roleOverrides[0].idleTimeoutValue"}},
		{name: "lifetime of 91 days", overrides: []map[string]any{{"role": "MEMBER", "absoluteLifetimeValue": 91, "absoluteLifetimeUnit": "DAYS"}},
			wantFields: []string{"roleOverrides[0].absoluteLifetimeValue"}},
		{name: "limit of 101", overrides: []map[string]any{{"role": "ADMIN"}, {"role": "MEMBER", "maxConcurrentSessions": 101}},
			wantFields: []string{"roleOverrides[1].maxConcurrentSessions"}},
		{name: "a value without its unit", overrides: []map[string]any{{"role": "ADMIN", "idleTimeoutValue": 5}},
			wantFields: []string{"roleOverrides[0].idleTimeoutUnit"}},
		{name: "duplicate role", overrides: []map[string]any{{"role": "ADMIN"}, {"role": "ADMIN", "maxConcurrentSessions": 2}},
			wantFields: []string{"roleOverrides[1].role"}},
		{name: "lifetime on with none to inherit", overrides: []map[string]any{{"role": "ADMIN", "absoluteLifetimeEnabled": true}},
			wantFields: []string{"roleOverrides[0].absoluteLifetimeUnit", "roleOverrides[0].absoluteLifetimeValue"}},
		{name: "with an account error", overrides: []map[string]any{{"role": "ADMIN", "maxConcurrentSessions": 0}},
			account:    map[string]any{"maxConcurrentSessions": 0},
			wantFields: []string{"maxConcurrentSessions", "roleOverrides[0].maxConcurrentSessions"}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.NoReaper)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				acc := srv.SeedAccount(t)
				admin := srv.Login(t, acc.Admin)
				// Stored overrides a refused change must leave as they are.
				apitest.SetPolicy(t, admin, sgRoleInput([]map[string]any{{"role": "MEMBER", "maxConcurrentSessions": 2}}))
				before, nEvents := srv.Snapshot(t), len(srv.Events.Events())
				in := sgRoleInput(tc.overrides)
				for k, v := range tc.account {
					in[k] = v
				}
				for _, op := range []string{sgSetRoles, sgPreview} {
					res := admin.Do(t, op, map[string]any{"in": in})
					apitest.AssertCode(t, res, "BAD_USER_INPUT")
					if got := res.Fields(); !slices.Equal(got, tc.wantFields) {
						t.Errorf("%.40s...: fields %v, want %v (body %s)", op, got, tc.wantFields, res.Body)
					}
				}
				apitest.AssertUnchanged(t, before, srv.Snapshot(t))
				if evs := srv.EventsSince(nEvents); len(evs) != 0 {
					t.Errorf("refused update published %+v", evs)
				}
			})
		}
	})
}

func TestRoleOverridesAreEnforcedAndPreviewed(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.NoReaper)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		apitest.SetPolicy(t, admin, sgRoleInput(nil))
		member := srv.Login(t, srv.AddUser(t, acc, models.RoleMember, "Mia Member"))
		srv.Clock.Advance(20 * time.Minute)
		apitest.AssertWorks(t, admin, "admin")

		// Admins: 15 idle minutes, so the member's session (20 minutes idle) is not theirs to end.
		strict := sgRoleInput([]map[string]any{{"role": "ADMIN", "idleTimeoutValue": 15, "idleTimeoutUnit": "MINUTES"}})
		var preview struct {
			SessionPolicyPreview struct{ SessionsToEnd, IdleSessions, UsersAffected int }
		}
		admin.Do(t, sgPreview, map[string]any{"in": strict}).MustDecode(t, &preview)
		if p := preview.SessionPolicyPreview; p.SessionsToEnd != 0 {
			t.Errorf("preview of the admins' 15 minutes: %+v, want nothing (the idle member obeys the account's hour)", p)
		}
		// Members: 15 idle minutes too: the member's session would end, and does.
		both := sgRoleInput([]map[string]any{{"role": "ADMIN", "idleTimeoutValue": 15, "idleTimeoutUnit": "MINUTES"},
			{"role": "MEMBER", "idleTimeoutValue": 15, "idleTimeoutUnit": "MINUTES"}})
		admin.Do(t, sgPreview, map[string]any{"in": both}).MustDecode(t, &preview)
		if p := preview.SessionPolicyPreview; p.SessionsToEnd != 1 || p.IdleSessions != 1 || p.UsersAffected != 1 {
			t.Errorf("preview of the members' 15 minutes: %+v, want the member's one idle session", p)
		}
		nEvents := len(srv.Events.Events())
		apitest.SetPolicy(t, admin, both)
		apitest.AssertEndEvents(t, srv.EventsSince(nEvents), models.EndIdleTimeout, member.SessionID)
		apitest.AssertRefused(t, member, "the idle member")

		// The admin's own session obeys the admins' rule, lazily on the next request: it shows in
		// idleExpiresAt, and the token is refused once it passes.
		s := sgReadExpiry(t, admin, admin.SessionID)
		if want := s.LastActiveAt.Add(15 * time.Minute); s.IdleExpiresAt == nil || !s.IdleExpiresAt.Equal(want) {
			t.Errorf("the admin's idleExpiresAt %v, want lastActiveAt + 15 minutes = %v", s.IdleExpiresAt, want)
		}
		srv.Clock.Advance(15*time.Minute + models.IdleGrace)
		nEvents = len(srv.Events.Events())
		apitest.AssertRefused(t, admin, "the idle admin")
		apitest.AssertEndEvents(t, srv.EventsSince(nEvents), models.EndIdleTimeout, admin.SessionID)
	})
}
