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
		EndExcessSessions:    in.EndExcessSessions != nil && *in.EndExcessSessions,
	}
}

// userResult is a user a mutation returns, or its error.
func userResult(u models.User, err error) (*models.User, error) {
	if err != nil {
		return nil, err
	}
	return &u, nil
}
