package auth

import (
	"context"
	"strings"

	"sessionguard/internal/store"
	"sessionguard/models"
)

// UserChange is what an administrator asks UpdateUser to change; nil fields stay.
type UserChange struct {
	Name *string
	Role *models.Role
}

// UpdateUser changes the name and/or role of user id in the caller's account (administrators
// only; NOT_FOUND for another account's). A role that changes ends the user's sessions with
// ROLE_CHANGED (see store.UpdateUser): the caller's own too when they change their own role.
func (s *Sessions) UpdateUser(ctx context.Context, id string, in UserChange) (models.User, error) {
	p, err := RequireAdmin(ctx, models.ScopeUsersWrite)
	if err != nil {
		return models.User{}, err
	}
	change := store.UserChange{Role: in.Role}
	if in.Name != nil {
		var errs models.FieldErrors
		checkName(&errs, "name", *in.Name)
		if len(errs) > 0 {
			return models.User{}, errs
		}
		name := strings.TrimSpace(*in.Name)
		change.Name = &name
	}
	done, err := s.Store.UpdateUser(ctx, p.User.AccountID, p.User.ID, id, change)
	if err != nil {
		return done.User, err
	}
	s.endedForCaller(ctx, p, done.Ended)
	return done.User, nil
}

// DeactivateUser stops user id of the caller's account from logging in and ends their sessions
// with USER_DEACTIVATED (administrators only; see store.DeactivateUser for what is refused).
func (s *Sessions) DeactivateUser(ctx context.Context, id string) (models.User, error) {
	p, err := RequireAdmin(ctx, models.ScopeUsersWrite)
	if err != nil {
		return models.User{}, err
	}
	done, err := s.Store.DeactivateUser(ctx, p.User.AccountID, p.User.ID, id)
	if err != nil {
		return done.User, err
	}
	// Never the caller's own (nobody deactivates themselves), but told all the same.
	s.endedForCaller(ctx, p, done.Ended)
	return done.User, nil
}

// ReactivateUser lets user id of the caller's account log in again (administrators only). The
// sessions deactivation ended stay ended.
func (s *Sessions) ReactivateUser(ctx context.Context, id string) (models.User, error) {
	p, err := RequireAdmin(ctx, models.ScopeUsersWrite)
	if err != nil {
		return models.User{}, err
	}
	return s.Store.ReactivateUser(ctx, p.User.AccountID, id)
}

// endedForCaller tells the request when the caller's own session is among ended.
func (s *Sessions) endedForCaller(ctx context.Context, p *store.Principal, ended []models.Session) {
	for _, e := range ended {
		if e.ID == p.Session.ID && e.EndReason != nil {
			RequestFrom(ctx).sessionEnded(e.ID, *e.EndReason)
		}
	}
}
