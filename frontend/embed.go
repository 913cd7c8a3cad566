// Package frontend embeds the built admin console (frontend/dist, made by `npm run build`) into
// the server binary, so one file serves the API and the console.
package frontend

import (
	"embed"
	"io/fs"
)

// dist always holds at least .gitkeep, so the server compiles before the console is built.
//
//go:embed all:dist
var dist embed.FS

// persistedDocuments is GraphQL Code Generator's manifest of the console's operations (hash →
// document, `npm run codegen`), committed with src/gql so the server always compiles with it.
//
//go:embed src/gql/persisted-documents.json
var persistedDocuments []byte

// PersistedDocuments returns the console's operations for TRUSTED_DOCUMENTS=enforce.
func PersistedDocuments() []byte { return persistedDocuments }

// Console returns the built console; without index.html the server serves the playground.
func Console() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		return nil
	}
	return sub
}
