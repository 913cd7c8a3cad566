package app_test

import (
	"net/netip"
	"path/filepath"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/geotest"
	"sessionguard/internal/testdb"
)

func TestLoginIPBelievesForwardedForOnlyFromTrustedProxies(t *testing.T) {
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	cases := []struct {
		name    string
		trusted []netip.Prefix
		xff     []string // X-Forwarded-For header lines
		want    string
	}{
		{"untrusted peer: header ignored", nil, []string{"203.0.113.7"}, "127.0.0.1"},
		{"untrusted peer: chain ignored", nil, []string{"198.51.100.1, 203.0.113.7"}, "127.0.0.1"},
		{"other proxy trusted, not this peer", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, []string{"203.0.113.7"}, "127.0.0.1"},
		{"trusted peer without header", loopback, nil, "127.0.0.1"},
		{"trusted peer: forwarded address", loopback, []string{"203.0.113.7"}, "203.0.113.7"},
		{"trusted peer: rightmost untrusted hop wins over a spoofed left one", loopback, []string{"198.51.100.1, 203.0.113.7"}, "203.0.113.7"},
		{"trusted peer: header split over lines", loopback, []string{"198.51.100.1", "203.0.113.7"}, "203.0.113.7"},
		{"trusted chain of proxies is skipped", append([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, loopback...), []string{"203.0.113.7, 10.1.2.3"}, "203.0.113.7"},
		{"trusted peer: IPv6 client", loopback, []string{"2001:db8::42"}, "2001:db8::42"},
		{"trusted peer: address with port", loopback, []string{"203.0.113.7:54321"}, "203.0.113.7"},
		{"trusted peer: garbage header falls back to the peer", loopback, []string{"not-an-ip"}, "127.0.0.1"},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				srv := apitest.Start(t, url, func(c *app.Config) { c.TrustedProxies = tc.trusted })
				acc := srv.SeedAccount(t)
				c := srv.Client()
				c.Header["X-Forwarded-For"] = tc.xff
				login := apitest.MustLoginFull(t, c, acc.Admin.Email, acc.Admin.Password)
				if login.Session.LoginIP != tc.want {
					t.Errorf("loginIp %q, want %q", login.Session.LoginIP, tc.want)
				}
				var stored string
				if err := srv.Store().Gorm().Table("sessions").Select("login_ip").Where("id = ?", login.Session.ID).Scan(&stored).Error; err != nil {
					t.Fatal(err)
				}
				if stored != tc.want {
					t.Errorf("stored login_ip %q, want %q", stored, tc.want)
				}
			})
		}
	})
}

func TestLoginLocationComesFromTheGeoIPDatabase(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "city.mmdb")
	err := geotest.WriteCityDB(dbPath, []geotest.Entry{
		{Network: "81.2.69.0/24", City: "London", Country: "GB"},
		{Network: "89.160.20.0/24", City: "Linköping", Country: "SE"},
		{Network: "2.125.160.0/24", Country: "GB"}, // country only
		{Network: "2001:480::/32", City: "San Diego", Country: "US"},
		// Private and loopback networks on purpose: the server must not look them up at all.
		{Network: "10.0.0.0/8", City: "Intranet City", Country: "DE"},
		{Network: "127.0.0.0/8", City: "Loopback City", Country: "DE"},
	})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name              string
		xff               string // "" sends none: the loopback peer itself
		wantCity, wantCty *string
	}{
		{"known public address", "81.2.69.160", new("London"), new("GB")},
		{"non-ASCII city", "89.160.20.112", new("Linköping"), new("SE")},
		{"country without a city", "2.125.160.216", nil, new("GB")},
		{"IPv6 address", "2001:480::1", new("San Diego"), new("US")},
		{"public address not in the database", "198.51.100.1", nil, nil},
		{"private address", "10.1.2.3", nil, nil},
		{"loopback peer", "", nil, nil},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, func(c *app.Config) {
			c.GeoIPPath = dbPath
			c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
		})
		acc := srv.SeedAccount(t)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				c := srv.Client()
				if tc.xff != "" {
					c.Header.Set("X-Forwarded-For", tc.xff)
				}
				login := apitest.MustLoginFull(t, c, acc.Admin.Email, acc.Admin.Password)
				s := login.Session
				if apitest.Str(s.LoginCity) != apitest.Str(tc.wantCity) || apitest.Str(s.LoginCountry) != apitest.Str(tc.wantCty) {
					t.Errorf("from %q: loginCity %s loginCountry %s, want %s %s", tc.xff,
						apitest.Str(s.LoginCity), apitest.Str(s.LoginCountry), apitest.Str(tc.wantCity), apitest.Str(tc.wantCty))
				}
				// The same values are stored and read back later.
				var me apitest.MeFull
				srv.Bearer(login.Token).Do(t, `{ me { session { loginCity loginCountry } } }`, nil).MustDecode(t, &me)
				if apitest.Str(me.Me.Session.LoginCity) != apitest.Str(tc.wantCity) || apitest.Str(me.Me.Session.LoginCountry) != apitest.Str(tc.wantCty) {
					t.Errorf("read back: loginCity %s loginCountry %s", apitest.Str(me.Me.Session.LoginCity), apitest.Str(me.Me.Session.LoginCountry))
				}
			})
		}
	})
}

func TestLoginWithoutAGeoIPDatabaseHasNoLocation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback)
		acc := srv.SeedAccount(t)
		login := apitest.MustLoginFull(t, srv.From("81.2.69.160"), acc.Admin.Email, acc.Admin.Password)
		if login.Session.LoginCity != nil || login.Session.LoginCountry != nil {
			t.Errorf("loginCity %s loginCountry %s without GEOIP_DB, want null", apitest.Str(login.Session.LoginCity), apitest.Str(login.Session.LoginCountry))
		}
		if login.Session.LoginIP != "81.2.69.160" {
			t.Errorf("loginIp %q", login.Session.LoginIP)
		}
	})
}
