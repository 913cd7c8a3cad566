package resolvers

import (
	"context"

	"sessionguard/internal/apperr"
	"sessionguard/internal/auth"
	"sessionguard/models"
)

// accountKey loads key id of accountID for the objects that name one (a session it ended, an
// audit entry); nil for none, or one gone.
func (r *Resolver) accountKey(ctx context.Context, accountID string, id *string) (*models.APIKey, error) {
	if id == nil {
		return nil, nil
	}
	k, err := r.Store.APIKeyInAccount(ctx, accountID, *id)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &k, nil
}

// refuseKeyForMe answers `me` for an API key: it has no user or session to fill Viewer with.
func refuseKeyForMe(ctx context.Context) error {
	if p, err := auth.CallerFrom(ctx); err == nil && p.APIKey != nil {
		return apperr.New(apperr.Forbidden, "`me` is for people signed in with a session: an API key asks `viewer` instead")
	}
	return nil
}
