package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"sessionguard/internal/apitest"
)

// Bits of FuzzGraphQLHandler's mode argument.
const (
	fuzzMethod       = 3 // mask: 0 POST as JSON, 1 POST the query as the raw body, 2 GET, 3 PUT
	fuzzGraphQLMedia = 4 // Accept: application/graphql-response+json
	fuzzTextPlain    = 8 // Content-Type: text/plain
)

// FuzzGraphQLHandler sends arbitrary requests to the whole /graphql handler, in-process on a
// temporary SQLite database started once: HTTP decoding of GET and POST, parsing, the cost
// check, variable coercion, validation and execution, anonymous or as an administrator. No
// request may panic (a resolver's or the server's) or hang, every answer is a JSON object, and
// every error in it carries extensions.code.
//
//	go test -run '^$' -fuzz '^FuzzGraphQLHandler$' -fuzztime 16s ./internal/app/
func FuzzGraphQLHandler(f *testing.F) {
	panics := watchResolverPanics(f)
	srv := apitest.Start(f, filepath.Join(f.TempDir(), "fuzz.db"))
	acc := srv.SeedAccount(f)
	admin := srv.Client()
	relogin := func(tb testing.TB) {
		res := admin.Do(tb, `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }`,
			map[string]any{"e": acc.Admin.Email, "p": acc.Admin.Password})
		var out struct{ Login struct{ Token string } }
		if json.Unmarshal(res.Data, &out) == nil && out.Login.Token != "" {
			admin.Token = out.Login.Token
		}
	}
	relogin(f)
	httpClient := &http.Client{Timeout: 20 * time.Second}

	for _, seed := range fuzzSeeds() {
		f.Add(seed.mode, seed.query, seed.op, seed.vars, seed.ext, seed.auth)
	}
	f.Fuzz(func(t *testing.T, mode uint8, query, operationName, variables, extensions string, authenticated bool) {
		req, err := fuzzRequest(srv.URL+"/graphql", mode, query, operationName, variables, extensions)
		if err != nil {
			t.Skip(err) // not a request net/http can send (e.g. a NUL in the URL)
		}
		if authenticated {
			req.Header.Set("Authorization", "Bearer "+admin.Token)
		}
		before := panics.Load()
		resp, err := httpClient.Do(req)
		if err != nil {
			if msg := err.Error(); strings.Contains(msg, "Timeout") || strings.Contains(msg, "deadline") {
				t.Fatalf("no answer within %v: %v", httpClient.Timeout, err)
			}
			t.Fatalf("the server dropped the request (a handler panic?): %v", err)
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
		if err != nil {
			t.Fatalf("reading the answer: %v", err)
		}
		if n := panics.Load(); n != before {
			t.Fatalf("a resolver panicked (status %d): %.500s", resp.StatusCode, raw)
		}
		codes := checkGraphQLAnswer(t, resp.StatusCode, raw)
		if authenticated && strings.Contains(codes, "UNAUTHENTICATED") {
			relogin(t) // the input logged the administrator out
		}
	})
}

type fuzzSeed struct {
	mode                 uint8
	query, op, vars, ext string
	auth                 bool
}

func fuzzSeeds() []fuzzSeed {
	seeds := []fuzzSeed{
		{query: `{ me { user { id } } }`, auth: true},
		{query: `{ me { user { id } } }`},
		{mode: 2, query: `{ me { user { id name email role account { id name } } session { id } } }`, auth: true},
		{mode: 2, query: `mutation { logout }`, auth: true},
		{mode: 1, query: `{"query": "{ __typename }", "variables": {"a": [1, {"b": null}]}}`},
		{mode: 1, query: `{"query": "{ __typename }"} {}`},
		{mode: 3, query: `{ __typename }`},
		{mode: fuzzTextPlain, query: `{ __typename }`},
		{mode: fuzzGraphQLMedia, query: `{ nope }`},
		{query: `query Q($f: SessionFilter, $n: Int) { sessions(filter: $f, first: $n) { totalCount nodes { id user { name } } } }`,
			op: "Q", vars: `{"f": {"status": "ACTIVE", "search": "a\u0000b"}, "n": 101}`, auth: true},
		{query: `query($id: ID!) { session(id: $id) { id status } }`, vars: `{"id": "not-a-uuid"}`, auth: true},
		{query: `mutation($in: SessionPolicyInput!) { updateSessionPolicy(input: $in) { idleTimeout { value unit } } }`,
			vars: `{"in": {"limitMultipleSessions": false, "idleTimeoutEnabled": false, "idleTimeoutUnit": "DAYS"}}`, auth: true},
		{query: `mutation($in: SessionPolicyPreview) { x }`, vars: `{"in": 1e400}`, auth: true},
		{query: `mutation { a: login(input: {email: "a@b.c", password: "x"}) { token } b: login(input: {email: "a@b.c", password: "y"}) { token } }`},
		{query: `mutation { ...L } fragment L on Mutation { login(input: {email: "a@b.c", password: "x"}) { token } }`},
		{query: `{ __schema { types { name fields { name } } } }`, auth: true},
		{query: `{ __schema { types { name } } }`},
		{query: `{ __typename }`, ext: `{"persistedQuery": {"version": 1, "sha256Hash": "ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38"}}`},
		{query: ``, ext: `{"persistedQuery": {"version": 1, "sha256Hash": "ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38"}}`},
		{query: `subscription { sessionEvents { type } }`, auth: true},
		{query: `query A { __typename } query B { __typename }`, op: "C"},
		{query: `{ ...A } fragment A on Query { ...B ...B } fragment B on Query { ...A ...A }`},
		{query: doublingFragments(30)},
		{query: strings.Repeat("{ a ", 200) + strings.Repeat("}", 200)},
		{query: `{ __typename @skip(if: $x) }`, vars: `{"x": true}`},
		{query: "{ \"\"\"\n  block \\\"\"\" string\n\"\"\" }"},
		{query: "\ufeff{ __typename } # comment \u2028"},
	}
	return seeds
}

// fuzzRequest builds the request mode describes.
func fuzzRequest(endpoint string, mode uint8, query, operationName, variables, extensions string) (*http.Request, error) {
	var req *http.Request
	var err error
	switch mode & fuzzMethod {
	case 0:
		var b bytes.Buffer
		q, _ := json.Marshal(query)
		op, _ := json.Marshal(operationName)
		fmt.Fprintf(&b, `{"query":%s,"operationName":%s`, q, op)
		for _, p := range []struct{ name, value string }{{"variables", variables}, {"extensions", extensions}} {
			if p.value == "" {
				continue
			}
			v := []byte(p.value)
			if !json.Valid(v) {
				v, _ = json.Marshal(p.value)
			}
			fmt.Fprintf(&b, `,%q:%s`, p.name, v)
		}
		b.WriteString("}")
		req, err = http.NewRequest(http.MethodPost, endpoint, &b)
	case 1:
		req, err = http.NewRequest(http.MethodPost, endpoint, strings.NewReader(query))
	case 2:
		v := url.Values{"query": {query}}
		for name, value := range map[string]string{"operationName": operationName, "variables": variables, "extensions": extensions} {
			if value != "" {
				v.Set(name, value)
			}
		}
		req, err = http.NewRequest(http.MethodGet, endpoint+"?"+v.Encode(), nil)
	default:
		req, err = http.NewRequest(http.MethodPut, endpoint, strings.NewReader(query))
	}
	if err != nil {
		return nil, err
	}
	if mode&fuzzTextPlain != 0 {
		req.Header.Set("Content-Type", "text/plain")
	} else if req.Method != http.MethodGet {
		req.Header.Set("Content-Type", "application/json")
	}
	if mode&fuzzGraphQLMedia != 0 {
		req.Header.Set("Accept", "application/graphql-response+json")
	}
	return req, nil
}

// checkGraphQLAnswer fails t unless raw is a GraphQL response whose every error has a code, and
// returns the codes joined by spaces.
func checkGraphQLAnswer(t *testing.T, status int, raw []byte) string {
	t.Helper()
	var env struct {
		Data   *json.RawMessage  `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatalf("status %d: the answer is not a JSON object (%v): %.500s", status, err, raw)
	}
	var keys map[string]json.RawMessage
	_ = json.Unmarshal(raw, &keys)
	if _, ok := keys["data"]; !ok && len(env.Errors) == 0 {
		t.Fatalf("status %d: an answer without data and without errors: %.500s", status, raw)
	}
	var codes []string
	for i, e := range env.Errors {
		var gqlErr struct {
			Message    *string        `json:"message"`
			Extensions map[string]any `json:"extensions"`
		}
		if err := json.Unmarshal(e, &gqlErr); err != nil || gqlErr.Message == nil {
			t.Fatalf("status %d: error %d is not a GraphQL error: %s", status, i, e)
		}
		code, _ := gqlErr.Extensions["code"].(string)
		if code == "" {
			t.Fatalf("status %d: error %d has no extensions.code: %s", status, i, e)
		}
		codes = append(codes, code)
	}
	if status < 200 || (status >= 300 && status < 400) || status > 599 {
		t.Fatalf("status %d: %.500s", status, raw)
	}
	return strings.Join(codes, " ")
}

// watchResolverPanics counts the resolver panics the server recovers from (it logs each one and
// answers INTERNAL_SERVER_ERROR), for as long as tb runs.
func watchResolverPanics(tb testing.TB) *atomic.Int64 {
	var n atomic.Int64
	previous := slog.Default()
	slog.SetDefault(slog.New(panicCounter{Handler: slog.NewTextHandler(os.Stderr, nil), n: &n}))
	tb.Cleanup(func() { slog.SetDefault(previous) })
	return &n
}

type panicCounter struct {
	slog.Handler
	n *atomic.Int64
}

func (p panicCounter) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == "resolver panic" {
		p.n.Add(1)
	}
	return p.Handler.Handle(ctx, r)
}

func (p panicCounter) WithAttrs(attrs []slog.Attr) slog.Handler {
	return panicCounter{Handler: p.Handler.WithAttrs(attrs), n: p.n}
}

func (p panicCounter) WithGroup(name string) slog.Handler {
	return panicCounter{Handler: p.Handler.WithGroup(name), n: p.n}
}
