package resolvers

import (
	"context"

	"sessionguard/internal/auth"
	"sessionguard/internal/store"
)

// caller returns the authenticated principal, or UNAUTHENTICATED.
func caller(ctx context.Context) (*store.Principal, error) {
	return auth.PrincipalFrom(ctx)
}

// admin returns the caller if they administer their account, else FORBIDDEN.
func admin(ctx context.Context) (*store.Principal, error) {
	return auth.AdminFrom(ctx)
}
