package app_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/testdb"
)

// A malformed automatic persisted query is the client's mistake, not ours: it gets its own code
// (never INTERNAL_SERVER_ERROR), and a document too long to check is refused before APQ would
// store it.
func TestPersistedQueryMistakesAreCoded(t *testing.T) {
	const query = "{ __typename }"
	sum := sha256.Sum256([]byte(query))
	hash := hex.EncodeToString(sum[:])
	long := "{" + strings.Repeat(" __typename", app.CostLimits.Bytes/len(" __typename")+1) + " }"
	longSum := sha256.Sum256([]byte(long))
	cases := []struct {
		name     string
		body     map[string]any
		wantCode string
	}{
		{"extension that does not decode", map[string]any{"query": query, "extensions": map[string]any{"persistedQuery": "x"}}, "PERSISTED_QUERY_INVALID"},
		{"unknown version", map[string]any{"query": query, "extensions": map[string]any{"persistedQuery": map[string]any{"version": 2, "sha256Hash": hash}}}, "PERSISTED_QUERY_INVALID"},
		{"hash of another document", map[string]any{"query": "{ me { user { id } } }", "extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}}, "PERSISTED_QUERY_INVALID"},
		{"unknown hash", map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": strings.Repeat("0", 64)}}}, "PERSISTED_QUERY_NOT_FOUND"},
		{"a document over the size limit", map[string]any{"query": long, "extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(longSum[:])}}}, "QUERY_TOO_LARGE"},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				raw, _ := json.Marshal(tc.body)
				h := http.Header{"Content-Type": {"application/json"}, "Accept": {httpGraphQLResponse}}
				status, _, res := srv.Raw(t, http.MethodPost, "/graphql", h, string(raw))
				if env := httpDecode(t, res); env.code() != tc.wantCode || status >= 500 {
					t.Errorf("status %d, code %q, want %q: %s", status, env.code(), tc.wantCode, res)
				}
			})
		}
		// The over-long document was not stored: its hash alone is still unknown.
		raw, _ := json.Marshal(map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(longSum[:])}}})
		_, _, res := srv.Raw(t, http.MethodPost, "/graphql", http.Header{"Content-Type": {"application/json"}}, string(raw))
		if code := httpDecode(t, res).code(); code != "PERSISTED_QUERY_NOT_FOUND" {
			t.Errorf("the refused document's hash: code %q, want PERSISTED_QUERY_NOT_FOUND", code)
		}
	})
}
