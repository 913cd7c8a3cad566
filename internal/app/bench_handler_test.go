package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/observe"
)

// The hot path's server-side cost alone: `{ me { user { id } } }` through the product's whole
// handler, called in-process (no sockets, no load generator), against the bare handler doing
// the one indexed lookup, on every engine, with one session and with 100,000 at random. The
// ratio of the two ns/op is the share of the request that is ours; allocs/op shows where the
// collector's work comes from. Access lines are formatted by production's logger
// (observe.NewLogger: text, with the request id), to a discarding writer.
//
//	TEST_DATABASE_URL=... go test -run '^$' -bench HotPathHandler -benchtime 3s ./internal/app/
func BenchmarkHotPathHandler(b *testing.B) {
	logText := func(c *app.Config) {
		c.Logger = observe.NewLogger(io.Discard, observe.LogConfig{Level: slog.LevelInfo})
	}
	eachHotPath(b, logText, func(b *testing.B, srv *apitest.Server, tokens []string) {
		b.Run("baseline=bare-handler-one-lookup", func(b *testing.B) {
			serveInProcess(b, bareLookupHandler(b, srv), tokens, hotPathBody)
		})
		b.Run("graphql-me", func(b *testing.B) {
			serveInProcess(b, srv.App.Handler(), tokens, hotPathBody)
		})
	})
}

// serveInProcess calls h once per iteration with a POST of body and a token picked at random,
// from one goroutine, and fails on any answer but a user's id. Each request's context can be
// cancelled, as net/http's are: a query under such a context costs goroutines that one under
// context.Background does not. cpu-ns/op is the process's CPU time (every goroutine's, the
// collector's too) per request: unlike ns/op, it does not grow when another process takes the
// cores, which on a shared machine makes it the steadier figure.
func serveInProcess(b *testing.B, h http.Handler, tokens []string, body []byte) {
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU(b)
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tokens[rand.IntN(len(tokens))])
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		cancel()
		if rec.Code != http.StatusOK || !bytes.Contains(rec.Body.Bytes(), []byte(`"id"`)) ||
			bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
			b.Fatalf("answer %d: %s", rec.Code, rec.Body)
		}
	}
	b.ReportMetric(float64(processCPU(b)-cpu)/float64(b.N), "cpu-ns/op")
}

// processCPU is the CPU time this process has used so far, user and system.
func processCPU(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
