package clientinfo

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/oschwald/geoip2-golang/v2"
)

// GeoDB resolves client addresses to a coarse location using a MaxMind
// City database (GeoLite2-City / GeoIP2-City .mmdb). The database is
// optional, so a nil *GeoDB is valid and simply knows nothing.
//
// Lookup is safe for concurrent use; Close must not race with Lookup.
type GeoDB struct {
	r *geoip2.Reader
}

// probeAddr is looked up once at open time so a database that cannot answer
// City queries (e.g. an ASN database) fails at startup, not on every login.
var probeAddr = netip.MustParseAddr("1.1.1.1")

// OpenGeoDB opens the City database at path. An empty path returns
// (nil, nil): geo lookups are disabled, which is a supported configuration.
func OpenGeoDB(path string) (*GeoDB, error) {
	if path == "" {
		return nil, nil
	}
	r, err := geoip2.Open(path)
	if err == nil {
		_, err = r.City(probeAddr)
		var invalid geoip2.InvalidMethodError
		if !errors.As(err, &invalid) {
			err = nil // lookup errors for one address are not fatal
		}
	}
	if err != nil {
		if r != nil {
			r.Close()
		}
		return nil, fmt.Errorf("clientinfo: open geo database %q: %w", path, err)
	}
	return &GeoDB{r: r}, nil
}

// Lookup returns the English city name and ISO 3166-1 alpha-2 country code
// for ip; each is nil when unknown, so callers can store them as nullable
// columns directly. Non-public addresses (private, loopback, link-local,
// multicast, unspecified) are never looked up: they say nothing about where
// the user is. Lookup errors are treated as "unknown" because location is
// decoration and must never fail a login.
func (g *GeoDB) Lookup(ip netip.Addr) (city, country *string) {
	if g == nil || g.r == nil || !ip.IsValid() {
		return nil, nil
	}
	ip = ip.Unmap().WithZone("")
	if ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return nil, nil
	}
	rec, err := g.r.City(ip)
	if err != nil || rec == nil {
		return nil, nil
	}
	return nonEmpty(rec.City.Names.English), nonEmpty(rec.Country.ISOCode)
}

// Close releases the database. It is safe on a nil *GeoDB.
func (g *GeoDB) Close() error {
	if g == nil || g.r == nil {
		return nil
	}
	if err := g.r.Close(); err != nil {
		return fmt.Errorf("clientinfo: close geo database: %w", err)
	}
	return nil
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
