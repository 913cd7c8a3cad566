package clientinfo

import (
	"net/netip"
	"path/filepath"
	"sync"
	"testing"

	"sessionguard/internal/geotest"
)

func TestGeoDB(t *testing.T) {
	path := filepath.Join(t.TempDir(), "city.mmdb")
	err := geotest.WriteCityDB(path, []geotest.Entry{
		{Network: "81.2.69.0/24", City: "London", Country: "GB"},
		{Network: "2a02:ff0::/32", City: "Berlin", Country: "DE"},
		{Network: "198.51.100.0/24", Country: "FR"}, // country only
		// Present in the file so the test proves Lookup filters these itself.
		{Network: "10.0.0.0/8", City: "Intranet", Country: "US"},
		{Network: "127.0.0.0/8", City: "Loopback", Country: "US"},
	})
	if err != nil {
		t.Fatal(err)
	}
	db, err := OpenGeoDB(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})

	tests := []struct {
		name, ip      string
		city, country string // "" means nil
	}{
		{"known ipv4", "81.2.69.142", "London", "GB"},
		{"known ipv4-mapped", "::ffff:81.2.69.142", "London", "GB"},
		{"known ipv6", "2a02:ff0::1", "Berlin", "DE"},
		{"country only", "198.51.100.7", "", "FR"},
		{"unknown public", "8.8.8.8", "", ""},
		{"private", "10.1.2.3", "", ""},
		{"loopback", "127.0.0.1", "", ""},
		{"link-local", "fe80::1", "", ""},
		{"unspecified", "0.0.0.0", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			city, country := db.Lookup(netip.MustParseAddr(tt.ip))
			if deref(city) != tt.city || deref(country) != tt.country ||
				(city == nil) != (tt.city == "") || (country == nil) != (tt.country == "") {
				t.Errorf("got (%q, %q), want (%q, %q)", deref(city), deref(country), tt.city, tt.country)
			}
		})
	}

	t.Run("concurrent", func(t *testing.T) {
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				if c, _ := db.Lookup(netip.MustParseAddr("81.2.69.1")); deref(c) != "London" {
					t.Errorf("concurrent lookup got %q", deref(c))
				}
			})
		}
		wg.Wait()
	})
	t.Run("invalid addr", func(t *testing.T) {
		if c, cc := db.Lookup(netip.Addr{}); c != nil || cc != nil {
			t.Errorf("got (%v, %v)", c, cc)
		}
	})
}

func TestGeoDBDisabled(t *testing.T) {
	db, err := OpenGeoDB("")
	if db != nil || err != nil {
		t.Fatalf("OpenGeoDB(\"\") = %v, %v; want nil, nil", db, err)
	}
	if c, cc := db.Lookup(netip.MustParseAddr("81.2.69.142")); c != nil || cc != nil {
		t.Errorf("nil GeoDB lookup = (%v, %v)", c, cc)
	}
	if err := db.Close(); err != nil {
		t.Errorf("nil Close: %v", err)
	}
}

func TestOpenGeoDBMissing(t *testing.T) {
	db, err := OpenGeoDB(filepath.Join(t.TempDir(), "missing.mmdb"))
	if err == nil || db != nil {
		t.Fatalf("got %v, %v; want error", db, err)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
