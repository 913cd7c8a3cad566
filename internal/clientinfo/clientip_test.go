package clientinfo

import (
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestClientIP(t *testing.T) {
	trusted, err := ParseTrustedProxies("10.0.0.0/8, 2001:db8:ffff::/48")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		remote  string
		xff     []string // one element per header line
		trusted bool     // use the trusted list above, else trust nobody
		want    string   // "" means an invalid Addr
	}{
		{"no xff", "203.0.113.5:1234", nil, true, "203.0.113.5"},
		{"no trust ignores xff", "10.0.0.1:1234", []string{"198.51.100.1"}, false, "10.0.0.1"},
		{"untrusted peer ignores xff", "203.0.113.5:1234", []string{"198.51.100.1"}, true, "203.0.113.5"},
		{"trusted peer uses xff", "10.0.0.1:1234", []string{"198.51.100.1"}, true, "198.51.100.1"},
		{"chain of trusted proxies", "10.0.0.1:1", []string{"198.51.100.1, 10.2.2.2, 10.3.3.3"}, true, "198.51.100.1"},
		{"spoofed leftmost ignored", "10.0.0.1:1", []string{"1.2.3.4, 198.51.100.1, 10.2.2.2"}, true, "198.51.100.1"},
		{"all hops trusted gives leftmost", "10.0.0.1:1", []string{"10.9.9.9, 10.2.2.2"}, true, "10.9.9.9"},
		{"multiple header lines", "10.0.0.1:1", []string{"1.2.3.4", "198.51.100.1, 10.2.2.2"}, true, "198.51.100.1"},
		{"multiple lines all trusted", "10.0.0.1:1", []string{"10.7.7.7", "10.2.2.2"}, true, "10.7.7.7"},
		{"ipv6 peer and client", "[2001:db8:ffff::1]:443", []string{"2001:db8:1::42"}, true, "2001:db8:1::42"},
		{"ipv6 untrusted peer", "[2001:db8:1::1]:443", []string{"198.51.100.1"}, true, "2001:db8:1::1"},
		{"ipv4-mapped peer unmapped and trusted", "[::ffff:10.0.0.1]:80", []string{"198.51.100.1"}, true, "198.51.100.1"},
		{"ipv4-mapped xff unmapped", "10.0.0.1:1", []string{"::ffff:198.51.100.1"}, true, "198.51.100.1"},
		{"ipv4-mapped peer untrusted", "[::ffff:203.0.113.5]:80", nil, false, "203.0.113.5"},
		{"xff entry with port", "10.0.0.1:1", []string{"198.51.100.1:5555"}, true, "198.51.100.1"},
		{"malformed rightmost keeps peer", "10.0.0.1:1", []string{"198.51.100.1, unknown"}, true, "10.0.0.1"},
		{"malformed stops walk at last good", "10.0.0.1:1", []string{"198.51.100.1, garbage, 10.2.2.2"}, true, "10.2.2.2"},
		{"empty entry is malformed", "10.0.0.1:1", []string{"198.51.100.1,"}, true, "10.0.0.1"},
		{"remote without port", "203.0.113.5", nil, false, "203.0.113.5"},
		{"unparseable remote", "not-an-addr", []string{"198.51.100.1"}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			tr := trusted
			if !tt.trusted {
				tr = nil
			}
			got := ClientIP(r, tr)
			if tt.want == "" {
				if got.IsValid() {
					t.Fatalf("got %v, want invalid Addr", got)
				}
				return
			}
			if got.String() != tt.want {
				t.Errorf("got %v, want %s", got, tt.want)
			}
		})
	}
}

// A client may send a long X-Forwarded-For through the proxy; reading it allocates nothing,
// however many entries it holds.
func TestClientIPReadsALongChainWithoutAllocating(t *testing.T) {
	r, trusted := viaTrustedProxy(t, "X-Forwarded-For", strings.Repeat(",", 1<<20)+"198.51.100.1, 10.2.2.2")
	var got netip.Addr
	allocs := testing.AllocsPerRun(3, func() { got = ClientIP(r, trusted) })
	if got.String() != "198.51.100.1" || allocs != 0 {
		t.Errorf("ClientIP = %v with %v allocations; want 198.51.100.1 with none", got, allocs)
	}
}
