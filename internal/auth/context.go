package auth

import (
	"context"
	"net/http"
	"net/netip"

	"sessionguard/internal/apperr"
	"sessionguard/internal/clientinfo"
	"sessionguard/internal/store"
	"sessionguard/models"
)

type ctxKey int

const requestKey ctxKey = iota

// Request is what the middleware learned about the HTTP request, for the resolvers below it.
type Request struct {
	ClientIP  netip.Addr
	UserAgent string
	Principal *store.Principal // nil when the request carries no valid session
	// SessionID is the session this request was authenticated with (or logged in to), kept
	// after that session ends mid-request so its payload still reads isCurrent: true.
	SessionID string
	AuthErr   error // why a presented token was refused, if it was
	// cookieSession: Principal came from the session cookie (a browser), not a bearer token.
	cookieSession bool
	// socketOnCookie: a websocket standing on its upgrade's session cookie. Kept apart from
	// cookieSession, which lets a login replace the cookie's session: a socket cannot set cookies.
	socketOnCookie bool
	httpReq        *http.Request     // for cookies only a login reads (the trusted-device cookie)
	geo            *clientinfo.GeoDB // for Origin's city; nil: none
	writer         http.ResponseWriter
	secure         bool
}

// RequestFrom returns the request info the middleware attached, or an empty one.
func RequestFrom(ctx context.Context) *Request {
	if r, ok := ctx.Value(requestKey).(*Request); ok {
		return r
	}
	return &Request{}
}

// CookieAuthenticated reports whether the caller stands on the session cookie, a browser's,
// rather than a bearer token: only the console's own documents may run on it when trusted
// documents are enforced.
func (r *Request) CookieAuthenticated() bool {
	return r.Principal != nil && (r.cookieSession || r.socketOnCookie)
}

// ForSocket is the request a websocket's operations see: the upgrade's client, the socket's
// principal, and the upgrade's cookie only when the socket stands on it (no token at init).
func (r *Request) ForSocket(p *store.Principal, onUpgrade bool) *Request {
	return &Request{
		ClientIP: r.ClientIP, UserAgent: r.UserAgent, Principal: p, SessionID: p.Session.ID,
		socketOnCookie: onUpgrade && r.cookieSession, geo: r.geo,
	}
}

// WithRequest attaches r to ctx; the middleware does this, and so can a websocket InitFunc.
// The store's changes made with ctx are then audited as r's (Origin).
func WithRequest(ctx context.Context, r *Request) context.Context {
	return store.WithOrigin(context.WithValue(ctx, requestKey, r), r)
}

// Origin is who the request acts as and where it comes from, for the audit entries of what it
// changes. The store asks only when it writes one, so the city lookup costs nothing otherwise.
func (r *Request) Origin() store.Origin {
	var o store.Origin
	if p := r.Principal; p != nil {
		o.UserID, o.SessionID = p.User.ID, p.Session.ID
		if p.APIKey != nil {
			o.APIKeyID = p.APIKey.ID
		}
	}
	if r.ClientIP.IsValid() {
		o.IP = r.ClientIP.String()
		o.City, _ = r.geo.Lookup(r.ClientIP)
	}
	if ua := clientinfo.UserAgent(r.UserAgent); ua != "" {
		if device := clientinfo.Device(ua); device != "" && device != clientinfo.UnknownDevice {
			o.Device = &device
		}
	}
	return o
}

// PrincipalFrom returns the caller, a person with a session, or UNAUTHENTICATED with the reason
// their token was refused. An API key is FORBIDDEN here: what only people do (their own
// sessions, passwords) refuses keys by default; CallerFrom and Require admit keys.
func PrincipalFrom(ctx context.Context) (*store.Principal, error) {
	r := RequestFrom(ctx)
	if r.Principal != nil {
		if r.Principal.APIKey != nil {
			return nil, errPeopleOnly
		}
		return r.Principal, nil
	}
	if r.AuthErr != nil {
		return nil, r.AuthErr
	}
	return nil, apperr.New(apperr.Unauthenticated, "authentication required: log in, then send the session cookie or an Authorization: Bearer token")
}

// AdminFrom returns the caller if they administer their account, else FORBIDDEN.
func AdminFrom(ctx context.Context) (*store.Principal, error) {
	p, err := PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	if !p.User.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "only account administrators may do this")
	}
	return p, nil
}

// sessionEnded tells the request that session id ended with reason. When it is the caller's
// own, the rest of the operation runs unauthenticated (a later field of the same mutation must
// not act with a session that no longer exists) and the browser loses the session's cookie.
func (r *Request) sessionEnded(id string, reason models.SessionEndReason) {
	if r.Principal == nil || r.Principal.Session.ID != id {
		return
	}
	r.Principal = nil
	r.AuthErr = apperr.New(apperr.Unauthenticated, "session ended: %s", reason)
	r.clearSessionCookie()
}
