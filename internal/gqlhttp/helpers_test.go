package gqlhttp_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"sessionguard/internal/gqlhttp"
)

const (
	ctGR   = "application/graphql-response+json; charset=utf-8"
	ctJSON = "application/json; charset=utf-8"
	acGR   = "application/graphql-response+json"
	acJSON = "application/json"
	noHdr  = "<none>" // marks a header the request must not send
)

var schema = gqlparser.MustLoadSchema(&ast.Source{Input: `
	type Query { name: String! fail: String! find(id: Int!): String! }
	type Mutation { rename(name: String!): String! }
	type Subscription { tick: String! }
`})

// newServer builds a real gqlgen handler.Server around a tiny hand-written
// executable schema (the same approach as gqlgen's testserver package) with
// only our transport. The counter records how many operations executed, so
// tests can prove that rejected requests never run.
func newServer(tr gqlhttp.Transport, setup func(*handler.Server)) (*handler.Server, *atomic.Int64) {
	srv, executed := newBareServer()
	srv.AddTransport(tr)
	if setup != nil {
		setup(srv)
	}
	return srv, executed
}

// newBareServer is newServer without any transport.
func newBareServer() (*handler.Server, *atomic.Int64) {
	var executed atomic.Int64
	srv := handler.New(&graphql.ExecutableSchemaMock{
		SchemaFunc: func() *ast.Schema { return schema },
		ComplexityFunc: func(context.Context, string, string, int, map[string]any) (int, bool) {
			return 10, true
		},
		ExecFunc: func(ctx context.Context) graphql.ResponseHandler {
			executed.Add(1)
			return execute(graphql.GetOperationContext(ctx).Operation)
		},
	})
	return srv, &executed
}

// result is the decoded HTTP response, keeping each top-level key raw so the
// tests can tell an absent data entry from "data": null.
type result struct {
	status int
	header http.Header
	body   string
	keys   map[string]json.RawMessage
	errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	}
}

func (r result) code() string {
	if len(r.errors) == 0 {
		return ""
	}
	c, _ := r.errors[0].Extensions["code"].(string)
	return c
}

func do(t *testing.T, h http.Handler, req *http.Request) result {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	out := result{status: res.StatusCode, header: res.Header, body: string(body)}
	if err := json.Unmarshal(body, &out.keys); err != nil {
		t.Fatalf("body is not a JSON object: %v: %q", err, body)
	}
	if raw, ok := out.keys["errors"]; ok {
		if err := json.Unmarshal(raw, &out.errors); err != nil {
			t.Fatalf("errors is not a list of errors: %v: %s", err, raw)
		}
	}
	return out
}

func newRequest(method, target, contentType, accept, body string) *http.Request {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != noHdr {
		req.Header.Set("Content-Type", contentType)
	}
	if accept != noHdr {
		req.Header.Set("Accept", accept)
	}
	return req
}

// execute fakes generated code: "fail" is a non-null field whose resolver
// errors, so null propagates to data: null; everything else succeeds.
func execute(op *ast.OperationDefinition) graphql.ResponseHandler {
	return func(ctx context.Context) *graphql.Response {
		for _, sel := range op.SelectionSet {
			if f, ok := sel.(*ast.Field); ok && f.Name == "fail" {
				graphql.AddError(ctx, errors.New("boom"))
				return &graphql.Response{Data: []byte(`null`)}
			}
		}
		if op.Operation == ast.Mutation {
			return &graphql.Response{Data: []byte(`{"rename":"ok"}`)}
		}
		return &graphql.Response{Data: []byte(`{"name":"test"}`)}
	}
}

// tcase is one HTTP exchange and what the response must look like.
type tcase struct {
	name        string
	method      string // default POST
	target      string // default /graphql
	contentType string // default application/json; noHdr sends none
	accept      string // noHdr sends none
	body        string
	tr          gqlhttp.Transport
	setup       func(*handler.Server)
	want        want
}

type want struct {
	status      int
	contentType string
	data        string // exact raw data entry; "" asserts there is no data key
	errs        bool   // errors entry expected (implied by code)
	code        string // extensions.code of the first error
	allow       string // exact Allow header ("" asserts none)
	executed    int64  // operations that reached ExecutableSchema.Exec
}

// both expands a case into one row per Accept variant, since most rules
// differ only in status between the two response media types.
func both(c tcase, gr, js want) []tcase {
	a, b := c, c
	a.name, a.accept, a.want = c.name+"/graphql-response+json", acGR, gr
	b.name, b.accept, b.want = c.name+"/json", acJSON, js
	return []tcase{a, b}
}

// requestError is the expected shape of a response without data.
func requestError(status int, ct, code string) want {
	return want{status: status, contentType: ct, code: code}
}

func run(t *testing.T, cases []tcase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, executed := newServer(tc.tr, tc.setup)
			method, target, ct := tc.method, tc.target, tc.contentType
			if method == "" {
				method = http.MethodPost
			}
			if target == "" {
				target = "/graphql"
			}
			if ct == "" {
				ct = acJSON
			}
			got := do(t, srv, newRequest(method, target, ct, tc.accept, tc.body))
			check(t, got, tc.want, executed.Load())
		})
	}
}

func check(t *testing.T, got result, w want, executed int64) {
	t.Helper()
	if got.status != w.status {
		t.Errorf("status = %d, want %d (body %s)", got.status, w.status, got.body)
	}
	if ct := got.header.Get("Content-Type"); ct != w.contentType {
		t.Errorf("Content-Type = %q, want %q", ct, w.contentType)
	}
	data, hasData := got.keys["data"]
	switch {
	case w.data == "" && hasData:
		t.Errorf("body has a data entry, want none: %s", got.body)
	case w.data != "" && string(data) != w.data:
		t.Errorf("data = %q (present %v), want %s", data, hasData, w.data)
	}
	if wantErrs := w.errs || w.code != ""; wantErrs != (len(got.errors) > 0) {
		t.Errorf("errors present = %v, want %v: %s", len(got.errors) > 0, wantErrs, got.body)
	}
	if got.code() != w.code {
		t.Errorf("extensions.code = %q, want %q: %s", got.code(), w.code, got.body)
	}
	if allow := got.header.Get("Allow"); allow != w.allow {
		t.Errorf("Allow = %q, want %q", allow, w.allow)
	}
	if executed != w.executed {
		t.Errorf("executed %d operations, want %d", executed, w.executed)
	}
}

// flatten joins case groups built with both().
func flatten(groups ...[]tcase) []tcase {
	var out []tcase
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}
