package resolvers_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

var authTokenPattern = regexp.MustCompile(`^sg_[A-Za-z0-9_-]{43}$`)

func TestLoginIssuesARandomTokenStoredOnlyAsAHash(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		// Several sessions per user so that the logins below do not evict each other.
		admin.Do(t, setLimit, map[string]any{"max": 100, "when": models.EvictOldest}).MustDecode(t, &struct{}{})
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")

		const logins = 40
		seen := map[string]bool{}
		var tokens []string
		for range logins {
			c := srv.Client()
			res := apitest.LoginFull(t, c, member.Email, member.Password)
			var out struct{ Login apitest.LoginData }
			res.MustDecode(t, &out)
			tok := out.Login.Token
			tokens = append(tokens, tok)
			if seen[tok] {
				t.Errorf("login returned token %q twice", tok)
			}
			seen[tok] = true
		}

		t.Run("token format carries 256 random bits", func(t *testing.T) {
			for _, tok := range tokens {
				if !authTokenPattern.MatchString(tok) {
					t.Fatalf("token %q does not match sg_ + 43 base64url characters", tok)
				}
				raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(tok, "sg_"))
				if err != nil || len(raw) < 32 {
					t.Fatalf("token %q: %d random bytes (err %v), want >= 32", tok, len(raw), err)
				}
			}
			// 40 tokens of 256 random bits: every bit position varies across them (a constant bit
			// would survive by chance with probability 2^-39).
			var or, and [32]byte
			for i := range and {
				and[i] = 0xff
			}
			for _, tok := range tokens {
				raw, _ := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(tok, "sg_"))
				for i := range 32 {
					or[i] |= raw[i]
					and[i] &= raw[i]
				}
			}
			for i := range 32 {
				if or[i] != 0xff || and[i] != 0 {
					t.Fatalf("byte %d of the tokens never varies in some bits (or %08b, and %08b): not random", i, or[i], and[i])
				}
			}
		})

		t.Run("database holds only the SHA-256 hash", func(t *testing.T) {
			rows, err := srv.Store().Gorm().Raw("SELECT * FROM sessions").Rows()
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			cols, err := rows.Columns()
			if err != nil {
				t.Fatal(err)
			}
			hashes := map[string]bool{}
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				for i, v := range vals {
					var text []byte
					switch v := v.(type) {
					case []byte:
						text = v
					case string:
						text = []byte(v)
					default:
						text = []byte(fmt.Sprint(v))
					}
					if cols[i] == "token_hash" {
						hashes[string(text)] = true
					}
					for _, tok := range tokens {
						secret := strings.TrimPrefix(tok, "sg_")
						if bytes.Contains(text, []byte(secret)) {
							t.Errorf("column %s stores the token text", cols[i])
						}
						raw, _ := base64.RawURLEncoding.DecodeString(secret)
						if bytes.Contains(text, raw) {
							t.Errorf("column %s stores the token's raw bytes", cols[i])
						}
					}
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			for _, tok := range tokens {
				sum := sha256.Sum256([]byte(tok))
				if !hashes[string(sum[:])] {
					t.Errorf("no session row has token_hash = SHA-256(token %.8s...)", tok)
				}
			}
		})
	})
}

func TestLoginSetsASessionCookieAndBothCredentialsWork(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)

		browser := srv.Browser(t)
		browser.Header.Set("User-Agent", apitest.ChromeMacUA)
		res := apitest.LoginFull(t, browser, acc.Admin.Email, acc.Admin.Password)
		var out struct{ Login apitest.LoginData }
		res.MustDecode(t, &out)
		login := out.Login

		t.Run("cookie attributes", func(t *testing.T) {
			c := res.SessionCookie()
			if c == nil {
				t.Fatalf("login set no sg_session cookie; Set-Cookie: %q", res.Header.Values("Set-Cookie"))
			}
			if c.Value != login.Token {
				t.Errorf("cookie value %q, want the returned token", c.Value)
			}
			if !c.HttpOnly {
				t.Error("cookie is not HttpOnly")
			}
			if c.SameSite != http.SameSiteLaxMode {
				t.Errorf("cookie SameSite = %v, want Lax", c.SameSite)
			}
			if c.Path != "/" {
				t.Errorf("cookie Path = %q, want /", c.Path)
			}
			if c.MaxAge <= 0 && c.Expires.IsZero() {
				t.Errorf("cookie has no lifetime (Max-Age %d); a browser drops it at exit", c.MaxAge)
			}
		})

		credentials := []struct {
			name   string
			client *apitest.Client
		}{
			{"bearer token", srv.Bearer(login.Token)},
			{"lower-case bearer scheme", func() *apitest.Client {
				c := srv.Client()
				c.Header.Set("Authorization", "bearer "+login.Token)
				return c
			}()},
			{"cookie header", srv.CookieClient(login.Token)},
			{"cookie jar of the login", browser},
		}
		for _, cred := range credentials {
			t.Run(cred.name, func(t *testing.T) {
				var me apitest.MeFull
				cred.client.Do(t, apitest.QueryMeFull, nil).MustDecode(t, &me)
				if me.Me.Session.ID != login.Session.ID || me.Me.User.ID != acc.Admin.ID {
					t.Errorf("me = session %s user %s, want session %s user %s",
						me.Me.Session.ID, me.Me.User.ID, login.Session.ID, acc.Admin.ID)
				}
				if !me.Me.Session.IsCurrent {
					t.Error("me.session.isCurrent is false")
				}
			})
		}
		t.Run("no credentials", func(t *testing.T) {
			if code := srv.Client().Do(t, apitest.QueryMeFull, nil).Code(); code != "UNAUTHENTICATED" {
				t.Errorf("code %q, want UNAUTHENTICATED", code)
			}
		})
	})
}

func TestLoginPayloadDescribesTheSession(t *testing.T) {
	cases := []struct {
		name       string
		userAgent  string // "" sends no User-Agent header
		wantDevice *string
	}{
		{"chrome on macos", apitest.ChromeMacUA, ptr("Chrome 131 on macOS")},
		{"firefox on windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", ptr("Firefox 133 on Windows")},
		{"curl", "curl/8.5.0", ptr("curl 8")},
		{"unparseable agent", "asdfghjkl", nil},
		{"no agent", "", nil},
		// Stored cut to 512 bytes and as valid UTF-8 (PostgreSQL refuses anything else).
		{"oversized agent", "curl/8.5.0 " + strings.Repeat("x", 10_000), ptr("curl 8")},
		{"agent with bytes that are not UTF-8", "curl/8.5.0 (\xff\xfe)", ptr("curl 8")},
	}
	storedAgent := map[string]string{
		"oversized agent":                     "curl/8.5.0 " + strings.Repeat("x", 512-len("curl/8.5.0 ")),
		"agent with bytes that are not UTF-8": "curl/8.5.0 (\uFFFD)",
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				c := srv.Client()
				if tc.userAgent == "" {
					c.Header["User-Agent"] = []string{""} // net/http then sends none
				} else {
					c.Header.Set("User-Agent", tc.userAgent)
				}
				before := srv.Clock.Now().Add(-time.Second)
				login := apitest.MustLoginFull(t, c, acc.Admin.Email, acc.Admin.Password)
				after := srv.Clock.Now().Add(time.Second)
				s := login.Session

				if !s.IsCurrent {
					t.Error("session.isCurrent is false in the login payload")
				}
				if s.Status != "ACTIVE" {
					t.Errorf("status %q, want ACTIVE", s.Status)
				}
				if s.User.ID != acc.Admin.ID || login.User.ID != acc.Admin.ID {
					t.Errorf("session.user %s / user %s, want %s", s.User.ID, login.User.ID, acc.Admin.ID)
				}
				if s.LoginIP != "127.0.0.1" {
					t.Errorf("loginIp %q, want 127.0.0.1", s.LoginIP)
				}
				if apitest.Str(s.Device) != apitest.Str(tc.wantDevice) {
					t.Errorf("device %s, want %s", apitest.Str(s.Device), apitest.Str(tc.wantDevice))
				}
				wantUA := &tc.userAgent
				if stored, ok := storedAgent[tc.name]; ok {
					wantUA = &stored
				} else if tc.userAgent == "" {
					wantUA = nil
				}
				if apitest.Str(s.UserAgent) != apitest.Str(wantUA) {
					t.Errorf("userAgent %s, want %s", apitest.Str(s.UserAgent), apitest.Str(wantUA))
				}
				for field, v := range map[string]string{"loginAt": s.LoginAt, "lastActiveAt": s.LastActiveAt} {
					ts, err := time.Parse(time.RFC3339Nano, v)
					if err != nil {
						t.Errorf("%s %q is not RFC 3339: %v", field, v, err)
						continue
					}
					if ts.Before(before) || ts.After(after) {
						t.Errorf("%s %s is not the login time (%s .. %s)", field, ts, before, after)
					}
				}
			})
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestLoginRefusesBadCredentialsAlike(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")

		failures := []struct{ name, email, password string }{
			{"unknown email", "nobody@example.test", member.Password},
			{"wrong password", member.Email, member.Password + "x"},
			{"password of another user", member.Email, acc.Admin.Password},
			{"empty password", member.Email, ""},
			{"password differing in case", member.Email, strings.ToUpper(member.Password)},
		}
		var message string
		for _, tc := range failures {
			t.Run(tc.name, func(t *testing.T) {
				before := srv.Snapshot(t).String()
				res := apitest.LoginFull(t, srv.Client(), tc.email, tc.password)
				if res.Code() != "INVALID_CREDENTIALS" {
					t.Fatalf("code %q, want INVALID_CREDENTIALS (%s)", res.Code(), res.Body)
				}
				if message == "" {
					message = res.Errors[0].Message
				} else if res.Errors[0].Message != message {
					t.Errorf("message %q differs from %q: tells unknown emails from wrong passwords", res.Errors[0].Message, message)
				}
				if strings.Contains(strings.ToLower(res.Errors[0].Message), "not found") {
					t.Errorf("message %q reveals whether the email exists", res.Errors[0].Message)
				}
				if res.SessionCookie() != nil {
					t.Error("a failed login set the session cookie")
				}
				if after := srv.Snapshot(t).String(); after != before {
					t.Errorf("a failed login changed the database:\n%s\nthen\n%s", before, after)
				}
			})
		}

		successes := []struct{ name, email string }{
			{"exact email", member.Email},
			{"upper-case email", strings.ToUpper(member.Email)},
			{"mixed case with spaces", "  " + strings.ToUpper(member.Email[:1]) + member.Email[1:] + " "},
		}
		for _, tc := range successes {
			t.Run(tc.name, func(t *testing.T) {
				login := apitest.MustLoginFull(t, srv.Client(), tc.email, member.Password)
				if login.User.ID != member.ID {
					t.Errorf("logged in as %s, want %s", login.User.ID, member.ID)
				}
				if login.User.Email != member.Email {
					t.Errorf("user.email %q, want the stored %q", login.User.Email, member.Email)
				}
			})
		}
	})
}

func TestLogoutEndsTheSessionAtOnce(t *testing.T) {
	cases := []struct {
		name string
		// client returns the client to log out with and the one to retry with afterwards.
		client func(t *testing.T, srv *apitest.Server, u apitest.User) (logout, retry *apitest.Client, sessionID string)
	}{
		{"bearer", func(t *testing.T, srv *apitest.Server, u apitest.User) (*apitest.Client, *apitest.Client, string) {
			c := srv.Login(t, u)
			return c, srv.Bearer(c.Token), c.SessionID
		}},
		{"cookie", func(t *testing.T, srv *apitest.Server, u apitest.User) (*apitest.Client, *apitest.Client, string) {
			jar := srv.Browser(t)
			login := apitest.MustLoginFull(t, jar, u.Email, u.Password)
			return jar, srv.CookieClient(login.Token), login.Session.ID
		}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				u := srv.AddUser(t, acc, models.RoleMember, "Lou "+tc.name)
				logout, retry, id := tc.client(t, srv, u)

				res := logout.Do(t, `mutation { logout }`, nil)
				var out struct{ Logout bool }
				res.MustDecode(t, &out)
				if !out.Logout {
					t.Error("logout returned false")
				}
				c := res.SessionCookie()
				if c == nil {
					t.Error("logout did not clear the session cookie")
				} else if c.MaxAge >= 0 || c.Value != "" {
					t.Errorf("logout cookie: value %q Max-Age %d, want empty and < 0", c.Value, c.MaxAge)
				}
				if status, reason := srv.SessionStatus(t, id); status != "TERMINATED" || reason != "LOGOUT" {
					t.Errorf("stored session: %s %s, want TERMINATED LOGOUT", status, reason)
				}

				for _, client := range []*apitest.Client{retry, logout} {
					res := client.Do(t, apitest.QueryMeFull, nil)
					if res.Code() != "UNAUTHENTICATED" {
						t.Fatalf("after logout: code %q, want UNAUTHENTICATED (%s)", res.Code(), res.Body)
					}
				}
				if msg := retry.Do(t, apitest.QueryMeFull, nil).Errors[0].Message; !strings.Contains(msg, "LOGOUT") {
					t.Errorf("message %q does not say the session was logged out", msg)
				}
				var ended struct{ Session apitest.LoginSession }
				srv.Login(t, acc.Admin).Do(t, `query($id: ID!) { session(id: $id) { status endReason } }`,
					map[string]any{"id": id}).MustDecode(t, &ended)
				if ended.Session.Status != "TERMINATED" || apitest.Str(ended.Session.EndReason) != "LOGOUT" {
					t.Errorf("session as the admin sees it: %s %s", ended.Session.Status, apitest.Str(ended.Session.EndReason))
				}
			})
		}
	})
}

// Later root fields of the operation that ended the caller's own session must not keep acting as
// that session: its token is refused "once the mutation that ended it has returned".
func TestEndingTheOwnSessionStopsTheRestOfTheOperation(t *testing.T) {
	cases := []struct{ name, end string }{
		{"logout", `logout`},
		{"logoutSession of the own session", `logoutSession(id: $id) { id }`},
		{"terminateAllSessions without keepCurrent", `terminateAllSessions(input: {keepCurrent: false}) { terminatedCount }`},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				admin := srv.Login(t, acc.Admin)
				before := srv.Count(t, "users", "")
				params, vars := "", map[string]any(nil)
				if strings.Contains(tc.end, "$id") {
					params, vars = "($id: ID!)", map[string]any{"id": admin.SessionID}
				}
				query := fmt.Sprintf(`mutation%s { ended: %s
				  late: createUser(input: {name: "Late", email: "late%d@example.test", role: ADMIN, password: "password-123"}) { id } }`,
					params, tc.end, i)
				res := admin.Do(t, query, vars)
				if status, _ := srv.SessionStatus(t, admin.SessionID); status != "TERMINATED" {
					t.Fatalf("the first field did not end the session: %s", res.Body)
				}
				if n := srv.Count(t, "users", ""); n != before {
					t.Errorf("a field after the session ended created a user (%d -> %d): %s", before, n, res.Body)
				}
				if codes := res.Codes(); len(codes) != 1 || codes[0] != "UNAUTHENTICATED" {
					t.Errorf("codes %v, want [UNAUTHENTICATED] for the field after the session ended: %s", codes, res.Body)
				}
			})
		}
	})
}
