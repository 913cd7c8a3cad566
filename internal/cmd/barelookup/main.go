// Command barelookup is the load test's baseline: a bare net/http handler that answers
// `{ me { user { id } } }` with one indexed lookup of the bearer token's hash in PostgreSQL,
// and nothing else (no GraphQL, no authorisation rules, no activity). scripts/loadtest runs it
// against the same database as the product and reports the product as a ratio of it.
package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib"
)

func main() {
	db, err := sql.Open("pgx", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	lookup, err := db.Prepare("SELECT user_id FROM sessions WHERE token_hash = $1")
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
