package resolvers

import (
	"sessionguard/graph/model"
	"sessionguard/models"
)

// policyChange translates the GraphQL input into the domain's requested change.
func policyChange(in model.SessionPolicyInput) models.PolicyChange {
	return models.PolicyChange{
		LimitMultipleSessions: in.LimitMultipleSessions, MaxConcurrentSessions: in.MaxConcurrentSessions,
		WhenLimitReached: in.WhenLimitReached, IdleTimeoutEnabled: in.IdleTimeoutEnabled,
		IdleTimeoutValue: in.IdleTimeoutValue, IdleTimeoutUnit: in.IdleTimeoutUnit,
		AbsoluteLifetimeEnabled: in.AbsoluteLifetimeEnabled, AbsoluteLifetimeValue: in.AbsoluteLifetimeValue,
		AbsoluteLifetimeUnit: in.AbsoluteLifetimeUnit,
		RoleOverrides:        roleOverrides(in.RoleOverrides),
		EndExcessSessions:    in.EndExcessSessions != nil && *in.EndExcessSessions,
	}
}

// roleOverrides translates the roles' overrides: nil (omitted) keeps the stored ones.
func roleOverrides(in []*model.RoleSessionPolicyInput) *[]models.RoleSessionPolicy {
	if in == nil {
		return nil
	}
	out := make([]models.RoleSessionPolicy, len(in))
	for i, o := range in {
		out[i] = models.RoleSessionPolicy{
			Role: o.Role, LimitMultipleSessions: o.LimitMultipleSessions, MaxConcurrentSessions: o.MaxConcurrentSessions,
			WhenLimitReached: o.WhenLimitReached, IdleTimeoutEnabled: o.IdleTimeoutEnabled,
			IdleTimeoutValue: o.IdleTimeoutValue, IdleTimeoutUnit: o.IdleTimeoutUnit,
			AbsoluteLifetimeEnabled: o.AbsoluteLifetimeEnabled, AbsoluteLifetimeValue: o.AbsoluteLifetimeValue,
			AbsoluteLifetimeUnit: o.AbsoluteLifetimeUnit,
		}
	}
	return &out
}

// userResult is a user a mutation returns, or its error.
func userResult(u models.User, err error) (*models.User, error) {
	if err != nil {
		return nil, err
	}
	return &u, nil
}
