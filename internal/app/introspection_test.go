package app_test

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/apperr"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
)

// The queries that read the schema, and one that only names a type (which is not introspection).
const (
	introSchema   = `{ __schema { queryType { name } } }`
	introType     = `{ __type(name: "Session") { fields { name } } }`
	introFragment = `query { ...Q } fragment Q on Query { ... on Query { __schema { types { name } } } }`
	introTypename = `{ __typename }`
)

// introRead runs query with c over POST and over GET and returns both answers.
func introRead(t *testing.T, srv *apitest.Server, c *apitest.Client, query string) []apitest.Response {
	t.Helper()
	post := c.Do(t, query, nil)
	req, err := http.NewRequest(http.MethodGet, srv.URL+apitest.GetPath(query, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	return []apitest.Response{post, c.Send(t, req)}
}

// introCheck asserts that res read the schema (allowed) or was refused with INTROSPECTION_DISABLED
// before anything ran.
func introCheck(t *testing.T, res apitest.Response, allowed bool, wantMessage string) {
	t.Helper()
	if allowed {
		if len(res.Errors) > 0 || !res.HasData || string(res.Data) == "null" {
			t.Errorf("introspection refused: %s", res.Body)
		}
		return
	}
	if res.Code() != "INTROSPECTION_DISABLED" || res.HasData {
		t.Errorf("code %q (data present: %v), want INTROSPECTION_DISABLED without data: %s", res.Code(), res.HasData, res.Body)
		return
	}
	if !strings.Contains(res.Errors[0].Message, wantMessage) {
		t.Errorf("message %q, want it to say %q", res.Errors[0].Message, wantMessage)
	}
}

// Introspection needs a valid session unless INTROSPECTION=public, and nobody gets it with
// INTROSPECTION=off. __typename is not introspection: clients such as urql add it everywhere.
func TestIntrospectionNeedsASessionByDefault(t *testing.T) {
	const logIn = "log in"
	modes := []struct {
		mode                     app.IntrospectionMode
		anonymous, authenticated bool
		message                  string
	}{
		{"", false, true, logIn}, // the default
		{app.IntrospectionAuthenticated, false, true, logIn},
		{app.IntrospectionPublic, true, true, ""},
		{app.IntrospectionOff, false, false, "disabled on this server"},
	}
	testdb.Each(t, func(t *testing.T, dbURL string) {
		for _, m := range modes {
			name := string(m.mode)
			if name == "" {
				name = "default"
			}
			t.Run(name, func(t *testing.T) {
				srv := apitest.Start(t, dbURL, func(c *app.Config) { c.Introspection = m.mode })
				acc := srv.SeedAccount(t)
				admin := srv.Login(t, acc.Admin)
				callers := []struct {
					name    string
					client  *apitest.Client
					allowed bool
				}{
					{"anonymous", srv.Client(), m.anonymous},
					{"with an unknown token", srv.Bearer(strings.Repeat("x", 43)), m.anonymous},
					{"with a bearer token", admin, m.authenticated},
					{"with the session cookie", srv.CookieClient(admin.Token), m.authenticated},
				}
				for _, c := range callers {
					t.Run(c.name, func(t *testing.T) {
						for _, q := range []string{introSchema, introType, introFragment} {
							for _, res := range introRead(t, srv, c.client, q) {
								introCheck(t, res, c.allowed, m.message)
							}
						}
						for _, res := range introRead(t, srv, c.client, introTypename) {
							var out struct {
								Typename string `json:"__typename"`
							}
							if res.MustDecode(t, &out); out.Typename != "Query" {
								t.Errorf("__typename %q, want Query", out.Typename)
							}
						}
					})
				}
			})
		}
	})
}

// A websocket is authenticated at connection_init, not by the upgrade request: a socket that
// presented its token there may introspect (unless INTROSPECTION=off), on both protocols.
func TestIntrospectionOverWebsockets(t *testing.T) {
	apitest.EachProtocol(t, func(t *testing.T, proto, dbURL string) {
		for _, tc := range []struct {
			mode    app.IntrospectionMode
			allowed bool
		}{{app.IntrospectionAuthenticated, true}, {app.IntrospectionOff, false}} {
			t.Run(string(tc.mode), func(t *testing.T) {
				srv := apitest.StartLive(t, dbURL, func(c *app.Config) { c.Introspection = tc.mode })
				admin := srv.Login(t, srv.SeedAccount(t).Admin)
				conn := srv.Dial(t, proto, admin.Token)
				for _, q := range []string{introSchema, introTypename} {
					ch, err := conn.Subscribe(q, nil)
					if err != nil {
						t.Fatal(err)
					}
					res, ok := wstest.Next(t, ch, apitest.Wait)
					if !ok {
						t.Fatalf("%s: no answer", q)
					}
					allowed := tc.allowed || q == introTypename
					if allowed && (len(res.Errors) > 0 || len(res.Data) == 0 || string(res.Data) == "null") {
						t.Errorf("%s: refused: %+v", q, res)
					}
					if !allowed && res.Code() != "INTROSPECTION_DISABLED" {
						t.Errorf("%s: code %q, want INTROSPECTION_DISABLED: %+v %s", q, res.Code(), res.Errors, res.Data)
					}
				}
			})
		}
	})
}

func TestParseIntrospectionMode(t *testing.T) {
	cases := []struct {
		in   string
		want app.IntrospectionMode
		ok   bool
	}{
		{"public", app.IntrospectionPublic, true},
		{"authenticated", app.IntrospectionAuthenticated, true},
		{"off", app.IntrospectionOff, true},
		{" Off ", app.IntrospectionOff, true},
		{"", "", false},
		{"on", "", false},
		{"true", "", false},
	}
	for _, tc := range cases {
		got, ok := app.ParseIntrospectionMode(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseIntrospectionMode(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// "Did you mean ...?" names fields, arguments, types and enum values the caller did not ask for:
// only callers with a session get it. Every shape gqlparser produces is covered.
func TestFieldSuggestionsOnlyWithASession(t *testing.T) {
	cases := []struct {
		name, query, suggests string
	}{
		{"an unknown field", `{ sesions { totalCount } }`, `"sessions"`},
		{"an unknown argument", `{ sessions(frist: 1) { totalCount } }`, `"first"`},
		{"an unknown directive argument", `{ me @skip(iff: true, if: false) { user { id } } }`, `"if"`},
		{"an unknown fragment type", `{ me { session { ...F } } } fragment F on Sesion { id }`, `"Session"`},
		{"an unknown input field", `{ sessions(filter: {serch: "x"}) { totalCount } }`, `"search"`},
		{"an unknown enum value", `{ sessions(filter: {status: ACTIV}) { totalCount } }`, `"ACTIVE"`},
		{"a string for an enum", `{ sessions(filter: {status: "ACTIV"}) { totalCount } }`, `"ACTIVE"`},
		{"an object without a selection", `{ me }`, `"me { ... }"`},
	}
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL)
		admin := srv.Login(t, srv.SeedAccount(t).Admin)
		callers := []struct {
			name     string
			client   *apitest.Client
			suggests bool
		}{
			{"anonymous", srv.Client(), false},
			{"with an unknown token", srv.Bearer(strings.Repeat("x", 43)), false},
			{"with a session", admin, true},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				for _, c := range callers {
					res := c.client.Do(t, tc.query, nil)
					var msgs []string
					for i, e := range res.Errors {
						if res.Codes()[i] != "GRAPHQL_VALIDATION_FAILED" || !strings.HasSuffix(e.Message, ".") && !c.suggests {
							t.Errorf("%s: want validation errors with whole messages: %s", c.name, res.Body)
						}
						msgs = append(msgs, e.Message)
					}
					msg := strings.Join(msgs, " | ")
					hasSuggestion := strings.Contains(msg, "Did you mean") || strings.Contains(msg, tc.suggests)
					if len(msgs) == 0 || hasSuggestion != c.suggests {
						t.Errorf("%s: message %q: suggestion shown %v, want %v", c.name, msg, hasSuggestion, c.suggests)
					}
				}
			})
		}
	})
}

// GraphiQL (the playground) reads the schema with the deepest introspection query a client sends
// (15 levels): an admin signed in gets it whole, nobody else gets any of it.
func TestThePlaygroundsIntrospectionQueryWorksWithASession(t *testing.T) {
	q, err := os.ReadFile("../gqlcost/testdata/introspection-graphiql.graphql")
	if err != nil {
		t.Fatal(err)
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		admin := srv.Login(t, srv.SeedAccount(t).Admin)
		var out struct {
			Schema struct {
				Types []struct{ Name string }
			} `json:"__schema"`
		}
		admin.Do(t, string(q), nil).MustDecode(t, &out)
		found := false
		for _, typ := range out.Schema.Types {
			found = found || typ.Name == "Session"
		}
		if !found {
			t.Errorf("the schema read by GraphiQL's query has no Session type (%d types)", len(out.Schema.Types))
		}
		res := srv.Client().Do(t, string(q), nil)
		if res.Code() != string(apperr.IntrospectionDisabled) || res.HasData && string(res.Data) != "null" {
			t.Errorf("anonymous: code %q, want %s without data: %.300s", res.Code(), apperr.IntrospectionDisabled, res.Body)
		}
	})
}
