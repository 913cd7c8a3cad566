// Package migrations holds the versioned schema, one SQL dialect per folder, applied at start by
// the store with goose. Files are never edited once released; add a new numbered file instead.
package migrations

import "embed"

// FS holds postgres/*.sql and sqlite/*.sql.
//
//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
