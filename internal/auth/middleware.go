package auth

import (
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"sessionguard/internal/apperr"
	"sessionguard/internal/clientinfo"
	"sessionguard/internal/gqlhttp"
	"sessionguard/internal/store"
)

// Middleware authenticates requests by session cookie or bearer token.
type Middleware struct {
	Store          *store.Store
	TrustedProxies []netip.Prefix
	// AllowedOrigins may send cookie-authenticated mutations besides the server's own origin.
	AllowedOrigins []string
	// SecureCookies forces the Secure attribute (and __Host- names); otherwise they follow the
	// request: TLS, directly or per X-Forwarded-Proto from a trusted proxy.
	SecureCookies bool
}

// Handler wraps next so that resolvers find the caller with PrincipalFrom.
func (m *Middleware) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secure := m.SecureCookies || clientinfo.IsHTTPS(r, m.TrustedProxies)
		req := &Request{
			ClientIP:  clientinfo.ClientIP(r, m.TrustedProxies),
			UserAgent: r.UserAgent(),
			httpReq:   r,
			writer:    w,
			secure:    secure,
		}
		if gqlhttp.IsWebsocketUpgrade(r) && !m.sameOrigin(r) {
			// Refused here rather than by the upgrader, whose refusal gqlgen answers a second time.
			http.Error(w, "websocket refused: origin not allowed", http.StatusForbidden)
			return
		}
		token, fromCookie := tokenFrom(r, secure)
		if fromCookie && !safeMethod(r.Method) && !m.sameOrigin(r) {
			// A browser on another site could carry our cookie; a bearer token it could not.
			gqlhttp.WriteRequestError(w, r, http.StatusForbidden, string(apperr.Forbidden),
				"cross-site request refused: origin not allowed")
			return
		}
		if token != "" {
			if !wellFormed(token) {
				req.AuthErr = apperr.New(apperr.Unauthenticated, "invalid session token")
			} else if p, err := m.authenticate(r, HashToken(token)); err != nil {
				req.AuthErr = err
			} else {
				req.Principal, req.SessionID = &p, p.Session.ID
				req.cookieSession = fromCookie
			}
		}
		next.ServeHTTP(w, r.WithContext(WithRequest(r.Context(), req)))
	})
}

// BackgroundHeader marks a request a client made on its own (a refetch, polling), not on a
// user's action: it is authenticated but does not count as activity.
const BackgroundHeader = "X-Sessionguard-Background"

// authenticate checks the token. Websocket upgrades and background requests are not user
// activity, so they record none.
func (m *Middleware) authenticate(r *http.Request, hash []byte) (store.Principal, error) {
	if gqlhttp.IsWebsocketUpgrade(r) || r.Header.Get(BackgroundHeader) == "1" {
		return m.Store.Check(r.Context(), hash)
	}
	return m.Store.Authenticate(r.Context(), hash)
}

// OriginAllowed reports whether a browser page at r's Origin may use our cookie: no Origin (not
// a browser), the server's own origin, or one of AllowedOrigins.
func (m *Middleware) OriginAllowed(r *http.Request) bool { return m.sameOrigin(r) }

// tokenFrom reads the bearer token, else the session cookie; fromCookie tells which.
func tokenFrom(r *http.Request, secure bool) (token string, fromCookie bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, value, _ := strings.Cut(h, " ")
		if strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(value), false
		}
	}
	if v := readCookie(r, SessionCookie, SecureSessionCookie, secure); v != "" {
		return v, true
	}
	return "", false
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// sameOrigin accepts requests without an Origin (not from a browser page) and those whose Origin
// is the server itself or explicitly allowed.
func (m *Middleware) sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	for _, o := range m.AllowedOrigins {
		if strings.EqualFold(o, origin) {
			return true
		}
	}
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}
