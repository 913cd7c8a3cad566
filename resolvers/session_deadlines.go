package resolvers

import (
	"context"
	"time"

	"sessionguard/internal/loaders"
	"sessionguard/models"
)

// policyDeadline is when its policy (the account's, with its user's role's overrides) will end an
// active session by one of its rules
// (deadline: SessionPolicy.IdleSince, LifetimeEnd), or nil when the rule is off or the session
// already ended. The policy comes from the request's loader: one read for a page of sessions.
func policyDeadline(ctx context.Context, s *models.Session,
	deadline func(*models.SessionPolicy, *models.Session) (time.Time, bool)) (*time.Time, error) {
	if !s.IsActive() {
		return nil, nil
	}
	l := loaders.From(ctx)
	policy, err := l.Policies.Load(ctx, s.AccountID)
	if err != nil || policy == nil {
		return nil, err
	}
	effective := *policy
	if len(policy.RoleOverrides) > 0 {
		// The user's role picks their rules; loaded in one batch for the page, like the policy.
		user, err := l.Users.Load(ctx, s.UserID)
		if err != nil {
			return nil, err
		}
		if user != nil {
			effective = policy.ForRole(user.Role)
		}
	}
	at, ok := deadline(&effective, s)
	if !ok {
		return nil, nil
	}
	return &at, nil
}
