package resolvers

import (
	"context"
	"time"

	"sessionguard/internal/loaders"
	"sessionguard/models"
)

// policyDeadline is when the account's policy will end an active session by one of its rules
// (deadline: SessionPolicy.IdleSince, LifetimeEnd), or nil when the rule is off or the session
// already ended. The policy comes from the request's loader: one read for a page of sessions.
func policyDeadline(ctx context.Context, s *models.Session,
	deadline func(*models.SessionPolicy, *models.Session) (time.Time, bool)) (*time.Time, error) {
	if !s.IsActive() {
		return nil, nil
	}
	policy, err := loaders.From(ctx).Policies.Load(ctx, s.AccountID)
	if err != nil || policy == nil {
		return nil, err
	}
	at, ok := deadline(policy, s)
	if !ok {
		return nil, nil
	}
	return &at, nil
}
