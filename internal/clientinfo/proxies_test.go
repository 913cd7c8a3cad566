package clientinfo

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

func TestParseTrustedProxies(t *testing.T) {
	pfx := netip.MustParsePrefix
	tests := []struct {
		name    string
		in      string
		want    []netip.Prefix
		wantErr string // substring of the error; "" means success
	}{
		{name: "empty", in: "", want: nil},
		{name: "blank and stray commas", in: " , ,", want: nil},
		{name: "cidrs with spaces", in: "10.0.0.0/8, 127.0.0.1/32",
			want: []netip.Prefix{pfx("10.0.0.0/8"), pfx("127.0.0.1/32")}},
		{name: "bare ipv4 and ipv6", in: "192.0.2.7,2001:db8::1",
			want: []netip.Prefix{pfx("192.0.2.7/32"), pfx("2001:db8::1/128")}},
		{name: "host bits masked", in: "10.1.2.3/8", want: []netip.Prefix{pfx("10.0.0.0/8")}},
		{name: "ipv4-mapped unmapped", in: "::ffff:10.0.0.0/104", want: []netip.Prefix{pfx("10.0.0.0/8")}},
		{name: "garbage entry", in: "10.0.0.0/8, nonsense", wantErr: `"nonsense"`},
		{name: "bad mask", in: "10.0.0.0/33", wantErr: `"10.0.0.0/33"`},
		{name: "zoned address", in: "fe80::1%eth0", wantErr: `"fe80::1%eth0"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTrustedProxies(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) ||
					!strings.HasPrefix(err.Error(), "clientinfo: ") {
					t.Fatalf("err = %v, want clientinfo error naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFromTrustedProxy(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	tests := []struct {
		name    string
		remote  string
		trusted []netip.Prefix
		want    bool
	}{
		{"a trusted peer", "10.1.2.3:5555", trusted, true},
		{"a trusted IPv6 peer", "[::1]:5555", trusted, true},
		{"an IPv4-mapped trusted peer", "[::ffff:10.0.0.9]:80", trusted, true},
		{"an untrusted peer", "192.0.2.1:5555", trusted, false},
		{"nobody trusted", "10.1.2.3:5555", nil, false},
		{"an unreadable peer", "garbage", trusted, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &http.Request{RemoteAddr: tt.remote}
			if got := FromTrustedProxy(r, tt.trusted); got != tt.want {
				t.Errorf("FromTrustedProxy(%s) = %v, want %v", tt.remote, got, tt.want)
			}
		})
	}
}

// viaTrustedProxy is a request that reached us from a trusted proxy (10.0.0.1, in the returned
// 10.0.0.0/8) with header set to value.
func viaTrustedProxy(t *testing.T, header, value string) (*http.Request, []netip.Prefix) {
	t.Helper()
	trusted, err := ParseTrustedProxies("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.1:1234"
	r.Header.Add(header, value)
	return r, trusted
}
