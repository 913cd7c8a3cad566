package app_test

import (
	"testing"

	"sessionguard/internal/testdb"
)

func testdbEngines(tb testing.TB) []testdb.Engine { return testdb.Engines(tb) }
