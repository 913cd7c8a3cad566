// Command printschema prints the GraphQL schema as clients see it, for graph/schema.graphql:
//
//	go run ./internal/cmd/printschema > graph/schema.graphql
package main

import (
	"fmt"

	"sessionguard/internal/contract"
)

func main() { fmt.Print(contract.SDL()) }
