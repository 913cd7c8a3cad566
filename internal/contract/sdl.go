// Package contract prints the GraphQL schema as clients see it: the committed graph/schema.graphql
// that CI checks for drift (this package's test) and for breaking changes (GraphQL Inspector,
// frontend/scripts/schema-contract.mjs).
package contract

import (
	"strings"

	"github.com/vektah/gqlparser/v2/formatter"

	"sessionguard/graph"
)

// Command regenerates the committed file; failures name it.
const Command = "go run ./internal/cmd/printschema > graph/schema.graphql"

// SDL is the merged schema of graph/*.graphqls, printed in a stable order (types and directives
// sorted by name) so that a diff of the file is a diff of the contract.
func SDL() string {
	var b strings.Builder
	b.WriteString("# The GraphQL schema as clients see it, printed from graph/*.graphqls. Do not edit:\n# " + Command + "\n\n")
	formatter.NewFormatter(&b, formatter.WithIndent("  ")).FormatSchema(graph.NewExecutableSchema(graph.Config{}).Schema())
	return b.String()
}
