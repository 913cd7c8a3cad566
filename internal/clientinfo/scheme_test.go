package clientinfo

import (
	"crypto/tls"
	"net/http/httptest"
	"strings"
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
		{"a long line of http hops, then https", "10.0.0.1:1", false, []string{strings.Repeat("http,", 1<<16) + "https"}, true},
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

// Reading a long X-Forwarded-Proto allocates nothing, however many hops it lists.
func TestIsHTTPSReadsALongLineWithoutAllocating(t *testing.T) {
	r, trusted := viaTrustedProxy(t, "X-Forwarded-Proto", strings.Repeat(",", 1<<20)+"https")
	var got bool
	allocs := testing.AllocsPerRun(3, func() { got = IsHTTPS(r, trusted) })
	if !got || allocs != 0 {
		t.Errorf("IsHTTPS = %v with %v allocations; want true with none", got, allocs)
	}
}
