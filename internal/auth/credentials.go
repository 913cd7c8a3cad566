package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"sessionguard/internal/apperr"
	"sessionguard/internal/gqlhttp"
	"sessionguard/internal/store"
)

// Credentials are the session token a client presented, and how its request came.
type Credentials struct {
	Token string
	// FromCookie: the token is the session cookie (a browser's, so cross-site checks apply), not a
	// bearer token.
	FromCookie bool
	// Passive: the request is no user action (a websocket, a client's own background refetch), so
	// it records no activity: it must never keep a session alive.
	Passive bool
}

// BackgroundHeader marks a request a client made on its own (a refetch, polling), not on a
// user's action: it is authenticated but does not count as activity.
const BackgroundHeader = "X-Sessionguard-Background"

var errInvalidToken = apperr.New(apperr.Unauthenticated, "invalid session token")

// Authenticate returns the principal whose session c's token opened: the one way from
// credentials to a principal, for HTTP requests and websockets alike. A token that cannot be one
// of ours is refused before any query.
func Authenticate(ctx context.Context, s *store.Store, c Credentials) (store.Principal, error) {
	if !wellFormed(c.Token) {
		if wellFormedKey(c.Token) && !c.FromCookie {
			return authenticateKey(ctx, s, c.Token)
		}
		return store.Principal{}, errInvalidToken
	}
	if c.Passive {
		return s.Check(ctx, HashToken(c.Token))
	}
	return s.Authenticate(ctx, HashToken(c.Token))
}

// requestCredentials reads r's Authorization: Bearer token, else its session cookie (under the
// name for a secure channel or not). An empty bearer token is no token: the cookie is not read.
func requestCredentials(r *http.Request, secure bool) Credentials {
	c := Credentials{Passive: gqlhttp.IsWebsocketUpgrade(r) || r.Header.Get(BackgroundHeader) == "1"}
	if token, ok := bearer(r.Header.Get("Authorization")); ok {
		c.Token = token
	} else if v := readCookie(r, SessionCookie, SecureSessionCookie, secure); v != "" {
		c.Token, c.FromCookie = v, true
	}
	return c
}

var errInitNotBearer = errors.New(`expected "authorization": "Bearer <token>"`)

// InitCredentials reads a websocket's connection_init payload, {"authorization": "Bearer <token>"}
// (or "Authorization"). A payload without one gives no token: the socket then stands on its
// upgrade request's credentials, which the middleware read.
func InitCredentials(payload map[string]any) (Credentials, error) {
	v, _ := payload["authorization"].(string)
	if v == "" {
		v, _ = payload["Authorization"].(string)
	}
	if v == "" {
		return Credentials{}, nil
	}
	token, ok := bearer(v)
	if !ok || token == "" {
		return Credentials{}, errInitNotBearer
	}
	return Credentials{Token: token, Passive: true}, nil
}

// bearer returns the token of a "Bearer <token>" value; ok is false for any other scheme.
func bearer(v string) (token string, ok bool) {
	scheme, token, _ := strings.Cut(v, " ")
	if v == "" || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}
