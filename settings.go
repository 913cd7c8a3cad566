package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"

	"sessionguard/internal/app"
	"sessionguard/internal/auth"
)

// setting is one environment variable the server reads. The table below is what configFrom,
// bootstrapFrom and the listener read and what --help prints, so help cannot drift from the
// code: reading a name missing from it panics (see settingsReader).
type setting struct {
	Name    string
	Default string // the value used when the variable is unset; "" means unset
	Meaning string
}

var settings = []setting{
	{"DATABASE_URL", "./data/sessionguard.db", "a postgres:// URL, or a SQLite file path"},
	{"LISTEN_ADDR", ":8080", "where to serve GraphQL (/graphql), the console (/), /healthz and /readyz"},
	{"BOOTSTRAP_ACCOUNT_NAME", "", "the first account's name, created at start when the database has none (default My Company)"},
	{"BOOTSTRAP_ADMIN_NAME", "", "its administrator's name (default Administrator)"},
	{"BOOTSTRAP_ADMIN_EMAIL", "", "its administrator's email; unset: no account is created at start"},
	{"BOOTSTRAP_ADMIN_PASSWORD", "", "its administrator's password, required with BOOTSTRAP_ADMIN_EMAIL"},
	{"ALLOW_SIGNUP", "false", "true enables the signUp mutation"},
	{"TRUSTED_PROXIES", "", "comma-separated CIDRs or IPs of proxies whose X-Forwarded-For is believed"},
	{"GEOIP_DB", "", "path to a MaxMind-format City database (.mmdb) for login city and country"},
	{"ALLOWED_ORIGINS", "", "comma-separated other origins allowed cookie-authenticated mutations and websockets"},
	{"REAPER_INTERVAL", app.DefaultReaperInterval.String(), "how often the reaper ends idle and expired sessions (a Go duration)"},
	{"COOKIE_SECURE", "false", "true forces Secure cookies; otherwise they are Secure when the request came over TLS"},
	{"INTROSPECTION", string(app.IntrospectionAuthenticated), "who may introspect the schema: public, authenticated or off"},
	{"METRICS_ADDR", "", "host:port of a separate listener for Prometheus /metrics (e.g. 127.0.0.1:9090); unset: off"},
	{"LOG_FORMAT", "text", "text or json"},
	{"LOG_LEVEL", "info", "debug, info, warn or error"},
	{"WEBHOOK_ALLOW_PRIVATE", "false", "true lets webhooks reach http:// URLs and private, loopback and link-local addresses (tests, closed networks)"},
	{"API_KEY_RATE_PER_SECOND", "20", "each API key's sustained requests per second, per replica (token bucket)"},
	{"API_KEY_RATE_BURST", "40", "each API key's burst of requests, per replica"},
	{"TRUSTED_DOCUMENTS", string(app.TrustedDocumentsAllow), "enforce: session-cookie requests run only the console's own operations; allow: any"},
	// Read by the Go runtime and internal/gctune rather than configFrom; listed so operators see them.
	{"GOGC", "400", "Go's collector target (set by internal/gctune unless given)"},
	{"GOMEMLIMIT", "", "Go's soft memory limit; unset: internal/gctune follows what is in use plus 128 MiB"},
}

// settingsReader reads settings through getenv, falling back to each one's default.
type settingsReader func(string) string

func (getenv settingsReader) get(name string) string {
	for _, s := range settings {
		if s.Name == name {
			return or(getenv(name), s.Default)
		}
	}
	panic(fmt.Sprintf("sessionguard: %s is read but missing from the settings table (settings.go)", name))
}

// printSettings writes the environment table for --help.
func printSettings(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  VARIABLE\tDEFAULT\tMEANING")
	for _, s := range settings {
		def := s.Default
		if def == "" {
			def = "(unset)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", s.Name, def, s.Meaning)
	}
	tw.Flush()
}

// keyRateFrom reads API_KEY_RATE_PER_SECOND and API_KEY_RATE_BURST.
func keyRateFrom(env settingsReader) (auth.KeyRate, error) {
	perSecond, err := strconv.ParseFloat(env.get("API_KEY_RATE_PER_SECOND"), 64)
	if err != nil || perSecond <= 0 || math.IsInf(perSecond, 0) {
		return auth.KeyRate{}, fmt.Errorf("API_KEY_RATE_PER_SECOND must be a positive number, got %q", env.get("API_KEY_RATE_PER_SECOND"))
	}
	burst, err := strconv.Atoi(env.get("API_KEY_RATE_BURST"))
	if err != nil || burst < 1 {
		return auth.KeyRate{}, fmt.Errorf("API_KEY_RATE_BURST must be a positive whole number, got %q", env.get("API_KEY_RATE_BURST"))
	}
	return auth.KeyRate{PerSecond: perSecond, Burst: burst}, nil
}
