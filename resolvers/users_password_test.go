package resolvers_test

import (
	"strings"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

const (
	newPassword      = "a fresh passphrase 1"
	commonPassword   = "PassWord1" // "password1", one of the most common, in other letters
	commonPassword2  = "iloveyou"
	commonWords      = "is one of the most common passwords; choose another"
	lengthWords      = "must be 8 to 256 characters"
	wrongCurrentWord = "is not your current password"
)

// TestChangePasswordEndsTheCallersOtherSessions: the caller's other sessions end with
// PASSWORD_CHANGED, ended by the caller, each announced once; the calling session, its cookie,
// and everyone else's sessions stay. The old password no longer logs in; the new one does.
func TestChangePasswordEndsTheCallersOtherSessions(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		srv := w.Srv
		caller := srv.LoginBrowser(t, w.MemberA) // a browser: its cookie must survive
		watch := srv.Watch(t)
		res := apitest.ChangePassword(t, caller, w.MemberA.Password, newPassword, nil)
		var out struct{ ChangePassword bool }
		res.MustDecode(t, &out)
		if !out.ChangePassword {
			t.Error("changePassword answered false")
		}
		if c := res.SessionCookie(); c != nil {
			t.Errorf("the response set the session cookie %v, want it left alone", c)
		}
		watch.AssertEnded(t, models.EndPasswordChanged, w.MemberA.ID, w.MemberA1.SessionID, w.MemberA2.SessionID)
		res = w.MemberA1.Do(t, apitest.QueryMe, nil)
		if res.Code() != "UNAUTHENTICATED" || !strings.Contains(res.Errors[0].Message, "PASSWORD_CHANGED") {
			t.Errorf("an ended session's token: %s, want UNAUTHENTICATED naming PASSWORD_CHANGED", res.Body)
		}
		apitest.AssertRefused(t, w.MemberA2, "memberA2")
		apitest.AssertWorks(t, caller, "the session that changed the password")
		for _, who := range []string{"adminA1", "adminA2", "colleagueA1", "adminB1", "memberB1"} {
			apitest.AssertWorks(t, w.Clients()[who], who)
		}
		srv.AssertPasswordIs(t, w.MemberA, newPassword)
	})
}

func TestChangePasswordMayKeepTheOtherSessions(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		srv := w.Srv
		watch := srv.Watch(t)
		keep := false
		changed := apitest.MustChangePassword(t, w.MemberA1, w.MemberA, newPassword, &keep)
		if !watch.PasswordChanged(t, w.MemberA.ID) {
			t.Error("the password did not change")
		}
		watch.AssertEnded(t, models.EndPasswordChanged, w.MemberA.ID) // none
		apitest.AssertWorks(t, w.MemberA1, "memberA1")
		apitest.AssertWorks(t, w.MemberA2, "memberA2")

		// Said explicitly, true ends them as the default does.
		again := true
		watch = srv.Watch(t)
		changed = apitest.MustChangePassword(t, w.MemberA1, changed, "another fresh passphrase", &again)
		watch.AssertEnded(t, models.EndPasswordChanged, w.MemberA.ID, w.MemberA2.SessionID)
		srv.AssertLogin(t, changed, "", "the newest password")
	})
}

// TestChangePasswordRefusalsChangeNothing: each invalid input is BAD_USER_INPUT naming its field,
// changes no password and ends no session.
func TestChangePasswordRefusalsChangeNothing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		srv := w.Srv
		right := w.MemberA.Password
		over := strings.Repeat("é", 257)
		cases := []struct {
			name, current, next, field, words string
		}{
			{"a wrong current password", "not my password", newPassword, "currentPassword", wrongCurrentWord},
			{"the current password in other letters", strings.ToUpper(right), newPassword, "currentPassword", wrongCurrentWord},
			{"an empty current password", "", newPassword, "currentPassword", wrongCurrentWord},
			{"a current password over the cap", over, newPassword, "currentPassword", "at most 256 characters"},
			{"a new password of 7 characters", right, "1234567", "newPassword", lengthWords},
			{"an empty new password", right, "", "newPassword", lengthWords},
			{"a new password over the cap", right, over, "newPassword", "at most 256 characters"},
			{"a common new password", right, commonPassword, "newPassword", commonWords},
			{"another common new password", right, commonPassword2, "newPassword", commonWords},
			// An invalid new password is refused before the current one is checked.
			{"a wrong current and a short new password", "not my password", "short", "newPassword", lengthWords},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				srv.Clock.Advance(time.Minute) // a fresh login budget for each
				watch := srv.Watch(t)
				apitest.AssertBadField(t, apitest.ChangePassword(t, w.MemberA1, tc.current, tc.next, nil), tc.field, tc.words)
				watch.AssertNothingChanged(t)
				apitest.AssertWorks(t, w.MemberA2, "the caller's other session")
			})
		}
		watch := srv.Watch(t)
		apitest.AssertCode(t, srv.Client().Do(t, apitest.MutationChangePassword, map[string]any{
			"in": map[string]any{"currentPassword": right, "newPassword": newPassword}}), "UNAUTHENTICATED")
		watch.AssertNothingChanged(t)
	})
}

// TestChangePasswordIsBudgetedAsLogins: a wrong current password spends what a failed login
// does, from the same budgets: after 5, even the right one is RATE_LIMITED, and so is a login;
// a refused new password spends nothing.
func TestChangePasswordIsBudgetedAsLogins(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback)
		srv.Clock.Freeze() // budgets refill with time: only Advance may refill them
		acc := srv.SeedAccount(t)
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		caller := srv.LoginFrom(t, member, "198.51.100.7")
		watch := srv.Watch(t)

		for range 8 {
			apitest.AssertBadField(t, apitest.ChangePassword(t, caller, "wrong password", "short", nil), "newPassword", lengthWords)
		}
		var codes []string
		for range 5 {
			codes = append(codes, apitest.ChangePassword(t, caller, "wrong password", newPassword, nil).Code())
		}
		codes = append(codes, apitest.ChangePassword(t, caller, member.Password, newPassword, nil).Code())
		want := "BAD_USER_INPUT BAD_USER_INPUT BAD_USER_INPUT BAD_USER_INPUT BAD_USER_INPUT RATE_LIMITED"
		if got := strings.Join(codes, " "); got != want {
			t.Errorf("codes:\n got %s\nwant %s", got, want)
		}
		watch.AssertNothingChanged(t)
		// The email's budget is the one logins spend from, from any address.
		if code := apitest.LoginFull(t, srv.From("203.0.113.9"), member.Email, member.Password).Code(); code != "RATE_LIMITED" {
			t.Errorf("a login after 5 wrong current passwords: %q, want RATE_LIMITED", code)
		}
		apitest.AssertWorks(t, caller, "the caller: a throttled change ends nothing")

		// A minute refills one token: the right password then changes it.
		srv.Clock.Advance(time.Minute)
		changed := apitest.MustChangePassword(t, caller, member, newPassword, nil)
		srv.AssertLogin(t, changed, "", "the new password")
	})
}

// TestResetUserPasswordEndsAllTheirSessions: an admin's reset ends every active session of the
// user with PASSWORD_CHANGED, ended by the admin, each announced once; the old password stops
// working and the new one logs in.
func TestResetUserPasswordEndsAllTheirSessions(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		srv := w.Srv
		watch := srv.Watch(t)
		res := apitest.ResetUserPassword(t, w.AdminA1, w.MemberA.ID, newPassword)
		got := apitest.DecodeUser(t, res)
		if got.ID != w.MemberA.ID || got.Status != "ACTIVE" || got.ActiveSessionCount != 0 {
			t.Errorf("returned %+v, want MemberA, ACTIVE, with no active session", got)
		}
		if c := res.SessionCookie(); c != nil {
			t.Errorf("resetting another user's password set the cookie %v", c)
		}
		watch.AssertEnded(t, models.EndPasswordChanged, w.AdminA.ID, w.MemberA1.SessionID, w.MemberA2.SessionID)
		apitest.AssertRefused(t, w.MemberA1, "memberA1")
		apitest.AssertRefused(t, w.MemberA2, "memberA2")
		for _, who := range []string{"adminA1", "adminA2", "colleagueA1", "adminB1", "memberB1"} {
			apitest.AssertWorks(t, w.Clients()[who], who)
		}
		srv.AssertPasswordIs(t, w.MemberA, newPassword)
	})
}

// TestResetOwnPasswordEndsOwnSessions: an admin resetting their own password ends all their
// sessions, the one making the request included, whose cookie is cleared.
func TestResetOwnPasswordEndsOwnSessions(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		browser := srv.LoginBrowser(t, acc.Admin)
		apitest.SetPolicy(t, browser, apitest.LimitInput(5, models.EvictOldest))
		other := srv.Login(t, acc.Admin)
		member := srv.Login(t, srv.AddUser(t, acc, models.RoleMember, "Mia Member"))

		watch := srv.Watch(t)
		res := apitest.ResetUserPassword(t, browser, acc.Admin.ID, newPassword)
		if got := apitest.DecodeUser(t, res); got.ID != acc.Admin.ID || got.ActiveSessionCount != 0 {
			t.Errorf("returned %+v, want the admin with no active session", got)
		}
		if cookie := res.SessionCookie(); cookie == nil || cookie.MaxAge >= 0 || cookie.Value != "" {
			t.Errorf("session cookie %v, want it cleared", cookie)
		}
		watch.AssertEnded(t, models.EndPasswordChanged, acc.Admin.ID, browser.SessionID, other.SessionID)
		apitest.AssertRefused(t, other, "the admin's other session")
		apitest.AssertWorks(t, member, "the member")
		srv.AssertPasswordIs(t, acc.Admin, newPassword)
	})
}

// TestResetPasswordOfADeactivatedUser: allowed; they still cannot log in until reactivated, and
// then log in with the new password.
func TestResetPasswordOfADeactivatedUser(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		srv := w.Srv
		apitest.DecodeUser(t, apitest.DeactivateUser(t, w.AdminA1, w.MemberA.ID))
		watch := srv.Watch(t)
		got := apitest.DecodeUser(t, apitest.ResetUserPassword(t, w.AdminA1, w.MemberA.ID, newPassword))
		if got.Status != "DEACTIVATED" || !watch.PasswordChanged(t, w.MemberA.ID) {
			t.Errorf("returned status %s, changed %v: want DEACTIVATED with a new password", got.Status, watch.PasswordChanged(t, w.MemberA.ID))
		}
		watch.AssertEnded(t, models.EndPasswordChanged, w.AdminA.ID) // none was active
		reset := w.MemberA
		reset.Password = newPassword
		srv.AssertLogin(t, reset, "INVALID_CREDENTIALS", "deactivated, with the new password")
		apitest.DecodeUser(t, apitest.ReactivateUser(t, w.AdminA1, w.MemberA.ID))
		srv.AssertLogin(t, reset, "", "reactivated, with the new password")
	})
}

// TestResetUserPasswordRefusalsChangeNothing: members are FORBIDDEN, another account's user or
// none is NOT_FOUND, an invalid password is BAD_USER_INPUT (newPassword); none changes anything.
func TestResetUserPasswordRefusalsChangeNothing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		srv := w.Srv
		cases := []struct {
			name         string
			caller       *apitest.Client
			target, next string
			code, field  string
		}{
			{"a member on a colleague", w.MemberA1, w.ColleagueA.ID, newPassword, "FORBIDDEN", ""},
			{"a member on themselves", w.MemberA1, w.MemberA.ID, newPassword, "FORBIDDEN", ""},
			{"a member on their admin", w.MemberA1, w.AdminA.ID, newPassword, "FORBIDDEN", ""},
			{"an admin on another account's member", w.AdminB1, w.MemberA.ID, newPassword, "NOT_FOUND", ""},
			{"an admin on another account's admin", w.AdminB1, w.AdminA.ID, newPassword, "NOT_FOUND", ""},
			{"an admin on an unknown id", w.AdminA1, "no-such-user", newPassword, "NOT_FOUND", ""},
			{"a password of 7 characters", w.AdminA1, w.MemberA.ID, "1234567", "BAD_USER_INPUT", "newPassword"},
			{"a password over the cap", w.AdminA1, w.MemberA.ID, strings.Repeat("é", 257), "BAD_USER_INPUT", "newPassword"},
			{"a common password", w.AdminA1, w.MemberA.ID, commonPassword, "BAD_USER_INPUT", "newPassword"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				watch := srv.Watch(t)
				res := apitest.ResetUserPassword(t, tc.caller, tc.target, tc.next)
				apitest.AssertCode(t, res, tc.code)
				if got := res.Fields(); tc.field != "" && (len(got) != 1 || got[0] != tc.field) {
					t.Errorf("fields %v, want [%s]", got, tc.field)
				}
				watch.AssertNothingChanged(t)
			})
		}
		// 256 characters is the longest password that may be set, and it logs in.
		longest := w.MemberA
		longest.Password = strings.Repeat("é", 256)
		apitest.DecodeUser(t, apitest.ResetUserPassword(t, w.AdminA1, w.MemberA.ID, longest.Password))
		srv.AssertLogin(t, longest, "", "the 256-character password")
	})
}

// TestCommonPasswordsAreRefusedWherePasswordsAreSet: createUser and signUp refuse a common
// password as changePassword and resetUserPassword do, in the same words.
func TestCommonPasswordsAreRefusedWherePasswordsAreSet(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.AllowSignUp)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		for _, p := range []string{commonPassword, commonPassword2, "QWERTYUIOP"} {
			watch := srv.Watch(t)
			apitest.AssertBadField(t, admin.Do(t, apitest.MutationCreateUser, map[string]any{
				"n": "Mia", "e": "mia-common@example.test", "r": "MEMBER", "p": p,
			}), "password", commonWords)
			apitest.AssertBadField(t, srv.Client().Do(t, apitest.MutationSignUp, map[string]any{
				"a": "Acme", "n": "Ada", "e": "ada-common@example.test", "p": p,
			}), "password", commonWords)
			watch.AssertNothingChanged(t)
		}
		// A password merely containing a common one is fine.
		admin.MustDo(t, apitest.MutationCreateUser, map[string]any{
			"n": "Mia", "e": "mia-common@example.test", "r": "MEMBER", "p": commonPassword + " and then some",
		})
	})
}
