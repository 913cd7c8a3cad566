package auth

import (
	"context"
	"log/slog"

	"sessionguard/internal/apperr"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// Logout ends the caller's own session.
func (s *Sessions) Logout(ctx context.Context) error {
	p, err := PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	_, err = s.end(ctx, p, p.Session.ID, models.EndLogout)
	return err
}

// End ends session id for the caller: LOGOUT when it is one of their own, ADMIN_LOGOUT when an
// administrator ends another user's. A session the caller may not see is NOT_FOUND (see
// visible); one that already ended is returned unchanged.
func (s *Sessions) End(ctx context.Context, id string) (models.Session, error) {
	p, sess, err := s.visible(ctx, id, models.ScopeSessionsWrite)
	if err != nil {
		return sess, err
	}
	reason := models.EndLogout
	if sess.UserID != p.User.ID {
		reason = models.EndAdminLogout
	}
	return s.end(ctx, p, sess.ID, reason)
}

// end ends one session on p's behalf and tells the request.
func (s *Sessions) end(ctx context.Context, p *store.Principal, id string, reason models.SessionEndReason) (models.Session, error) {
	ended, err := s.Store.EndSession(ctx, id, reason, &p.User.ID)
	if err != nil {
		return ended, err
	}
	RequestFrom(ctx).sessionEnded(ended.ID, reason)
	return ended, nil
}

// EndAllScope says whose sessions EndAll ends.
type EndAllScope struct {
	UserID      *string // only this user's; nil: the account's (administrators), the caller's (members)
	KeepCurrent *bool   // keep the caller's own session; nil: true
}

// EndAll ends the active sessions in scope with TERMINATE_ALL and returns how many. Members may
// end only their own: FORBIDDEN for another user's.
func (s *Sessions) EndAll(ctx context.Context, in EndAllScope) (int, error) {
	p, err := Require(ctx, models.ScopeSessionsWrite)
	if err != nil {
		return 0, err
	}
	scope := store.TerminateScope{AccountID: p.User.AccountID, UserID: in.UserID, ActorID: p.User.ID}
	if in.UserID != nil {
		if _, err := s.Store.UserInAccount(ctx, p.User.AccountID, *in.UserID); err != nil {
			return 0, err
		}
	}
	if !p.User.IsAdmin() {
		if in.UserID != nil && *in.UserID != p.User.ID {
			return 0, apperr.New(apperr.Forbidden, "members may only end their own sessions")
		}
		scope.UserID = &p.User.ID
	}
	if in.KeepCurrent == nil || *in.KeepCurrent {
		scope.KeepID = &p.Session.ID
	}
	n, err := s.Store.TerminateAll(ctx, scope)
	if err != nil {
		return 0, err
	}
	// The caller's session was active when this request began and in scope: it is not now.
	if scope.KeepID == nil && (scope.UserID == nil || *scope.UserID == p.User.ID) {
		RequestFrom(ctx).sessionEnded(p.Session.ID, models.EndTerminateAll)
	}
	return n, nil
}

// UpdatePolicy saves change as the caller's account policy (administrators only). It belongs
// here because saving can end sessions (idle under a shorter timeout, or above a lowered limit
// with EndExcessSessions), the caller's own among them.
func (s *Sessions) UpdatePolicy(ctx context.Context, change models.PolicyChange) (models.SessionPolicy, error) {
	p, err := RequireAdmin(ctx, models.ScopePolicyWrite)
	if err != nil {
		return models.SessionPolicy{}, err
	}
	policy, err := s.Store.UpdatePolicy(ctx, p.User.AccountID, p.User.ID, change)
	if err != nil || p.APIKey != nil { // a key has no session the change could have ended
		return policy, err
	}
	current, err := s.Store.SessionInAccount(ctx, p.User.AccountID, p.Session.ID)
	if err != nil {
		// The policy is saved; at worst the browser keeps a cookie its next request learns is dead.
		slog.ErrorContext(ctx, "auth: unable to reread the caller's session", "err", err)
		return policy, nil
	}
	if !current.IsActive() && current.EndReason != nil {
		RequestFrom(ctx).sessionEnded(current.ID, *current.EndReason)
	}
	return policy, nil
}
