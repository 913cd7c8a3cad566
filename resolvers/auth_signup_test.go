package resolvers_test

import (
	"strings"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

func TestSignUpIsForbiddenUnlessAllowed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url) // AllowSignUp defaults to false
		srv.SeedAccount(t)
		before := srv.Snapshot(t).String()
		cases := []struct {
			name string
			vars map[string]any
		}{
			{"valid input", map[string]any{"a": "Acme", "n": "Ann", "e": "ann@acme.test", "p": "password-123"}},
			{"invalid input", map[string]any{"a": "", "n": "", "e": "x", "p": "x"}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				res := srv.Client().Do(t, apitest.MutationSignUp, tc.vars)
				if res.Code() != "FORBIDDEN" {
					t.Errorf("code %q, want FORBIDDEN: %s", res.Code(), res.Body)
				}
				if res.SessionCookie() != nil {
					t.Error("a refused sign-up set a session cookie")
				}
				if after := srv.Snapshot(t).String(); after != before {
					t.Errorf("a refused sign-up changed the database:\n%s\nthen\n%s", before, after)
				}
			})
		}
	})
}

func TestSignUpCreatesAnAccountAndLogsItsAdminIn(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.AllowSignUp)
		c := srv.Client()
		c.Header.Set("User-Agent", apitest.ChromeMacUA)
		res := c.Do(t, apitest.MutationSignUp, map[string]any{"a": "Acme Corp", "n": "Ann Admin", "e": " Ann@Acme.TEST ", "p": "password-123"})
		var out struct{ SignUp apitest.LoginData }
		res.MustDecode(t, &out)
		su := out.SignUp

		if !authTokenPattern.MatchString(su.Token) {
			t.Errorf("token %q is not sg_ + 43 base64url characters", su.Token)
		}
		if ck := res.SessionCookie(); ck == nil || ck.Value != su.Token || !ck.HttpOnly {
			t.Errorf("sign-up cookie: %v", ck)
		}
		if su.User.Role != "ADMIN" || su.User.Email != "ann@acme.test" || su.User.Account.Name != "Acme Corp" {
			t.Errorf("user = %+v, want an ADMIN ann@acme.test of Acme Corp", su.User)
		}
		if !su.Session.IsCurrent || su.Session.Status != "ACTIVE" || apitest.Str(su.Session.Device) != "Chrome 131 on macOS" {
			t.Errorf("session = %+v", su.Session)
		}

		var me apitest.MeFull
		srv.Bearer(su.Token).Do(t, apitest.QueryMeFull, nil).MustDecode(t, &me)
		if me.Me.User.ID != su.User.ID || me.Me.User.Role != "ADMIN" || me.Me.Session.ID != su.Session.ID {
			t.Errorf("me with the sign-up token = %+v", me.Me)
		}
		// The new admin administers: creating a user is allowed.
		srv.Bearer(su.Token).Do(t, apitest.MutationCreateUser, map[string]any{"n": "Bo", "e": "bo@acme.test", "r": "MEMBER", "p": "password-123"}).
			MustDecode(t, &struct{}{})
		// And the credentials log in again.
		if login := apitest.MustLoginFull(t, srv.Client(), "ann@acme.test", "password-123"); login.User.ID != su.User.ID {
			t.Errorf("login after sign-up: user %s, want %s", login.User.ID, su.User.ID)
		}
		if n := srv.Count(t, "session_policies", "account_id = ?", su.User.Account.ID); n != 1 {
			t.Errorf("the new account has %d session policies, want 1", n)
		}
	})
}

func TestSignUpRejectsInvalidInput(t *testing.T) {
	valid := map[string]any{"a": "Acme", "n": "Ann", "e": "ann@acme.test", "p": "password-123"}
	with := func(k string, v any) map[string]any {
		out := map[string]any{}
		for kk, vv := range valid {
			out[kk] = vv
		}
		out[k] = v
		return out
	}
	cases := []struct {
		name       string
		vars       map[string]any
		wantFields []string
	}{
		{"malformed email", with("e", "not-an-email"), []string{"email"}},
		{"email with a display name", with("e", "Ann <ann@acme.test>"), []string{"email"}},
		{"empty email", with("e", ""), []string{"email"}},
		{"short password", with("p", "short"), []string{"password"}},
		{"empty account name", with("a", ""), []string{"accountName"}},
		{"blank admin name", with("n", "   "), []string{"name"}},
		{"overlong admin name", with("n", strings.Repeat("n", 101)), []string{"name"}},
		{"taken email", nil, []string{"email"}}, // filled in below
		{"taken email in another case", nil, []string{"email"}},
		{"every field invalid", map[string]any{"a": "", "n": "", "e": "x", "p": "x"}, []string{"accountName", "email", "name", "password"}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.AllowSignUp)
		taken := srv.SeedAccount(t).Admin.Email
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				vars := tc.vars
				switch tc.name {
				case "taken email":
					vars = with("e", taken)
				case "taken email in another case":
					vars = with("e", strings.ToUpper(taken))
				}
				before := srv.Snapshot(t).String()
				res := srv.Client().Do(t, apitest.MutationSignUp, vars)
				for _, code := range res.Codes() {
					if code != "BAD_USER_INPUT" {
						t.Errorf("code %q, want BAD_USER_INPUT: %s", code, res.Body)
					}
				}
				if got := res.Fields(); strings.Join(got, ",") != strings.Join(tc.wantFields, ",") {
					t.Errorf("extensions.field %v, want %v: %s", got, tc.wantFields, res.Body)
				}
				if res.SessionCookie() != nil {
					t.Error("a refused sign-up set a session cookie")
				}
				if after := srv.Snapshot(t).String(); after != before {
					t.Errorf("a refused sign-up changed the database:\n%s\nthen\n%s", before, after)
				}
			})
		}
	})
}

func TestAdminsCreateUsersWhoCanLogIn(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		for _, role := range []string{"MEMBER", "ADMIN"} {
			t.Run(role, func(t *testing.T) {
				email := strings.ToLower(role) + "@Acme.test"
				var out struct {
					CreateUser struct {
						ID, Name, Email, Role string
						Account               struct{ ID string }
						ActiveSessionCount    int
					}
				}
				admin.Do(t, apitest.MutationCreateUser, map[string]any{"n": "New " + role, "e": email, "r": role, "p": "password-123"}).MustDecode(t, &out)
				u := out.CreateUser
				if u.Role != role || u.Email != strings.ToLower(email) || u.Account.ID != acc.ID || u.ActiveSessionCount != 0 {
					t.Errorf("created %+v, want role %s, email %s, account %s, no sessions", u, role, strings.ToLower(email), acc.ID)
				}
				login := apitest.MustLoginFull(t, srv.Client(), email, "password-123")
				if login.User.ID != u.ID || login.User.Role != role {
					t.Errorf("login as the new user: %+v", login.User)
				}
				// The stored password is an argon2id hash, never the password.
				var hash string
				if err := srv.Store().Gorm().Table("users").Select("password_hash").Where("id = ?", u.ID).Scan(&hash).Error; err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, "password-123") {
					t.Errorf("stored password hash %q is not an argon2id hash", hash)
				}
			})
		}
	})
}

func TestCreateUserRefusals(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		memberClient := srv.Login(t, member)
		foreign := srv.SeedAccount(t).Admin // a user of another account

		cases := []struct {
			name      string
			caller    *apitest.Client
			vars      map[string]any
			wantCode  string
			wantField string
		}{
			{"member creating a member", memberClient, map[string]any{"n": "X", "e": "x1@acme.test", "r": "MEMBER", "p": "password-123"}, "FORBIDDEN", ""},
			{"member creating an admin", memberClient, map[string]any{"n": "X", "e": "x2@acme.test", "r": "ADMIN", "p": "password-123"}, "FORBIDDEN", ""},
			{"duplicate email", admin, map[string]any{"n": "X", "e": member.Email, "r": "MEMBER", "p": "password-123"}, "BAD_USER_INPUT", "email"},
			{"duplicate email in another case", admin, map[string]any{"n": "X", "e": strings.ToUpper(member.Email), "r": "MEMBER", "p": "password-123"}, "BAD_USER_INPUT", "email"},
			{"email of another account's user", admin, map[string]any{"n": "X", "e": foreign.Email, "r": "MEMBER", "p": "password-123"}, "BAD_USER_INPUT", "email"},
			{"malformed email", admin, map[string]any{"n": "X", "e": "x@", "r": "MEMBER", "p": "password-123"}, "BAD_USER_INPUT", "email"},
			{"short password", admin, map[string]any{"n": "X", "e": "x3@acme.test", "r": "MEMBER", "p": "1234567"}, "BAD_USER_INPUT", "password"},
			{"empty name", admin, map[string]any{"n": "", "e": "x4@acme.test", "r": "MEMBER", "p": "password-123"}, "BAD_USER_INPUT", "name"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := srv.Snapshot(t).String()
				res := tc.caller.Do(t, apitest.MutationCreateUser, tc.vars)
				if res.Code() != tc.wantCode {
					t.Fatalf("code %q, want %s: %s", res.Code(), tc.wantCode, res.Body)
				}
				if tc.wantField != "" {
					if f, _ := res.Errors[0].Extensions["field"].(string); f != tc.wantField {
						t.Errorf("extensions.field %q, want %q", f, tc.wantField)
					}
				}
				if after := srv.Snapshot(t).String(); after != before {
					t.Errorf("a refused createUser changed the database:\n%s\nthen\n%s", before, after)
				}
			})
		}
	})
}
