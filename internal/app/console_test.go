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
	const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	cases := []struct {
		name, path, accept string
		wantStatus         int
		wantBody           string
		wantCache          string
	}{
		{"root serves the app", "/", browser, http.StatusOK, "<html>console</html>", "no-cache"},
		{"a client-side route serves the app to a browser", "/account/sessions", browser, http.StatusOK, "<html>console</html>", "no-cache"},
		{"an asset is served as itself, cached for good", "/assets/app-1a2b.js", "*/*", http.StatusOK, "console.log(1)", "immutable"},
		{"a missing asset is not found", "/assets/missing.js", "*/*", http.StatusNotFound, "404 page not found\n", ""},
		{"an unknown path is not found for an API client", "/readiness", "application/json", http.StatusNotFound, "404 page not found\n", ""},
		{"an unknown path is not found without an Accept header", "/account/sessions", "", http.StatusNotFound, "404 page not found\n", ""},
	}
	h := consoleHandler(console)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodGet, tc.path, nil)
			if tc.accept != "" {
				req.Header.Set("Accept", tc.accept)
			}
			h.ServeHTTP(rec, req)
			body, _ := io.ReadAll(rec.Body)
			if rec.Code != tc.wantStatus || string(body) != tc.wantBody {
				t.Fatalf("GET %s (Accept %q): %d %q", tc.path, tc.accept, rec.Code, body)
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
		rec = httptest.NewRecorder()
		consoleHandler(fstest.MapFS{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/account", nil))
		if rec.Code != http.StatusNotFound {
			t.Fatalf("GET /account without a console: %d, want 404", rec.Code)
		}
	})
}
