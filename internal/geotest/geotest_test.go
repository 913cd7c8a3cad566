package geotest

import (
	"net/netip"
	"path/filepath"
	"testing"

	"github.com/oschwald/geoip2-golang/v2"
)

func TestWriteCityDB(t *testing.T) {
	path := filepath.Join(t.TempDir(), "city.mmdb")
	err := WriteCityDB(path, []Entry{
		{Network: "81.2.69.0/24", City: "London", Country: "GB"},
		{Network: "2001:db8:1::/48", City: "Berlin", Country: "DE"},
		{Network: "198.51.100.0/24", Country: "ZZ"},
	})
	if err != nil {
		t.Fatal(err)
	}
	db, err := geoip2.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := db.Metadata().DatabaseType; got != "GeoIP2-City" {
		t.Errorf("DatabaseType = %q", got)
	}

	tests := []struct {
		name, ip, city, iso, countryName string
	}{
		{"ipv4", "81.2.69.142", "London", "GB", "United Kingdom"},
		{"ipv4-mapped", "::ffff:81.2.69.1", "London", "GB", "United Kingdom"},
		{"ipv6", "2001:db8:1::7", "Berlin", "DE", "Germany"},
		{"country only, unnamed code", "198.51.100.9", "", "ZZ", ""},
		{"not in db", "8.8.8.8", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := db.City(netip.MustParseAddr(tt.ip))
			if err != nil {
				t.Fatal(err)
			}
			if rec.City.Names.English != tt.city || rec.Country.ISOCode != tt.iso ||
				rec.Country.Names.English != tt.countryName {
				t.Errorf("got city=%q iso=%q country=%q, want %q %q %q",
					rec.City.Names.English, rec.Country.ISOCode, rec.Country.Names.English,
					tt.city, tt.iso, tt.countryName)
			}
		})
	}
}

func TestWriteCityDBBadNetwork(t *testing.T) {
	path := filepath.Join(t.TempDir(), "city.mmdb")
	if err := WriteCityDB(path, []Entry{{Network: "81.2.69.0/33"}}); err == nil {
		t.Fatal("want error for invalid CIDR")
	}
}
