package app

import (
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// Only the console's documents are labelled by name: a name a client invents, or a console name
// on another document, is "other".
func TestKnownNameIsAConsoleDocument(t *testing.T) {
	docs, err := parseTrustedDocuments([]byte(`{"h1": "query Me { me { user { id } } }", "h2": "mutation Logout { logout }"}`))
	if err != nil {
		t.Fatal(err)
	}
	for query, want := range map[string]string{
		"query Me { me { user { id __typename } } }": "Me", // as urql sends it
		"mutation Logout { logout }":                 "Logout",
		"query Me { me { session { id } } }":         "", // a console name, another document
		"query Whatever { me { user { id } } }":      "",
		"{ me { user { id } } }":                     "",
	} {
		doc, err := parser.ParseQuery(&ast.Source{Input: query})
		if err != nil {
			t.Fatal(err)
		}
		rc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}
		if got, ok := docs.knownName(rc); got != want || ok != (want != "") {
			t.Errorf("knownName(%q) = %q, %v; want %q", query, got, ok, want)
		}
	}
	if _, ok := docs.knownName(&graphql.OperationContext{}); ok {
		t.Error("a request without an operation has a known name")
	}
}
