package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// The request check reads only the columns it needs (store.Principal): `me` answers from them
// when the query asks for nothing else, as `{ me { user { id } } }` does on every console load,
// and loads the whole user or session when it asks for more. The sets list fields the principal
// holds or that resolve from its ids alone; a field not listed (a new one included) loads the
// row, so an omission costs a query, never a wrong answer.
var (
	principalUserFields = map[string]bool{
		"__typename": true, "id": true, "role": true, "status": true,
		"account": true, "activeSessionCount": true, // resolved from the ids
	}
	principalSessionFields = map[string]bool{
		"__typename": true, "id": true, "status": true, "loginAt": true, "lastActiveAt": true,
		"endedAt": true, "endReason": true, "endReasonText": true, "isCurrent": true,
		"user": true, "endedBy": true, "idleExpiresAt": true, "expiresAt": true, // resolved from the ids and times
	}
)

// selectsOnly reports whether the field being resolved, of GraphQL type typeName, selects no
// field outside allowed (fragments on typeName included).
func selectsOnly(ctx context.Context, typeName string, allowed map[string]bool) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, []string{typeName}) {
		if !allowed[f.Name] {
			return false
		}
	}
	return true
}
