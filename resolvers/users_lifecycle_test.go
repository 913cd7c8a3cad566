package resolvers_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

func TestDeactivateUserEndsTheirSessionsAtOnce(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		srv := w.Srv
		before, n := srv.Snapshot(t), len(srv.Events.Events())
		now := srv.Clock.Now()
		got := apitest.DecodeUser(t, apitest.DeactivateUser(t, w.AdminA1, w.MemberA.ID))
		if got.ID != w.MemberA.ID || got.Status != "DEACTIVATED" || got.DeactivatedAt == nil || got.DeactivatedAt.Before(now.Truncate(time.Microsecond)) || got.ActiveSessionCount != 0 {
			t.Errorf("returned %+v, want MemberA DEACTIVATED now with no active session", got)
		}
		after := srv.Snapshot(t)
		if ended, want := apitest.EndedBetween(before, after), apitest.Sorted(w.MemberA1.SessionID, w.MemberA2.SessionID); !reflect.DeepEqual(ended, want) {
			t.Errorf("ended %v, want exactly MemberA's sessions %v", ended, want)
		}
		apitest.AssertEndEvents(t, srv.EventsSince(n), models.EndUserDeactivated, w.MemberA1.SessionID, w.MemberA2.SessionID)
		for _, id := range []string{w.MemberA1.SessionID, w.MemberA2.SessionID} {
			if s := srv.StoredSession(t, id); s.EndedByID == nil || *s.EndedByID != w.AdminA.ID {
				t.Errorf("session %s ended by %v, want the admin", id, s.EndedByID)
			}
		}
		apitest.AssertRefused(t, w.MemberA1, "memberA1")
		apitest.AssertRefused(t, w.MemberA2, "memberA2")
		for _, who := range []string{"adminA1", "adminA2", "colleagueA1", "adminB1", "memberB1"} {
			apitest.AssertWorks(t, w.Clients()[who], who)
		}
	})
}

// TestDeactivatedLoginFailsAsAWrongPassword: the right password of a deactivated user gets the
// very answer a wrong password gets, changes nothing, and spends the email's budget as one does.
func TestDeactivatedLoginFailsAsAWrongPassword(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback)
		srv.Clock.Freeze() // budgets refill with time: only Advance may refill them
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		gone := srv.AddUser(t, acc, models.RoleMember, "Gone Member")
		active := srv.AddUser(t, acc, models.RoleMember, "Active Member")
		apitest.DecodeUser(t, apitest.DeactivateUser(t, admin, gone.ID))

		before := srv.Snapshot(t).String()
		refused := apitest.LoginFull(t, srv.From("198.51.100.1"), gone.Email, gone.Password)
		wrong := apitest.LoginFull(t, srv.From("198.51.100.2"), active.Email, active.Password+"x")
		if refused.Status != wrong.Status || string(refused.Data) != string(wrong.Data) || !reflect.DeepEqual(refused.Errors, wrong.Errors) {
			t.Errorf("a deactivated user's login answers\n%d %s\nbut a wrong password\n%d %s", refused.Status, refused.Body, wrong.Status, wrong.Body)
		}
		if refused.Code() != "INVALID_CREDENTIALS" || refused.SessionCookie() != nil {
			t.Errorf("code %q cookie %v, want INVALID_CREDENTIALS and no cookie", refused.Code(), refused.SessionCookie())
		}
		if after := srv.Snapshot(t).String(); after != before {
			t.Errorf("refused logins changed the database:\n%s\nthen\n%s", before, after)
		}
		// Counted as failures: the email's budget of 5 is spent after the first and 4 more.
		var codes []string
		for i := range 5 {
			codes = append(codes, apitest.LoginFull(t, srv.From(fmt.Sprintf("198.51.100.%d", 10+i)), gone.Email, gone.Password).Code())
		}
		want := "INVALID_CREDENTIALS INVALID_CREDENTIALS INVALID_CREDENTIALS INVALID_CREDENTIALS RATE_LIMITED"
		if got := strings.Join(codes, " "); got != want {
			t.Errorf("codes for a deactivated user's right password:\n got %s\nwant %s", got, want)
		}
	})
}

func TestReactivateUserRestoresLoginNotSessions(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		srv := w.Srv
		apitest.DecodeUser(t, apitest.DeactivateUser(t, w.AdminA1, w.MemberA.ID))
		n := len(srv.Events.Events())
		got := apitest.DecodeUser(t, apitest.ReactivateUser(t, w.AdminA1, w.MemberA.ID))
		if got.Status != "ACTIVE" || got.DeactivatedAt != nil || got.ActiveSessionCount != 0 {
			t.Errorf("returned %+v, want ACTIVE, no deactivatedAt, no active session", got)
		}
		if evs := srv.EventsSince(n); len(evs) != 0 {
			t.Errorf("reactivation published %+v, want nothing", evs)
		}
		apitest.AssertRefused(t, w.MemberA1, "memberA1 after reactivation")
		if s := srv.StoredSession(t, w.MemberA2.SessionID); s.IsActive() {
			t.Error("an old session came back with the reactivation")
		}
		apitest.AssertWorks(t, srv.Login(t, w.MemberA), "a new login after reactivation")
	})
}

func TestLifecycleRefusalsChangeNothing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		srv.Login(t, member)
		gone := srv.AddUser(t, acc, models.RoleMember, "Gone Member")
		apitest.DecodeUser(t, apitest.DeactivateUser(t, admin, gone.ID))
		cases := []struct {
			name  string
			do    func() apitest.Response
			field string
		}{
			{"deactivating oneself", func() apitest.Response { return apitest.DeactivateUser(t, admin, acc.Admin.ID) }, "id"},
			{"demoting the last active admin (oneself)", func() apitest.Response {
				return apitest.UpdateUser(t, admin, acc.Admin.ID, map[string]any{"role": "MEMBER"})
			}, "role"},
			{"deactivating a deactivated user", func() apitest.Response { return apitest.DeactivateUser(t, admin, gone.ID) }, "id"},
			{"reactivating an active user", func() apitest.Response { return apitest.ReactivateUser(t, admin, member.ID) }, "id"},
			{"an empty name", func() apitest.Response {
				return apitest.UpdateUser(t, admin, member.ID, map[string]any{"name": "", "role": "ADMIN"})
			}, "name"},
			{"a blank name", func() apitest.Response {
				return apitest.UpdateUser(t, admin, member.ID, map[string]any{"name": "   "})
			}, "name"},
			{"a name of 101 characters", func() apitest.Response {
				return apitest.UpdateUser(t, admin, member.ID, map[string]any{"name": strings.Repeat("é", 101)})
			}, "name"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before, n := srv.Snapshot(t), len(srv.Events.Events())
				res := tc.do()
				apitest.AssertCode(t, res, "BAD_USER_INPUT")
				if len(res.Errors) > 0 && res.Errors[0].Extensions["field"] != tc.field {
					t.Errorf("field %v, want %s (%s)", res.Errors[0].Extensions["field"], tc.field, res.Body)
				}
				apitest.AssertUnchanged(t, before, srv.Snapshot(t))
				if evs := srv.EventsSince(n); len(evs) != 0 {
					t.Errorf("a refusal published %+v", evs)
				}
			})
		}
		apitest.AssertWorks(t, admin, "the admin after the refusals")
	})
}

func TestLifecycleIsForAdminsOfTheAccount(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		srv := w.Srv
		ops := map[string]func(c *apitest.Client, id string) apitest.Response{
			"updateUser": func(c *apitest.Client, id string) apitest.Response {
				return apitest.UpdateUser(t, c, id, map[string]any{"name": "Renamed", "role": "ADMIN"})
			},
			"deactivateUser": func(c *apitest.Client, id string) apitest.Response { return apitest.DeactivateUser(t, c, id) },
			"reactivateUser": func(c *apitest.Client, id string) apitest.Response { return apitest.ReactivateUser(t, c, id) },
		}
		cases := []struct {
			name   string
			caller *apitest.Client
			target string
			code   string
		}{
			{"a member on a colleague", w.MemberA1, w.ColleagueA.ID, "FORBIDDEN"},
			{"a member on themselves", w.MemberA1, w.MemberA.ID, "FORBIDDEN"},
			{"an admin on another account's member", w.AdminB1, w.MemberA.ID, "NOT_FOUND"},
			{"an admin on another account's admin", w.AdminB1, w.AdminA.ID, "NOT_FOUND"},
			{"an admin on an unknown id", w.AdminA1, "no-such-user", "NOT_FOUND"},
		}
		for _, tc := range cases {
			for op, do := range ops {
				t.Run(tc.name+"/"+op, func(t *testing.T) {
					before, n := srv.Snapshot(t), len(srv.Events.Events())
					apitest.AssertCode(t, do(tc.caller, tc.target), tc.code)
					apitest.AssertUnchanged(t, before, srv.Snapshot(t))
					if evs := srv.EventsSince(n); len(evs) != 0 {
						t.Errorf("a refusal published %+v", evs)
					}
				})
			}
		}
	})
}

func TestUpdateUserRenames(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		srv := w.Srv
		n := len(srv.Events.Events())
		got := apitest.DecodeUser(t, apitest.UpdateUser(t, w.AdminA1, w.MemberA.ID, map[string]any{"name": "  Mia Renamed  ", "role": "MEMBER"}))
		if got.Name != "Mia Renamed" || got.Role != "MEMBER" || got.ActiveSessionCount != 2 {
			t.Errorf("returned %+v, want the trimmed name, the same role and both sessions active", got)
		}
		if stored := srv.StoredUser(t, w.MemberA.ID); stored.Name != "Mia Renamed" {
			t.Errorf("stored name %q, want %q", stored.Name, "Mia Renamed")
		}
		if evs := srv.EventsSince(n); len(evs) != 0 {
			t.Errorf("a rename published %+v, want nothing (no session ends)", evs)
		}
		apitest.AssertWorks(t, w.MemberA1, "memberA1 after the rename")
		// 100 characters is the most a name may have.
		long := strings.Repeat("é", 100)
		if got := apitest.DecodeUser(t, apitest.UpdateUser(t, w.AdminA1, w.MemberA.ID, map[string]any{"name": long})); got.Name != long {
			t.Errorf("a 100-character name came back as %q", got.Name)
		}
	})
}

// TestRoleChangeEndsTheUsersSessions: a promotion or demotion ends the user's sessions with
// ROLE_CHANGED; their next request with an old token is UNAUTHENTICATED, and the new role holds
// from their next login.
func TestRoleChangeEndsTheUsersSessions(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		srv := w.Srv
		before, n := srv.Snapshot(t), len(srv.Events.Events())
		got := apitest.DecodeUser(t, apitest.UpdateUser(t, w.AdminA1, w.MemberA.ID, map[string]any{"role": "ADMIN"}))
		if got.Role != "ADMIN" || got.ActiveSessionCount != 0 {
			t.Errorf("returned %+v, want ADMIN with no active session", got)
		}
		if ended, want := apitest.EndedBetween(before, srv.Snapshot(t)), apitest.Sorted(w.MemberA1.SessionID, w.MemberA2.SessionID); !reflect.DeepEqual(ended, want) {
			t.Errorf("ended %v, want exactly MemberA's sessions %v", ended, want)
		}
		apitest.AssertEndEvents(t, srv.EventsSince(n), models.EndRoleChanged, w.MemberA1.SessionID, w.MemberA2.SessionID)
		res := w.MemberA1.Do(t, apitest.QueryMe, nil)
		if res.Code() != "UNAUTHENTICATED" || !strings.Contains(res.Errors[0].Message, "ROLE_CHANGED") {
			t.Errorf("the old token: %s, want UNAUTHENTICATED naming ROLE_CHANGED", res.Body)
		}
		apitest.AssertWorks(t, w.ColleagueA1, "colleagueA1")

		promoted := srv.Login(t, w.MemberA)
		if res := promoted.Do(t, `{ users { totalCount } }`, nil); len(res.Errors) > 0 {
			t.Errorf("the promoted user's next login cannot list users: %s", res.Body)
		}

		// Demoted again, the next request with the admin's token is refused, and the new one
		// is a member's.
		apitest.DecodeUser(t, apitest.UpdateUser(t, w.AdminA1, w.MemberA.ID, map[string]any{"role": "MEMBER"}))
		apitest.AssertRefused(t, promoted, "the demoted admin's token")
		demoted := srv.Login(t, w.MemberA)
		apitest.AssertCode(t, demoted.Do(t, `{ users { totalCount } }`, nil), "FORBIDDEN")
	})
}

// TestAdminChangingTheirOwnRole: allowed while another active admin remains; every session of
// theirs ends, the one making the request too, whose cookie is cleared.
func TestAdminChangingTheirOwnRole(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		first := srv.LoginBrowser(t, acc.Admin)
		apitest.SetPolicy(t, first, apitest.LimitInput(5, models.EvictOldest))
		other := srv.Login(t, acc.Admin)
		second := srv.AddUser(t, acc, models.RoleAdmin, "Second Admin")
		secondC := srv.Login(t, second)

		before, n := srv.Snapshot(t), len(srv.Events.Events())
		res := apitest.UpdateUser(t, first, acc.Admin.ID, map[string]any{"role": "MEMBER"})
		if got := apitest.DecodeUser(t, res); got.Role != "MEMBER" {
			t.Errorf("role %s, want MEMBER", got.Role)
		}
		if cookie := res.SessionCookie(); cookie == nil || cookie.MaxAge >= 0 || cookie.Value != "" {
			t.Errorf("session cookie %v, want it cleared", cookie)
		}
		if ended, want := apitest.EndedBetween(before, srv.Snapshot(t)), apitest.Sorted(first.SessionID, other.SessionID); !reflect.DeepEqual(ended, want) {
			t.Errorf("ended %v, want both of the demoted admin's sessions %v", ended, want)
		}
		apitest.AssertEndEvents(t, srv.EventsSince(n), models.EndRoleChanged, first.SessionID, other.SessionID)
		apitest.AssertRefused(t, other, "the demoted admin's other session")
		apitest.AssertWorks(t, secondC, "the remaining admin")

		// The remaining admin is now the last: demoting themselves is refused.
		apitest.AssertCode(t, apitest.UpdateUser(t, secondC, second.ID, map[string]any{"role": "MEMBER"}), "BAD_USER_INPUT")
	})
}

func TestLastLoginAtIsSetByLogin(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		apitest.SetPolicy(t, admin, apitest.LimitInput(5, models.EvictOldest))
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		lastLogin := func() *time.Time {
			var out struct {
				Users struct{ Nodes []apitest.UserData }
			}
			admin.Do(t, `query($s: String) { users(search: $s) { nodes { `+apitest.UserFields+` } } }`,
				map[string]any{"s": member.Email}).MustDecode(t, &out)
			if len(out.Users.Nodes) != 1 {
				t.Fatalf("found %d users, want 1", len(out.Users.Nodes))
			}
			return out.Users.Nodes[0].LastLoginAt
		}
		if got := lastLogin(); got != nil {
			t.Errorf("lastLoginAt %v before any login, want null", *got)
		}
		for range 2 {
			srv.Clock.Advance(time.Minute)
			c := srv.Login(t, member)
			loginAt := srv.StoredSession(t, c.SessionID).LoginAt
			if got := lastLogin(); got == nil || !got.Equal(loginAt) {
				t.Errorf("lastLoginAt %v, want the login's %v", got, loginAt)
			}
			var me struct {
				Me struct{ User apitest.UserData }
			}
			c.Do(t, `{ me { user { `+apitest.UserFields+` } } }`, nil).MustDecode(t, &me)
			if got := me.Me.User; got.LastLoginAt == nil || !got.LastLoginAt.Equal(loginAt) || got.Status != "ACTIVE" {
				t.Errorf("me.user %+v, want ACTIVE with lastLoginAt %v", got, loginAt)
			}
		}
		// A refused login leaves it as it was.
		was := lastLogin()
		srv.Clock.Advance(time.Minute)
		apitest.AssertCode(t, apitest.LoginFull(t, srv.Client(), member.Email, "wrong password"), "INVALID_CREDENTIALS")
		if got := lastLogin(); got == nil || !got.Equal(*was) {
			t.Errorf("lastLoginAt %v after a refused login, want %v", got, was)
		}
	})
}

func TestSignUpSetsLastLoginAt(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.AllowSignUp)
		var out struct{ SignUp apitest.LoginData }
		srv.Client().Do(t, apitest.MutationSignUp, map[string]any{
			"a": "Acme", "n": "Ada Admin", "e": fmt.Sprintf("ada-%d@example.test", time.Now().UnixNano()), "p": "a long password",
		}).MustDecode(t, &out)
		stored := srv.StoredUser(t, out.SignUp.User.ID)
		loginAt := srv.StoredSession(t, out.SignUp.Session.ID).LoginAt
		if stored.LastLoginAt == nil || !stored.LastLoginAt.Equal(loginAt) {
			t.Errorf("lastLoginAt %v, want the sign-up's login %v", stored.LastLoginAt, loginAt)
		}
	})
}

// TestAdminsDeactivatingEachOtherAtOnce: of two admins deactivating each other at the same
// moment, one wins and the other is refused: the account keeps an active admin.
func TestAdminsDeactivatingEachOtherAtOnce(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		for round := range 5 {
			acc := srv.SeedAccount(t)
			second := srv.AddUser(t, acc, models.RoleAdmin, "Second Admin")
			clients := []*apitest.Client{srv.Login(t, acc.Admin), srv.Login(t, second)}
			targets := []string{second.ID, acc.Admin.ID}
			codes := make([]string, 2)
			apitest.Parallel(2, func(i int) {
				codes[i] = apitest.DeactivateUser(t, clients[i], targets[i]).Code()
			})
			// The loser is refused as the last admin, or, when the winner committed before its
			// request was authenticated, as a session that ended.
			loser := codes[0] + codes[1]
			if (codes[0] != "" && codes[1] != "") || (loser != "BAD_USER_INPUT" && loser != "UNAUTHENTICATED") {
				t.Errorf("round %d: codes %q, want one success and one BAD_USER_INPUT or UNAUTHENTICATED", round, codes)
			}
			if n := srv.Count(t, "users", "account_id = ? AND role = ? AND status = ?", acc.ID, models.RoleAdmin, models.UserActive); n != 1 {
				t.Errorf("round %d: %d active admins, want 1", round, n)
			}
		}
	})
}
