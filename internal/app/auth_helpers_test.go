package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"sessionguard/internal/apitest"
)

// Helpers shared by the auth_* and http_* tests. Names carry an "auth" prefix so they cannot
// collide with helpers of the package's other test files.

// authChromeMacUA is a real Chrome 131 on macOS User-Agent.
const authChromeMacUA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

// authLoginFull logs in and selects everything the login tests look at.
const authLoginFull = `mutation($e: String!, $p: String!) {
  login(input: {email: $e, password: $p}) {
    token
    session { id status isCurrent loginIp loginCity loginCountry userAgent device loginAt lastActiveAt user { id } }
    user { id email role }
  }
}`

// authMeQuery is the cheapest authenticated query.
const authMeQuery = `{ me { user { id email role account { id name } } session { id isCurrent status } } }`

// authSession is a Session as the API returns it.
type authSession struct {
	ID           string
	Status       string
	IsCurrent    bool
	LoginIP      string
	LoginCity    *string
	LoginCountry *string
	UserAgent    *string
	Device       *string
	LoginAt      string
	LastActiveAt string
	EndReason    *string
	User         struct{ ID string }
}

// authUser is a User as the API returns it.
type authUser struct {
	ID      string
	Email   string
	Role    string
	Account struct{ ID, Name string }
}

// authLoginData decodes authLoginFull (and signUp selecting the same fields).
type authLoginData struct {
	Token   string
	Session authSession
	User    authUser
}

// authMe decodes authMeQuery.
type authMe struct {
	Me struct {
		User    authUser
		Session authSession
	}
}

// authLogin posts authLoginFull with c.
func authLogin(t testing.TB, c *apitest.Client, email, password string) apitest.Response {
	t.Helper()
	return c.Do(t, authLoginFull, map[string]any{"e": email, "p": password})
}

// authMustLogin logs in with c and decodes the payload.
func authMustLogin(t testing.TB, c *apitest.Client, email, password string) authLoginData {
	t.Helper()
	var out struct{ Login authLoginData }
	authLogin(t, c, email, password).MustDecode(t, &out)
	return out.Login
}

// authBearer returns an anonymous client that sends token as a bearer token.
func authBearer(srv *apitest.Server, token string) *apitest.Client {
	c := srv.Client()
	c.Token = token
	return c
}

// authCookieClient returns a client that sends token only as the session cookie.
func authCookieClient(srv *apitest.Server, token string) *apitest.Client {
	c := srv.Client()
	c.Header.Set("Cookie", "sg_session="+token)
	return c
}

// authJarClient returns a client with a cookie jar, as a browser keeps cookies.
func authJarClient(t testing.TB, srv *apitest.Server) *apitest.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := srv.Client()
	c.HTTP = &http.Client{Transport: srv.Server.Client().Transport, Jar: jar, Timeout: time.Minute}
	return c
}

// authSessionCookie returns the sg_session cookie res set, or nil.
func authSessionCookie(res apitest.Response) *http.Cookie {
	for _, line := range res.Header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err == nil && c.Name == "sg_session" {
			return c
		}
	}
	return nil
}

// authRaw sends a request built by the caller and returns the status, headers and raw body.
func authRaw(t testing.TB, srv *apitest.Server, method, path string, header http.Header, body string) (int, http.Header, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := srv.Server.Client().Do(req)
	if err != nil {
		t.Fatalf("request failed: %v", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, raw
}

// authGraphQLBody encodes a GraphQL POST body.
func authGraphQLBody(t testing.TB, query string, vars map[string]any) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(map[string]any{"query": query, "variables": vars}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// authSnapshot describes every row a mutation could change (but not last_active_at, which any
// authenticated request may move), so a test can prove a refused request changed nothing.
func authSnapshot(t testing.TB, srv *apitest.Server) string {
	t.Helper()
	queries := []string{
		"SELECT id || '|' || name FROM accounts ORDER BY id",
		"SELECT id || '|' || account_id || '|' || email || '|' || role || '|' || name FROM users ORDER BY id",
		"SELECT id || '|' || status || '|' || COALESCE(end_reason, '') FROM sessions ORDER BY id",
		`SELECT account_id || '|' || CAST(version AS TEXT) || '|' || CAST(max_concurrent_sessions AS TEXT) || '|' ||
		  when_limit_reached || '|' || COALESCE(CAST(idle_timeout_value AS TEXT), '') FROM session_policies ORDER BY account_id`,
	}
	var b strings.Builder
	for _, q := range queries {
		var rows []string
		if err := srv.Store().Gorm().Raw(q).Scan(&rows).Error; err != nil {
			t.Fatalf("snapshot %q: %v", q, err)
		}
		b.WriteString(strings.Join(rows, "\n"))
		b.WriteString("\n--\n")
	}
	return b.String()
}

// authCount counts the rows of table matching where.
func authCount(t testing.TB, srv *apitest.Server, table, where string, args ...any) int64 {
	t.Helper()
	var n int64
	q := srv.Store().Gorm().Table(table)
	if where != "" {
		q = q.Where(where, args...)
	}
	if err := q.Count(&n).Error; err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// authSessionRow reads the stored status and end reason of session id.
func authSessionRow(t testing.TB, srv *apitest.Server, id string) (status, endReason string) {
	t.Helper()
	var row struct {
		Status    string
		EndReason *string
	}
	err := srv.Store().Gorm().Table("sessions").Select("status, end_reason").Where("id = ?", id).Take(&row).Error
	if err != nil {
		t.Fatalf("session %s: %v", id, err)
	}
	if row.EndReason != nil {
		endReason = *row.EndReason
	}
	return row.Status, endReason
}

// authStr dereferences a nullable string for messages ("<null>" for nil).
func authStr(s *string) string {
	if s == nil {
		return "<null>"
	}
	return *s
}
