// Command barelookup is the load tests' baseline: a bare net/http handler that answers
// `{ me { user { id } } }` with one indexed lookup of the bearer token's hash, and nothing else
// (no GraphQL, no authorisation rules, no activity). It reads the product's database, PostgreSQL
// through pgx or a SQLite file through the same pure-Go driver the product uses, and
// scripts/bench and scripts/loadtest report the product as a ratio of it.
package main

import (
	"crypto/sha256"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
)

// lookupQuery is the one query: SQLite reads $1 as a parameter too.
const lookupQuery = "SELECT user_id FROM sessions WHERE token_hash = $1"

func main() {
	db, err := open(os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	// As many connections as the product keeps (store.Options.MaxOpenConns): like against like.
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	lookup, err := db.Prepare(lookupQuery)
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/graphql", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		hash := sha256.Sum256([]byte(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")))
		var userID string
		if err := lookup.QueryRowContext(r.Context(), hash[:]).Scan(&userID); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"me": map[string]any{"user": map[string]any{"id": userID}}}})
	})
	log.Fatal(http.ListenAndServe(os.Getenv("LISTEN_ADDR"), nil))
}
