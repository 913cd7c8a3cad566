package app_test

import (
	"strings"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// Text with NUL characters is valid GraphQL but cannot be stored by PostgreSQL: every argument
// holding one is BAD_USER_INPUT naming its field, and nothing changes.
func TestTextWithNULCharactersIsBadUserInput(t *testing.T) {
	const nul = "a\x00b"
	cases := []struct {
		name       string
		anonymous  bool
		query      string
		vars       map[string]any
		wantFields []string
	}{
		{"search literal", false, `{ sessions(filter: {search: "a\u0000b"}) { totalCount } }`, nil, []string{"search"}},
		{"search variable", false, `query($s: String) { users(search: $s) { totalCount } }`, map[string]any{"s": nul}, []string{"search"}},
		{"session id", false, `query($id: ID!) { session(id: $id) { id } }`, map[string]any{"id": nul}, []string{"id"}},
		{"logout of a session id", false, `mutation($id: ID!) { logoutSession(id: $id) { id } }`, map[string]any{"id": nul}, []string{"id"}},
		{"terminate all of a user id", false, `mutation($u: ID) { terminateAllSessions(input: {userId: $u}) { terminatedCount } }`,
			map[string]any{"u": nul}, []string{"userId"}},
		{"new user's name and email", false, authCreateUser,
			map[string]any{"n": nul, "e": "x" + nul + "@acme.test", "r": "MEMBER", "p": "password-123"}, []string{"email", "name"}},
		{"login email", true, `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }`,
			map[string]any{"e": "ada" + nul + "@acme.test", "p": "password-123"}, []string{"email"}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				caller := admin
				if tc.anonymous {
					caller = srv.Client()
				}
				before := authSnapshot(t, srv)
				res := caller.Do(t, tc.query, tc.vars)
				for _, code := range res.Codes() {
					if code != "BAD_USER_INPUT" {
						t.Errorf("code %q, want BAD_USER_INPUT: %s", code, res.Body)
					}
				}
				if got := authFields(res); strings.Join(got, ",") != strings.Join(tc.wantFields, ",") {
					t.Errorf("extensions.field %v, want %v: %s", got, tc.wantFields, res.Body)
				}
				if after := authSnapshot(t, srv); after != before {
					t.Errorf("the refused operation changed the database:\n%s\nthen\n%s", before, after)
				}
			})
		}
	})
}
