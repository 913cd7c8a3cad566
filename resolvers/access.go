package resolvers

import (
	"context"

	"sessionguard/internal/apperr"
	"sessionguard/internal/auth"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// caller returns the authenticated principal. The auth directive on root fields already refused
// anonymous requests, so a failure here is a wiring bug surfaced as UNAUTHENTICATED.
func caller(ctx context.Context) (*store.Principal, error) {
	return auth.PrincipalFrom(ctx)
}

// admin returns the caller if they administer their account, else FORBIDDEN.
func admin(ctx context.Context) (*store.Principal, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if !p.User.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "only account administrators may do this")
	}
	return p, nil
}

// canSee reports whether p may see s: admins see their account's sessions, members their own.
func canSee(p *store.Principal, s *models.Session) bool {
	if s.AccountID != p.User.AccountID {
		return false
	}
	return p.User.IsAdmin() || s.UserID == p.User.ID
}

// visibleSession loads session id if p may see it; NOT_FOUND otherwise, so no caller learns
// whether another account's (or a colleague's) session exists.
func (r *Resolver) visibleSession(ctx context.Context, p *store.Principal, id string) (models.Session, error) {
	s, err := r.Store.SessionInAccount(ctx, p.User.AccountID, id)
	if err != nil {
		return s, err
	}
	if !canSee(p, &s) {
		return s, apperr.New(apperr.NotFound, "session %s not found", id)
	}
	return s, nil
}
