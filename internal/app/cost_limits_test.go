package app_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/gqlcost"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// Every attack document is refused, without a login, with its code and the limit it hit, before
// anything runs: no data key, nothing changed.
func TestCostAttacksAreRefusedWithoutALogin(t *testing.T) {
	attacks := costAttacks()
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL)
		srv.AddUser(t, srv.SeedAccount(t), models.RoleMember, "Mo Member")
		for _, tc := range attacks {
			t.Run(tc.name, func(t *testing.T) {
				before := srv.Snapshot(t).String()
				h := http.Header{"Content-Type": {"application/json"}, "Accept": {httpGraphQLResponse}}
				status, _, raw := srv.Raw(t, http.MethodPost, "/graphql", h, apitest.GraphQLBody(t, tc.query, tc.vars))
				env := httpDecode(t, raw)
				if env.code() != tc.code || len(env.Errors) == 0 {
					t.Fatalf("status %d, code %q, want %q: %.300s", status, env.code(), tc.code, raw)
				}
				if tc.limit != "" && env.Errors[0].Extensions[tc.limit] == nil {
					t.Errorf("the refusal does not name its limit %s: %.300s", tc.limit, raw)
				}
				want := http.StatusBadRequest
				if tc.code == "PAYLOAD_TOO_LARGE" { // over the body limit: refused before decoding
					want = http.StatusRequestEntityTooLarge
				}
				if env.hasKey["data"] || status != want {
					t.Errorf("status %d, data key %v: want %d without data", status, env.hasKey["data"], want)
				}
				for i, e := range env.Errors {
					if c, _ := e.Extensions["code"].(string); c == "" {
						t.Errorf("error %d has no code: %s", i, e.Message)
					}
				}
				if after := srv.Snapshot(t).String(); after != before {
					t.Errorf("the refused request changed the database")
				}
			})
		}
	})
}

// A request may attempt login or signUp once: aliases, fragments and inline fragments on Mutation
// cannot turn one request into many password guesses. The refusal comes before any resolver
// runs, so none of the attempts is made (no session, no failed-login budget spent).
func TestOneCredentialAttemptPerRequest(t *testing.T) {
	const code = "TOO_MANY_CREDENTIAL_ATTEMPTS"
	in := `(input: {email: $e, password: $p}) { token }`
	signUp := `signUp(input: {accountName: "Acme", name: "Ada", email: "new@acme.test", password: "password-123"}) { token }`
	cases := []struct {
		name     string
		query    string
		op       string
		wantCode string // "" when the login must succeed
	}{
		{"one login", `mutation($e: String!, $p: String!) { login` + in + ` }`, "", ""},
		{"one aliased login", `mutation($e: String!, $p: String!) { mine: login` + in + ` }`, "", ""},
		{"two aliased logins", `mutation($e: String!, $p: String!) { a: login` + in + ` b: login` + in + ` }`, "", code},
		{"the same login twice", `mutation($e: String!, $p: String!) { login` + in + ` login` + in + ` }`, "", code},
		{"login and signUp", `mutation($e: String!, $p: String!) { login` + in + ` ` + signUp + ` }`, "", code},
		{"two logins in a fragment on Mutation", `mutation($e: String!, $p: String!) { ...L }
fragment L on Mutation { a: login` + in + ` b: login` + in + ` }`, "", code},
		{"a fragment with one login spread twice", `mutation($e: String!, $p: String!) { ...L ...M }
fragment L on Mutation { a: login` + in + ` }
fragment M on Mutation { ...L }`, "", code},
		{"logins in inline fragments", `mutation($e: String!, $p: String!) {
  ... on Mutation { a: login` + in + ` } ... { b: login` + in + ` } }`, "", code},
		{"a skipped second login still counts", `mutation($e: String!, $p: String!) {
  a: login` + in + ` b: login(input: {email: $e, password: $p}) @skip(if: true) { token } }`, "", code},
		{"one login per operation, one operation chosen", `mutation A($e: String!, $p: String!) { login` + in + ` }
mutation B($e: String!, $p: String!) { login` + in + ` }`, "B", ""},
	}
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL, apitest.AllowSignUp)
		acc := srv.SeedAccount(t)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				member := srv.AddUser(t, acc, models.RoleMember, "Mo Member")
				// A wrong password, so that each attempt that ran would spend the login budget.
				for _, password := range []string{"wrong-password", member.Password} {
					before, throttles := srv.Snapshot(t).String(), srv.Count(t, "login_throttles", "")
					body, _ := json.Marshal(map[string]any{"query": tc.query, "operationName": tc.op,
						"variables": map[string]any{"e": member.Email, "p": password}})
					_, _, raw := srv.Raw(t, http.MethodPost, "/graphql", http.Header{"Content-Type": {"application/json"}}, string(body))
					env := httpDecode(t, raw)
					if tc.wantCode == "" {
						want := "INVALID_CREDENTIALS"
						if password == member.Password {
							want = ""
						}
						if env.code() != want {
							t.Errorf("password %q: code %q, want %q: %.300s", password, env.code(), want, raw)
						}
						continue
					}
					if env.code() != tc.wantCode || env.hasKey["data"] {
						t.Fatalf("code %q, data key %v, want %s without data: %.300s", env.code(), env.hasKey["data"], tc.wantCode, raw)
					}
					if msg := env.Errors[0].Message; !strings.Contains(msg, "login") || !strings.Contains(msg, "once") {
						t.Errorf("message %q does not tell the client to log in once per request", msg)
					}
					if srv.Snapshot(t).String() != before || srv.Count(t, "login_throttles", "") != throttles {
						t.Errorf("the refused request made an attempt")
					}
				}
			})
		}
	})
}

// The console's own operations pass the cost check (with their fragments, as the console sends
// them) and run.
func TestConsoleOperationsPassTheCostCheck(t *testing.T) {
	src, err := os.ReadFile("../../frontend/src/operations.ts")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)graphql\\(`(.*?)`\\)").FindAllStringSubmatch(string(src), -1)
	var ops, fragments []string
	for _, b := range blocks {
		if strings.HasPrefix(strings.TrimSpace(b[1]), "fragment") {
			fragments = append(fragments, b[1])
		} else {
			ops = append(ops, b[1])
		}
	}
	if len(ops) < 10 || len(fragments) < 2 {
		t.Fatalf("found %d operations and %d fragments in operations.ts", len(ops), len(fragments))
	}
	vars := map[string]any{
		"input":  map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": 5, "idleTimeoutEnabled": false},
		"filter": map[string]any{"status": "ACTIVE"}, "first": 100, "id": "00000000-0000-0000-0000-000000000000",
		"userId": "00000000-0000-0000-0000-000000000000", "newPassword": "a-long-new-password",
	}
	// Operations whose $input is of another type than the policy's.
	inputs := map[string]any{
		"ChangePassword":          map[string]any{"currentPassword": "not-the-password", "newPassword": "a-long-new-password"},
		"CreateUser":              map[string]any{"name": "Cost Check", "email": "cost-check@example.test", "role": "MEMBER", "password": "a-long-new-password"},
		"UpdateUser":              map[string]any{"role": "MEMBER"},
		"UpdateRetentionSettings": map[string]any{"auditEventsDays": 400},
	}
	// Operations whose $filter is of another type than the sessions'.
	filters := map[string]any{
		"AuditEvents": map[string]any{"actions": []string{"LOGIN_FAILED"}},
	}
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL)
		admin := srv.Login(t, srv.SeedAccount(t).Admin)
		for _, op := range ops {
			name := regexp.MustCompile(`(query|mutation|subscription) (\w+)`).FindStringSubmatch(op)
			if name == nil || name[1] == "subscription" || name[2] == "Login" || name[2] == "Logout" || name[2] == "TerminateAll" {
				continue // subscriptions need a websocket; these three end or need a session of their own
			}
			t.Run(name[2], func(t *testing.T) {
				doc := op
				for _, f := range fragments {
					if strings.Contains(op, "..."+regexp.MustCompile(`fragment (\w+)`).FindStringSubmatch(f)[1]) {
						doc += f
					}
				}
				opVars := map[string]any{}
				for k, v := range vars {
					if strings.Contains(op, "$"+k+":") {
						opVars[k] = v
					}
				}
				if in, ok := inputs[name[2]]; ok {
					opVars["input"] = in
				}
				if f, ok := filters[name[2]]; ok {
					opVars["filter"] = f
				}
				for _, code := range admin.Do(t, doc, opVars).Codes() {
					switch code {
					case "NOT_FOUND", "BAD_USER_INPUT": // the made-up id and input; the operation ran
					default:
						t.Errorf("code %q", code)
					}
				}
			})
		}
	})
}

// Refused requests leave nothing running once they are answered, even when the client hung up
// before reading the answer: gqlparser's validation takes no context, so it must never be given
// unbounded work.
func TestRefusedRequestsLeaveNoWorkRunning(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) { refusedLeaveNoWork(t, dbURL) })
}

func refusedLeaveNoWork(t *testing.T, dbURL string) {
	srv := apitest.Start(t, dbURL)
	// Warm up: the first requests start the connection machinery and the loaders.
	srv.Client().Do(t, "{ __typename }", nil)
	settle := func() int {
		var n int
		for range 20 {
			n = runtime.NumGoroutine()
			time.Sleep(10 * time.Millisecond)
		}
		return n
	}
	base := settle()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range costAttacks() {
		body, _ := json.Marshal(map[string]any{"query": tc.query, "variables": tc.vars})
		conn, err := net.Dial("tcp", u.Host)
		if err != nil {
			t.Fatal(err)
		}
		req := fmt.Sprintf("POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", u.Host, len(body))
		w := bufio.NewWriter(conn)
		w.WriteString(req)
		w.Write(body)
		if err := w.Flush(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		conn.Close() // gone before the answer
	}
	// Every handler must finish by itself; poll rather than sleep a fixed time.
	ctx, cancel := context.WithTimeout(context.Background(), apitest.Deadline(20*time.Second))
	defer cancel()
	for runtime.NumGoroutine() > base {
		if ctx.Err() != nil {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines still running after the clients left (%d before):\n%s",
				runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
	// And the server still answers.
	if res := srv.Client().Do(t, "{ __typename }", nil); len(res.Errors) > 0 {
		t.Errorf("after the attacks: %s", res.Body)
	}
}

// The policy bug of issue 7: with the idle timeout off, a change of unit alone would have stored
// 2160 DAYS from a stored 2160 HOURS. It is BAD_USER_INPUT naming idleTimeoutUnit, and the
// stored policy is unchanged.
func TestPolicyUnitChangeCannotPassTheCap(t *testing.T) {
	const update = `mutation($in: SessionPolicyInput!) { updateSessionPolicy(input: $in) { idleTimeoutEnabled idleTimeout { value unit } } }`
	const read = `{ sessionPolicy { idleTimeoutEnabled idleTimeout { value unit } } }`
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL)
		admin := srv.Login(t, srv.SeedAccount(t).Admin)
		admin.Do(t, update, map[string]any{"in": map[string]any{"limitMultipleSessions": false,
			"idleTimeoutEnabled": true, "idleTimeoutValue": 2160, "idleTimeoutUnit": "HOURS"}}).MustDecode(t, &struct{}{})
		admin.Do(t, update, map[string]any{"in": map[string]any{"limitMultipleSessions": false,
			"idleTimeoutEnabled": false}}).MustDecode(t, &struct{}{})
		before := string(admin.Do(t, read, nil).Data)

		res := admin.Do(t, update, map[string]any{"in": map[string]any{"limitMultipleSessions": false,
			"idleTimeoutEnabled": false, "idleTimeoutUnit": "DAYS"}})
		if fields := res.Fields(); res.Code() != "BAD_USER_INPUT" || len(fields) != 1 || fields[0] != "idleTimeoutUnit" {
			t.Errorf("code %q fields %v, want BAD_USER_INPUT on idleTimeoutUnit: %s", res.Code(), res.Fields(), res.Body)
		}
		if after := string(admin.Do(t, read, nil).Data); after != before {
			t.Errorf("policy changed from %s to %s", before, after)
		}
		// The same change with a value that fits is stored.
		var out struct {
			UpdateSessionPolicy struct{ IdleTimeout struct{ Value int } }
		}
		admin.Do(t, update, map[string]any{"in": map[string]any{"limitMultipleSessions": false,
			"idleTimeoutEnabled": false, "idleTimeoutValue": 90, "idleTimeoutUnit": "DAYS"}}).MustDecode(t, &out)
		if out.UpdateSessionPolicy.IdleTimeout.Value != 90 {
			t.Errorf("stored %+v, want 90 days", out)
		}
	})
}

// The worst documents that pass are at their limits, and pass.
func TestCostWorstPassingDocumentsPass(t *testing.T) {
	for _, tc := range costWorstPassing() {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := gqlcost.Check(tc.query, app.CostLimits); err != nil {
				t.Fatalf("refused: %s %v", err.Message, err.Extensions)
			}
			doc, _ := parser.ParseQuery(&ast.Source{Input: tc.query})
			c := gqlcost.Measure(doc, nil)
			if c.Fields*100 < app.CostLimits.Fields*95 && c.Nodes*100 < app.CostLimits.Nodes*95 {
				t.Errorf("%d fields and %d nodes: not at a limit", c.Fields, c.Nodes)
			}
		})
	}
}

// The largest documents we serve have room under every limit (at least twice, four times for
// size): GraphiQL's introspection query and the console's operations.
func TestLargestLegitimateDocumentsHaveRoom(t *testing.T) {
	docs := map[string]string{}
	for _, name := range []string{"introspection-graphiql", "introspection-all-options"} {
		q, err := os.ReadFile("../gqlcost/testdata/" + name + ".graphql")
		if err != nil {
			t.Fatal(err)
		}
		docs[name] = string(q)
	}
	src, err := os.ReadFile("../../frontend/src/operations.ts")
	if err != nil {
		t.Fatal(err)
	}
	var console strings.Builder
	for _, m := range regexp.MustCompile("(?s)graphql\\(`(.*?)`\\)").FindAllStringSubmatch(string(src), -1) {
		console.WriteString(m[1])
	}
	docs["every console operation in one document"] = console.String()
	l := app.CostLimits
	for name, q := range docs {
		t.Run(name, func(t *testing.T) {
			doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: q}, l.Tokens/4)
			if err != nil {
				t.Fatalf("%v (more than a quarter of the token limit?)", err)
			}
			c := gqlcost.Measure(doc, l.CredentialFields)
			t.Logf("%d bytes, %+v", len(q), c)
			checks := []struct {
				what       string
				got, limit int
			}{
				{"bytes", 4 * len(q), l.Bytes}, {"fragments", 2 * c.Fragments, l.Fragments},
				{"directives", 2 * c.Directives, l.Directives}, {"variables", 2 * c.Variables, l.Variables},
				{"introspections", 2 * c.Introspections, l.Introspections}, {"fields", 2 * c.Fields, l.Fields},
				{"aliases", 2 * c.Aliases, l.Aliases}, {"nodes", 2 * c.Nodes, l.Nodes},
			}
			for _, ch := range checks {
				if ch.got > ch.limit {
					t.Errorf("%s: %d with room, over the limit of %d", ch.what, ch.got, ch.limit)
				}
			}
			// Depth has room, but not twice: GraphiQL's TypeRef follows ofType 9 levels, 15 in all.
			if c.Depth > l.Depth || c.IntrospectionDepth > l.IntrospectionDepth {
				t.Errorf("depth %d over %d, or introspection depth %d over %d", c.Depth, l.Depth, c.IntrospectionDepth, l.IntrospectionDepth)
			}
		})
	}
}

// A GET mutation is 405 even when its document is refused, as long as the document can be read
// within the parser's token limit; past it, the refusal is the answer (the transport re-parses
// refused documents to find their operation type, with the same limit).
func TestRefusedGETMutations(t *testing.T) {
	cases := []struct {
		name       string
		query      string
		wantStatus int
		wantCode   string
	}{
		{"two logins", `mutation { a: login(input: {email: "a@b.c", password: "x"}) { token } b: login(input: {email: "a@b.c", password: "y"}) { token } }`,
			http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED"},
		{"past the token limit", "mutation { logout" + strings.Repeat(" __typename", 25_000) + " }", http.StatusBadRequest, "QUERY_TOO_LARGE"},
	}
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				h := http.Header{"Accept": {httpGraphQLResponse}}
				status, _, raw := srv.Raw(t, http.MethodGet, apitest.GetPath(tc.query, nil), h, "")
				if env := httpDecode(t, raw); status != tc.wantStatus || env.code() != tc.wantCode {
					t.Errorf("status %d code %q, want %d %s: %.300s", status, env.code(), tc.wantStatus, tc.wantCode, raw)
				}
			})
		}
	})
}

// Websocket operations go through the same check: a subscription (or query) over either
// protocol is refused with the same code before it starts.
func TestCostCheckOverWebsockets(t *testing.T) {
	docs := []struct{ query, code string }{
		{numberedDoc("subscription {", 501, " e%d: sessionEvents { type }", " }"), "COMPLEXITY_LIMIT_EXCEEDED"},
		{doublingFragments(30), "COMPLEXITY_LIMIT_EXCEEDED"},
		{strings.Repeat("{ a ", 20) + strings.Repeat("}", 20), "QUERY_TOO_DEEP"},
	}
	apitest.EachProtocol(t, func(t *testing.T, proto, dbURL string) {
		srv := apitest.StartLive(t, dbURL)
		admin := srv.Login(t, srv.SeedAccount(t).Admin)
		conn := srv.Dial(t, proto, admin.Token)
		for _, d := range docs {
			ch, err := conn.Subscribe(d.query, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, ok := wstest.Next(t, ch, apitest.Wait)
			if !ok || res.Code() != d.code {
				t.Errorf("%.60s: code %q (answered %v), want %s: %+v", d.query, res.Code(), ok, d.code, res.Errors)
			}
		}
	})
}

// A document the check refuses is refused however it arrives, also as an automatic persisted
// query: the APQ extension stores the text before the check sees it, but the check runs after
// it, on the text it resolves from the hash.
func TestCostCheckSeesPersistedQueries(t *testing.T) {
	query := doublingFragments(30)
	sum := sha256.Sum256([]byte(query))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL)
		for _, withText := range []bool{true, false} {
			body := map[string]any{"extensions": ext}
			if withText {
				body["query"] = query
			}
			raw, _ := json.Marshal(body)
			_, _, res := srv.Raw(t, http.MethodPost, "/graphql", http.Header{"Content-Type": {"application/json"}}, string(raw))
			// maxFields: the cost check's refusal, not gqlgen's complexity limit after validation.
			env := httpDecode(t, res)
			if env.code() != "COMPLEXITY_LIMIT_EXCEEDED" || env.hasKey["data"] || env.Errors[0].Extensions["maxFields"] == nil {
				t.Errorf("with the text %v: code %q, want COMPLEXITY_LIMIT_EXCEEDED (maxFields) without data: %.300s", withText, env.code(), res)
			}
		}
	})
}
