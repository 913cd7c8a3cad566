package clientinfo

import (
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP returns the address to record for the client that sent r.
//
// The socket peer (r.RemoteAddr) is the only thing the client cannot forge,
// so it is the answer unless the peer is a trusted proxy. Only then is
// X-Forwarded-For believed: all header lines are joined in order and the
// chain is walked from the right (the hop our proxy appended) leftwards,
// skipping addresses that are themselves trusted proxies. The first
// untrusted address is the client; anything left of it was supplied by the
// client and may be spoofed. If every hop is trusted the leftmost is used.
// A malformed entry stops the walk and the last good address is returned,
// because nothing beyond garbage can be trusted either.
//
// IPv4-mapped IPv6 addresses are unmapped and zones dropped so the same
// client always gets the same address. The result is invalid only when
// RemoteAddr cannot be parsed.
func ClientIP(r *http.Request, trusted []netip.Prefix) netip.Addr {
	peer, ok := parseHop(r.RemoteAddr)
	if !ok || !isTrusted(peer, trusted) {
		return peer
	}
	// Walked from the right in place, not split into hops: the client writes what comes before
	// our proxy's hop, as long as the header limit allows, and only the last few hops are read.
	lines := r.Header.Values("X-Forwarded-For")
	client := peer
	for i := len(lines) - 1; i >= 0; i-- {
		for rest, more := lines[i], true; more; {
			var hop string
			hop, rest, more = lastHop(rest)
			a, ok := parseHop(hop)
			if !ok {
				return client
			}
			client = a
			if !isTrusted(a, trusted) {
				return client
			}
		}
	}
	return client
}

// lastHop splits the last comma-separated entry off line; more is false when it was the only one.
func lastHop(line string) (hop, rest string, more bool) {
	k := strings.LastIndexByte(line, ',')
	if k < 0 {
		return line, "", false
	}
	return line[k+1:], line[:k], true
}

// parseHop accepts "addr", "addr:port" and "[v6]:port", since both
// RemoteAddr and some proxies' X-Forwarded-For entries carry ports.
//
// A text with a port is parsed as one at once: every request's RemoteAddr has one, and trying it
// as a bare address first made an error (an allocation) each time. Only "[" or a single colon
// can start or hold a port, and no bare address has either (IPv6 has two colons or more).
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	var a netip.Addr
	var err error
	if strings.HasPrefix(s, "[") || strings.Count(s, ":") == 1 {
		var ap netip.AddrPort
		ap, err = netip.ParseAddrPort(s)
		a = ap.Addr()
	} else {
		a, err = netip.ParseAddr(s)
	}
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}
