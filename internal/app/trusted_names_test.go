package app

import (
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Only the console's operation names become metric labels: a name a client invents is "other".
func TestKnownNameIsAConsoleOperationName(t *testing.T) {
	docs, err := parseTrustedDocuments([]byte(`{"h1": "query Me { me { user { id } } }", "h2": "mutation Logout { logout }"}`))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"Me": true, "Logout": true, "Whatever": false, "": false} {
		rc := &graphql.OperationContext{Operation: &ast.OperationDefinition{Name: name}}
		if got, ok := docs.knownName(rc); ok != want || (ok && got != name) {
			t.Errorf("knownName(%q) = %q, %v; want %v", name, got, ok, want)
		}
	}
	if _, ok := docs.knownName(&graphql.OperationContext{}); ok {
		t.Error("a request without an operation has a known name")
	}
}
