package app

import (
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// TrustedDocumentHash tells which of manifest's documents query is, by codegen's hash, for the
// external tests.
func TrustedDocumentHash(manifest []byte, query string) (string, bool) {
	t, err := parseTrustedDocuments(manifest)
	if err != nil {
		panic(err)
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		panic(err)
	}
	return t.hash(doc)
}
