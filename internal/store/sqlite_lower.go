package store

import (
	"database/sql/driver"
	"strings"

	sqlitedriver "modernc.org/sqlite"
)

// SQLite's built-in lower() folds only ASCII, so a search for "élodie" would miss "Élodie" while
// PostgreSQL finds it. Replacing lower() with Go's Unicode folding makes both engines agree.
func init() {
	sqlitedriver.MustRegisterDeterministicScalarFunction("lower", 1,
		func(_ *sqlitedriver.FunctionContext, args []driver.Value) (driver.Value, error) {
			switch v := args[0].(type) {
			case string:
				return strings.ToLower(v), nil
			case []byte:
				return strings.ToLower(string(v)), nil
			default:
				return v, nil
			}
		})
}
