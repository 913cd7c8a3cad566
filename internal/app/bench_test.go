package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/auth"
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

// runLoad sends b.N requests from 32 concurrent clients over keep-alive connections.
func runLoad(b *testing.B, url, token string, body []byte) {
	transport := &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}
	defer transport.CloseIdleConnections()
	httpClient := &http.Client{Transport: transport}
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := httpClient.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
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
