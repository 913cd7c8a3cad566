// Package geotest builds tiny MaxMind City databases for tests, so geo code
// can be exercised without shipping or downloading a real GeoLite2 file.
package geotest

import (
	"fmt"
	"net"
	"os"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// Entry is one network in a test City database.
type Entry struct {
	Network string // CIDR, e.g. "81.2.69.0/24"
	City    string // English city name; omitted from the record when empty
	Country string // ISO 3166-1 alpha-2 code, e.g. "GB"; omitted when empty
}

// countryNames gives English names for common codes so records look like the
// real thing; codes not listed are stored with iso_code only.
var countryNames = map[string]string{
	"AU": "Australia", "BR": "Brazil", "CA": "Canada", "CN": "China",
	"DE": "Germany", "ES": "Spain", "FR": "France", "GB": "United Kingdom",
	"IN": "India", "IT": "Italy", "JP": "Japan", "NL": "Netherlands",
	"SE": "Sweden", "US": "United States",
}

// WriteCityDB writes a "GeoIP2-City" database containing entries to path.
// It uses an IPv6 tree with IPv4 aliasing, like the real databases, so both
// IPv4 and IPv6 lookups work. Reserved networks (10.0.0.0/8, 127.0.0.0/8, …)
// may be inserted on purpose, letting tests prove that callers filter them
// rather than relying on the database to be empty there.
func WriteCityDB(path string, entries []Entry) error {
	tree, err := mmdbwriter.New(mmdbwriter.Options{
		DatabaseType:            "GeoIP2-City",
		Description:             map[string]string{"en": "sessionguard test City database"},
		Languages:               []string{"en"},
		IncludeReservedNetworks: true,
		RecordSize:              24,
	})
	if err != nil {
		return fmt.Errorf("geotest: new tree: %w", err)
	}
	for _, e := range entries {
		_, network, err := net.ParseCIDR(e.Network)
		if err != nil {
			return fmt.Errorf("geotest: entry %q: %w", e.Network, err)
		}
		if err := tree.Insert(network, record(e)); err != nil {
			return fmt.Errorf("geotest: insert %q: %w", e.Network, err)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("geotest: %w", err)
	}
	if _, err := tree.WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("geotest: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("geotest: close %s: %w", path, err)
	}
	return nil
}

// record lays out e the way geoip2-golang's City model decodes it:
// city.names.en, country.iso_code, country.names.en.
func record(e Entry) mmdbtype.Map {
	m := mmdbtype.Map{}
	if e.City != "" {
		m["city"] = mmdbtype.Map{"names": mmdbtype.Map{"en": mmdbtype.String(e.City)}}
	}
	if e.Country != "" {
		c := mmdbtype.Map{"iso_code": mmdbtype.String(e.Country)}
		if name, ok := countryNames[e.Country]; ok {
			c["names"] = mmdbtype.Map{"en": mmdbtype.String(name)}
		}
		m["country"] = c
	}
	return m
}
