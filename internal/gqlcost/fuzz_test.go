package gqlcost_test

import (
	"os"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"sessionguard/internal/gqlcost"
)

// limits like the server's, for the fuzz target.
var fuzzLimits = gqlcost.Limits{
	Bytes: 64 << 10, Tokens: 20_000, Operations: 20, Fragments: 100, Directives: 100, Variables: 50,
	Depth: 12, Introspections: 10, Credentials: 1, CredentialFields: credentialFields,
	Fields: 500, Aliases: 200, Nodes: 2_000,
}

// FuzzCheck checks Check on any text: it never panics, a refusal always carries a code, a
// document it passes is within every limit, and Measure's memoised counts equal those of a
// plain expansion of every fragment spread (affordable here: the document passed).
//
//	go test -run '^$' -fuzz '^FuzzCheck$' -fuzztime 10s ./internal/gqlcost/
func FuzzCheck(f *testing.F) {
	for _, name := range []string{"introspection-graphiql", "introspection-all-options"} {
		q, err := os.ReadFile("testdata/" + name + ".graphql")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(q))
	}
	for _, q := range []string{
		"{ a b { c } }",
		doubling(6),
		"{ ...A } fragment A on Query { ...B ...B } fragment B on Query { ...A ...A }",
		"mutation { ...L ... on Mutation { b: login { t } } } fragment L on Mutation { a: login { t } }",
		"query($a: Int = 1 @d) @d { x: f(a: [1, {b: $a}]) @skip(if: true) { ... @include(if: false) { __typename } } }",
		"{ __schema { types { ...T } } } fragment T on __Type { fields { type { ofType { ofType { name } } } } }",
		"query A { a } query B { b } fragment F on Q { c } fragment F on Q { d e }",
		"fragment F($v: Int) on Q { a(v: $v) } { ...F }",
		`{ a(s: """block""", t: "\u00e9") }`,
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, query string) {
		doc, err := gqlcost.Check(query, fuzzLimits)
		if err != nil {
			if code, _ := err.Extensions["code"].(string); code == "" || err.Message == "" {
				t.Fatalf("refusal without a code or message: %+v", err)
			}
			return
		}
		c := gqlcost.Measure(doc, credentialFields)
		if c.Cycle != "" {
			t.Fatalf("a document with a fragment cycle passed: %+v", c)
		}
		if refusal := fuzzLimits.Refuse(c); refusal != nil {
			t.Fatalf("passed over a limit: %s %+v", refusal.Message, c)
		}
		want := expandAll(doc)
		if c.Fields != want.Fields || c.Depth != want.Depth || c.Aliases != want.Aliases ||
			c.Introspections != want.Introspections || c.Credentials != want.Credentials || c.Nodes != want.Nodes {
			t.Fatalf("Measure %+v\nexpanded %+v", c, want)
		}
	})
}

// expandAll measures doc the slow way, following every spread.
func expandAll(doc *ast.QueryDocument) gqlcost.Cost {
	var c gqlcost.Cost
	for _, op := range doc.Operations {
		s := expand(doc, op.SelectionSet)
		c.Fields = max(c.Fields, s.fields)
		c.Depth = max(c.Depth, s.depth)
		c.Aliases = max(c.Aliases, s.aliases)
		c.Introspections = max(c.Introspections, s.introspections)
		if op.Operation == ast.Mutation {
			c.Credentials = max(c.Credentials, s.credentials)
		}
		c.Nodes += s.nodes + directiveNodes(op.Directives) + variableNodes(op.VariableDefinitions)
	}
	for _, f := range doc.Fragments {
		s := expand(doc, f.SelectionSet)
		c.Fields = max(c.Fields, s.fields)
		c.Nodes += s.nodes + directiveNodes(f.Directives) + variableNodes(f.VariableDefinition)
	}
	return c
}

type expanded struct{ fields, depth, aliases, introspections, credentials, nodes int }

func expand(doc *ast.QueryDocument, set ast.SelectionSet) expanded {
	var out expanded
	add := func(s expanded) {
		out.fields += s.fields
		out.depth = max(out.depth, s.depth)
		out.aliases += s.aliases
		out.introspections += s.introspections
		out.credentials += s.credentials
		out.nodes += s.nodes
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			sub := expand(doc, s.SelectionSet)
			sub.credentials = 0
			sub.fields++
			sub.depth++
			sub.nodes += 1 + argumentNodes(s.Arguments) + directiveNodes(s.Directives)
			if s.Alias != s.Name {
				sub.aliases++
			}
			if s.Name == "__schema" || s.Name == "__type" {
				sub.introspections++
			}
			if s.Name == "login" || s.Name == "signUp" {
				sub.credentials = 1
			}
			add(sub)
		case *ast.InlineFragment:
			sub := expand(doc, s.SelectionSet)
			sub.nodes += 1 + directiveNodes(s.Directives)
			add(sub)
		case *ast.FragmentSpread:
			sub := expanded{nodes: 1 + directiveNodes(s.Directives)}
			if f := doc.Fragments.ForName(s.Name); f != nil {
				inner := expand(doc, f.SelectionSet)
				inner.nodes += directiveNodes(f.Directives) + variableNodes(f.VariableDefinition)
				inner.nodes += sub.nodes
				sub = inner
			}
			add(sub)
		}
	}
	return out
}

func directiveNodes(list ast.DirectiveList) int {
	n := 0
	for _, d := range list {
		n += 1 + argumentNodes(d.Arguments)
	}
	return n
}

func argumentNodes(args ast.ArgumentList) int {
	n := 0
	for _, a := range args {
		n += 1 + valueNodes(a.Value)
	}
	return n
}

func variableNodes(list ast.VariableDefinitionList) int {
	n := 0
	for _, v := range list {
		n += 1 + valueNodes(v.DefaultValue) + directiveNodes(v.Directives)
	}
	return n
}

func valueNodes(v *ast.Value) int {
	if v == nil {
		return 0
	}
	n := 1
	for _, c := range v.Children {
		n += valueNodes(c.Value)
	}
	return n
}

// The fuzz target's reference agrees with the table of TestMeasure on a document with every
// kind of node.
func TestExpandAllAgreesWithMeasure(t *testing.T) {
	q := "query($a: Int = 1 @d) @d { x: f(a: [1, {b: $a}]) @skip(if: true) { ... @include(if: false) { __typename ...F ...F } } } fragment F on Q @d { y: g(v: 1) }"
	doc, err := parser.ParseQuery(&ast.Source{Input: q})
	if err != nil {
		t.Fatal(err)
	}
	got, want := gqlcost.Measure(doc, credentialFields), expandAll(doc)
	if got.Fields != want.Fields || got.Nodes != want.Nodes || got.Aliases != want.Aliases || got.Depth != want.Depth {
		t.Errorf("Measure %+v, expanded %+v", got, want)
	}
}
