package resolvers_test

import (
	"net/http"
	"net/netip"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/testdb"
)

// The session and device cookies are Secure, and named with the __Host- prefix, whenever the
// client came over TLS: directly, or per X-Forwarded-Proto from a trusted proxy. Plain-HTTP
// localhost keeps working with bare names. Both are always HttpOnly and SameSite=Lax.
func TestCookiesAreSecureAndHostPrefixedOverTLS(t *testing.T) {
	trustLoopback := func(c *app.Config) { c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")} }
	cases := []struct {
		name      string
		configure func(*app.Config)
		proto     string // X-Forwarded-Proto; "" sends none
		tls       bool   // the client speaks TLS to the server itself
		secure    bool
	}{
		{"plain http", trustLoopback, "", false, false},
		{"TLS straight to the server", func(*app.Config) {}, "", true, true},
		{"trusted proxy terminated TLS", trustLoopback, "https", false, true},
		{"trusted proxy spoke http", trustLoopback, "http", false, false},
		{"untrusted peer claims https", func(*app.Config) {}, "https", false, false},
		{"COOKIE_SECURE forces it", func(c *app.Config) { c.SecureCookies = true }, "", false, true},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				srv := apitest.Start(t, url, tc.configure)
				acc := srv.SeedAccount(t)
				client := srv.Client
				if tc.tls {
					client = func() *apitest.Client { return srv.TLSClient(t) }
				}
				c := client()
				if tc.proto != "" {
					c.Header.Set("X-Forwarded-Proto", tc.proto)
				}
				res := apitest.LoginFull(t, c, acc.Admin.Email, acc.Admin.Password)
				if res.Code() != "" {
					t.Fatalf("login: %s", res.Body)
				}
				session, device := "sg_session", "sg_device"
				if tc.secure {
					session, device = "__Host-sg_session", "__Host-sg_device"
				}
				got := map[string]*http.Cookie{}
				for _, line := range res.Header.Values("Set-Cookie") {
					if ck, err := http.ParseSetCookie(line); err == nil {
						got[ck.Name] = ck
					}
				}
				for _, name := range []string{session, device} {
					ck := got[name]
					switch {
					case ck == nil:
						t.Errorf("no %s cookie; Set-Cookie: %q", name, res.Header.Values("Set-Cookie"))
					case ck.Secure != tc.secure || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Domain != "":
						t.Errorf("%s: Secure=%v HttpOnly=%v SameSite=%v Path=%q Domain=%q, want Secure=%v, HttpOnly, Lax, /, no domain",
							name, ck.Secure, ck.HttpOnly, ck.SameSite, ck.Path, ck.Domain, tc.secure)
					}
				}
				if len(got) != 2 {
					t.Errorf("login set %d cookies, want 2: %q", len(got), res.Header.Values("Set-Cookie"))
				}

				// The cookie authenticates under its own name only: over TLS a bare-named one
				// could have been planted by a plain-HTTP page or a sibling domain.
				if got[session] == nil {
					return
				}
				token := got[session].Value
				for _, name := range []string{"sg_session", "__Host-sg_session"} {
					probe := client()
					if tc.proto != "" {
						probe.Header.Set("X-Forwarded-Proto", tc.proto)
					}
					probe.Header.Set("Cookie", name+"="+token)
					code := probe.Do(t, apitest.QueryMeFull, nil).Code()
					if want := name == session; (code == "") != want {
						t.Errorf("me with cookie %s: code %q, authenticated should be %v", name, code, want)
					}
				}
			})
		}
	})
}
