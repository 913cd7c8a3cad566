package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"sessionguard/internal/loaders"
	"sessionguard/models"
)

// prefetchForSessions loads, in one query per kind, what the requested selection of a session
// page will ask the loaders for. Field resolvers reach the loaders at scattered moments under
// load, which would split one batch into several; fetching up front keeps a page at a fixed
// number of queries whatever its size.
func prefetchForSessions(ctx context.Context, sessions []models.Session) {
	if len(sessions) == 0 {
		return
	}
	l := loaders.From(ctx)
	wantUser := selectsNode(ctx, "user")
	wantEndedBy := selectsNode(ctx, "endedBy")
	var ids []string
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, s := range sessions {
		if wantUser {
			add(s.UserID)
		}
		if wantEndedBy && s.EndedByID != nil {
			add(*s.EndedByID)
		}
	}
	if len(ids) > 0 {
		_, _ = l.Users.LoadAll(ctx, ids) // errors resurface when the field resolvers load
	}
	if wantUser && selectsNode(ctx, "user", "activeSessionCount") {
		_, _ = l.ActiveSessionCount.LoadAll(ctx, ids)
	}
}

// prefetchForUsers does the same for a page of users.
func prefetchForUsers(ctx context.Context, users []models.User) {
	if len(users) == 0 || !selectsNode(ctx, "activeSessionCount") {
		return
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	_, _ = loaders.From(ctx).ActiveSessionCount.LoadAll(ctx, ids)
}

// selectsNode reports whether the connection field being resolved selects path below its nodes,
// through `nodes` or `edges.node`, fragments included.
func selectsNode(ctx context.Context, path ...string) bool {
	op := graphql.GetOperationContext(ctx)
	top := graphql.CollectFieldsCtx(ctx, nil)
	return reaches(op, top, append([]string{"nodes"}, path...)) ||
		reaches(op, top, append([]string{"edges", "node"}, path...))
}

func reaches(op *graphql.OperationContext, fields []graphql.CollectedField, path []string) bool {
	for _, f := range fields {
		if f.Name != path[0] {
			continue
		}
		if len(path) == 1 || reaches(op, graphql.CollectFields(op, f.Selections, nil), path[1:]) {
			return true
		}
	}
	return false
}
