package clientinfo

import (
	"net/http"
	"net/netip"
	"strings"
)

// IsHTTPS reports whether the client reached us over TLS: directly (r.TLS), or through a trusted
// proxy that terminated TLS and said so in X-Forwarded-Proto. The header is believed only from a
// trusted peer, as X-Forwarded-For is: anyone else could claim https to make us set cookies and
// headers meant for a secure channel, or http to have them dropped.
func IsHTTPS(r *http.Request, trusted []netip.Prefix) bool {
	if r.TLS != nil {
		return true
	}
	if !FromTrustedProxy(r, trusted) {
		return false
	}
	// A chain of proxies may append one value each ("https, http" when an outer proxy spoke TLS
	// and an inner one did not). Any https hop counts: a client claiming https for itself can
	// only make its own cookie stricter, never another's weaker.
	for _, line := range r.Header.Values("X-Forwarded-Proto") {
		for rest, more := line, true; more; { // read in place: the client may make the line long
			var proto string
			proto, rest, more = strings.Cut(rest, ",")
			if strings.EqualFold(strings.TrimSpace(proto), "https") {
				return true
			}
		}
	}
	return false
}
