package main

import (
	"context"
	"log/slog"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"sessionguard/internal/app"
	"sessionguard/internal/auth"
)

// Every variable configFrom reads, set well and badly: a good value reaches app.Config as the
// README documents it, a bad one stops the start with an error naming what is wrong.
func TestConfigFromTheEnvironment(t *testing.T) {
	defaults := app.Config{DatabaseURL: "./data/sessionguard.db", ReaperInterval: app.DefaultReaperInterval, Introspection: app.IntrospectionAuthenticated,
		TrustedDocuments: app.TrustedDocumentsAllow, APIKeyRate: auth.DefaultKeyRate}
	with := func(change func(*app.Config)) app.Config {
		c := defaults
		change(&c)
		return c
	}
	cases := []struct {
		name    string
		env     map[string]string
		want    app.Config
		wantErr string // a part of the error; "" when the configuration is valid
	}{
		{name: "nothing set: SQLite under ./data and every default", want: defaults},

		{name: "DATABASE_URL a PostgreSQL URL", env: map[string]string{"DATABASE_URL": "postgres://u@db:5432/sg?sslmode=disable"},
			want: with(func(c *app.Config) { c.DatabaseURL = "postgres://u@db:5432/sg?sslmode=disable" })},
		{name: "DATABASE_URL a SQLite file", env: map[string]string{"DATABASE_URL": "/var/lib/sg/sg.db"},
			want: with(func(c *app.Config) { c.DatabaseURL = "/var/lib/sg/sg.db" })},

		{name: "GEOIP_DB a path", env: map[string]string{"GEOIP_DB": "/geo/GeoLite2-City.mmdb"},
			want: with(func(c *app.Config) { c.GeoIPPath = "/geo/GeoLite2-City.mmdb" })},

		{name: "ALLOW_SIGNUP true", env: map[string]string{"ALLOW_SIGNUP": "true"},
			want: with(func(c *app.Config) { c.AllowSignUp = true })},
		{name: "ALLOW_SIGNUP anything but true stays off", env: map[string]string{"ALLOW_SIGNUP": "1"}, want: defaults},
		{name: "ALLOW_SIGNUP TRUE is not true", env: map[string]string{"ALLOW_SIGNUP": "TRUE"}, want: defaults},

		{name: "COOKIE_SECURE true", env: map[string]string{"COOKIE_SECURE": "true"},
			want: with(func(c *app.Config) { c.SecureCookies = true })},
		{name: "COOKIE_SECURE anything but true leaves it per request", env: map[string]string{"COOKIE_SECURE": "yes"}, want: defaults},

		{name: "ALLOWED_ORIGINS a list with spaces and empty entries",
			env: map[string]string{"ALLOWED_ORIGINS": " https://console.example.com, ,https://admin.example.com ,"},
			want: with(func(c *app.Config) {
				c.AllowedOrigins = []string{"https://console.example.com", "https://admin.example.com"}
			})},
		{name: "ALLOWED_ORIGINS only commas is none", env: map[string]string{"ALLOWED_ORIGINS": " , ,"}, want: defaults},

		{name: "REAPER_INTERVAL a Go duration", env: map[string]string{"REAPER_INTERVAL": "250ms"},
			want: with(func(c *app.Config) { c.ReaperInterval = 250 * time.Millisecond })},
		{name: "REAPER_INTERVAL in minutes", env: map[string]string{"REAPER_INTERVAL": "1m30s"},
			want: with(func(c *app.Config) { c.ReaperInterval = 90 * time.Second })},
		{name: "REAPER_INTERVAL zero", env: map[string]string{"REAPER_INTERVAL": "0s"}, wantErr: `REAPER_INTERVAL must be a positive Go duration such as 5s, got "0s"`},
		{name: "REAPER_INTERVAL negative", env: map[string]string{"REAPER_INTERVAL": "-5s"}, wantErr: `REAPER_INTERVAL must be a positive Go duration such as 5s, got "-5s"`},
		{name: "REAPER_INTERVAL without a unit", env: map[string]string{"REAPER_INTERVAL": "5"}, wantErr: `REAPER_INTERVAL must be a positive Go duration such as 5s, got "5"`},
		{name: "REAPER_INTERVAL not a duration", env: map[string]string{"REAPER_INTERVAL": "often"}, wantErr: `REAPER_INTERVAL must be a positive Go duration such as 5s, got "often"`},

		{name: "INTROSPECTION public", env: map[string]string{"INTROSPECTION": "public"},
			want: with(func(c *app.Config) { c.Introspection = "public" })},
		{name: "INTROSPECTION authenticated", env: map[string]string{"INTROSPECTION": "authenticated"},
			want: with(func(c *app.Config) { c.Introspection = "authenticated" })},
		{name: "INTROSPECTION off, in capitals and spaces", env: map[string]string{"INTROSPECTION": " OFF "},
			want: with(func(c *app.Config) { c.Introspection = "off" })},
		{name: "INTROSPECTION unknown", env: map[string]string{"INTROSPECTION": "admins"}, wantErr: `INTROSPECTION must be public, authenticated or off, got "admins"`},

		{name: "TRUSTED_DOCUMENTS enforce", env: map[string]string{"TRUSTED_DOCUMENTS": " Enforce"},
			want: with(func(c *app.Config) { c.TrustedDocuments = app.TrustedDocumentsEnforce })},
		{name: "TRUSTED_DOCUMENTS allow", env: map[string]string{"TRUSTED_DOCUMENTS": "allow"}, want: defaults},
		{name: "TRUSTED_DOCUMENTS unknown", env: map[string]string{"TRUSTED_DOCUMENTS": "strict"}, wantErr: `TRUSTED_DOCUMENTS must be allow or enforce, got "strict"`},

		{name: "TRUSTED_PROXIES CIDRs and single addresses",
			env: map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.7 ,fd00::/8,::ffff:172.16.0.0/108"},
			want: with(func(c *app.Config) {
				c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.7/32"),
					netip.MustParsePrefix("fd00::/8"), netip.MustParsePrefix("172.16.0.0/12")}
			})},
		{name: "TRUSTED_PROXIES a host name", env: map[string]string{"TRUSTED_PROXIES": "10.0.0.1,proxy.internal"}, wantErr: `invalid trusted proxy "proxy.internal"`},
		{name: "TRUSTED_PROXIES a prefix too long", env: map[string]string{"TRUSTED_PROXIES": "10.0.0.0/33"}, wantErr: `invalid trusted proxy "10.0.0.0/33"`},

		{name: "API key rate", env: map[string]string{"API_KEY_RATE_PER_SECOND": "0.5", "API_KEY_RATE_BURST": "3"},
			want: with(func(c *app.Config) { c.APIKeyRate = auth.KeyRate{PerSecond: 0.5, Burst: 3} })},
		{name: "API key rate zero", env: map[string]string{"API_KEY_RATE_PER_SECOND": "0"}, wantErr: `API_KEY_RATE_PER_SECOND must be a positive number, got "0"`},
		{name: "API key burst not a whole number", env: map[string]string{"API_KEY_RATE_BURST": "2.5"}, wantErr: `API_KEY_RATE_BURST must be a positive whole number, got "2.5"`},

		{name: "everything at once",
			env: map[string]string{
				"DATABASE_URL": "postgres://db/sg", "GEOIP_DB": "/geo.mmdb", "ALLOW_SIGNUP": "true", "COOKIE_SECURE": "true",
				"ALLOWED_ORIGINS": "https://c.example", "REAPER_INTERVAL": "2s", "INTROSPECTION": "off", "TRUSTED_PROXIES": "127.0.0.1",
			},
			want: app.Config{
				DatabaseURL: "postgres://db/sg", GeoIPPath: "/geo.mmdb", AllowSignUp: true, SecureCookies: true,
				AllowedOrigins: []string{"https://c.example"}, ReaperInterval: 2 * time.Second, Introspection: "off",
				TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}, TrustedDocuments: app.TrustedDocumentsAllow,
				APIKeyRate: auth.DefaultKeyRate,
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := configFrom(func(key string) string { return tc.env[key] })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Console == nil || len(got.ConsoleDocuments) == 0 {
				t.Error("the embedded console or its persisted documents are missing from the configuration")
			}
			got.Console, got.ConsoleDocuments = nil, nil
			if got.Logger == nil {
				t.Error("no logger in the configuration")
			}
			got.Logger = nil // TestLogAndMetricsConfig checks it
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("configuration\n  %+v\nwant\n  %+v", got, tc.want)
			}
		})
	}
}

// configFromEnv reads the process environment: a variable set there reaches the configuration.
func TestConfigFromEnvReadsTheProcessEnvironment(t *testing.T) {
	t.Setenv("REAPER_INTERVAL", "3s")
	t.Setenv("INTROSPECTION", "nobody")
	if _, err := configFromEnv(); err == nil || !strings.Contains(err.Error(), `INTROSPECTION must be public, authenticated or off, got "nobody"`) {
		t.Fatalf("error %v, want the INTROSPECTION refusal", err)
	}
	t.Setenv("INTROSPECTION", "public")
	cfg, err := configFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ReaperInterval != 3*time.Second || cfg.Introspection != "public" {
		t.Errorf("REAPER_INTERVAL and INTROSPECTION read as %v and %q, want 3s and public", cfg.ReaperInterval, cfg.Introspection)
	}
}

// LOG_FORMAT and LOG_LEVEL choose the logger, METRICS_ADDR the metrics' own listener; a bad
// value stops the start with an error naming the variable.
func TestLogAndMetricsConfig(t *testing.T) {
	cases := []struct {
		name        string
		env         map[string]string
		debug, info bool // the levels the logger keeps
		metricsAddr string
		wantErr     string
	}{
		{name: "defaults: info, no metrics", info: true},
		{name: "LOG_LEVEL debug", env: map[string]string{"LOG_LEVEL": "debug"}, debug: true, info: true},
		{name: "LOG_LEVEL warn", env: map[string]string{"LOG_LEVEL": "WARN"}},
		{name: "LOG_LEVEL error, LOG_FORMAT json", env: map[string]string{"LOG_LEVEL": "error", "LOG_FORMAT": "json"}},
		{name: "LOG_LEVEL unknown", env: map[string]string{"LOG_LEVEL": "verbose"}, wantErr: `LOG_LEVEL must be debug, info, warn or error, got "verbose"`},
		{name: "LOG_FORMAT unknown", env: map[string]string{"LOG_FORMAT": "logfmt"}, wantErr: `LOG_FORMAT must be text or json, got "logfmt"`},
		{name: "METRICS_ADDR host:port", env: map[string]string{"METRICS_ADDR": "127.0.0.1:9090"}, info: true, metricsAddr: "127.0.0.1:9090"},
		{name: "METRICS_ADDR without a port", env: map[string]string{"METRICS_ADDR": "127.0.0.1"}, wantErr: `METRICS_ADDR must be host:port such as 127.0.0.1:9090, got "127.0.0.1"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := configFrom(func(key string) string { return tc.env[key] })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if d, i := got.Logger.Enabled(ctx, slog.LevelDebug), got.Logger.Enabled(ctx, slog.LevelInfo); d != tc.debug || i != tc.info {
				t.Errorf("debug, info enabled: %v, %v; want %v, %v", d, i, tc.debug, tc.info)
			}
			if !got.Logger.Enabled(ctx, slog.LevelError) {
				t.Error("errors are not logged")
			}
			if got.MetricsAddr != tc.metricsAddr {
				t.Errorf("MetricsAddr %q, want %q", got.MetricsAddr, tc.metricsAddr)
			}
		})
	}
}
