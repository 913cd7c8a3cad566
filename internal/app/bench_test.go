package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"sessionguard/graph"
	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/auth"
	"sessionguard/internal/gqlcost"
)

// The authenticated hot path, `{ me { user { id } } }`, against a baseline measured in the same
// run: a bare net/http handler doing the one indexed session lookup by token hash. Compare the
// two ns/op figures as a ratio; absolute numbers on shared machines mean little.
//
//	TEST_DATABASE_URL=... go test -run '^$' -bench HotPath -benchtime 5s ./internal/app/

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

func BenchmarkHotPath(b *testing.B) {
	srv, client := benchServer(b)
	body, _ := json.Marshal(map[string]any{"query": "{ me { user { id } } }"})

	b.Run("baseline=bare-handler-one-lookup", func(b *testing.B) {
		sqlDB, err := srv.Store().Gorm().DB()
		if err != nil {
			b.Fatal(err)
		}
		bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
		}))
		defer bare.Close()
		runLoad(b, bare.URL, client.Token, body)
	})
	b.Run("graphql-me", func(b *testing.B) {
		runLoad(b, srv.URL+"/graphql", client.Token, body)
	})
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
	transport := &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}
	defer transport.CloseIdleConnections()
	httpClient := &http.Client{Transport: transport}
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(next()))
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
