package apitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"sort"
	"strings"
	"testing"

	"sessionguard/internal/app"
	"sessionguard/internal/auth"
)

// ChromeMacUA is a real Chrome 131 on macOS User-Agent.
const ChromeMacUA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

// TrustLoopback configures a server to believe X-Forwarded-For from loopback, so that tests can
// pose as clients of different addresses with From.
func TrustLoopback(c *app.Config) {
	c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
}

// AllowSignUp configures a server to let anyone sign up.
func AllowSignUp(c *app.Config) { c.AllowSignUp = true }

// NoReaper configures a server without the idle reaper (nor the active-session count of the
// metrics, nor the purge of expired rows, nor the webhook worker), so that a test's requests are
// the only users of its database (CountQueries counts every statement). Nor the API keys' usage
// flusher: tests store it with Store.FlushAPIKeyUsage.
func NoReaper(c *app.Config) {
	c.ReaperInterval, c.ActiveSessionsRefresh, c.PurgeInterval, c.WebhookInterval = -1, -1, -1, -1
	c.APIKeyUsageFlushInterval = -1
}

// BatchedActivity configures a server to note activity in memory and flush it in batches, as in
// production.
func BatchedActivity(c *app.Config) { c.WriteThroughActivity = false }

// Bearer returns an anonymous client that sends token as a bearer token.
func (s *Server) Bearer(token string) *Client {
	c := s.Client()
	c.Token = token
	return c
}

// CookieClient returns a client that sends token only as the session cookie.
func (s *Server) CookieClient(token string) *Client {
	c := s.Client()
	c.Header.Set("Cookie", auth.SessionCookie+"="+token)
	return c
}

// From returns an anonymous client whose requests come "from" addr through the trusted proxy
// (servers started with TrustLoopback); "" is the loopback address itself.
func (s *Server) From(addr string) *Client {
	c := s.Client()
	if addr != "" {
		c.Header.Set("X-Forwarded-For", addr)
	}
	return c
}

// LoginFrom logs u in from addr (see From) and returns the client holding the token.
func (s *Server) LoginFrom(t testing.TB, u User, addr string) *Client {
	t.Helper()
	return LoginWith(t, s.From(addr), u)
}

// TryLogin attempts a login and returns the response and, on success, a client holding the token.
func (s *Server) TryLogin(t testing.TB, u User) (Response, *Client) {
	t.Helper()
	c := s.Client()
	res := attemptLogin(t, c, u)
	if res.Code() != "" {
		return res, nil
	}
	return res, c
}

// LoginFull posts MutationLoginFull with c.
func LoginFull(t testing.TB, c *Client, email, password string) Response {
	t.Helper()
	return c.Do(t, MutationLoginFull, map[string]any{"e": email, "p": password})
}

// MustLoginFull logs in with c and decodes the payload.
func MustLoginFull(t testing.TB, c *Client, email, password string) LoginData {
	t.Helper()
	var out struct{ Login LoginData }
	LoginFull(t, c, email, password).MustDecode(t, &out)
	return out.Login
}

// MustDo runs an operation and fails the test on any error.
func (c *Client) MustDo(t testing.TB, query string, vars map[string]any) {
	t.Helper()
	c.Do(t, query, vars).MustDecode(t, &struct{}{})
}

// Raw sends a request built by the caller and returns the status, headers and raw body.
func (s *Server) Raw(t testing.TB, method, path string, header http.Header, body string) (int, http.Header, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, raw := roundTrip(t, s.Server.Client(), req)
	return resp.StatusCode, resp.Header, raw
}

// GraphQLBody encodes a GraphQL POST body.
func GraphQLBody(t testing.TB, query string, vars map[string]any) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(map[string]any{"query": query, "variables": vars}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// GetPath is the path of a GET request for query with vars.
func GetPath(query string, vars map[string]any) string {
	v := url.Values{"query": {query}}
	if vars != nil {
		b, _ := json.Marshal(vars)
		v.Set("variables", string(b))
	}
	return "/graphql?" + v.Encode()
}

// Fields lists the extensions.field of every error, sorted.
func (r Response) Fields() []string {
	var out []string
	for _, e := range r.Errors {
		f, _ := e.Extensions["field"].(string)
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}
