package app_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"testing/fstest"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/testdb"
)

// headersConsole is a built console: an index page and one fingerprinted asset.
var headersConsole = fstest.MapFS{
	"index.html":          {Data: []byte(`<html><script type="module" src="/assets/app-1a2b.js"></script></html>`)},
	"assets/app-1a2b.js":  {Data: []byte("console.log(1)")},
	"assets/app-1a2b.css": {Data: []byte("body{}")},
}

// headersDirectives parses a Content-Security-Policy into directive name → sources.
func headersDirectives(csp string) map[string]string {
	out := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, sources, _ := strings.Cut(strings.TrimSpace(d), " ")
		if name != "" {
			out[strings.ToLower(name)] = strings.TrimSpace(sources)
		}
	}
	return out
}

// headersCheckPage asserts the headers every HTML page (and its assets) carries: no framing by
// other sites, no MIME sniffing, no Referer leaking the console's URLs.
func headersCheckPage(t *testing.T, h http.Header) map[string]string {
	t.Helper()
	csp := headersDirectives(h.Get("Content-Security-Policy"))
	if csp["frame-ancestors"] != "'none'" {
		t.Errorf("Content-Security-Policy %q: want frame-ancestors 'none'", h.Get("Content-Security-Policy"))
	}
	for name, want := range map[string]string{
		"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s %q, want %q", name, got, want)
		}
	}
	return csp
}

// The console and the playground cannot be framed (clickjacking), are not MIME-sniffed and send
// no Referer; the built console also gets a real Content-Security-Policy. The playground loads
// GraphiQL from a CDN with inline scripts, so it gets only frame-ancestors.
func TestPagesSendSecurityHeaders(t *testing.T) {
	consoleCSP := map[string]string{
		"default-src": "'self'", "script-src": "'self'", "connect-src": "'self'", "img-src": "'self' data:",
		"object-src": "'none'", "base-uri": "'none'", "form-action": "'self'", "frame-ancestors": "'none'",
	}
	testdb.Each(t, func(t *testing.T, dbURL string) {
		built := apitest.Start(t, dbURL, func(c *app.Config) { c.Console = headersConsole })
		bare := apitest.Start(t, dbURL) // no console built: the playground at /
		cases := []struct {
			name, method, path string
			srv                *apitest.Server
			wantStatus         int
			fullCSP            bool
		}{
			{"the console", http.MethodGet, "/", built, http.StatusOK, true},
			{"a client-side route", http.MethodGet, "/account/sessions", built, http.StatusOK, true},
			{"an asset", http.MethodGet, "/assets/app-1a2b.js", built, http.StatusOK, true},
			{"HEAD of the console", http.MethodHead, "/", built, http.StatusOK, true},
			{"POST to the console is refused", http.MethodPost, "/", built, http.StatusMethodNotAllowed, true},
			{"the playground beside the console", http.MethodGet, "/playground", built, http.StatusOK, false},
			{"the playground at / without a console", http.MethodGet, "/", bare, http.StatusOK, false},
			{"the playground at /playground", http.MethodGet, "/playground", bare, http.StatusOK, false},
			{"POST to the playground is refused", http.MethodPost, "/playground", bare, http.StatusMethodNotAllowed, false},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				navigation := http.Header{"Accept": {"text/html"}}
				status, h, _ := tc.srv.Raw(t, tc.method, tc.path, navigation, "")
				if status != tc.wantStatus {
					t.Fatalf("%s %s: status %d, want %d", tc.method, tc.path, status, tc.wantStatus)
				}
				csp := headersCheckPage(t, h)
				if !tc.fullCSP {
					return
				}
				for name, want := range consoleCSP {
					if csp[name] != want {
						t.Errorf("console CSP %s %q, want %q (policy %q)", name, csp[name], want, h.Get("Content-Security-Policy"))
					}
				}
				for name, sources := range csp {
					if strings.Contains(sources, "unsafe") || strings.Contains(sources, "*") {
						t.Errorf("console CSP %s allows %q", name, sources)
					}
				}
			})
		}
	})
}

// Every /graphql answer, whatever its status and whichever layer wrote it, tells caches not to
// keep it: login answers carry the session token, and every other answer private data.
func TestEveryGraphQLAnswerIsNotStored(t *testing.T) {
	jsonCT := http.Header{"Content-Type": {"application/json"}}
	with := func(h http.Header, kv ...string) http.Header {
		out := h.Clone()
		if out == nil {
			out = http.Header{}
		}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		bearer := with(jsonCT, "Authorization", "Bearer "+admin.Token)
		login := apitest.GraphQLBody(t, `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }`,
			map[string]any{"e": acc.Admin.Email, "p": acc.Admin.Password})
		cases := []struct {
			name, method, path string
			header             http.Header
			body               string
			wantStatus         int
		}{
			{"a login answer, holding the token", http.MethodPost, "/graphql", jsonCT, login, http.StatusOK},
			{"a query over POST", http.MethodPost, "/graphql", bearer, apitest.GraphQLBody(t, `{ me { user { id } } }`, nil), http.StatusOK},
			{"a query over GET", http.MethodGet, apitest.GetPath(`{ me { user { id } } }`, nil), bearer, "", http.StatusOK},
			{"an anonymous query", http.MethodGet, apitest.GetPath(`{ me { user { id } } }`, nil), nil, "", http.StatusOK},
			{"a validation error", http.MethodPost, "/graphql", with(jsonCT, "Accept", httpGraphQLResponse),
				apitest.GraphQLBody(t, `{ nope }`, nil), http.StatusBadRequest},
			{"a cross-site cookie mutation refused by the auth middleware", http.MethodPost, "/graphql",
				with(jsonCT, "Cookie", "sg_session="+admin.Token, "Origin", "https://evil.example.test"),
				apitest.GraphQLBody(t, `mutation { logout }`, nil), http.StatusForbidden},
			{"a websocket from a foreign origin", http.MethodGet, "/graphql",
				http.Header{"Connection": {"Upgrade"}, "Upgrade": {"websocket"}, "Sec-Websocket-Version": {"13"},
					"Sec-Websocket-Key": {"dGhlIHNhbXBsZSBub25jZQ=="}, "Origin": {"https://evil.example.test"}},
				"", http.StatusForbidden},
			{"a mutation over GET", http.MethodGet, apitest.GetPath(`mutation { logout }`, nil), bearer, "", http.StatusMethodNotAllowed},
			{"another method", http.MethodPut, "/graphql", jsonCT, "{}", http.StatusMethodNotAllowed},
			{"an unsupported media type", http.MethodPost, "/graphql", http.Header{"Content-Type": {"text/plain"}}, "{}", http.StatusUnsupportedMediaType},
			{"an unacceptable Accept", http.MethodPost, "/graphql", with(jsonCT, "Accept", "image/png"),
				apitest.GraphQLBody(t, `{ __typename }`, nil), http.StatusNotAcceptable},
			{"malformed JSON", http.MethodPost, "/graphql", jsonCT, "{", http.StatusBadRequest},
			{"a body too large", http.MethodPost, "/graphql", jsonCT,
				`{"query":"{ __typename }","variables":{"x":"` + strings.Repeat("x", 2<<20) + `"}}`, http.StatusRequestEntityTooLarge},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				status, h, raw := srv.Raw(t, tc.method, tc.path, tc.header, tc.body)
				if status != tc.wantStatus {
					t.Errorf("status %d, want %d: %.200s", status, tc.wantStatus, raw)
				}
				if got := h.Get("Cache-Control"); got != "no-store" {
					t.Errorf("Cache-Control %q, want no-store (status %d)", got, status)
				}
			})
		}
	})
}

// Strict-Transport-Security is sent when the client reached us over TLS: directly, or through a
// trusted proxy that says so. Nobody else may claim https (nor turn HSTS on for a plain-HTTP site).
func TestStrictTransportSecurityOnlyOverTLS(t *testing.T) {
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	paths := []string{"/", "/playground", "/graphql?query=%7B__typename%7D", "/healthz"}
	testdb.Each(t, func(t *testing.T, dbURL string) {
		trusting := apitest.Start(t, dbURL, func(c *app.Config) { c.TrustedProxies = loopback; c.Console = headersConsole })
		untrusting := apitest.Start(t, dbURL, func(c *app.Config) { c.Console = headersConsole })
		direct := httptest.NewTLSServer(untrusting.App.Handler())
		t.Cleanup(direct.Close)
		get := func(t *testing.T, client *http.Client, url string, forwardedProto string) http.Header {
			t.Helper()
			req, err := http.NewRequest(http.MethodGet, url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if forwardedProto != "" {
				req.Header.Set("X-Forwarded-Proto", forwardedProto)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d", url, resp.StatusCode)
			}
			return resp.Header
		}
		cases := []struct {
			name           string
			base           string
			client         *http.Client
			forwardedProto string
			want           bool
		}{
			{"TLS to the server itself", direct.URL, direct.Client(), "", true},
			{"https from a trusted proxy", trusting.URL, trusting.Server.Client(), "https", true},
			{"plain HTTP", trusting.URL, trusting.Server.Client(), "", false},
			{"http from a trusted proxy", trusting.URL, trusting.Server.Client(), "http", false},
			{"https claimed by an untrusted peer", untrusting.URL, untrusting.Server.Client(), "https", false},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				for _, p := range paths {
					hsts := get(t, tc.client, tc.base+p, tc.forwardedProto).Get("Strict-Transport-Security")
					if tc.want && !strings.HasPrefix(hsts, "max-age=31536000") {
						t.Errorf("%s: Strict-Transport-Security %q, want max-age=31536000", p, hsts)
					}
					if !tc.want && hsts != "" {
						t.Errorf("%s: Strict-Transport-Security %q over plain HTTP", p, hsts)
					}
				}
			})
		}
	})
}
