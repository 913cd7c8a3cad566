package resolvers_test

import (
	"net/http"
	"strings"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// inputCase is one request whose arguments must be refused before anything runs.
type inputCase struct {
	name       string
	anonymous  bool // sent without a session (login, signUp)
	get        bool // sent over GET: the only way raw bytes, such as invalid UTF-8, reach a query literal
	query      string
	vars       map[string]any
	wantFields []string // every error's extensions.field, sorted
}

// inputSend sends tc as admin (or anonymously).
func inputSend(t *testing.T, srv *apitest.Server, admin *apitest.Client, tc inputCase) apitest.Response {
	t.Helper()
	caller := admin
	if tc.anonymous {
		caller = srv.Client()
	}
	if !tc.get {
		return caller.Do(t, tc.query, tc.vars)
	}
	req, err := http.NewRequest(http.MethodGet, srv.URL+apitest.GetPath(tc.query, tc.vars), nil)
	if err != nil {
		t.Fatal(err)
	}
	if caller.Token != "" {
		req.Header.Set("Authorization", "Bearer "+caller.Token)
	}
	return caller.Send(t, req)
}

// inputRefused runs every case on srv: each answer holds only BAD_USER_INPUT errors, one per
// invalid field, and the database is unchanged.
func inputRefused(t *testing.T, srv *apitest.Server, admin *apitest.Client, cases []inputCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := srv.Snapshot(t).String()
			res := inputSend(t, srv, admin, tc)
			if len(res.Errors) == 0 {
				t.Errorf("accepted: %.300s", res.Body)
			}
			for _, code := range res.Codes() {
				if code != "BAD_USER_INPUT" {
					t.Errorf("code %q, want BAD_USER_INPUT: %.300s", code, res.Body)
				}
			}
			if got := res.Fields(); strings.Join(got, ",") != strings.Join(tc.wantFields, ",") {
				t.Errorf("extensions.field %v, want %v: %.300s", got, tc.wantFields, res.Body)
			}
			if after := srv.Snapshot(t).String(); after != before {
				t.Errorf("the refused operation changed the database:\n%s\nthen\n%s", before, after)
			}
		})
	}
}

// Text with NUL characters is valid GraphQL but cannot be stored by PostgreSQL: every argument
// holding one is BAD_USER_INPUT naming its field, and nothing changes.
func TestTextWithNULCharactersIsBadUserInput(t *testing.T) {
	const nul = "a\x00b"
	cases := []inputCase{
		{name: "search literal", query: `{ sessions(filter: {search: "a\u0000b"}) { totalCount } }`, wantFields: []string{"search"}},
		{name: "search variable", query: `query($s: String) { users(search: $s) { totalCount } }`, vars: map[string]any{"s": nul}, wantFields: []string{"search"}},
		{name: "session id", query: `query($id: ID!) { session(id: $id) { id } }`, vars: map[string]any{"id": nul}, wantFields: []string{"id"}},
		{name: "logout of a session id", query: `mutation($id: ID!) { logoutSession(id: $id) { id } }`, vars: map[string]any{"id": nul}, wantFields: []string{"id"}},
		{name: "terminate all of a user id", query: `mutation($u: ID) { terminateAllSessions(input: {userId: $u}) { terminatedCount } }`,
			vars: map[string]any{"u": nul}, wantFields: []string{"userId"}},
		{name: "new user's name and email", query: apitest.MutationCreateUser,
			vars: map[string]any{"n": nul, "e": "x" + nul + "@acme.test", "r": "MEMBER", "p": "password-123"}, wantFields: []string{"email", "name"}},
		{name: "login email", anonymous: true, query: `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }`,
			vars: map[string]any{"e": "ada" + nul + "@acme.test", "p": "password-123"}, wantFields: []string{"email"}},
		{name: "a cursor holding NUL in its id", query: `query($a: String) { mySessions(after: $a) { totalCount } }`,
			vars: map[string]any{"a": inputCursor("2026-01-02T03:04:05Z", nul)}, wantFields: []string{"after"}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		inputRefused(t, srv, admin, cases)
	})
}
