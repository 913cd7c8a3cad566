package gqlhttp_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"sessionguard/internal/gqlhttp"
)

// TestIsWebsocketUpgrade: the one predicate every layer asks. Tokens match in any case, inside a
// comma-separated list and in any of several Upgrade headers; Connection is not consulted.
func TestIsWebsocketUpgrade(t *testing.T) {
	tests := []struct {
		name    string
		header  http.Header
		upgrade bool
	}{
		{"no headers", http.Header{}, false},
		{"websocket", http.Header{"Upgrade": {"websocket"}, "Connection": {"Upgrade"}}, true},
		{"mixed case", http.Header{"Upgrade": {"WebSocket"}}, true},
		{"upper case", http.Header{"Upgrade": {"WEBSOCKET"}}, true},
		{"padded", http.Header{"Upgrade": {"  websocket  "}}, true},
		{"last of a list", http.Header{"Upgrade": {"h2c, websocket"}}, true},
		{"first of a list", http.Header{"Upgrade": {"websocket,h2c"}}, true},
		{"second of several headers", http.Header{"Upgrade": {"h2c", "websocket"}}, true},
		{"without Connection", http.Header{"Upgrade": {"websocket"}}, true},
		{"Connection: close", http.Header{"Upgrade": {"websocket"}, "Connection": {"close"}}, true},
		{"other protocol", http.Header{"Upgrade": {"h2c"}}, false},
		{"other protocols", http.Header{"Upgrade": {"h2c", "TLS/1.0, IRC/6.9"}}, false},
		{"Connection: upgrade alone", http.Header{"Connection": {"Upgrade"}}, false},
		{"token inside another", http.Header{"Upgrade": {"websockets"}}, false},
		{"versioned token", http.Header{"Upgrade": {"websocket/13"}}, false},
		{"empty value", http.Header{"Upgrade": {""}}, false},
		{"empty list items", http.Header{"Upgrade": {", ,"}}, false},
		{"in another header", http.Header{"X-Upgrade": {"websocket"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/graphql", nil)
			r.Header = tt.header
			if got := gqlhttp.IsWebsocketUpgrade(r); got != tt.upgrade {
				t.Errorf("IsWebsocketUpgrade(%v) = %v, want %v", tt.header, got, tt.upgrade)
			}
		})
	}
}
