package auth

import (
	"net/http"
	"time"
)

// Cookie names. Over TLS the names carry the __Host- prefix: browsers then accept the cookie
// only when Secure, for the whole host (Path=/, no Domain), so neither a plain-HTTP page nor a
// sibling subdomain can plant one. Plain-HTTP localhost keeps the bare names.
const (
	SessionCookie       = "sg_session"
	SecureSessionCookie = "__Host-sg_session"
	DeviceCookie        = "sg_device"
	SecureDeviceCookie  = "__Host-sg_device"
)

// sessionCookieMaxAge outlives the longest idle timeout; the server decides when a session ends.
const sessionCookieMaxAge = 90 * 24 * time.Hour

// cookieName picks the plain or __Host- name for the request's channel.
func cookieName(plain, secureName string, secure bool) string {
	if secure {
		return secureName
	}
	return plain
}

// readCookie returns the value of the cookie named for the request's channel. Over TLS only the
// __Host- name counts: a bare-named cookie there could have been planted.
func readCookie(r *http.Request, plain, secureName string, secure bool) string {
	if c, err := r.Cookie(cookieName(plain, secureName, secure)); err == nil {
		return c.Value
	}
	return ""
}

// deviceToken is the trusted-device cookie the request carried, or "" (also off HTTP).
func (r *Request) deviceToken() string {
	if r.httpReq == nil {
		return ""
	}
	return readCookie(r.httpReq, DeviceCookie, SecureDeviceCookie, r.secure)
}

// setCookie writes an HttpOnly, SameSite=Lax cookie for the whole host; maxAge < 0 deletes it.
func (r *Request) setCookie(plain, secureName, value string, maxAge time.Duration) {
	if r.writer == nil {
		return
	}
	age := int(maxAge.Seconds())
	if maxAge < 0 {
		age = -1
	}
	http.SetCookie(r.writer, &http.Cookie{
		Name: cookieName(plain, secureName, r.secure), Value: value, Path: "/", HttpOnly: true,
		Secure: r.secure, SameSite: http.SameSiteLaxMode, MaxAge: age,
	})
}

// setSessionCookie hands the browser its session token; HttpOnly keeps it from scripts,
// SameSite=Lax from other sites' forms.
func (r *Request) setSessionCookie(token string) {
	r.setCookie(SessionCookie, SecureSessionCookie, token, sessionCookieMaxAge)
}

// clearSessionCookie removes the session cookie once its session ended.
func (r *Request) clearSessionCookie() { r.setCookie(SessionCookie, SecureSessionCookie, "", -1) }

// setDeviceCookie marks the browser as one its user has signed in from.
func (r *Request) setDeviceCookie(token string) {
	r.setCookie(DeviceCookie, SecureDeviceCookie, token, deviceCookieMaxAge)
}
