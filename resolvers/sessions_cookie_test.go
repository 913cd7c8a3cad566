package resolvers_test

import (
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// cookieWorld is one account whose admin and member each hold two sessions: one in a browser
// (cookie) and, newer, one in a script (bearer token).
type cookieWorld struct {
	users   map[string]apitest.User    // "admin", "mia"
	clients map[string]*apitest.Client // "admin browser", "admin script", "mia browser", "mia script"
}

func newCookieWorld(t *testing.T, srv *apitest.Server) *cookieWorld {
	t.Helper()
	acc := srv.SeedAccount(t)
	w := &cookieWorld{
		users:   map[string]apitest.User{"admin": acc.Admin, "mia": srv.AddUser(t, acc, models.RoleMember, "Mia")},
		clients: map[string]*apitest.Client{},
	}
	w.clients["admin browser"] = srv.LoginBrowser(t, w.users["admin"])
	w.clients["admin browser"].Do(t, cookieSetLimit, map[string]any{"n": 10, "end": false}).MustDecode(t, &struct{}{})
	w.clients["admin script"] = srv.Login(t, w.users["admin"])
	w.clients["mia browser"] = srv.LoginBrowser(t, w.users["mia"])
	w.clients["mia script"] = srv.Login(t, w.users["mia"])
	return w
}

const (
	cookieSetLimit = `mutation($n: Int!, $end: Boolean!) { updateSessionPolicy(input: {limitMultipleSessions: true,
	  maxConcurrentSessions: $n, whenLimitReached: EVICT_OLDEST, idleTimeoutEnabled: false, endExcessSessions: $end}) { maxConcurrentSessions } }`
	cookieLogout = `mutation { logout }`
	cookieLogin  = `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }`
	cookieEndOne = `mutation($id: ID!) { logoutSession(id: $id) { id } }`
	cookieEndAll = `mutation($in: TerminateAllSessionsInput) { terminateAllSessions(input: $in) { terminatedCount } }`
	cookieSignUp = `mutation { signUp(input: {accountName: "Newco", name: "Nia", email: "nia@newco.test", password: "password-123"}) { token } }`
)

// Every mutation that can end the caller's own session clears the session cookie exactly when
// it did; a login or signUp instead overwrites it with the new session's, whether or not the
// browser's old session ended.
func TestEndingTheCallersSessionClearsItsCookie(t *testing.T) {
	t.Parallel()
	type vars = func(w *cookieWorld) map[string]any
	id := func(client string) vars {
		return func(w *cookieWorld) map[string]any { return map[string]any{"id": w.clients[client].SessionID} }
	}
	scope := func(user string, keepCurrent bool) vars {
		return func(w *cookieWorld) map[string]any {
			in := map[string]any{"keepCurrent": keepCurrent}
			if user != "" {
				in["userId"] = w.users[user].ID
			}
			return map[string]any{"in": in}
		}
	}
	credentials := func(user, password string) vars {
		return func(w *cookieWorld) map[string]any {
			if password == "" {
				password = w.users[user].Password
			}
			return map[string]any{"e": w.users[user].Email, "p": password}
		}
	}
	limitOne := func(*cookieWorld) map[string]any { return map[string]any{"n": 1, "end": true} }

	cases := []struct {
		name  string
		as    string // the calling client
		query string
		vars  vars // nil: none
		ends  bool // the caller's current session ends
		login bool // the mutation starts a session, whose cookie the response sets
		code  string
	}{
		{name: "logout", as: "mia browser", query: cookieLogout, ends: true},
		{name: "logout with a bearer token", as: "mia script", query: cookieLogout, ends: true},
		{name: "logoutSession of the current session", as: "mia browser", query: cookieEndOne, vars: id("mia browser"), ends: true},
		{name: "logoutSession of the current session with a bearer token", as: "mia script", query: cookieEndOne, vars: id("mia script"), ends: true},
		{name: "logoutSession of another own session", as: "mia browser", query: cookieEndOne, vars: id("mia script")},
		{name: "logoutSession of a member's session by an admin", as: "admin browser", query: cookieEndOne, vars: id("mia browser")},
		{name: "logoutSession of a session the caller may not see", as: "mia browser", query: cookieEndOne, vars: id("admin browser"), code: "NOT_FOUND"},
		{name: "terminateAllSessions keeping the current session by default", as: "mia browser", query: cookieEndAll},
		{name: "terminateAllSessions keeping the current session", as: "mia browser", query: cookieEndAll, vars: scope("", true)},
		{name: "terminateAllSessions without keepCurrent", as: "mia browser", query: cookieEndAll, vars: scope("", false), ends: true},
		{name: "terminateAllSessions of the own user without keepCurrent", as: "mia browser", query: cookieEndAll, vars: scope("mia", false), ends: true},
		{name: "terminateAllSessions of the whole account by an admin", as: "admin browser", query: cookieEndAll, vars: scope("", false), ends: true},
		{name: "terminateAllSessions of a member by an admin", as: "admin browser", query: cookieEndAll, vars: scope("mia", false)},
		{name: "terminateAllSessions of another user by a member", as: "mia browser", query: cookieEndAll, vars: scope("admin", false), code: "FORBIDDEN"},
		{name: "updateSessionPolicy ending the caller's session as excess", as: "admin browser", query: cookieSetLimit, vars: limitOne, ends: true},
		{name: "updateSessionPolicy ending another of the caller's sessions", as: "admin script", query: cookieSetLimit, vars: limitOne},
		{name: "login from a browser holding a session", as: "mia browser", query: cookieLogin, vars: credentials("mia", ""), ends: true, login: true},
		{name: "login as someone else from a browser holding a session", as: "mia browser", query: cookieLogin, vars: credentials("admin", ""), ends: true, login: true},
		{name: "login with a bearer token", as: "mia script", query: cookieLogin, vars: credentials("mia", ""), login: true},
		{name: "login with a wrong password", as: "mia browser", query: cookieLogin, vars: credentials("mia", "wrong-password"), code: "INVALID_CREDENTIALS"},
		{name: "signUp from a browser holding a session", as: "mia browser", query: cookieSignUp, ends: true, login: true},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, func(c *app.Config) { c.AllowSignUp = true })
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				w := newCookieWorld(t, srv)
				caller := w.clients[tc.as]
				var v map[string]any
				if tc.vars != nil {
					v = tc.vars(w)
				}
				res := caller.Do(t, tc.query, v)
				if res.Code() != tc.code {
					t.Fatalf("code %q, want %q: %s", res.Code(), tc.code, res.Body)
				}
				if ended := !srv.SessionActive(t, caller.SessionID); ended != tc.ends {
					t.Errorf("the caller's session ended: %v, want %v", ended, tc.ends)
				}
				cookie := res.SessionCookie()
				switch {
				case tc.login:
					if token := cookieStartedToken(t, res); cookie == nil || cookie.MaxAge <= 0 || cookie.Value != token {
						t.Errorf("session cookie %v, want the new session's token", cookie)
					}
				case tc.ends:
					if cookie == nil || cookie.MaxAge >= 0 || cookie.Value != "" || cookie.Path != "/" {
						t.Errorf("session cookie %v, want it cleared", cookie)
					}
				case cookie != nil:
					t.Errorf("session cookie %v set, want it untouched", cookie)
				}
			})
		}
	})
}

// cookieStartedToken returns the token of the session a login or signUp response started.
func cookieStartedToken(t *testing.T, res apitest.Response) string {
	t.Helper()
	var out map[string]struct{ Token string }
	res.MustDecode(t, &out)
	for _, started := range out {
		return started.Token
	}
	t.Fatalf("no session started: %s", res.Body)
	return ""
}
