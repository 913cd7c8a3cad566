package resolvers_test

import (
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/events"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// A login from a browser that still holds a session ends that session (reason LOGOUT) before
// issuing a new token, so an old or planted cookie never outlives the login that replaced it.
// Scripts sending a bearer token keep theirs: a bearer token is not the browser's.
func TestLoginFromABrowserHoldingASessionEndsThatSession(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		policy := `mutation { updateSessionPolicy(input: {limitMultipleSessions: true, maxConcurrentSessions: 10, idleTimeoutEnabled: false}) { effectiveMaxConcurrentSessions } }`
		admin.Do(t, policy, nil).MustDecode(t, &struct{}{})
		user := srv.AddUser(t, acc, models.RoleMember, "Mia Member")

		browser := srv.Browser(t)
		first := apitest.MustLoginFull(t, browser, user.Email, user.Password)

		// A wrong password changes nothing.
		if code := apitest.LoginFull(t, browser, user.Email, "wrong-password").Code(); code != "INVALID_CREDENTIALS" {
			t.Fatalf("wrong password: code %q", code)
		}
		if status, _ := srv.SessionStatus(t, first.Session.ID); status != "ACTIVE" {
			t.Fatalf("a failed login ended the browser's session (status %s)", status)
		}

		second := apitest.MustLoginFull(t, browser, user.Email, user.Password)
		if second.Token == first.Token || second.Session.ID == first.Session.ID {
			t.Fatal("the second login reused the first session")
		}
		if status, reason := srv.SessionStatus(t, first.Session.ID); status != "TERMINATED" || reason != "LOGOUT" {
			t.Errorf("the cookie's old session: %s %s, want TERMINATED LOGOUT", status, reason)
		}
		if code := srv.Bearer(first.Token).Do(t, apitest.QueryMeFull, nil).Code(); code != "UNAUTHENTICATED" {
			t.Errorf("the old token still works: code %q", code)
		}
		var me apitest.MeFull
		browser.Do(t, apitest.QueryMeFull, nil).MustDecode(t, &me)
		if me.Me.Session.ID != second.Session.ID {
			t.Errorf("the browser now holds session %s, want %s", me.Me.Session.ID, second.Session.ID)
		}
		ended := 0
		for _, e := range srv.Events.Events() {
			if e.SessionID == first.Session.ID && e.Kind == events.SessionEnded {
				ended++
			}
		}
		if ended != 1 {
			t.Errorf("the rotated session was announced %d times, want once", ended)
		}

		// Logging in as someone else from the same browser ends its session too.
		apitest.MustLoginFull(t, browser, acc.Admin.Email, acc.Admin.Password)
		if status, reason := srv.SessionStatus(t, second.Session.ID); status != "TERMINATED" || reason != "LOGOUT" {
			t.Errorf("the browser's session after another user's login: %s %s, want TERMINATED LOGOUT", status, reason)
		}

		// A bearer token is not a browser's cookie: a script's login leaves it alone.
		script := srv.Bearer(admin.Token)
		apitest.MustLoginFull(t, script, user.Email, user.Password)
		if status, _ := srv.SessionStatus(t, admin.SessionID); status != "ACTIVE" {
			t.Errorf("a login sent with a bearer token ended that token's session (status %s)", status)
		}
	})
}

// signUp logs its new administrator in: the session the browser held ends as with login.
func TestSignUpFromABrowserHoldingASessionEndsThatSession(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.AllowSignUp)
		acc := srv.SeedAccount(t)
		browser := srv.Browser(t)
		held := apitest.MustLoginFull(t, browser, acc.Admin.Email, acc.Admin.Password)
		browser.Do(t, apitest.MutationSignUp, map[string]any{"a": "Acme", "n": "Ann", "e": "ann@acme.test", "p": "password-123"}).
			MustDecode(t, &struct{}{})
		if status, reason := srv.SessionStatus(t, held.Session.ID); status != "TERMINATED" || reason != "LOGOUT" {
			t.Errorf("the browser's session after signUp: %s %s, want TERMINATED LOGOUT", status, reason)
		}
	})
}
