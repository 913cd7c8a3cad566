package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"
	"gorm.io/gorm"

	"sessionguard/graph"
	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/auth"
	"sessionguard/internal/gqlcost"
	"sessionguard/models"
)

// The authenticated hot path, `{ me { user { id } } }`, with one session and with 100,000
// sessions requested at random, on every engine, against a baseline measured in the same run: a
// bare net/http handler doing the one indexed session lookup by token hash. Compare the two ns/op
// figures as a ratio; absolute numbers on shared machines mean little. writes/op counts the
// statements that wrote (activity: UPDATEs) per request, rows/op the rows they changed; activity
// is batched as in production and flushed once more after the load.
//
//	TEST_DATABASE_URL=... go test -run '^$' -bench HotPath -benchtime 5s ./internal/app/
func BenchmarkHotPath(b *testing.B) {
	eachHotPath(b, nil, func(b *testing.B, srv *apitest.Server, tokens []string) {
		next := func() (string, []byte) { return tokens[rand.IntN(len(tokens))], hotPathBody }
		writes := countWrites(b, srv)
		b.Run("baseline=bare-handler-one-lookup", func(b *testing.B) {
			bare := bareLookup(b, srv)
			runLoadWith(b, bare.URL, next)
		})
		b.Run("graphql-me", func(b *testing.B) {
			writes.reset()
			runLoadWith(b, srv.URL+"/graphql", next)
			if err := srv.Store().FlushActivity(context.Background()); err != nil {
				b.Fatal(err)
			}
			writes.report(b)
		})
	})
}

// hotPathBody is the hot path's request: `{ me { user { id } } }`.
var hotPathBody, _ = json.Marshal(map[string]any{"query": "{ me { user { id } } }"})

// eachHotPath runs bench on every engine, with one session and with 100,000, on a server with
// batched activity and no reaper (adjusted by configure when not nil); tokens are the sessions'.
func eachHotPath(b *testing.B, configure func(*app.Config), bench func(b *testing.B, srv *apitest.Server, tokens []string)) {
	for _, engine := range testdbEngines(b) {
		for _, sessions := range []int{1, 100_000} {
			b.Run(fmt.Sprintf("engine=%s/sessions=%d", engine.Name, sessions), func(b *testing.B) {
				opts := []func(*app.Config){apitest.NoReaper, apitest.BatchedActivity}
				if configure != nil {
					opts = append(opts, configure)
				}
				srv := apitest.Start(b, engine.New(b), opts...)
				acc := srv.SeedAccount(b)
				tokens := []string{srv.Login(b, acc.Admin).Token}
				if sessions > 1 {
					tokens = seedSessions(b, srv, acc, sessions)
				}
				bench(b, srv, tokens)
			})
		}
	}
}

func benchServer(b *testing.B) (*apitest.Server, *apitest.Client) {
	url := os.Getenv("TEST_DATABASE_URL")
	if url == "" {
		url = filepath.Join(b.TempDir(), "bench.db")
	} else {
		url = benchSchema(b)
	}
	srv := apitest.Start(b, url)
	acc := srv.SeedAccount(b)
	return srv, srv.Login(b, acc.Admin)
}

func benchSchema(b *testing.B) string {
	for _, e := range testdbEngines(b) {
		if e.Name == "postgres" {
			return e.New(b)
		}
	}
	b.Fatal("no PostgreSQL engine")
	return ""
}

// bareLookup serves bareLookupHandler.
func bareLookup(b *testing.B, srv *apitest.Server) *httptest.Server {
	bare := httptest.NewServer(bareLookupHandler(b, srv))
	b.Cleanup(bare.Close)
	return bare
}

// bareLookupHandler answers `{ me { user { id } } }` the cheapest way: one indexed lookup by
// token hash.
func bareLookupHandler(b *testing.B, srv *apitest.Server) http.Handler {
	sqlDB, err := srv.Store().Gorm().DB()
	if err != nil {
		b.Fatal(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		hash := auth.HashToken(r.Header.Get("Authorization")[len("Bearer "):])
		var id, userID string
		err := sqlDB.QueryRowContext(r.Context(),
			rebind(srv, "SELECT id, user_id FROM sessions WHERE token_hash = ?"), hash).Scan(&id, &userID)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"me": map[string]any{"user": map[string]any{"id": userID}}}})
	})
}

// seedSessions inserts n active sessions of acc's admin directly, in multi-row INSERTs, and
// returns their tokens.
func seedSessions(b *testing.B, srv *apitest.Server, acc apitest.Account, n int) []string {
	now := srv.Clock.Now().UTC().Truncate(time.Microsecond)
	tokens := make([]string, n)
	rows := make([]models.Session, n)
	for i := range rows {
		token, hash := auth.NewToken()
		tokens[i] = token
		rows[i] = models.Session{ID: uuid.Must(uuid.NewV7()).String(), AccountID: acc.ID, UserID: acc.Admin.ID,
			TokenHash: hash, Status: models.SessionActive, LoginIP: "198.51.100.7", LoginAt: now, LastActiveAt: now}
	}
	if err := srv.Store().Gorm().CreateInBatches(rows, 1000).Error; err != nil {
		b.Fatalf("seeding sessions: %v", err)
	}
	return tokens
}

// writeCounter counts the statements that write through a store's connection, and their rows.
type writeCounter struct{ statements, rows atomic.Int64 }

// countWrites registers a writeCounter on srv's connection; register it before the load starts.
func countWrites(b *testing.B, srv *apitest.Server) *writeCounter {
	c := &writeCounter{}
	count := func(tx *gorm.DB) {
		if strings.HasPrefix(strings.TrimSpace(strings.ToUpper(tx.Statement.SQL.String())), "SELECT") {
			return
		}
		c.statements.Add(1)
		c.rows.Add(tx.RowsAffected)
	}
	cb := srv.Store().Gorm().Callback()
	for _, err := range []error{
		cb.Update().After("gorm:update").Register("bench:writes", count),
		cb.Raw().After("gorm:raw").Register("bench:writes", count),
	} {
		if err != nil {
			b.Fatal(err)
		}
	}
	return c
}

func (c *writeCounter) reset() { c.statements.Store(0); c.rows.Store(0) }

// report adds writes/op and rows/op to b's results.
func (c *writeCounter) report(b *testing.B) {
	b.ReportMetric(float64(c.statements.Load())/float64(b.N), "writes/op")
	b.ReportMetric(float64(c.rows.Load())/float64(b.N), "rows/op")
}

// The cost check's refusals without a login, each attack of costAttacks (the worst documents we
// know how to build, most near the 1 MiB body limit), and the worst documents that pass it (each
// request a new document, so that gqlgen parses and validates every one), next to the hot path
// measured in the same run. Compare each ns/op with graphql-me's.
//
//	go test -run '^$' -bench Cost -benchtime 2s ./internal/app/
func BenchmarkCost(b *testing.B) {
	srv, client := benchServer(b)
	hot, _ := json.Marshal(map[string]any{"query": "{ me { user { id } } }"})
	b.Run("baseline=graphql-me", func(b *testing.B) {
		runLoad(b, srv.URL+"/graphql", client.Token, hot)
	})
	for _, tc := range costAttacks() {
		body, _ := json.Marshal(map[string]any{"query": tc.query, "variables": tc.vars})
		b.Run("refused/"+strings.ReplaceAll(tc.name, " ", "-"), func(b *testing.B) {
			runLoad(b, srv.URL+"/graphql", "", body)
		})
	}
	for _, tc := range costWorstPassing() {
		b.Run("passes-uncached/"+strings.ReplaceAll(tc.name, " ", "-"), func(b *testing.B) {
			runLoadEach(b, srv.URL+"/graphql", "", uniqueBodies(tc.query))
		})
	}
}

// The CPU gqlparser's validation spends on the worst documents that pass the cost check, and the
// check's own cost on every attack, without HTTP.
//
//	go test -run '^$' -bench CostValidation ./internal/app/
func BenchmarkCostValidation(b *testing.B) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	for _, tc := range costWorstPassing() {
		b.Run("validate/"+strings.ReplaceAll(tc.name, " ", "-"), func(b *testing.B) {
			for b.Loop() {
				doc, err := parser.ParseQuery(&ast.Source{Input: tc.query})
				if err != nil {
					b.Fatal(err)
				}
				validator.ValidateWithRules(schema, doc, rules.NewDefaultRules())
			}
		})
	}
	for _, tc := range costAttacks() {
		b.Run("check/"+strings.ReplaceAll(tc.name, " ", "-"), func(b *testing.B) {
			for b.Loop() {
				gqlcost.Check(tc.query, app.CostLimits)
			}
		})
	}
}

// uniqueBodies returns request bodies for query, each with a comment of its own at the end so
// that no two hit gqlgen's query cache.
func uniqueBodies(query string) func() []byte {
	enc, _ := json.Marshal(map[string]any{"query": query + "\n#"})
	head, tail := enc[:bytes.LastIndex(enc, []byte(`"`))], enc[bytes.LastIndex(enc, []byte(`"`)):]
	var n atomic.Int64
	return func() []byte {
		return append(append(slices.Clip(head), strconv.FormatInt(n.Add(1), 10)...), tail...)
	}
}

// runLoad sends b.N requests from 32 concurrent clients over keep-alive connections, with token
// as a bearer token unless it is empty.
func runLoad(b *testing.B, url, token string, body []byte) {
	runLoadEach(b, url, token, func() []byte { return body })
}

// runLoadEach is runLoad with a body from next for every request.
func runLoadEach(b *testing.B, url, token string, next func() []byte) {
	runLoadWith(b, url, func() (string, []byte) { return token, next() })
}

// runLoadWith is runLoad with a token and body from next for every request.
func runLoadWith(b *testing.B, url string, next func() (token string, body []byte)) {
	transport := &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}
	defer transport.CloseIdleConnections()
	httpClient := &http.Client{Transport: transport}
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			token, body := next()
			req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			resp, err := httpClient.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			// 413: a body over the limit, refused before it is read whole.
			if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusRequestEntityTooLarge {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
}

// rebind turns ? placeholders into PostgreSQL's $1 where needed.
func rebind(srv *apitest.Server, q string) string {
	if !srv.Store().Postgres() {
		return q
	}
	out, n := []byte{}, 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = append(out, []byte("$"+string(rune('0'+n)))...)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}
