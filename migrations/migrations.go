// Package migrations holds the versioned schema, one SQL dialect per folder, applied at start by
// the store with goose. Files are never edited once released; add a new numbered file instead.
package migrations

import (
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// FS holds postgres/*.sql and sqlite/*.sql.
//
//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS

// Latest is the version of the newest migration in dir ("postgres" or "sqlite"): the schema
// version this build needs.
func Latest(dir string) (int64, error) {
	entries, err := fs.ReadDir(FS, dir)
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, e := range entries {
		number, _, found := strings.Cut(e.Name(), "_")
		version, err := strconv.ParseInt(number, 10, 64)
		if !found || err != nil {
			return 0, fmt.Errorf("migrations: %s/%s is not named NNNNN_name.sql", dir, e.Name())
		}
		latest = max(latest, version)
	}
	return latest, nil
}
