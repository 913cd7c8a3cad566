//go:build tools

// This file pins build tools in go.mod, so `go run github.com/99designs/gqlgen generate` uses
// the version the project records.
package main

import _ "github.com/99designs/gqlgen"
