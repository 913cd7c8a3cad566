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
	// Geo names the city of a request's address in its audit entries; nil: none.
	Geo *clientinfo.GeoDB
	// KeyLimiter bounds each API key's requests (apikeys.go); nil: no limit.
	KeyLimiter *KeyLimiter
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
			geo:       m.Geo,
		}
		if gqlhttp.IsWebsocketUpgrade(r) && !m.sameOrigin(r) {
			// Refused here rather than by the upgrader, whose refusal gqlgen answers a second time.
			http.Error(w, "websocket refused: origin not allowed", http.StatusForbidden)
			return
		}
		creds := requestCredentials(r, secure)
		if creds.FromCookie && !safeMethod(r.Method) && !m.sameOrigin(r) {
			// A browser on another site could carry our cookie; a bearer token it could not.
			gqlhttp.WriteRequestError(w, r, http.StatusForbidden, string(apperr.Forbidden),
				"cross-site request refused: origin not allowed")
			return
		}
		if creds.Token != "" {
			if p, err := Authenticate(r.Context(), m.Store, creds); err != nil {
				req.AuthErr = err
			} else {
				req.Principal, req.SessionID = &p, p.Session.ID
				req.cookieSession = creds.FromCookie
				if p.APIKey != nil && !m.admitKey(w, r, req) {
					return
				}
			}
		}
		next.ServeHTTP(w, r.WithContext(WithRequest(r.Context(), req)))
	})
}

// OriginAllowed reports whether a browser page at r's Origin may use our cookie: no Origin (not
// a browser), the server's own origin, or one of AllowedOrigins.
func (m *Middleware) OriginAllowed(r *http.Request) bool { return m.sameOrigin(r) }

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
