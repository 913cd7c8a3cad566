package resolvers_test

import (
	"encoding/json"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
)

// sgAuthzCase is one caller doing one operation. A case that fails (wantCode) must change
// nothing at all; one that succeeds must end exactly wantEnded.
type sgAuthzCase struct {
	name      string
	as        func(w *apitest.World) *apitest.Client
	query     string
	vars      func(w *apitest.World) map[string]any
	wantCode  string
	wantEnded func(w *apitest.World) []string
	check     func(t *testing.T, w *apitest.World, data json.RawMessage)
}

const (
	sgAuthzSessions = `query($f: SessionFilter) { sessions(filter: $f) { totalCount nodes { id user { id } } } }`
	sgAuthzSession  = `query($id: ID!) { session(id: $id) { id user { id } } }`
	sgAuthzUsers    = `{ users { totalCount nodes { id } } }`
	sgAuthzCreate   = `mutation($in: CreateUserInput!) { createUser(input: $in) { id role } }`
	sgAuthzPolicy   = `{ sessionPolicy { maxConcurrentSessions effectiveMaxConcurrentSessions } }`
)

// sgSeesSessions checks a sessions page holds exactly ids, with totalCount matching.
func sgSeesSessions(ids func(w *apitest.World) []string) func(t *testing.T, w *apitest.World, data json.RawMessage) {
	return func(t *testing.T, w *apitest.World, data json.RawMessage) {
		t.Helper()
		var out struct {
			Sessions struct {
				TotalCount int
				Nodes      []struct {
					ID   string
					User struct{ ID string }
				}
			}
		}
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, n := range out.Sessions.Nodes {
			got = append(got, n.ID)
			if w.UserOf[n.ID] != n.User.ID {
				t.Errorf("session %s: user %s, want %s", n.ID, n.User.ID, w.UserOf[n.ID])
			}
		}
		want := ids(w)
		if !apitest.SameSet(got, want) {
			t.Errorf("sessions: got %v, want %v", apitest.Sorted(got...), apitest.Sorted(want...))
		}
		if out.Sessions.TotalCount != len(want) {
			t.Errorf("totalCount: got %d, want %d", out.Sessions.TotalCount, len(want))
		}
	}
}

// sgSeesSession checks session(id) returned id (or null when id is "").
func sgSeesSession(id func(w *apitest.World) string) func(t *testing.T, w *apitest.World, data json.RawMessage) {
	return func(t *testing.T, w *apitest.World, data json.RawMessage) {
		t.Helper()
		var out struct{ Session *struct{ ID string } }
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatal(err)
		}
		want := id(w)
		switch {
		case want == "" && out.Session != nil:
			t.Errorf("session: got %s, want null", out.Session.ID)
		case want != "" && (out.Session == nil || out.Session.ID != want):
			t.Errorf("session: got %+v, want %s", out.Session, want)
		}
	}
}

func sgIDs(ids ...func(w *apitest.World) string) func(w *apitest.World) []string {
	return func(w *apitest.World) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = id(w)
		}
		return out
	}
}

// Session ids and user ids of the world, by name.
var (
	sgAdminA1     = func(w *apitest.World) string { return w.AdminA1.SessionID }
	sgAdminA2     = func(w *apitest.World) string { return w.AdminA2.SessionID }
	sgMemberA1    = func(w *apitest.World) string { return w.MemberA1.SessionID }
	sgMemberA2    = func(w *apitest.World) string { return w.MemberA2.SessionID }
	sgColleagueA1 = func(w *apitest.World) string { return w.ColleagueA1.SessionID }
	sgAdminB1     = func(w *apitest.World) string { return w.AdminB1.SessionID }
	sgMemberB1    = func(w *apitest.World) string { return w.MemberB1.SessionID }

	sgAsAdminA  = func(w *apitest.World) *apitest.Client { return w.AdminA2 }
	sgAsMemberA = func(w *apitest.World) *apitest.Client { return w.MemberA2 }
	sgAsAdminB  = func(w *apitest.World) *apitest.Client { return w.AdminB1 }
)

func sgVarsID(id func(w *apitest.World) string) func(w *apitest.World) map[string]any {
	return func(w *apitest.World) map[string]any { return map[string]any{"id": id(w)} }
}

func sgVarsFilterUser(user func(w *apitest.World) string) func(w *apitest.World) map[string]any {
	return func(w *apitest.World) map[string]any { return map[string]any{"f": map[string]any{"userId": user(w)}} }
}

func sgVarsTerminate(user func(w *apitest.World) string) func(w *apitest.World) map[string]any {
	return func(w *apitest.World) map[string]any { return map[string]any{"in": map[string]any{"userId": user(w)}} }
}

var (
	sgUserAdminA     = func(w *apitest.World) string { return w.AdminA.ID }
	sgUserMemberA    = func(w *apitest.World) string { return w.MemberA.ID }
	sgUserColleagueA = func(w *apitest.World) string { return w.ColleagueA.ID }
	sgUserMemberB    = func(w *apitest.World) string { return w.MemberB.ID }
)

func TestSessionsAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	sgNone := func(*apitest.World) string { return "" }
	cases := []sgAuthzCase{
		// Reading sessions.
		{name: "admin lists every session of their account and none of another",
			as: sgAsAdminA, query: sgAuthzSessions,
			check: sgSeesSessions(func(w *apitest.World) []string { return w.SessionsOfA })},
		{name: "admin filters by a colleague's user id",
			as: sgAsAdminA, query: sgAuthzSessions, vars: sgVarsFilterUser(sgUserColleagueA),
			check: sgSeesSessions(sgIDs(sgColleagueA1))},
		{name: "admin filtering by another account's user gets nothing",
			as: sgAsAdminA, query: sgAuthzSessions, vars: sgVarsFilterUser(sgUserMemberB),
			check: sgSeesSessions(sgIDs())},
		{name: "admin reads a member's session",
			as: sgAsAdminA, query: sgAuthzSession, vars: sgVarsID(sgMemberA1), check: sgSeesSession(sgMemberA1)},
		{name: "admin reading another account's session gets null",
			as: sgAsAdminA, query: sgAuthzSession, vars: sgVarsID(sgMemberB1), check: sgSeesSession(sgNone)},
		{name: "other account's admin reading our admin's session gets null",
			as: sgAsAdminB, query: sgAuthzSession, vars: sgVarsID(sgAdminA2), check: sgSeesSession(sgNone)},
		{name: "member lists only their own sessions",
			as: sgAsMemberA, query: sgAuthzSessions, check: sgSeesSessions(sgIDs(sgMemberA1, sgMemberA2))},
		{name: "member filtering by a colleague sees none of the colleague's",
			as: sgAsMemberA, query: sgAuthzSessions, vars: sgVarsFilterUser(sgUserColleagueA),
			check: sgSeesSessions(sgIDs())},
		{name: "member filtering by their admin sees none of the admin's",
			as: sgAsMemberA, query: sgAuthzSessions, vars: sgVarsFilterUser(sgUserAdminA),
			check: sgSeesSessions(sgIDs())},
		{name: "member filtering by themselves sees their own",
			as: sgAsMemberA, query: sgAuthzSessions, vars: sgVarsFilterUser(sgUserMemberA),
			check: sgSeesSessions(sgIDs(sgMemberA1, sgMemberA2))},
		{name: "member reads their own other session",
			as: sgAsMemberA, query: sgAuthzSession, vars: sgVarsID(sgMemberA1), check: sgSeesSession(sgMemberA1)},
		{name: "member reading a colleague's session gets null",
			as: sgAsMemberA, query: sgAuthzSession, vars: sgVarsID(sgColleagueA1), check: sgSeesSession(sgNone)},
		{name: "member reading their admin's session gets null",
			as: sgAsMemberA, query: sgAuthzSession, vars: sgVarsID(sgAdminA1), check: sgSeesSession(sgNone)},
		{name: "member reading another account's session gets null",
			as: sgAsMemberA, query: sgAuthzSession, vars: sgVarsID(sgAdminB1), check: sgSeesSession(sgNone)},

		// Ending one session.
		{name: "admin ends a member's session",
			as: sgAsAdminA, query: apitest.MutationLogoutSession, vars: sgVarsID(sgMemberA1), wantEnded: sgIDs(sgMemberA1)},
		{name: "admin ending another account's session is NOT_FOUND",
			as: sgAsAdminA, query: apitest.MutationLogoutSession, vars: sgVarsID(sgMemberB1), wantCode: "NOT_FOUND"},
		{name: "admin ending another account's admin session is NOT_FOUND",
			as: sgAsAdminA, query: apitest.MutationLogoutSession, vars: sgVarsID(sgAdminB1), wantCode: "NOT_FOUND"},
		{name: "admin ending an unknown session is NOT_FOUND",
			as: sgAsAdminA, query: apitest.MutationLogoutSession,
			vars: func(*apitest.World) map[string]any {
				return map[string]any{"id": "00000000-0000-7000-8000-000000000000"}
			},
			wantCode: "NOT_FOUND"},
		{name: "member ends their own other session",
			as: sgAsMemberA, query: apitest.MutationLogoutSession, vars: sgVarsID(sgMemberA1), wantEnded: sgIDs(sgMemberA1)},
		{name: "member ending a colleague's session is NOT_FOUND",
			as: sgAsMemberA, query: apitest.MutationLogoutSession, vars: sgVarsID(sgColleagueA1), wantCode: "NOT_FOUND"},
		{name: "member ending their admin's session is NOT_FOUND",
			as: sgAsMemberA, query: apitest.MutationLogoutSession, vars: sgVarsID(sgAdminA1), wantCode: "NOT_FOUND"},
		{name: "member ending another account's session is NOT_FOUND",
			as: sgAsMemberA, query: apitest.MutationLogoutSession, vars: sgVarsID(sgMemberB1), wantCode: "NOT_FOUND"},

		// Ending many sessions.
		{name: "admin terminates a colleague's sessions",
			as: sgAsAdminA, query: apitest.MutationTerminateAll, vars: sgVarsTerminate(sgUserColleagueA),
			wantEnded: sgIDs(sgColleagueA1)},
		{name: "admin terminating another account's user is NOT_FOUND",
			as: sgAsAdminA, query: apitest.MutationTerminateAll, vars: sgVarsTerminate(sgUserMemberB), wantCode: "NOT_FOUND"},
		{name: "admin terminating an unknown user is NOT_FOUND",
			as: sgAsAdminA, query: apitest.MutationTerminateAll,
			vars:     sgVarsTerminate(func(*apitest.World) string { return "00000000-0000-7000-8000-000000000000" }),
			wantCode: "NOT_FOUND"},
		{name: "admin terminating the whole account leaves the other account alone",
			as: sgAsAdminA, query: apitest.MutationTerminateAll,
			wantEnded: sgIDs(sgAdminA1, sgMemberA1, sgMemberA2, sgColleagueA1)},
		{name: "member terminating a colleague's sessions is FORBIDDEN",
			as: sgAsMemberA, query: apitest.MutationTerminateAll, vars: sgVarsTerminate(sgUserColleagueA), wantCode: "FORBIDDEN"},
		{name: "member terminating their admin's sessions is FORBIDDEN",
			as: sgAsMemberA, query: apitest.MutationTerminateAll, vars: sgVarsTerminate(sgUserAdminA), wantCode: "FORBIDDEN"},
		{name: "member terminating another account's user is NOT_FOUND",
			as: sgAsMemberA, query: apitest.MutationTerminateAll, vars: sgVarsTerminate(sgUserMemberB), wantCode: "NOT_FOUND"},
		{name: "member terminating with their own user id ends their other session",
			as: sgAsMemberA, query: apitest.MutationTerminateAll, vars: sgVarsTerminate(sgUserMemberA),
			wantEnded: sgIDs(sgMemberA1)},

		// Users and policy.
		{name: "admin lists the users of their account only",
			as: sgAsAdminA, query: sgAuthzUsers,
			check: func(t *testing.T, w *apitest.World, data json.RawMessage) {
				var out struct {
					Users struct {
						TotalCount int
						Nodes      []struct{ ID string }
					}
				}
				if err := json.Unmarshal(data, &out); err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, n := range out.Users.Nodes {
					got = append(got, n.ID)
				}
				want := []string{w.AdminA.ID, w.MemberA.ID, w.ColleagueA.ID}
				if !apitest.SameSet(got, want) || out.Users.TotalCount != 3 {
					t.Errorf("users: got %v (total %d), want %v", got, out.Users.TotalCount, want)
				}
			}},
		{name: "member listing users is FORBIDDEN", as: sgAsMemberA, query: sgAuthzUsers, wantCode: "FORBIDDEN"},
		{name: "member creating a user is FORBIDDEN",
			as: sgAsMemberA, query: sgAuthzCreate,
			vars: func(*apitest.World) map[string]any {
				return map[string]any{"in": map[string]any{"name": "Eve", "email": "eve@example.test",
					"role": "ADMIN", "password": "long enough password"}}
			},
			wantCode: "FORBIDDEN"},
		{name: "member reads the session policy",
			as: sgAsMemberA, query: sgAuthzPolicy,
			check: func(t *testing.T, w *apitest.World, data json.RawMessage) {
				var out struct {
					SessionPolicy struct{ MaxConcurrentSessions, EffectiveMaxConcurrentSessions int }
				}
				if err := json.Unmarshal(data, &out); err != nil {
					t.Fatal(err)
				}
				if out.SessionPolicy.MaxConcurrentSessions != 5 || out.SessionPolicy.EffectiveMaxConcurrentSessions != 5 {
					t.Errorf("member's sessionPolicy: got %+v, want the account's limit of 5", out.SessionPolicy)
				}
			}},
		{name: "member updating the session policy is FORBIDDEN",
			as: sgAsMemberA, query: apitest.MutationUpdatePolicy,
			vars: func(*apitest.World) map[string]any {
				return map[string]any{"in": map[string]any{"limitMultipleSessions": false, "idleTimeoutEnabled": false,
					"endExcessSessions": true}}
			},
			wantCode: "FORBIDDEN"},
		{name: "member previewing a session policy is FORBIDDEN",
			as: sgAsMemberA, query: apitest.QueryPolicyPreview,
			vars: func(*apitest.World) map[string]any {
				return map[string]any{"in": map[string]any{"limitMultipleSessions": false, "idleTimeoutEnabled": false}}
			},
			wantCode: "FORBIDDEN"},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		// Cases that change nothing (reads and refusals, which assert that) share one world;
		// each case that ends sessions gets a fresh one.
		srv := apitest.Start(t, url, apitest.TrustLoopback)
		shared := apitest.AddWorld(t, srv)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				w := shared
				if tc.wantEnded != nil {
					w = apitest.AddWorld(t, srv)
				}
				var vars map[string]any
				if tc.vars != nil {
					vars = tc.vars(w)
				}
				before, nEvents := w.Srv.Snapshot(t), len(w.Srv.Events.Events())
				res := tc.as(w).Do(t, tc.query, vars)
				after := w.Srv.Snapshot(t)

				if tc.wantCode != "" {
					apitest.AssertCode(t, res, tc.wantCode)
					apitest.AssertUnchanged(t, before, after)
					if evs := w.Srv.EventsSince(nEvents); len(evs) > 0 {
						t.Errorf("refused operation published events: %+v", evs)
					}
					return
				}
				if len(res.Errors) > 0 {
					t.Fatalf("unexpected errors: %s", res.Body)
				}
				var wantEnded []string
				if tc.wantEnded != nil {
					wantEnded = tc.wantEnded(w)
				}
				if got := apitest.EndedBetween(before, after); !apitest.SameSet(got, wantEnded) {
					t.Errorf("ended sessions: got %v, want %v", got, apitest.Sorted(wantEnded...))
				}
				if tc.wantEnded == nil {
					apitest.AssertUnchanged(t, before, after)
				}
				if tc.check != nil {
					tc.check(t, w, res.Data)
				}
			})
		}
	})
}
