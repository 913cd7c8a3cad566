package app_test

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/parser"

	"sessionguard/frontend"
	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
)

// The console's Me query as urql sends it: its own layout, __typename added to every selection
// set, fields in another order than codegen's manifest.
const consoleMe = `query Me {
  me {
    user { role name id email account { name id __typename } __typename }
    session { id __typename }
    __typename
  }
}`

// Not one of the console's documents, though it reads nothing the console cannot.
const notConsole = `{ me { user { id } } }`

func enforcing(c *app.Config) {
	c.TrustedDocuments = app.TrustedDocumentsEnforce
	c.ConsoleDocuments = frontend.PersistedDocuments()
}

// With TRUSTED_DOCUMENTS=enforce, a request on the session cookie runs only the console's own
// documents (FORBIDDEN before anything runs otherwise); bearer tokens and requests without a
// session stay free. With allow, the default, the cookie runs anything.
func TestTrustedDocumentsOverHTTP(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		for _, tc := range []struct {
			name      string
			configure func(*app.Config)
			enforced  bool
		}{{"enforce", enforcing, true}, {"allow", func(*app.Config) {}, false}} {
			t.Run(tc.name, func(t *testing.T) {
				srv := apitest.Start(t, dbURL, tc.configure)
				acc := srv.SeedAccount(t)
				bearer := srv.Login(t, acc.Admin) // apitest's login document, on an anonymous request: free
				cookie := srv.CookieClient(bearer.Token)

				for _, c := range []struct {
					name    string
					client  *apitest.Client
					query   string
					refused bool
				}{
					{"cookie, the console's Me", cookie, consoleMe, false},
					{"cookie, another document", cookie, notConsole, tc.enforced},
					{"bearer, another document", bearer, notConsole, false},
					{"anonymous, another document", srv.Client(), `{ __typename }`, false},
				} {
					t.Run(c.name, func(t *testing.T) {
						res := c.client.Do(t, c.query, nil)
						if c.refused {
							if res.Code() != "FORBIDDEN" || res.HasData || !strings.Contains(res.Errors[0].Message, "TRUSTED_DOCUMENTS=enforce") {
								t.Errorf("want FORBIDDEN naming TRUSTED_DOCUMENTS=enforce and no data, got %s", res.Body)
							}
							return
						}
						if len(res.Errors) > 0 || !res.HasData {
							t.Errorf("refused: %s", res.Body)
						}
					})
				}
				if tc.enforced {
					// Refused before anything runs: the session the cookie holds is still active.
					if res := cookie.Do(t, `mutation { logout }`, nil); res.Code() != "FORBIDDEN" {
						t.Errorf("logout by another document on the cookie: %s", res.Body)
					}
					if res := bearer.Do(t, notConsole, nil); len(res.Errors) > 0 {
						t.Errorf("the session ended though its logout was refused: %s", res.Body)
					}
				}
			})
		}
	})
}

// A websocket standing on its upgrade's session cookie is held to the console's documents; one
// that presented a bearer token at connection_init is free.
func TestTrustedDocumentsOverWebsockets(t *testing.T) {
	apitest.EachProtocol(t, func(t *testing.T, proto, dbURL string) {
		srv := apitest.StartLive(t, dbURL, enforcing)
		admin := srv.Login(t, srv.SeedAccount(t).Admin)
		for _, tc := range []struct {
			name    string
			conn    *wstest.Conn
			query   string
			refused bool
		}{
			{"cookie, the console's Me", srv.DialCookie(t, proto, admin.Token), consoleMe, false},
			{"cookie, another document", srv.DialCookie(t, proto, admin.Token), notConsole, true},
			{"bearer at init, another document", srv.Dial(t, proto, admin.Token), notConsole, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				defer tc.conn.Close()
				ch, err := tc.conn.Subscribe(tc.query, nil)
				if err != nil {
					t.Fatal(err)
				}
				res, ok := wstest.Next(t, ch, apitest.Wait)
				if !ok {
					t.Fatal("no answer")
				}
				refused := len(res.Errors) > 0
				if refused != tc.refused {
					t.Errorf("refused: %v, want %v: %+v", refused, tc.refused, res)
				}
				if refused && !strings.Contains(res.Errors[0].Message, "TRUSTED_DOCUMENTS=enforce") {
					t.Errorf("the refusal does not name TRUSTED_DOCUMENTS=enforce: %+v", res.Errors)
				}
			})
		}
	})
}

// Every document in the console's manifest is trusted however urql prints it: with __typename in
// every selection set, in its own layout, its selections, variables and arguments in another
// order than codegen's manifest, which sorts them.
func TestEveryConsoleDocumentIsTrustedAsUrqlSendsIt(t *testing.T) {
	var manifest map[string]string
	if err := json.Unmarshal(frontend.PersistedDocuments(), &manifest); err != nil {
		t.Fatal(err)
	}
	if len(manifest) < 10 {
		t.Fatalf("only %d console documents; is frontend/src/gql/persisted-documents.json generated?", len(manifest))
	}
	for hash, text := range manifest {
		doc, err := parser.ParseQuery(&ast.Source{Input: text})
		if err != nil {
			t.Fatalf("%s: %v", hash, err)
		}
		for _, op := range doc.Operations {
			op.SelectionSet = likeUrql(op.SelectionSet)
			slices.Reverse(op.VariableDefinitions)
		}
		for _, f := range doc.Fragments {
			f.SelectionSet = likeUrql(f.SelectionSet)
		}
		var sent strings.Builder
		formatter.NewFormatter(&sent).FormatQueryDocument(doc)
		if got, ok := app.TrustedDocumentHash(frontend.PersistedDocuments(), sent.String()); !ok || got != hash {
			t.Errorf("as urql sends it, %s is %q (trusted: %v):\n%s", hash, got, ok, sent.String())
		}
	}
	for _, other := range []string{notConsole, `query Me { me { user { id email role } } }`, `query Me { me { session { id } user { account { id name } email id name role } } } query X { __typename }`} {
		if got, ok := app.TrustedDocumentHash(frontend.PersistedDocuments(), other); ok {
			t.Errorf("%q is trusted as %s", other, got)
		}
	}
}

// likeUrql adds __typename to every selection set and reverses its selections and arguments.
func likeUrql(set ast.SelectionSet) ast.SelectionSet {
	out := ast.SelectionSet{&ast.Field{Name: "__typename", Alias: "__typename"}}
	for i := len(set) - 1; i >= 0; i-- {
		switch s := set[i].(type) {
		case *ast.Field:
			slices.Reverse(s.Arguments)
			s.SelectionSet = likeUrql(s.SelectionSet)
			if len(s.SelectionSet) == 1 { // a leaf: no selection set to add to
				s.SelectionSet = nil
			}
		case *ast.InlineFragment:
			s.SelectionSet = likeUrql(s.SelectionSet)
		}
		out = append(out, set[i])
	}
	return out
}

// Enforcing with no console documents, or a manifest that does not parse, stops the start
// rather than refusing every cookie request or running unguarded.
func TestTrustedDocumentsNeedTheConsolesManifest(t *testing.T) {
	for _, tc := range []struct {
		name     string
		manifest string
		want     string
	}{
		{"none", "", "persisted documents are empty"},
		{"not JSON", "{", "unable to read the console's persisted documents"},
		{"a document that does not parse", `{"sha256:x": "query {"}`, "persisted document sha256:x does not parse"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := app.New(t.Context(), app.Config{
				DatabaseURL:      filepath.Join(t.TempDir(), "db"),
				TrustedDocuments: app.TrustedDocumentsEnforce, ConsoleDocuments: []byte(tc.manifest),
			})
			if err == nil {
				a.Close()
				t.Fatal("started")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to say %q", err, tc.want)
			}
		})
	}
}
