package gqlhttp_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"sessionguard/internal/gqlhttp"
)

// BenchmarkPOST measures the hot path (cached query document) against
// gqlgen's own POST transport, which it replaces.
func BenchmarkPOST(b *testing.B) {
	for _, tc := range []struct {
		name string
		tr   graphql.Transport
	}{
		{"gqlhttp", gqlhttp.Transport{}},
		{"gqlgen", transport.POST{}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			srv, _ := newBareServer()
			srv.AddTransport(tc.tr)
			srv.SetQueryCache(lru.New[*ast.QueryDocument](100))
			const body = `{"query":"query Q($id: Int!) { name find(id: $id) }","variables":{"id":1}}`
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Accept", "application/graphql-response+json, application/json;q=0.9")
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
