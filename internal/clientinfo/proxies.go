package clientinfo

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// ParseTrustedProxies parses a comma-separated CIDR list such as the
// TRUSTED_PROXIES setting, e.g. "10.0.0.0/8, 127.0.0.1/32". Bare addresses
// are accepted as single-host prefixes (/32 or /128) because operators often
// list one load balancer by its address. Empty entries are skipped, so ""
// yields nil, nil (trust nobody). An invalid entry is an error naming it:
// silently dropping a typo would make the server trust the wrong hops or
// record the proxy's address for every session.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, raw := range strings.Split(s, ",") {
		entry := strings.TrimSpace(raw)
		if entry == "" {
			continue
		}
		p, err := parseProxyEntry(entry)
		if err != nil {
			return nil, fmt.Errorf("clientinfo: invalid trusted proxy %q: %w", entry, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func parseProxyEntry(entry string) (netip.Prefix, error) {
	if strings.Contains(entry, "/") {
		p, err := netip.ParsePrefix(entry)
		if err != nil {
			return netip.Prefix{}, err
		}
		// ClientIP compares unmapped addresses, so an IPv4-mapped prefix
		// would never match; store its plain IPv4 form instead.
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(entry)
	if err != nil {
		return netip.Prefix{}, err
	}
	if a.Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("zoned address not allowed")
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// isTrusted reports whether a is inside any of the trusted prefixes.
func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// FromTrustedProxy reports whether r's peer is one of the trusted proxies, whose headers
// (X-Forwarded-For, X-Forwarded-Proto, X-Request-Id) may be believed.
func FromTrustedProxy(r *http.Request, trusted []netip.Prefix) bool {
	if len(trusted) == 0 {
		return false
	}
	peer, ok := parseHop(r.RemoteAddr)
	return ok && isTrusted(peer, trusted)
}
