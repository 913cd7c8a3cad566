package resolvers_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/auth"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// wantForbidden fails unless res is FORBIDDEN with a message containing want.
func wantForbidden(t *testing.T, res apitest.Response, want string) {
	t.Helper()
	apitest.AssertCode(t, res, "FORBIDDEN")
	if len(res.Errors) > 0 && !strings.Contains(res.Errors[0].Message, want) {
		t.Errorf("message %q, want it to say %q", res.Errors[0].Message, want)
	}
}

// startWithKey starts a server (SQLite) with an account whose admin created a key with scopes.
func startWithKey(t *testing.T, scopes ...models.APIScope) (apitest.Account, *apitest.Client, apitest.APIKey) {
	t.Helper()
	srv := apitest.Start(t, testdb.Engines(t)[0].New(t), apitest.NoReaper)
	acc := srv.SeedAccount(t)
	admin := srv.Login(t, acc.Admin)
	return acc, admin, srv.CreateAPIKey(t, admin, scopes...)
}

// keyWorks fails unless key is accepted.
func keyWorks(t *testing.T, key apitest.APIKey, who string) {
	t.Helper()
	if res := key.Do(t, `{ viewer { kind } }`, nil); len(res.Errors) > 0 {
		t.Errorf("%s: refused (%v), want accepted", who, res.Codes())
	}
}

// A key is created once with its secret, works within its scopes only, is no session, answers
// `viewer` (and not `me`), shows its last use, and stops at once when revoked.
func TestAPIKeyLifecycle(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.NoReaper)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		key := srv.CreateAPIKey(t, admin, models.ScopeSessionsRead, models.ScopeSessionsWrite)
		if !strings.HasPrefix(key.Secret, "sgk_") || len(key.Secret) != 47 {
			t.Fatalf("secret %q: want sgk_ and 43 characters", key.Secret)
		}

		var sessions struct{ Sessions struct{ TotalCount int } }
		key.Do(t, `{ sessions { totalCount } }`, nil).MustDecode(t, &sessions)
		if sessions.Sessions.TotalCount != 1 {
			t.Errorf("the key sees %d sessions, want only the admin's: a key is no session", sessions.Sessions.TotalCount)
		}
		wantForbidden(t, key.Do(t, `{ users { totalCount } }`, nil), "this API key lacks the USERS_READ scope")
		wantForbidden(t, key.Do(t, `{ auditEvents { totalCount } }`, nil), "lacks the AUDIT_READ scope")
		wantForbidden(t, key.Do(t, `{ me { user { id } } }`, nil), "`viewer`")
		for name, people := range map[string]string{
			"mySessions":     `{ mySessions { totalCount } }`,
			"logout":         `mutation { logout }`,
			"changePassword": `mutation { changePassword(input: {currentPassword: "x", newPassword: "y"}) }`,
			"createApiKey":   `mutation { createApiKey(input: {name: "k", scopes: [USERS_READ]}) { secret } }`,
			"apiKeys":        `{ apiKeys { nodes { id } } }`,
			"webhooks":       `{ webhooks { id } }`,
			"login":          `mutation { login(input: {email: "a@example.com", password: "x"}) { token } }`,
		} {
			t.Run(name, func(t *testing.T) { wantForbidden(t, key.Do(t, people, nil), "API keys cannot do this") })
		}

		var viewer struct {
			Viewer struct {
				Kind    string
				User    *struct{ ID string }
				APIKey  struct{ ID string } `json:"apiKey"`
				Scopes  []string
				Account struct{ ID string }
			}
		}
		key.Do(t, `{ viewer { kind user { id } apiKey { id } scopes account { id } } }`, nil).MustDecode(t, &viewer)
		v := viewer.Viewer
		if v.Kind != "API_KEY" || v.User != nil || v.APIKey.ID != key.ID || v.Account.ID != acc.ID ||
			strings.Join(v.Scopes, ",") != "SESSIONS_READ,SESSIONS_WRITE" {
			t.Errorf("viewer of the key: %+v", v)
		}
		admin.Do(t, `{ viewer { kind user { id } scopes } }`, nil).MustDecode(t, &viewer)
		if viewer.Viewer.Kind != "PERSON" || viewer.Viewer.User == nil || viewer.Viewer.User.ID != acc.Admin.ID {
			t.Errorf("viewer of a person: %+v", viewer.Viewer)
		}

		if err := srv.Store().FlushAPIKeyUsage(t.Context()); err != nil {
			t.Fatal(err)
		}
		var list struct {
			APIKeys struct {
				Nodes []struct {
					ID, Prefix string
					LastUsedAt *string
					LastUsedIP *string `json:"lastUsedIp"`
					Active     bool
					CreatedBy  struct{ ID string }
				}
			} `json:"apiKeys"`
		}
		admin.Do(t, `{ apiKeys { nodes { id prefix lastUsedAt lastUsedIp active createdBy { id } } } }`, nil).MustDecode(t, &list)
		if n := list.APIKeys.Nodes; len(n) != 1 || n[0].ID != key.ID || n[0].LastUsedAt == nil || n[0].LastUsedIP == nil ||
			!n[0].Active || n[0].CreatedBy.ID != acc.Admin.ID || !strings.HasPrefix(key.Secret, n[0].Prefix) {
			t.Errorf("apiKeys: %+v", n)
		}

		var revoked struct {
			RevokeAPIKey struct {
				RevokedAt *string
				Active    bool
			} `json:"revokeApiKey"`
		}
		admin.Do(t, `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt active } }`, map[string]any{"id": key.ID}).MustDecode(t, &revoked)
		if revoked.RevokeAPIKey.RevokedAt == nil || revoked.RevokeAPIKey.Active {
			t.Errorf("revoked key: %+v", revoked.RevokeAPIKey)
		}
		res := key.Do(t, `{ viewer { kind } }`, nil)
		apitest.AssertCode(t, res, "UNAUTHENTICATED")

		// Never on a cookie: a key in the session cookie authenticates nothing.
		cookie := srv.Client()
		cookie.Header.Set("Cookie", auth.SessionCookie+"="+srv.CreateAPIKey(t, admin, models.ScopeSessionsRead).Secret)
		apitest.AssertCode(t, cookie.Do(t, `{ viewer { kind } }`, nil), "UNAUTHENTICATED")
	})
}

// createApiKey names each bad field, and only administrators may create keys.
func TestCreateAPIKeyValidation(t *testing.T) {
	t.Parallel()
	srv := apitest.Start(t, testdb.Engines(t)[0].New(t), apitest.NoReaper)
	acc := srv.SeedAccount(t)
	admin := srv.Login(t, acc.Admin)
	member := srv.Login(t, srv.AddUser(t, acc, models.RoleMember, "Mia Member"))
	for _, c := range []struct {
		name, field string
		in          map[string]any
	}{
		{"empty name", "name", map[string]any{"name": "  ", "scopes": []string{"USERS_READ"}}},
		{"long name", "name", map[string]any{"name": strings.Repeat("k", 101), "scopes": []string{"USERS_READ"}}},
		{"no scope", "scopes", map[string]any{"name": "k", "scopes": []string{}}},
		{"a scope twice", "scopes", map[string]any{"name": "k", "scopes": []string{"USERS_READ", "USERS_READ"}}},
		{"no days", "expiresInDays", map[string]any{"name": "k", "scopes": []string{"USERS_READ"}, "expiresInDays": 0}},
		{"too many days", "expiresInDays", map[string]any{"name": "k", "scopes": []string{"USERS_READ"}, "expiresInDays": 3651}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := admin.Do(t, apitest.MutationCreateAPIKey, map[string]any{"in": c.in})
			apitest.AssertCode(t, res, "BAD_USER_INPUT")
			if len(res.Errors) > 0 && res.Errors[0].Extensions["field"] != c.field {
				t.Errorf("field %v, want %s", res.Errors[0].Extensions["field"], c.field)
			}
		})
	}
	res := member.Do(t, apitest.MutationCreateAPIKey, map[string]any{"in": map[string]any{"name": "k", "scopes": []string{"USERS_READ"}}})
	apitest.AssertCode(t, res, "FORBIDDEN")
	var list struct {
		APIKeys struct{ Nodes []struct{ ID string } } `json:"apiKeys"`
	}
	admin.Do(t, `{ apiKeys { nodes { id } } }`, nil).MustDecode(t, &list)
	if len(list.APIKeys.Nodes) != 0 {
		t.Errorf("refused creations left keys: %v", list.APIKeys.Nodes)
	}
}

// A key acts for its own account only: another account's sessions, users and keys are not
// found, and nothing changes. What it does end is attributed to it.
func TestAPIKeyTenantIsolation(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		key := w.Srv.CreateAPIKey(t, w.AdminA2, models.APIScopes...)
		before := w.Srv.Snapshot(t)
		for _, c := range []struct {
			name, query string
			vars        map[string]any
			code        string
		}{
			{"end another account's session", apitest.MutationLogoutSession, map[string]any{"id": w.MemberB1.SessionID}, "NOT_FOUND"},
			{"end another account's user's sessions", apitest.MutationTerminateAll,
				map[string]any{"in": map[string]any{"userId": w.MemberB.ID}}, "NOT_FOUND"},
			{"rename another account's user", `mutation($id: ID!) { updateUser(id: $id, input: {name: "X"}) { id } }`,
				map[string]any{"id": w.MemberB.ID}, "NOT_FOUND"},
			{"deactivate another account's user", `mutation($id: ID!) { deactivateUser(id: $id) { id } }`,
				map[string]any{"id": w.MemberB.ID}, "NOT_FOUND"},
			{"reset another account's user's password", `mutation($id: ID!) { resetUserPassword(id: $id, newPassword: "correct horse battery") { id } }`,
				map[string]any{"id": w.AdminB.ID}, "NOT_FOUND"},
		} {
			t.Run(c.name, func(t *testing.T) { apitest.AssertCode(t, key.Do(t, c.query, c.vars), c.code) })
		}
		var read struct {
			Session  *struct{ ID string }
			Sessions struct{ Nodes []struct{ ID string } }
		}
		key.Do(t, `query($id: ID!) { session(id: $id) { id } sessions(first: 100) { nodes { id } } }`,
			map[string]any{"id": w.AdminB1.SessionID}).MustDecode(t, &read)
		var seen []string
		for _, n := range read.Sessions.Nodes {
			seen = append(seen, n.ID)
		}
		if read.Session != nil || !apitest.SameSet(seen, w.SessionsOfA) {
			t.Errorf("the key read %v and listed %v, want null and only account A's", read.Session, seen)
		}
		apitest.AssertUnchanged(t, before, w.Srv.Snapshot(t))

		var ended struct {
			LogoutSession struct {
				EndReason     string
				EndedBy       *struct{ ID string }
				EndedByAPIKey *struct{ ID string } `json:"endedByApiKey"`
			}
		}
		key.Do(t, `mutation($id: ID!) { logoutSession(id: $id) { endReason endedBy { id } endedByApiKey { id } } }`,
			map[string]any{"id": w.MemberA1.SessionID}).MustDecode(t, &ended)
		if e := ended.LogoutSession; e.EndReason != "ADMIN_LOGOUT" || e.EndedBy != nil || e.EndedByAPIKey == nil || e.EndedByAPIKey.ID != key.ID {
			t.Errorf("session the key ended: %+v", e)
		}
		var audit struct {
			AuditEvents struct {
				Nodes []struct {
					Actor  *struct{ ID string }
					APIKey *struct{ ID string } `json:"apiKey"`
				}
			}
		}
		key.Do(t, `{ auditEvents(first: 1, filter: {actions: [SESSIONS_ENDED]}) { nodes { actor { id } apiKey { id } } } }`, nil).MustDecode(t, &audit)
		if n := audit.AuditEvents.Nodes; len(n) != 1 || n[0].Actor != nil || n[0].APIKey == nil || n[0].APIKey.ID != key.ID {
			t.Errorf("audit entry of the key's logout: %+v", n)
		}
		apitest.AssertCode(t, w.AdminB1.Do(t, `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, map[string]any{"id": key.ID}), "NOT_FOUND")
		keyWorks(t, key, "the key after another account tried to revoke it")
	})
}

// Each key has its own budget; over it, RATE_LIMITED with status 429 and Retry-After, and the
// operation does not run.
func TestAPIKeyRateLimit(t *testing.T) {
	t.Parallel()
	srv := apitest.Start(t, testdb.Engines(t)[0].New(t), apitest.NoReaper, func(c *app.Config) {
		c.APIKeyRate = auth.KeyRate{PerSecond: 0.001, Burst: 2}
	})
	acc := srv.SeedAccount(t)
	admin := srv.Login(t, acc.Admin)
	key := srv.CreateAPIKey(t, admin, models.ScopeSessionsWrite)
	other := srv.CreateAPIKey(t, admin, models.ScopeSessionsWrite)
	for range 2 {
		keyWorks(t, key, "the key within its burst")
	}
	res := key.Do(t, apitest.MutationTerminateAll, map[string]any{"in": map[string]any{"keepCurrent": false}})
	apitest.AssertCode(t, res, "RATE_LIMITED")
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("status %d, Retry-After %q; want 429 and a delay", res.Status, res.Header.Get("Retry-After"))
	}
	apitest.AssertWorks(t, admin, "the admin's session, which the refused request would have ended")
	keyWorks(t, other, "another key")
}

// The key's secret is in no answer but createApiKey's.
func TestAPIKeySecretShownOnce(t *testing.T) {
	t.Parallel()
	_, admin, key := startWithKey(t, models.ScopeAuditRead)
	for _, q := range []string{
		`{ apiKeys { nodes { id name prefix scopes } } }`,
		`{ auditEvents { nodes { action details apiKey { id prefix } } } }`,
	} {
		res := admin.Do(t, q, nil)
		var any json.RawMessage
		res.MustDecode(t, &any)
		if strings.Contains(string(res.Body), key.Secret) || strings.Contains(string(res.Body), key.Secret[8:]) {
			t.Errorf("%s shows the secret: %s", q, res.Body)
		}
	}
}

// A key that reads the audit log but not sessions gets the entries, their actor sessions null.
func TestAPIKeyReadsAuditWithoutSessions(t *testing.T) {
	t.Parallel()
	acc, _, key := startWithKey(t, models.ScopeAuditRead)
	var out struct {
		AuditEvents struct {
			Nodes []struct {
				Action       string
				Actor        *struct{ ID string }
				ActorSession *struct{ ID string }
			}
		}
	}
	key.Do(t, `{ auditEvents(filter: {actions: [API_KEY_CREATED]}) { nodes { action actor { id } actorSession { id } } } }`, nil).MustDecode(t, &out)
	if n := out.AuditEvents.Nodes; len(n) != 1 || n[0].Actor == nil || n[0].Actor.ID != acc.Admin.ID || n[0].ActorSession != nil {
		t.Errorf("API_KEY_CREATED entries seen by an AUDIT_READ key: %+v; want the admin as actor, no session", n)
	}
}
