package resolvers

import (
	"context"

	"sessionguard/graph/model"
	"sessionguard/internal/loaders"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// auditQuery is what auditEvents lists for caller p: what they may read (store.AuditScope),
// narrowed by filter.
func auditQuery(p *store.Principal, filter *model.AuditEventFilter) store.AuditQuery {
	q := store.AuditScope(p)
	if filter != nil {
		q.UserID, q.Actions, q.ActorID, q.TargetUserID = filter.UserID, filter.Actions, filter.ActorID, filter.TargetUserID
		q.From, q.To = filter.From, filter.To
		if filter.IP != nil {
			q.IP = *filter.IP
		}
	}
	return q
}

// auditUser loads the user an entry names, if any.
func (r *Resolver) auditUser(ctx context.Context, id *string) (*models.User, error) {
	if id == nil {
		return nil, nil
	}
	return loaders.From(ctx).Users.Load(ctx, *id)
}
