package app_test

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

const httpGraphQLResponse = "application/graphql-response+json"

// httpEnvelope decodes a raw GraphQL response body, telling an absent data key from data: null.
type httpEnvelope struct {
	Errors []apitest.Error `json:"errors"`
	hasKey map[string]bool
	data   string // the raw data entry; "" when absent
}

func httpDecode(t testing.TB, body []byte) httpEnvelope {
	t.Helper()
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(body, &keys); err != nil {
		t.Fatalf("response is not a JSON object: %s", body)
	}
	var env httpEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	env.hasKey = map[string]bool{}
	for k := range keys {
		env.hasKey[k] = true
	}
	env.data = string(keys["data"])
	return env
}

func (e httpEnvelope) code() string {
	if len(e.Errors) == 0 {
		return ""
	}
	c, _ := e.Errors[0].Extensions["code"].(string)
	return c
}

func httpMediaType(h http.Header) string {
	mt, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	return mt
}

func TestGraphQLOverHTTPMethodsAndMediaTypes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		bearer := func(h http.Header) http.Header {
			h = h.Clone()
			if h == nil {
				h = http.Header{}
			}
			h.Set("Authorization", "Bearer "+admin.Token)
			return h
		}
		json := http.Header{"Content-Type": {"application/json"}}
		gqlResp := http.Header{"Content-Type": {"application/json"}, "Accept": {httpGraphQLResponse}}

		cases := []struct {
			name        string
			method      string
			path        string
			header      http.Header
			body        string
			wantStatus  int
			wantType    string
			wantCode    string // first error's extensions.code; "" for none
			wantData    string // "absent", "null" or "present"
			wantAllow   string
			wantUsersIn int // users created by the request
		}{
			{"GET query", http.MethodGet, apitest.GetPath(`{ me { user { id } } }`, nil), bearer(nil), "",
				200, "application/json", "", "present", "", 0},
			{"GET query with variables", http.MethodGet, apitest.GetPath(`query($f: Int) { mySessions(first: $f) { totalCount } }`, map[string]any{"f": 5}), bearer(nil), "",
				200, "application/json", "", "present", "", 0},
			{"GET query asking for graphql-response+json", http.MethodGet, apitest.GetPath(`{ me { user { id } } }`, nil), bearer(http.Header{"Accept": {httpGraphQLResponse}}), "",
				200, httpGraphQLResponse, "", "present", "", 0},
			{"GET mutation is not executed", http.MethodGet, apitest.GetPath(`mutation { createUser(input: {name: "G", email: "get@acme.test", role: ADMIN, password: "password-123"}) { id } }`, nil), bearer(nil), "",
				405, "application/json", "METHOD_NOT_ALLOWED", "absent", "POST", 0},
			{"GET mutation logout is not executed", http.MethodGet, apitest.GetPath(`mutation { logout }`, nil), bearer(http.Header{"Accept": {httpGraphQLResponse}}), "",
				405, httpGraphQLResponse, "METHOD_NOT_ALLOWED", "absent", "POST", 0},
			{"POST text/plain", http.MethodPost, "/graphql", bearer(http.Header{"Content-Type": {"text/plain"}}),
				`{"query":"mutation { createUser(input: {name: \"T\", email: \"plain@acme.test\", role: ADMIN, password: \"password-123\"}) { id } }"}`,
				415, "application/json", "UNSUPPORTED_MEDIA_TYPE", "absent", "", 0},
			{"POST form", http.MethodPost, "/graphql", bearer(http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}),
				`query=mutation+%7B+logout+%7D`, 415, "application/json", "UNSUPPORTED_MEDIA_TYPE", "absent", "", 0},
			{"PUT", http.MethodPut, "/graphql", bearer(json), `{"query":"{ me { user { id } } }"}`,
				405, "application/json", "METHOD_NOT_ALLOWED", "absent", "GET, POST", 0},
			{"POST mutation works", http.MethodPost, "/graphql", bearer(json),
				`{"query":"mutation { createUser(input: {name: \"P\", email: \"post@acme.test\", role: MEMBER, password: \"password-123\"}) { id } }"}`,
				200, "application/json", "", "present", "", 1},
			{"POST with graphql-response+json", http.MethodPost, "/graphql", bearer(gqlResp), `{"query":"{ me { user { id } } }"}`,
				200, httpGraphQLResponse, "", "present", "", 0},
			{"validation error as graphql-response+json", http.MethodPost, "/graphql", bearer(gqlResp), `{"query":"{ me { nope } }"}`,
				400, httpGraphQLResponse, "GRAPHQL_VALIDATION_FAILED", "absent", "", 0},
			{"parse error as graphql-response+json", http.MethodPost, "/graphql", bearer(gqlResp), `{"query":"{ me { "}`,
				400, httpGraphQLResponse, "GRAPHQL_PARSE_FAILED", "absent", "", 0},
			{"validation error as application/json", http.MethodPost, "/graphql", bearer(json), `{"query":"{ me { nope } }"}`,
				200, "application/json", "GRAPHQL_VALIDATION_FAILED", "absent", "", 0},
			{"malformed JSON body", http.MethodPost, "/graphql", bearer(gqlResp), `{"query":`,
				400, httpGraphQLResponse, "", "absent", "", 0},
			{"unauthenticated field error as graphql-response+json", http.MethodPost, "/graphql", gqlResp, `{"query":"{ me { user { id } } }"}`,
				200, httpGraphQLResponse, "UNAUTHENTICATED", "null", "", 0},
			{"unauthenticated field error as application/json", http.MethodPost, "/graphql", json, `{"query":"{ me { user { id } } }"}`,
				200, "application/json", "UNAUTHENTICATED", "null", "", 0},
			{"unauthenticated mutation as graphql-response+json", http.MethodPost, "/graphql", gqlResp,
				`{"query":"mutation { createUser(input: {name: \"U\", email: \"unauth@acme.test\", role: ADMIN, password: \"password-123\"}) { id } }"}`,
				200, httpGraphQLResponse, "UNAUTHENTICATED", "null", "", 0},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				users := srv.Count(t, "users", "")
				status, header, body := srv.Raw(t, tc.method, tc.path, tc.header, tc.body)
				if status != tc.wantStatus {
					t.Errorf("status %d, want %d: %s", status, tc.wantStatus, body)
				}
				if mt := httpMediaType(header); mt != tc.wantType {
					t.Errorf("Content-Type %q, want %q", mt, tc.wantType)
				}
				if tc.wantAllow != "" && header.Get("Allow") != tc.wantAllow {
					t.Errorf("Allow %q, want %q", header.Get("Allow"), tc.wantAllow)
				}
				env := httpDecode(t, body)
				if env.code() != tc.wantCode && tc.wantCode != "" {
					t.Errorf("code %q, want %q: %s", env.code(), tc.wantCode, body)
				}
				if tc.wantCode == "" && tc.wantStatus == 200 && len(env.Errors) > 0 {
					t.Errorf("unexpected errors: %s", body)
				}
				if tc.wantStatus >= 400 && len(env.Errors) == 0 {
					t.Errorf("an error status without errors: %s", body)
				}
				switch tc.wantData {
				case "absent":
					if env.hasKey["data"] {
						t.Errorf("response has a data key, want none: %s", body)
					}
				case "null":
					if !env.hasKey["data"] || env.data != "null" {
						t.Errorf("data is not null: %s", body)
					}
				case "present":
					if !env.hasKey["data"] || env.data == "null" {
						t.Errorf("no data: %s", body)
					}
				}
				if n := srv.Count(t, "users", ""); n != users+int64(tc.wantUsersIn) {
					t.Errorf("users %d -> %d, want %d created", users, n, tc.wantUsersIn)
				}
			})
		}
		// After everything above (including the GET logout), the admin's session is alive.
		if status, _ := srv.SessionStatus(t, admin.SessionID); status != "ACTIVE" {
			t.Errorf("admin session %s after the requests above", status)
		}
	})
}

func TestCookieAuthenticatedMutationsAreProtectedAgainstCSRF(t *testing.T) {
	const allowed = "https://console.acme.test"
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL, func(c *app.Config) { c.AllowedOrigins = []string{allowed} })
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		u, _ := url.Parse(srv.URL)
		cases := []struct {
			name       string
			cookie     bool // authenticate with the cookie, else with the bearer token
			origin     string
			method     string
			wantStatus int
			wantDone   bool // the mutation ran
		}{
			{"cookie, foreign origin", true, "https://evil.example", http.MethodPost, 403, false},
			{"cookie, foreign origin posing as the host's subdomain", true, "http://evil." + u.Host, http.MethodPost, 403, false},
			{"cookie, same host on another port", true, "http://" + u.Hostname() + ":1", http.MethodPost, 403, false},
			{"cookie, opaque origin", true, "null", http.MethodPost, 403, false},
			{"cookie, same origin", true, srv.URL, http.MethodPost, 200, true},
			{"cookie, allowed origin", true, allowed, http.MethodPost, 200, true},
			{"cookie, allowed origin in another case", true, strings.ToUpper(allowed), http.MethodPost, 200, true},
			{"cookie, no origin (not a browser)", true, "", http.MethodPost, 200, true},
			{"bearer, foreign origin", false, "https://evil.example", http.MethodPost, 200, true},
		}
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				email := fmt.Sprintf("csrf%d@acme.test", i)
				h := http.Header{"Content-Type": {"application/json"}}
				if tc.cookie {
					h.Set("Cookie", "sg_session="+admin.Token)
				} else {
					h.Set("Authorization", "Bearer "+admin.Token)
				}
				if tc.origin != "" {
					h.Set("Origin", tc.origin)
				}
				before := srv.Snapshot(t).String()
				body := apitest.GraphQLBody(t, apitest.MutationCreateUser, map[string]any{"n": "C", "e": email, "r": "ADMIN", "p": "password-123"})
				status, _, raw := srv.Raw(t, tc.method, "/graphql", h, body)
				if status != tc.wantStatus {
					t.Errorf("status %d, want %d: %s", status, tc.wantStatus, raw)
				}
				env := httpDecode(t, raw)
				done := srv.Count(t, "users", "email = ?", email) == 1
				if done != tc.wantDone {
					t.Errorf("mutation ran: %v, want %v: %s", done, tc.wantDone, raw)
				}
				if !tc.wantDone {
					if env.code() != "FORBIDDEN" || env.hasKey["data"] {
						t.Errorf("refusal: code %q, data key %v, want FORBIDDEN without data", env.code(), env.hasKey["data"])
					}
					if after := srv.Snapshot(t).String(); after != before {
						t.Errorf("a refused cross-site request changed the database")
					}
				}
			})
		}
		t.Run("cookie, foreign origin, logout", func(t *testing.T) {
			h := http.Header{"Content-Type": {"application/json"}, "Cookie": {"sg_session=" + admin.Token}, "Origin": {"https://evil.example"}}
			if status, _, raw := srv.Raw(t, http.MethodPost, "/graphql", h, `{"query":"mutation { logout }"}`); status != 403 {
				t.Errorf("status %d, want 403: %s", status, raw)
			}
			if status, _ := srv.SessionStatus(t, admin.SessionID); status != "ACTIVE" {
				t.Errorf("a cross-site logout ended the session (%s)", status)
			}
		})
		t.Run("cookie, foreign origin, GET query is readable only by the page's own origin", func(t *testing.T) {
			// GET is safe (no side effects); the browser's CORS policy keeps the answer from evil.example.
			h := http.Header{"Cookie": {"sg_session=" + admin.Token}, "Origin": {"https://evil.example"}}
			status, header, raw := srv.Raw(t, http.MethodGet, apitest.GetPath(`{ me { user { id } } }`, nil), h, "")
			if status != 200 {
				t.Errorf("status %d: %s", status, raw)
			}
			if acao := header.Get("Access-Control-Allow-Origin"); acao == "*" || acao == "https://evil.example" {
				t.Errorf("Access-Control-Allow-Origin %q lets another site read the answer", acao)
			}
		})
	})
}

func TestQueryCostLimitsRefuseBeforeExecution(t *testing.T) {
	// Only introspection nests deep enough to test depth against the schema (its limit is 20,
	// for GraphiQL's 15 levels); the schema's own types are too shallow for their limit of 12.
	ofTypes := func(n int) string { // "ofType { ofType { ... name } }" n levels deep
		return strings.Repeat("ofType { ", n) + "name" + strings.Repeat(" }", n)
	}
	deepInline := `{ __schema { types { fields { type { ` + ofTypes(16) + ` } } } } }` // depth 21
	deepFragments := `query { __schema { ...S } }
fragment S on __Schema { types { ...T } }
fragment T on __Type { fields { type { ...R } } }
fragment R on __Type { ` + ofTypes(16) + ` }`
	deepInlineFragments := `{ __schema { ... on __Schema { types { ... on __Type { fields { type { ` + ofTypes(16) + ` } } } } } } }`
	atTheLimit := `{ __schema { types { fields { type { ` + ofTypes(15) + ` } } } } }` // depth 20
	page := `sessions(first: 100) { totalCount nodes { id loginIp user { id name email account { id name } } endedBy { id name account { id } } } }`
	manyPages := func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, " p%d: %s", i, page)
		}
		b.WriteString(" }")
		return b.String()
	}
	manyCreates := func(n int) string {
		var b strings.Builder
		b.WriteString(`mutation($in: CreateUserInput!) {`)
		for i := range n {
			fmt.Fprintf(&b, " u%d: createUser(input: $in) { ...U }", i)
		}
		b.WriteString(" } fragment U on User { id name email role activeSessionCount account { id name } }")
		return b.String()
	}
	cases := []struct {
		name     string
		query    string
		wantCode string // "" when the query must run
	}{
		{"deep introspection", deepInline, "QUERY_TOO_DEEP"},
		{"deep through named fragments", deepFragments, "QUERY_TOO_DEEP"},
		{"deep through inline fragments", deepInlineFragments, "QUERY_TOO_DEEP"},
		{"depth at the limit is fine", atTheLimit, ""},
		{"one full page of sessions is fine", "{ " + page + " }", ""},
		{"many aliased pages", manyPages(10), "COMPLEXITY_LIMIT_EXCEEDED"},
		{"many aliased mutations", manyCreates(1200), "COMPLEXITY_LIMIT_EXCEEDED"},
	}
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		srv.AddUser(t, acc, models.RoleMember, "Mo Member")
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				for _, accept := range []string{"application/json", httpGraphQLResponse} {
					before := srv.Snapshot(t).String()
					h := http.Header{"Content-Type": {"application/json"}, "Accept": {accept}, "Authorization": {"Bearer " + admin.Token}}
					vars := map[string]any{"in": map[string]any{"name": "Many", "email": "many@acme.test", "role": "MEMBER", "password": "password-123"}}
					status, _, raw := srv.Raw(t, http.MethodPost, "/graphql", h, apitest.GraphQLBody(t, tc.query, vars))
					env := httpDecode(t, raw)
					if tc.wantCode == "" {
						if status != 200 || len(env.Errors) > 0 {
							t.Errorf("%s: status %d: %.300s", accept, status, raw)
						}
						continue
					}
					if env.code() != tc.wantCode {
						t.Errorf("%s: code %q, want %q: %.300s", accept, env.code(), tc.wantCode, raw)
					}
					if env.hasKey["data"] {
						t.Errorf("%s: a refused operation has a data key: it ran (%.300s)", accept, raw)
					}
					wantStatus := 200
					if accept == httpGraphQLResponse {
						wantStatus = 400
					}
					if status != wantStatus {
						t.Errorf("%s: status %d, want %d", accept, status, wantStatus)
					}
					if after := srv.Snapshot(t).String(); after != before {
						t.Errorf("%s: a refused operation changed the database", accept)
					}
				}
			})
		}
	})
}

func TestHealthz(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL)
		cases := []struct {
			name       string
			method     string
			wantStatus int
			wantBody   string
		}{
			{"GET", http.MethodGet, 200, "ok"},
			{"POST is not a health check", http.MethodPost, 405, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				status, _, body := srv.Raw(t, tc.method, "/healthz", nil, "")
				if status != tc.wantStatus {
					t.Errorf("status %d, want %d", status, tc.wantStatus)
				}
				if tc.wantBody != "" && strings.TrimSpace(string(body)) != tc.wantBody {
					t.Errorf("body %q, want %q", body, tc.wantBody)
				}
			})
		}
	})
}

// gqlgen's complexity calculation skips every __schema selection, so without a limit of its own an
// anonymous caller can ask for the whole schema hundreds of times in one small request.
func TestManyAliasedIntrospectionsAreRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 300 {
		fmt.Fprintf(&b, " s%d: __schema { types { name fields { name args { name } } } }", i)
	}
	b.WriteString(" }")
	query := b.String()
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL)
		for _, accept := range []string{"application/json", httpGraphQLResponse} {
			t.Run(accept, func(t *testing.T) {
				h := http.Header{"Content-Type": {"application/json"}, "Accept": {accept}}
				status, _, raw := srv.Raw(t, http.MethodPost, "/graphql", h, apitest.GraphQLBody(t, query, nil))
				env := httpDecode(t, raw)
				if env.code() == "" || env.hasKey["data"] {
					t.Errorf("status %d, %d bytes, code %q: 300 introspections ran", status, len(raw), env.code())
				}
			})
		}
	})
}
