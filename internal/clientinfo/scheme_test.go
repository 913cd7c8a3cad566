package clientinfo

import (
	"crypto/tls"
	"net/http/httptest"
	"testing"
)

func TestIsHTTPS(t *testing.T) {
	trusted, err := ParseTrustedProxies("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		remote string
		tls    bool
		proto  []string // X-Forwarded-Proto lines
		want   bool
	}{
		{"plain http", "203.0.113.5:1", false, nil, false},
		{"direct tls", "203.0.113.5:1", true, nil, true},
		{"trusted proxy says https", "10.0.0.1:1", false, []string{"https"}, true},
		{"trusted proxy says http", "10.0.0.1:1", false, []string{"http"}, false},
		{"untrusted peer claims https", "203.0.113.5:1", false, []string{"https"}, false},
		{"chain with an https hop", "10.0.0.1:1", false, []string{"https, http"}, true},
		{"several lines", "10.0.0.1:1", false, []string{"http", " HTTPS "}, true},
		{"trusted proxy, no header", "10.0.0.1:1", false, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/graphql", nil)
			r.RemoteAddr = tc.remote
			if tc.tls {
				r.TLS = &tls.ConnectionState{}
			}
			for _, p := range tc.proto {
				r.Header.Add("X-Forwarded-Proto", p)
			}
			if got := IsHTTPS(r, trusted); got != tc.want {
				t.Errorf("IsHTTPS = %v, want %v", got, tc.want)
			}
		})
	}
}
