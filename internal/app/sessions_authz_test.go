package app_test

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
	as        func(w *sgWorld) *apitest.Client
	query     string
	vars      func(w *sgWorld) map[string]any
	wantCode  string
	wantEnded func(w *sgWorld) []string
	check     func(t *testing.T, w *sgWorld, data json.RawMessage)
}

const (
	sgAuthzSessions = `query($f: SessionFilter) { sessions(filter: $f) { totalCount nodes { id user { id } } } }`
	sgAuthzSession  = `query($id: ID!) { session(id: $id) { id user { id } } }`
	sgAuthzUsers    = `{ users { totalCount nodes { id } } }`
	sgAuthzCreate   = `mutation($in: CreateUserInput!) { createUser(input: $in) { id role } }`
	sgAuthzPolicy   = `{ sessionPolicy { maxConcurrentSessions effectiveMaxConcurrentSessions } }`
)

// sgSeesSessions checks a sessions page holds exactly ids, with totalCount matching.
func sgSeesSessions(ids func(w *sgWorld) []string) func(t *testing.T, w *sgWorld, data json.RawMessage) {
	return func(t *testing.T, w *sgWorld, data json.RawMessage) {
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
			if w.userOf[n.ID] != n.User.ID {
				t.Errorf("session %s: user %s, want %s", n.ID, n.User.ID, w.userOf[n.ID])
			}
		}
		want := ids(w)
		if !sgEqualSets(got, want) {
			t.Errorf("sessions: got %v, want %v", sgSorted(got...), sgSorted(want...))
		}
		if out.Sessions.TotalCount != len(want) {
			t.Errorf("totalCount: got %d, want %d", out.Sessions.TotalCount, len(want))
		}
	}
}

// sgSeesSession checks session(id) returned id (or null when id is "").
func sgSeesSession(id func(w *sgWorld) string) func(t *testing.T, w *sgWorld, data json.RawMessage) {
	return func(t *testing.T, w *sgWorld, data json.RawMessage) {
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

func sgIDs(ids ...func(w *sgWorld) string) func(w *sgWorld) []string {
	return func(w *sgWorld) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = id(w)
		}
		return out
	}
}

// Session ids and user ids of the world, by name.
var (
	sgAdminA1     = func(w *sgWorld) string { return w.adminA1.SessionID }
	sgAdminA2     = func(w *sgWorld) string { return w.adminA2.SessionID }
	sgMemberA1    = func(w *sgWorld) string { return w.memberA1.SessionID }
	sgMemberA2    = func(w *sgWorld) string { return w.memberA2.SessionID }
	sgColleagueA1 = func(w *sgWorld) string { return w.colleagueA1.SessionID }
	sgAdminB1     = func(w *sgWorld) string { return w.adminB1.SessionID }
	sgMemberB1    = func(w *sgWorld) string { return w.memberB1.SessionID }

	sgAsAdminA  = func(w *sgWorld) *apitest.Client { return w.adminA2 }
	sgAsMemberA = func(w *sgWorld) *apitest.Client { return w.memberA2 }
	sgAsAdminB  = func(w *sgWorld) *apitest.Client { return w.adminB1 }
)

func sgVarsID(id func(w *sgWorld) string) func(w *sgWorld) map[string]any {
	return func(w *sgWorld) map[string]any { return map[string]any{"id": id(w)} }
}

func sgVarsFilterUser(user func(w *sgWorld) string) func(w *sgWorld) map[string]any {
	return func(w *sgWorld) map[string]any { return map[string]any{"f": map[string]any{"userId": user(w)}} }
}

func sgVarsTerminate(user func(w *sgWorld) string) func(w *sgWorld) map[string]any {
	return func(w *sgWorld) map[string]any { return map[string]any{"in": map[string]any{"userId": user(w)}} }
}

var (
	sgUserAdminA     = func(w *sgWorld) string { return w.adminA.ID }
	sgUserMemberA    = func(w *sgWorld) string { return w.memberA.ID }
	sgUserColleagueA = func(w *sgWorld) string { return w.colleagueA.ID }
	sgUserMemberB    = func(w *sgWorld) string { return w.memberB.ID }
)

func TestSessionsAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	sgNone := func(*sgWorld) string { return "" }
	cases := []sgAuthzCase{
		// Reading sessions.
		{name: "admin lists every session of their account and none of another",
			as: sgAsAdminA, query: sgAuthzSessions,
			check: sgSeesSessions(func(w *sgWorld) []string { return w.sessionsOfA })},
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
			as: sgAsAdminA, query: sgLogoutSession, vars: sgVarsID(sgMemberA1), wantEnded: sgIDs(sgMemberA1)},
		{name: "admin ending another account's session is NOT_FOUND",
			as: sgAsAdminA, query: sgLogoutSession, vars: sgVarsID(sgMemberB1), wantCode: "NOT_FOUND"},
		{name: "admin ending another account's admin session is NOT_FOUND",
			as: sgAsAdminA, query: sgLogoutSession, vars: sgVarsID(sgAdminB1), wantCode: "NOT_FOUND"},
		{name: "admin ending an unknown session is NOT_FOUND",
			as: sgAsAdminA, query: sgLogoutSession,
			vars:     func(*sgWorld) map[string]any { return map[string]any{"id": "00000000-0000-7000-8000-000000000000"} },
			wantCode: "NOT_FOUND"},
		{name: "member ends their own other session",
			as: sgAsMemberA, query: sgLogoutSession, vars: sgVarsID(sgMemberA1), wantEnded: sgIDs(sgMemberA1)},
		{name: "member ending a colleague's session is NOT_FOUND",
			as: sgAsMemberA, query: sgLogoutSession, vars: sgVarsID(sgColleagueA1), wantCode: "NOT_FOUND"},
		{name: "member ending their admin's session is NOT_FOUND",
			as: sgAsMemberA, query: sgLogoutSession, vars: sgVarsID(sgAdminA1), wantCode: "NOT_FOUND"},
		{name: "member ending another account's session is NOT_FOUND",
			as: sgAsMemberA, query: sgLogoutSession, vars: sgVarsID(sgMemberB1), wantCode: "NOT_FOUND"},

		// Ending many sessions.
		{name: "admin terminates a colleague's sessions",
			as: sgAsAdminA, query: sgTerminateAll, vars: sgVarsTerminate(sgUserColleagueA),
			wantEnded: sgIDs(sgColleagueA1)},
		{name: "admin terminating another account's user is NOT_FOUND",
			as: sgAsAdminA, query: sgTerminateAll, vars: sgVarsTerminate(sgUserMemberB), wantCode: "NOT_FOUND"},
		{name: "admin terminating an unknown user is NOT_FOUND",
			as: sgAsAdminA, query: sgTerminateAll,
			vars:     sgVarsTerminate(func(*sgWorld) string { return "00000000-0000-7000-8000-000000000000" }),
			wantCode: "NOT_FOUND"},
		{name: "admin terminating the whole account leaves the other account alone",
			as: sgAsAdminA, query: sgTerminateAll,
			wantEnded: sgIDs(sgAdminA1, sgMemberA1, sgMemberA2, sgColleagueA1)},
		{name: "member terminating a colleague's sessions is FORBIDDEN",
			as: sgAsMemberA, query: sgTerminateAll, vars: sgVarsTerminate(sgUserColleagueA), wantCode: "FORBIDDEN"},
		{name: "member terminating their admin's sessions is FORBIDDEN",
			as: sgAsMemberA, query: sgTerminateAll, vars: sgVarsTerminate(sgUserAdminA), wantCode: "FORBIDDEN"},
		{name: "member terminating another account's user is NOT_FOUND",
			as: sgAsMemberA, query: sgTerminateAll, vars: sgVarsTerminate(sgUserMemberB), wantCode: "NOT_FOUND"},
		{name: "member terminating with their own user id ends their other session",
			as: sgAsMemberA, query: sgTerminateAll, vars: sgVarsTerminate(sgUserMemberA),
			wantEnded: sgIDs(sgMemberA1)},

		// Users and policy.
		{name: "admin lists the users of their account only",
			as: sgAsAdminA, query: sgAuthzUsers,
			check: func(t *testing.T, w *sgWorld, data json.RawMessage) {
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
				want := []string{w.adminA.ID, w.memberA.ID, w.colleagueA.ID}
				if !sgEqualSets(got, want) || out.Users.TotalCount != 3 {
					t.Errorf("users: got %v (total %d), want %v", got, out.Users.TotalCount, want)
				}
			}},
		{name: "member listing users is FORBIDDEN", as: sgAsMemberA, query: sgAuthzUsers, wantCode: "FORBIDDEN"},
		{name: "member creating a user is FORBIDDEN",
			as: sgAsMemberA, query: sgAuthzCreate,
			vars: func(*sgWorld) map[string]any {
				return map[string]any{"in": map[string]any{"name": "Eve", "email": "eve@example.test",
					"role": "ADMIN", "password": "long enough password"}}
			},
			wantCode: "FORBIDDEN"},
		{name: "member reads the session policy",
			as: sgAsMemberA, query: sgAuthzPolicy,
			check: func(t *testing.T, w *sgWorld, data json.RawMessage) {
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
			as: sgAsMemberA, query: sgUpdatePolicy,
			vars: func(*sgWorld) map[string]any {
				return map[string]any{"in": map[string]any{"limitMultipleSessions": false, "idleTimeoutEnabled": false,
					"endExcessSessions": true}}
			},
			wantCode: "FORBIDDEN"},
		{name: "member previewing a session policy is FORBIDDEN",
			as: sgAsMemberA, query: sgPolicyPreview,
			vars: func(*sgWorld) map[string]any {
				return map[string]any{"in": map[string]any{"limitMultipleSessions": false, "idleTimeoutEnabled": false}}
			},
			wantCode: "FORBIDDEN"},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		// Cases that change nothing (reads and refusals, which assert that) share one world;
		// each case that ends sessions gets a fresh one.
		srv := sgStart(t, url)
		shared := sgAddWorld(t, srv)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				w := shared
				if tc.wantEnded != nil {
					w = sgAddWorld(t, srv)
				}
				var vars map[string]any
				if tc.vars != nil {
					vars = tc.vars(w)
				}
				before, nEvents := sgSnapshot(t, w.srv), len(w.srv.Events.Events())
				res := tc.as(w).Do(t, tc.query, vars)
				after := sgSnapshot(t, w.srv)

				if tc.wantCode != "" {
					sgAssertCode(t, res, tc.wantCode)
					sgAssertUnchanged(t, before, after)
					if evs := sgEventsSince(w.srv, nEvents); len(evs) > 0 {
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
				if got := sgEnded(before, after); !sgEqualSets(got, wantEnded) {
					t.Errorf("ended sessions: got %v, want %v", got, sgSorted(wantEnded...))
				}
				if tc.wantEnded == nil {
					sgAssertUnchanged(t, before, after)
				}
				if tc.check != nil {
					tc.check(t, w, res.Data)
				}
			})
		}
	})
}
