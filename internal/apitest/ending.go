package apitest

import (
	"net/http"
	"net/http/cookiejar"
	"testing"

	"sessionguard/internal/auth"
	"sessionguard/models"
)

// Browser returns an anonymous client that keeps cookies as a browser does: after a login
// through it, its requests carry the session cookie.
func (s *Server) Browser(t testing.TB) *Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := s.Client()
	c.HTTP = &http.Client{Transport: s.Server.Client().Transport, Jar: jar}
	return c
}

// LoginBrowser logs u in through a new Browser and returns it knowing its session's id. It
// sends no bearer token: only the cookie the login set authenticates it.
func (s *Server) LoginBrowser(t testing.TB, u User) *Client {
	t.Helper()
	c := LoginWith(t, s.Browser(t), u)
	c.Token = ""
	return c
}

// SessionCookie returns the last session cookie r set, the one a browser keeps, or nil.
func (r Response) SessionCookie() *http.Cookie {
	var last *http.Cookie
	for _, line := range r.Header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err == nil && (c.Name == auth.SessionCookie || c.Name == auth.SecureSessionCookie) {
			last = c
		}
	}
	return last
}

// SessionActive reports whether session id is still active, as stored.
func (s *Server) SessionActive(t testing.TB, id string) bool {
	t.Helper()
	var sess models.Session
	if err := s.Store().Gorm().Where("id = ?", id).Take(&sess).Error; err != nil {
		t.Fatalf("apitest: unable to read session %s: %v", id, err)
	}
	return sess.IsActive()
}
