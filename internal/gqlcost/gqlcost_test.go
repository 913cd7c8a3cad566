package gqlcost_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"sessionguard/internal/apperr"
	"sessionguard/internal/gqlcost"
)

var credentialFields = []string{"login", "signUp"}

func measure(t *testing.T, query string) gqlcost.Cost {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return gqlcost.Measure(doc, credentialFields)
}

// doubling is n fragments each spreading the next twice: 2^n fields in n lines.
func doubling(n int) string {
	var b strings.Builder
	b.WriteString("{ ...F0 }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { __typename }\n", n)
	return b.String()
}

func TestMeasure(t *testing.T) {
	cases := []struct {
		name  string
		query string
		want  gqlcost.Cost // compared field by field; Operations and Fragments too
	}{
		{"fields and depth", "{ a b { c d { e } } }",
			gqlcost.Cost{Operations: 1, Depth: 3, Fields: 5, Nodes: 5}},
		{"a fragment yields its fields at every spread", "{ ...F ...F x { ...F } } fragment F on Query { a b }",
			gqlcost.Cost{Operations: 1, Fragments: 1, Depth: 2, Fields: 7, Nodes: 12}},
		// Nodes: the operation (23), F0 (22), F1 (10), F2 (4) and F3 (1), each measured once.
		{"fragments spreading the next twice double", doubling(3),
			gqlcost.Cost{Operations: 1, Fragments: 4, Depth: 1, Fields: 8, Nodes: 23 + 22 + 10 + 4 + 1}},
		{"2^40 fields saturate instead of overflowing", doubling(40),
			gqlcost.Cost{Operations: 1, Fragments: 41, Depth: 1, Fields: gqlcost.Saturated, Nodes: gqlcost.Saturated}},
		{"depth through fragments and inline fragments", "{ a { ...F } } fragment F on A { ... on A { b { c } } }",
			gqlcost.Cost{Operations: 1, Fragments: 1, Depth: 3, Fields: 3, Nodes: 8}},
		{"the deepest operation counts", "query A { a } query B { a { b { c } } }",
			gqlcost.Cost{Operations: 2, Depth: 3, Fields: 3, Nodes: 4}},
		{"aliases through fragments", "{ x: a a ...F ...F } fragment F on Query { y: b z: c }",
			gqlcost.Cost{Operations: 1, Fragments: 1, Depth: 1, Fields: 6, Aliases: 5, Nodes: 10}},
		{"introspection fields through fragments", "{ __schema { types { name } } ...F ...F } fragment F on Query { t: __type(name: \"A\") { name } __typename }",
			gqlcost.Cost{Operations: 1, Fragments: 1, Depth: 1, IntrospectionDepth: 3, Introspections: 3, Fields: 9, Aliases: 2, Nodes: 20}},
		{"aliased logins", `mutation { a: login b: login c: signUp }`,
			gqlcost.Cost{Operations: 1, Depth: 1, Credentials: 3, Fields: 3, Aliases: 3, Nodes: 3}},
		{"logins through fragments and inline fragments", `mutation { ...L ... on Mutation { login } ... { ...L } } fragment L on Mutation { a: login }`,
			gqlcost.Cost{Operations: 1, Fragments: 1, Depth: 1, Credentials: 3, Fields: 3, Aliases: 2, Nodes: 8}},
		{"only root fields of mutations are credential attempts", `query { login signUp } mutation { x { login } }`,
			gqlcost.Cost{Operations: 2, Depth: 2, Fields: 2, Nodes: 4}},
		{"the most credential fields of one operation", `mutation A { login } mutation B { signUp }`,
			gqlcost.Cost{Operations: 2, Depth: 1, Credentials: 1, Fields: 1, Nodes: 2}},
		{"directives are counted as written", `query($v: Int @d) @d { ...F @d ...F } fragment F on Query @d { a @d(x: 1) }`,
			gqlcost.Cost{Operations: 1, Fragments: 1, Directives: 5, Variables: 1, Depth: 1, Fields: 2, Nodes: 21}},
		{"arguments and values are nodes", `{ f(a: [1, 2], b: {c: 3}) }`,
			gqlcost.Cost{Operations: 1, Depth: 1, Fields: 1, Nodes: 8}},
		{"variables of the largest operation", `query A($a: Int, $b: Int = 3) { a } query B($c: Int) { a }`,
			gqlcost.Cost{Operations: 2, Variables: 2, Depth: 1, Fields: 1, Nodes: 6}},
		{"an unknown fragment yields nothing", `{ ...Nowhere a }`,
			gqlcost.Cost{Operations: 1, Depth: 1, Fields: 1, Nodes: 2}},
		{"a fragment of a duplicate name is measured too", `{ ...F } fragment F on Query { a } fragment F on Query { b c d }`,
			gqlcost.Cost{Operations: 1, Fragments: 2, Depth: 1, Fields: 3, Nodes: 6}},
		{"the largest fragment counts even when unused", `{ a } fragment F on Query { a b c }`,
			gqlcost.Cost{Operations: 1, Fragments: 1, Depth: 1, Fields: 3, Nodes: 4}},
		{"a cycle is found, not followed", `{ ...A } fragment A on Query { ...B ...B } fragment B on Query { ...A ...A }`,
			gqlcost.Cost{Operations: 1, Fragments: 2, Cycle: "A"}},
		{"a fragment spreading itself", `{ a } fragment A on Query { b ...A }`,
			gqlcost.Cost{Operations: 1, Fragments: 1, Depth: 1, Fields: 1, Nodes: 1, Cycle: "A"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := measure(t, tc.query)
			if tc.want.Cycle != "" {
				// The other counts are incomplete once a cycle is found.
				if got.Cycle != tc.want.Cycle {
					t.Errorf("cycle %q, want %q", got.Cycle, tc.want.Cycle)
				}
				return
			}
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// Measure visits each written node once: a fragment spread a million times over is measured
// once, so documents built to be expanded cost their length, not their expansion.
func TestMeasureIsLinear(t *testing.T) {
	doc, err := parser.ParseQuery(&ast.Source{Input: doubling(5_000)})
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(3, func() { gqlcost.Measure(doc, credentialFields) })
	if allocs > 4*5_000 {
		t.Errorf("%v allocations for 5,000 fragments", allocs)
	}
	if c := gqlcost.Measure(doc, credentialFields); c.Fields != gqlcost.Saturated {
		t.Errorf("fields %d, want saturated", c.Fields)
	}
}

// small limits, each just above what its "at the limit" case needs.
var small = gqlcost.Limits{
	Bytes: 200, Tokens: 60, Operations: 2, Fragments: 2, Directives: 2, Variables: 2,
	Depth: 3, IntrospectionDepth: 4, Introspections: 1, Credentials: 1, CredentialFields: credentialFields,
	Fields: 6, Aliases: 2, Nodes: 12,
}

func TestCheck(t *testing.T) {
	cases := []struct {
		name     string
		query    string
		wantCode apperr.Code // "" when the document passes
		wantExt  string      // the extension naming the limit
	}{
		{"within every limit", `query($a: Int) { x: a(v: $a) b { c } }`, "", ""},
		{"bytes at the limit", "{ a }" + strings.Repeat(" ", 195), "", ""},
		{"bytes over", "{ a }" + strings.Repeat(" ", 196), apperr.QueryTooLarge, "maxBytes"},
		{"tokens at the limit", "{" + strings.Repeat(" a", 58) + " }", apperr.ComplexityLimitExceeded, "maxFields"},
		{"tokens over", "{" + strings.Repeat(" a", 59) + " }", apperr.QueryTooLarge, "maxTokens"},
		{"operations over", "query A { a } query B { a } query C { a }", apperr.QueryTooLarge, "maxOperations"},
		{"fragments over", "{ a } fragment A on Q { a } fragment B on Q { a } fragment C on Q { a }", apperr.QueryTooLarge, "maxFragments"},
		{"directives over", "{ a @d @d @d }", apperr.QueryTooLarge, "maxDirectives"},
		{"variables over", "query($a: Int, $b: Int, $c: Int) { a }", apperr.QueryTooLarge, "maxVariables"},
		{"a fragment cycle", "{ ...A } fragment A on Q { ...A }", apperr.ValidationFailed, ""},
		{"depth at the limit", "{ a { b { c } } }", "", ""},
		{"depth over", "{ a { b { c { d } } } }", apperr.QueryTooDeep, "maxDepth"},
		{"depth over through a fragment", "{ a { ...F } } fragment F on A { b { c { d } } }", apperr.QueryTooDeep, "maxDepth"},
		{"introspections over", "{ __schema { a } __type { a } }", apperr.IntrospectionLimitExceeded, "maxIntrospections"},
		{"one login", "mutation { login { token } }", "", ""},
		{"two aliased logins", "mutation { a: login { t } b: login { t } }", apperr.TooManyCredentialAttempts, "maxCredentialAttempts"},
		{"login and signUp through fragments", "mutation { ...L ... { signUp { t } } } fragment L on Mutation { login { t } }",
			apperr.TooManyCredentialAttempts, "maxCredentialAttempts"},
		{"fields at the limit", "{ a b c d e f }", "", ""},
		{"fields over", "{ a b c d e f g }", apperr.ComplexityLimitExceeded, "maxFields"},
		{"fields over through fragments", "{ ...F ...F } fragment F on Q { a b c d }", apperr.ComplexityLimitExceeded, "maxFields"},
		{"fields over in an unused fragment", "{ a } fragment F on Q { a b c d e f g }", apperr.ComplexityLimitExceeded, "maxFields"},
		{"fields over through nested spreads", "{ ...F0 } fragment F0 on Q { ...F1 ...F1 } fragment F1 on Q { a b c d }", apperr.ComplexityLimitExceeded, "maxFields"},
		{"aliases over", "{ a: x b: x c: x }", apperr.ComplexityLimitExceeded, "maxAliases"},
		{"nodes over", "{ a(x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) }", apperr.ComplexityLimitExceeded, "maxNodes"},
		{"a syntax error", "{ a", apperr.ParseFailed, ""},
		{"a document without operations is gqlgen's to answer", "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := gqlcost.Check(tc.query, small)
			if tc.wantCode == "" {
				if err != nil || doc == nil {
					t.Fatalf("refused: %v %v", err, err.Extensions)
				}
				return
			}
			if err == nil {
				t.Fatalf("passed, want %s", tc.wantCode)
			}
			if doc != nil {
				t.Errorf("a refused document is returned")
			}
			if err.Extensions["code"] != string(tc.wantCode) || err.Message == "" {
				t.Errorf("code %v (%q), want %s", err.Extensions["code"], err.Message, tc.wantCode)
			}
			if tc.wantExt != "" && err.Extensions[tc.wantExt] == nil {
				t.Errorf("extensions %v do not name %s", err.Extensions, tc.wantExt)
			}
		})
	}
}

// The credential refusal says what to do instead, in terms of the configured fields.
func TestCredentialRefusalMessage(t *testing.T) {
	_, err := gqlcost.Check("mutation { a: login { t } b: login { t } }", small)
	if err == nil {
		t.Fatal("passed")
	}
	if want := "an operation may attempt login or signUp at most once, aliases and fragments included: send one request per attempt"; err.Message != want {
		t.Errorf("message %q, want %q", err.Message, want)
	}
}
