package app

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestConsoleServesFilesWithSPAFallback(t *testing.T) {
	console := fstest.MapFS{
		"index.html":         {Data: []byte("<html>console</html>")},
		"assets/app-1a2b.js": {Data: []byte("console.log(1)")},
	}
	cases := []struct {
		name, path, wantBody, wantCache string
	}{
		{"root serves the app", "/", "<html>console</html>", "no-cache"},
		{"a client-side route serves the app", "/account/sessions", "<html>console</html>", "no-cache"},
		{"an asset is served as itself, cached for good", "/assets/app-1a2b.js", "console.log(1)", "immutable"},
		{"a missing asset falls back to the app", "/assets/missing.js", "<html>console</html>", "no-cache"},
	}
	h := consoleHandler(console)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
			body, _ := io.ReadAll(rec.Body)
			if rec.Code != http.StatusOK || string(body) != tc.wantBody {
				t.Fatalf("GET %s: %d %q", tc.path, rec.Code, body)
			}
			if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, tc.wantCache) {
				t.Errorf("Cache-Control %q, want %q", cc, tc.wantCache)
			}
		})
	}
	t.Run("without a built console the playground is served", func(t *testing.T) {
		rec := httptest.NewRecorder()
		consoleHandler(fstest.MapFS{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, "graphiql") {
			t.Fatalf("got %d %.80q", rec.Code, body)
		}
	})
}
