package resolvers_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// authGuardedField is one root field that needs a session, called with minimal valid arguments.
type authGuardedField struct {
	root, name string
	query      string
	needsID    bool // the query takes $id: a real session id of the account
	needsUser  bool // the query takes $user: a real user id of the account
}

// authGuardedFields lists every root field but login and signUp; the test checks the schema has
// no others, so a new field cannot slip in unguarded and untested.
var authGuardedFields = []authGuardedField{
	{"Query", "me", `{ me { user { id } } }`, false, false},
	{"Query", "sessionPolicy", `{ sessionPolicy { maxConcurrentSessions } }`, false, false},
	{"Query", "sessionPolicyPreview", `{ sessionPolicyPreview(input: {limitMultipleSessions: true, maxConcurrentSessions: 2, idleTimeoutEnabled: false}) { sessionsToEnd } }`, false, false},
	{"Query", "sessions", `{ sessions { totalCount nodes { id } } }`, false, false},
	{"Query", "session", `query($id: ID!) { session(id: $id) { id } }`, true, false},
	{"Query", "mySessions", `{ mySessions { totalCount } }`, false, false},
	{"Query", "users", `{ users { totalCount } }`, false, false},
	{"Query", "auditEvents", `{ auditEvents { totalCount nodes { id } } }`, false, false},
	{"Query", "retentionSettings", `{ retentionSettings { auditEventsDays } }`, false, false},
	{"Mutation", "updateRetentionSettings", `mutation { updateRetentionSettings(input: {auditEventsDays: 400}) { auditEventsDays } }`, false, false},
	{"Mutation", "logout", `mutation { logout }`, false, false},
	{"Mutation", "createUser", `mutation { createUser(input: {name: "Eve", email: "eve@example.test", role: ADMIN, password: "password-123"}) { id } }`, false, false},
	{"Mutation", "updateSessionPolicy", `mutation { updateSessionPolicy(input: {limitMultipleSessions: true, maxConcurrentSessions: 7, whenLimitReached: REJECT_NEW, idleTimeoutEnabled: true, idleTimeoutValue: 5, idleTimeoutUnit: MINUTES, endExcessSessions: true}) { maxConcurrentSessions } }`, false, false},
	{"Mutation", "logoutSession", `mutation($id: ID!) { logoutSession(id: $id) { id } }`, true, false},
	{"Mutation", "terminateAllSessions", `mutation { terminateAllSessions(input: {keepCurrent: false}) { terminatedCount } }`, false, false},
	{"Mutation", "updateUser", `mutation($user: ID!) { updateUser(id: $user, input: {name: "Eve", role: ADMIN}) { id } }`, false, true},
	{"Mutation", "deactivateUser", `mutation($user: ID!) { deactivateUser(id: $user) { id } }`, false, true},
	{"Mutation", "reactivateUser", `mutation($user: ID!) { reactivateUser(id: $user) { id } }`, false, true},
	{"Mutation", "changePassword", `mutation { changePassword(input: {currentPassword: "password-1", newPassword: "a fresh passphrase"}) }`, false, false},
	{"Mutation", "resetUserPassword", `mutation($user: ID!) { resetUserPassword(id: $user, newPassword: "a fresh passphrase") { id } }`, false, true},
	{"Query", "webhooks", `{ webhooks { id } }`, false, false},
	{"Mutation", "createWebhook", `mutation { createWebhook(input: {url: "https://hooks.example.com/in", events: [SESSION_ENDED]}) { secret } }`, false, false},
	{"Mutation", "deleteWebhook", `mutation($id: ID!) { deleteWebhook(id: $id) }`, true, false},
	{"Mutation", "testWebhook", `mutation($id: ID!) { testWebhook(id: $id) }`, true, false},
	{"Query", "viewer", `{ viewer { kind } }`, false, false},
	{"Query", "apiKeys", `{ apiKeys { nodes { id } } }`, false, false},
	{"Mutation", "createApiKey", `mutation { createApiKey(input: {name: "script", scopes: [SESSIONS_READ]}) { secret } }`, false, false},
	{"Mutation", "revokeApiKey", `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, true, false},
}

func TestEveryGuardedRootFieldIsListed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		admin := srv.Login(t, srv.SeedAccount(t).Admin)
		var schema struct {
			Schema struct {
				QueryType, MutationType struct{ Fields []struct{ Name string } }
			} `json:"__schema"`
		}
		admin.Do(t, `{ __schema { queryType { fields { name } } mutationType { fields { name } } } }`, nil).
			MustDecode(t, &schema)
		var got []string
		add := func(root string, fields []struct{ Name string }) {
			for _, f := range fields {
				if root == "Mutation" && (f.Name == "login" || f.Name == "signUp") {
					continue
				}
				got = append(got, root+"."+f.Name)
			}
		}
		add("Query", schema.Schema.QueryType.Fields)
		add("Mutation", schema.Schema.MutationType.Fields)
		// Subscriptions run over websockets only; their guard is tested there (connection_init
		// without a session is refused).
		var want []string
		for _, f := range authGuardedFields {
			want = append(want, f.root+"."+f.name)
		}
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("root fields needing a session:\n schema %v\n tested %v", got, want)
		}
	})
}

func TestWithoutAValidSessionEveryFieldIsUnauthenticated(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		targetUser := srv.AddUser(t, acc, models.RoleMember, "Tess Target")
		target := srv.Login(t, targetUser) // a live session to aim at

		// endedBy returns the token of a session of a fresh user, after end ended it.
		endedBy := func(name string, end func(u apitest.User, c *apitest.Client)) string {
			u := srv.AddUser(t, acc, models.RoleMember, name)
			c := srv.Login(t, u)
			end(u, c)
			return c.Token
		}
		loggedOut := endedBy("Lou Out", func(_ apitest.User, c *apitest.Client) {
			c.Do(t, `mutation { logout }`, nil).MustDecode(t, &struct{}{})
		})
		// The default policy allows one session, so logging in again evicts the first.
		evicted := endedBy("Evan Evicted", func(u apitest.User, _ *apitest.Client) { srv.Login(t, u) })
		byAdmin := endedBy("Ada Ended", func(_ apitest.User, c *apitest.Client) {
			admin.Do(t, `mutation($id: ID!) { logoutSession(id: $id) { id } }`, map[string]any{"id": c.SessionID}).MustDecode(t, &struct{}{})
		})
		terminated := endedBy("Tom Terminated", func(u apitest.User, _ *apitest.Client) {
			admin.Do(t, `mutation($u: ID!) { terminateAllSessions(input: {userId: $u}) { terminatedCount } }`,
				map[string]any{"u": u.ID}).MustDecode(t, &struct{}{})
		})
		deactivated := endedBy("Dee Activated", func(u apitest.User, _ *apitest.Client) {
			apitest.DecodeUser(t, apitest.DeactivateUser(t, admin, u.ID))
		})
		promoted := endedBy("Pro Moted", func(u apitest.User, _ *apitest.Client) {
			apitest.DecodeUser(t, apitest.UpdateUser(t, admin, u.ID, map[string]any{"role": "ADMIN"}))
		})
		reset := endedBy("Rhea Reset", func(u apitest.User, _ *apitest.Client) {
			apitest.DecodeUser(t, apitest.ResetUserPassword(t, admin, u.ID, "a fresh passphrase"))
		})
		// Idle: a second account with a 5 minute timeout, so the clock jump leaves the first alone.
		idleAcc := srv.SeedAccount(t)
		idleAdmin := srv.Login(t, idleAcc.Admin)
		idleAdmin.Do(t, `mutation { updateSessionPolicy(input: {limitMultipleSessions: false, idleTimeoutEnabled: true, idleTimeoutValue: 5, idleTimeoutUnit: MINUTES}) { idleTimeoutEnabled } }`, nil).
			MustDecode(t, &struct{}{})
		idle := idleAdmin.Token
		srv.Clock.Advance(6 * time.Minute)
		admin.Do(t, apitest.QueryMeFull, nil).MustDecode(t, &struct{}{})  // still fine: no timeout there
		target.Do(t, apitest.QueryMeFull, nil).MustDecode(t, &struct{}{}) // likewise
		if res := srv.Bearer(idle).Do(t, apitest.QueryMeFull, nil); res.Code() != "UNAUTHENTICATED" {
			t.Fatalf("idle session: code %q, want UNAUTHENTICATED", res.Code())
		}

		creds := []struct {
			name        string
			client      *apitest.Client
			wantMessage string // a substring of the error message
		}{
			{"no credentials", srv.Client(), "authentication required"},
			{"garbage bearer token", srv.Bearer("not-a-token"), "invalid session token"},
			{"well-formed unknown token", srv.Bearer("sg_" + strings.Repeat("A", 43)), "invalid session token"},
			{"token with a trailing byte", srv.Bearer(target.Token + "x"), "invalid session token"},
			{"garbage cookie", srv.CookieClient("garbage"), "invalid session token"},
			{"logged out token", srv.Bearer(loggedOut), "LOGOUT"},
			{"logged out token as cookie", srv.CookieClient(loggedOut), "LOGOUT"},
			{"token evicted by a newer login", srv.Bearer(evicted), "CONCURRENT_LIMIT"},
			{"token logged out by an admin", srv.Bearer(byAdmin), "ADMIN_LOGOUT"},
			{"token ended by terminate all", srv.Bearer(terminated), "TERMINATE_ALL"},
			{"idle token", srv.Bearer(idle), "IDLE_TIMEOUT"},
			{"token of a deactivated user", srv.Bearer(deactivated), "USER_DEACTIVATED"},
			{"token from before a role change", srv.Bearer(promoted), "ROLE_CHANGED"},
			{"token from before a password reset", srv.Bearer(reset), "PASSWORD_CHANGED"},
		}
		for _, cred := range creds {
			t.Run(cred.name, func(t *testing.T) {
				for _, f := range authGuardedFields {
					t.Run(f.name, func(t *testing.T) {
						vars := map[string]any{}
						if f.needsID {
							vars["id"] = target.SessionID
						}
						if f.needsUser {
							vars["user"] = targetUser.ID
						}
						before := srv.Snapshot(t).String()
						res := cred.client.Do(t, f.query, vars)
						if res.Status != 200 {
							t.Errorf("status %d, want 200 (a field error)", res.Status)
						}
						if codes := res.Codes(); len(codes) != 1 || codes[0] != "UNAUTHENTICATED" {
							t.Fatalf("codes %v, want [UNAUTHENTICATED]: %s", codes, res.Body)
						}
						if msg := res.Errors[0].Message; !strings.Contains(msg, cred.wantMessage) {
							t.Errorf("message %q does not contain %q", msg, cred.wantMessage)
						}
						if !res.HasData || (string(res.Data) != "null" && !authDataIsNull(res.Data, f.name)) {
							t.Errorf("data %s, want null", res.Data)
						}
						if after := srv.Snapshot(t).String(); after != before {
							t.Errorf("an unauthenticated %s changed the database:\n%s\nthen\n%s", f.name, before, after)
						}
					})
				}
			})
		}
		if status, _ := srv.SessionStatus(t, target.SessionID); status != "ACTIVE" {
			t.Errorf("the targeted session is %s after the unauthenticated attempts", status)
		}
	})
}

// authDataIsNull reports whether data is {field: null} (a nullable root field that failed).
func authDataIsNull(data json.RawMessage, field string) bool {
	var m map[string]json.RawMessage
	return json.Unmarshal(data, &m) == nil && len(m) == 1 && string(m[field]) == "null"
}

func TestPublicFieldsNeedNoSession(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, func(c *app.Config) { c.AllowSignUp = true })
		acc := srv.SeedAccount(t)
		cases := []struct {
			name  string
			token string // a bearer token to send along; "" for none
			query string
			vars  map[string]any
		}{
			{"login", "", loginQuery, map[string]any{"e": acc.Admin.Email, "p": acc.Admin.Password}},
			{"signUp", "", `mutation { signUp(input: {accountName: "Pub", name: "Pat", email: "pat@example.test", password: "password-123"}) { token } }`, nil},
			{"login with a garbage bearer token", "garbage", loginQuery, map[string]any{"e": acc.Admin.Email, "p": acc.Admin.Password}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				c := srv.Bearer(tc.token)
				var out map[string]struct{ Token string }
				c.Do(t, tc.query, tc.vars).MustDecode(t, &out)
				if len(out) != 1 {
					t.Fatalf("data %v", out)
				}
				for _, v := range out {
					if !authTokenPattern.MatchString(v.Token) {
						t.Errorf("token %q is not a session token", v.Token)
					}
				}
			})
		}
	})
}
