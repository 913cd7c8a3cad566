package webhooks

import (
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// ErrPrivateAddress refuses a connection to an address an endpoint may not have.
type ErrPrivateAddress struct{ Addr netip.Addr }

func (e ErrPrivateAddress) Error() string {
	return fmt.Sprintf("webhooks: refused to connect to %s: a private, loopback or link-local address", e.Addr)
}

// sharedAddressSpace is 100.64.0.0/10 (RFC 6598, carrier-grade NAT), which netip does not
// count as private.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// public reports whether an endpoint may be reached at addr: not loopback, private, link-local
// (cloud metadata lives at 169.254.169.254), unspecified, multicast or carrier-grade NAT.
func public(addr netip.Addr) bool {
	addr = addr.Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
	return addr.IsValid() && addr.IsGlobalUnicast() && !addr.IsPrivate() && !sharedAddressSpace.Contains(addr)
}

// refusePrivate is a net.Dialer Control func: it runs after DNS resolution, on the very address
// about to be connected, so a name that resolves to a public address when checked and to a
// private one when used (DNS rebinding) is refused all the same.
func refusePrivate(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("webhooks: unable to parse dialled address %q: %w", host, err)
	}
	if !public(addr) {
		return ErrPrivateAddress{Addr: addr}
	}
	return nil
}
