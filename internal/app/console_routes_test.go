package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
)

// The console shares the server's routes with /graphql and /healthz: client-side routes fall
// back to the app, while the API keeps its own paths.
func TestConsoleRoutesBesideTheAPI(t *testing.T) {
	console := fstest.MapFS{"index.html": {Data: []byte("<html>console</html>")}}
	srv := apitest.Start(t, t.TempDir()+"/console.db", func(c *app.Config) { c.Console = console })
	cases := []struct {
		name, method, path string
		wantStatus         int
		wantBody           string
	}{
		{"the console at /", http.MethodGet, "/", http.StatusOK, "console"},
		{"a client-side route", http.MethodGet, "/account/sessions", http.StatusOK, "console"},
		{"POST to a console path is refused", http.MethodPost, "/account", http.StatusMethodNotAllowed, ""},
		{"the API keeps /graphql", http.MethodGet, "/graphql?query=%7B__typename%7D", http.StatusOK, "Query"},
		{"liveness", http.MethodGet, "/healthz", http.StatusOK, "ok"},
		{"readiness", http.MethodGet, "/readyz", http.StatusOK, "ready"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
			req.Header.Set("Accept", "text/html,*/*;q=0.8") // as a browser navigating
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body strings.Builder
			_, _ = io.Copy(&body, resp.Body)
			if resp.StatusCode != tc.wantStatus || !strings.Contains(body.String(), tc.wantBody) {
				t.Fatalf("%s %s: %d %.100q", tc.method, tc.path, resp.StatusCode, body.String())
			}
		})
	}
}
