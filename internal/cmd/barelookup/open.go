package main

import (
	"database/sql"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers "sqlite": the driver under the product's libtnb/sqlite

	"sessionguard/internal/store"
)

// open connects to a postgres:// URL, or else to a SQLite file as the product opens it: WAL, so
// the product's own writes never block this reader, and the same busy timeout.
func open(url string) (*sql.DB, error) {
	if store.IsPostgres(url) {
		return sql.Open("pgx", url)
	}
	file, query, _ := strings.Cut(url, "?")
	params := "_pragma=journal_mode(WAL)&_pragma=busy_timeout(20000)"
	if query != "" {
		params += "&" + query // the product's own extra parameters, the same for both
	}
	return sql.Open("sqlite", file+"?"+params)
}
