package resolvers_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// inputCursor builds a cursor as the server encodes one (store.Cursor.Encode), from any bytes.
func inputCursor(key, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(key + "\x00" + id))
}

// The caps on text arguments, in characters (see fields.go).
const (
	inputNameCap     = 100
	inputEmailCap    = 254
	inputPasswordCap = 256
	inputSearchCap   = 254
	inputIDCap       = 64
	inputCursorCap   = 1000
)

// inputEmail is an address of exactly n characters.
func inputEmail(n int) string {
	const domain = "@acme.test"
	return strings.Repeat("a", n-len(domain)) + domain
}

// Text no database can store or search (invalid UTF-8, over-long strings, cursors hiding either)
// and numbers out of range are BAD_USER_INPUT naming the field, on both engines, and change
// nothing; text at the caps still works.
func TestUnstorableTextIsBadUserInput(t *testing.T) {
	const (
		login      = `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }`
		signUp     = `mutation($in: SignUpInput!) { signUp(input: $in) { token } }`
		sessions   = `query($s: String, $u: ID, $a: String, $f: Int) { sessions(filter: {search: $s, userId: $u}, after: $a, first: $f) { totalCount } }`
		users      = `query($s: String, $a: String) { users(search: $s, after: $a) { totalCount } }`
		session    = `query($id: ID!) { session(id: $id) { id } }`
		logoutOne  = `mutation($id: ID!) { logoutSession(id: $id) { id } }`
		terminate  = `mutation($u: ID) { terminateAllSessions(input: {userId: $u, keepCurrent: false}) { terminatedCount } }`
		aLoginTime = "2026-01-02T03:04:05Z"
	)
	long := strings.Repeat("a", 60000)                             // SQLite: "LIKE or GLOB pattern too complex" as a search
	over := func(n int) string { return strings.Repeat("é", n+1) } // characters, not bytes, count
	cases := []inputCase{
		// Invalid UTF-8 reaches a literal only over GET (JSON decoding replaces it); PostgreSQL refuses it.
		{name: "invalid UTF-8 in a session id", get: true, query: "{ session(id: \"\xff\") { id } }", wantFields: []string{"id"}},
		{name: "invalid UTF-8 in a search", get: true, query: "{ sessions(filter: {search: \"a\xffb\"}) { totalCount } }", wantFields: []string{"search"}},
		{name: "invalid UTF-8 in a user filter", get: true, query: "{ sessions(filter: {userId: \"\xfe\"}) { totalCount } }", wantFields: []string{"userId"}},
		{name: "invalid UTF-8 in a users search", get: true, query: "{ users(search: \"\xc3\") { totalCount } }", wantFields: []string{"search"}},
		{name: "invalid UTF-8 in a cursor literal", get: true, query: "{ mySessions(after: \"\xff\") { totalCount } }", wantFields: []string{"after"}},
		{name: "a sessions cursor with an invalid UTF-8 id", query: sessions,
			vars: map[string]any{"a": inputCursor(aLoginTime, "\xff")}, wantFields: []string{"after"}},
		{name: "a users cursor with an invalid UTF-8 name", query: users,
			vars: map[string]any{"a": inputCursor("\xff", "x")}, wantFields: []string{"after"}},
		{name: "a users cursor with an invalid UTF-8 id", query: users,
			vars: map[string]any{"a": inputCursor("Ann", "\xc3(")}, wantFields: []string{"after"}},

		// Over-long text.
		{name: "a 60,000-character search", query: sessions, vars: map[string]any{"s": long}, wantFields: []string{"search"}},
		{name: "a 60,000-character users search", query: users, vars: map[string]any{"s": long}, wantFields: []string{"search"}},
		{name: "a search one over the cap", query: users, vars: map[string]any{"s": over(inputSearchCap)}, wantFields: []string{"search"}},
		{name: "a session id over the cap", query: session, vars: map[string]any{"id": over(inputIDCap)}, wantFields: []string{"id"}},
		{name: "a 60,000-character session id to log out", query: logoutOne, vars: map[string]any{"id": long}, wantFields: []string{"id"}},
		{name: "a user id over the cap to terminate", query: terminate, vars: map[string]any{"u": over(inputIDCap)}, wantFields: []string{"userId"}},
		{name: "a user filter over the cap", query: sessions, vars: map[string]any{"u": over(inputIDCap)}, wantFields: []string{"userId"}},
		{name: "a cursor over the cap", query: sessions, vars: map[string]any{"a": strings.Repeat("A", inputCursorCap+1)}, wantFields: []string{"after"}},
		{name: "a login email over the cap", anonymous: true, query: login,
			vars: map[string]any{"e": inputEmail(inputEmailCap + 1), "p": "password-123"}, wantFields: []string{"email"}},
		{name: "a 60,000-character login email", anonymous: true, query: login,
			vars: map[string]any{"e": long, "p": "password-123"}, wantFields: []string{"email"}},
		{name: "a login password over the cap", anonymous: true, query: login,
			vars: map[string]any{"e": "ann@acme.test", "p": over(inputPasswordCap)}, wantFields: []string{"password"}},
		{name: "a new user with every text over its cap", query: apitest.MutationCreateUser,
			vars:       map[string]any{"n": over(inputNameCap), "e": inputEmail(inputEmailCap + 1), "r": "MEMBER", "p": over(inputPasswordCap)},
			wantFields: []string{"email", "name", "password"}},
		{name: "a sign-up with an account name over the cap", anonymous: true, query: signUp,
			vars:       map[string]any{"in": map[string]any{"accountName": long, "name": "Ann", "email": "ann@acme.test", "password": "password-123"}},
			wantFields: []string{"accountName"}},

		// Numbers out of range.
		{name: "a page size over the maximum", query: sessions, vars: map[string]any{"f": 101}, wantFields: []string{"first"}},
		{name: "a negative page size", query: sessions, vars: map[string]any{"f": -1}, wantFields: []string{"first"}},
		{name: "a page size beyond 32 bits", query: sessions, vars: map[string]any{"f": int64(1) << 40}, wantFields: []string{"first"}},
		{name: "a policy out of range", query: apitest.MutationUpdatePolicy,
			vars: map[string]any{"in": map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": int64(1) << 40,
				"idleTimeoutEnabled": true, "idleTimeoutValue": int64(1) << 62, "idleTimeoutUnit": "DAYS"}},
			wantFields: []string{"idleTimeoutValue", "maxConcurrentSessions"}},
	}

	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.AllowSignUp)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		inputRefused(t, srv, admin, cases)

		t.Run("text at the caps is accepted", func(t *testing.T) {
			at := func(n int) string { return strings.Repeat("é", n) }
			for _, tc := range []struct {
				name, query string
				anonymous   bool
				vars        map[string]any
				wantCode    string
			}{
				{"a search", sessions, false, map[string]any{"s": at(inputSearchCap)}, ""},
				{"a users search", users, false, map[string]any{"s": at(inputSearchCap)}, ""},
				{"a session id", session, false, map[string]any{"id": at(inputIDCap)}, ""},
				{"a login", login, true, map[string]any{"e": inputEmail(inputEmailCap), "p": at(inputPasswordCap)}, "INVALID_CREDENTIALS"},
			} {
				caller := admin
				if tc.anonymous {
					caller = srv.Client()
				}
				res := caller.Do(t, tc.query, tc.vars)
				if res.Code() != tc.wantCode {
					t.Errorf("%s: code %q, want %q: %.300s", tc.name, res.Code(), tc.wantCode, res.Body)
				}
			}
			var out struct{ CreateUser struct{ Name string } }
			admin.Do(t, apitest.MutationCreateUser, map[string]any{"n": at(inputNameCap), "e": inputEmail(inputEmailCap), "r": "MEMBER", "p": at(inputPasswordCap)}).
				MustDecode(t, &out)
			if out.CreateUser.Name != at(inputNameCap) {
				t.Errorf("created %q", out.CreateUser.Name)
			}
		})
	})
}
