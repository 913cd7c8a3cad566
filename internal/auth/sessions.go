package auth

import (
	"context"

	"sessionguard/internal/apperr"
	"sessionguard/internal/clientinfo"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// Sessions starts and ends sessions for the request at hand; every way a request ends one goes
// through it. It authorises the caller, picks the end reason, ends through the store (whose one
// state change also records the event) and, when the caller's own session ended, tells the
// request and clears the cookie. Sessions that end on their own (idle, evicted by a later login)
// end inside the store's transactions.
type Sessions struct {
	Store *store.Store
	Geo   *clientinfo.GeoDB // nil: no city or country for logins
}

// Start opens a session for user from the current request and hands out its token. The session
// the browser's cookie held ends (LOGOUT) in the same transaction (OWASP ASVS 7.2.4): the old
// token never outlives the login that replaced it, and a refused start leaves it running.
func (s *Sessions) Start(ctx context.Context, user models.User) (Login, error) {
	req := RequestFrom(ctx)
	token, hash := NewToken()
	n := s.newSession(req, hash)
	// A bearer token is a script's, not the browser's: its session stays.
	if p := req.Principal; p != nil && req.cookieSession {
		n.Replacing = &store.SessionEnd{ID: p.Session.ID, Reason: models.EndLogout, ActorID: &p.User.ID}
	}
	session, err := s.Store.StartSession(ctx, user, n)
	if err != nil {
		return Login{}, err
	}
	user.LastLoginAt = &session.LoginAt // as StartSession stored it, in the session's transaction
	// The new cookie overwrites the old one. The rest of this request acts as the new session,
	// so its payload reads isCurrent: true.
	req.setSessionCookie(token)
	req.Principal, req.AuthErr = &store.Principal{Session: session, User: user}, nil
	req.SessionID = session.ID
	return Login{Token: token, Session: session, User: user}, nil
}

// newSession describes the session a login from req starts.
func (s *Sessions) newSession(req *Request, hash []byte) store.NewSession {
	city, country := s.Geo.Lookup(req.ClientIP)
	n := store.NewSession{
		TokenHash: hash, LoginIP: req.ClientIP.String(), LoginCity: city, LoginCountry: country,
	}
	if ua := clientinfo.UserAgent(req.UserAgent); ua != "" {
		device := clientinfo.Device(ua)
		n.UserAgent = &ua
		if device != "" && device != clientinfo.UnknownDevice {
			n.Device = &device
		}
	}
	return n
}

// Get returns session id if the caller may see it: administrators see their account's
// sessions, members their own.
func (s *Sessions) Get(ctx context.Context, id string) (models.Session, error) {
	_, sess, err := s.visible(ctx, id, models.ScopeSessionsRead)
	return sess, err
}

// visible returns the caller and session id if they may see it. Anything else is NOT_FOUND, so
// no caller learns whether another account's (or a colleague's) session exists. An API key must
// hold scope.
func (s *Sessions) visible(ctx context.Context, id string, scope models.APIScope) (*store.Principal, models.Session, error) {
	p, err := Require(ctx, scope)
	if err != nil {
		return nil, models.Session{}, err
	}
	sess, err := s.Store.SessionInAccount(ctx, p.User.AccountID, id)
	if err != nil {
		return p, sess, err
	}
	if !p.User.IsAdmin() && sess.UserID != p.User.ID {
		return p, sess, apperr.New(apperr.NotFound, "session %s not found", id)
	}
	return p, sess, nil
}
