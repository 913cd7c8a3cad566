package gqlhttp_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"sessionguard/internal/gqlhttp"
)

// TestMethods: anything but GET and POST is 405 with Allow: GET, POST.
func TestMethods(t *testing.T) {
	notAllowed := func(ct string) want {
		return want{status: http.StatusMethodNotAllowed, contentType: ct, code: "METHOD_NOT_ALLOWED", allow: "GET, POST"}
	}
	var cases []tcase
	for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions, "BREW"} {
		cases = append(cases, both(tcase{name: m, method: m, body: `{"query":"{ name }"}`},
			notAllowed(ctGR), notAllowed(ctJSON))...)
	}
	cases = append(cases, tcase{name: "unacceptable Accept falls back to json", method: http.MethodPut,
		accept: "text/html", body: `{"query":"{ name }"}`, want: notAllowed(ctJSON)})
	run(t, cases)
}

// TestSupports: the transport claims everything except websocket upgrades,
// so that 405/415 come from it instead of gqlgen's generic 400.
func TestSupports(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		header  map[string]string
		support bool
	}{
		{"GET", http.MethodGet, nil, true},
		{"POST json", http.MethodPost, map[string]string{"Content-Type": "application/json"}, true},
		{"POST text/plain", http.MethodPost, map[string]string{"Content-Type": "text/plain"}, true},
		{"PUT", http.MethodPut, nil, true},
		{"websocket upgrade", http.MethodGet, map[string]string{"Connection": "Upgrade", "Upgrade": "websocket"}, false},
		{"websocket upgrade mixed case list", http.MethodGet, map[string]string{"Upgrade": "foo, WebSocket"}, false},
		{"other upgrade", http.MethodGet, map[string]string{"Upgrade": "h2c"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "/graphql", nil)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			if got := (gqlhttp.Transport{}).Supports(req); got != tt.support {
				t.Errorf("Supports = %v, want %v", got, tt.support)
			}
		})
	}
}

// TestWriteRequestError: the exported helper negotiates like the transport.
func TestWriteRequestError(t *testing.T) {
	tests := []struct {
		name, accept, contentType string
	}{
		{"graphql-response+json", acGR, ctGR},
		{"json", acJSON, ctJSON},
		{"no Accept", noHdr, ctJSON},
		{"unacceptable Accept", "text/html", ctJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gqlhttp.WriteRequestError(w, r, http.StatusForbidden, "CSRF", "cross-site request refused")
			})
			got := do(t, h, newRequest(http.MethodPost, "/graphql", noHdr, tt.accept, ""))
			check(t, got, requestError(http.StatusForbidden, tt.contentType, "CSRF"), 0)
			if got.errors[0].Message != "cross-site request refused" {
				t.Errorf("message = %q", got.errors[0].Message)
			}
		})
	}
}

// TestResponseHeaders: caches must key on Accept, and the body is written
// once with an exact length.
func TestResponseHeaders(t *testing.T) {
	srv, _ := newServer(gqlhttp.Transport{}, nil)
	got := do(t, srv, newRequest(http.MethodPost, "/graphql", acJSON, acGR, `{"query":"{ name }"}`))
	if v := got.header.Values("Vary"); len(v) != 1 || v[0] != "Accept" {
		t.Errorf("Vary = %q, want [Accept]", v)
	}
	if cl := got.header.Get("Content-Length"); cl != strconv.Itoa(len(got.body)) {
		t.Errorf("Content-Length = %q, body is %d bytes", cl, len(got.body))
	}
	if got.body != `{"data":{"name":"test"}}` {
		t.Errorf("body = %s", got.body)
	}
}
