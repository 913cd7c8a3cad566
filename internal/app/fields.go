package app

import (
	"context"
	"errors"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"sessionguard/internal/auth"
	"sessionguard/models"
)

// publicFields need no session: they are how a caller gets one.
var publicFields = map[string]bool{"login": true, "signUp": true}

// guardFields refuses every root field but login and signUp without a valid session, and
// reports each invalid input field as its own error so a form can mark them all.
func guardFields(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc != nil && isRoot(fc.Object) && !publicFields[fc.Field.Name] && !strings.HasPrefix(fc.Field.Name, "__") {
		if _, err := auth.PrincipalFrom(ctx); err != nil {
			return nil, err
		}
	}
	res, err := next(ctx)
	var fields models.FieldErrors
	if errors.As(err, &fields) && len(fields) > 1 {
		for _, f := range fields[:len(fields)-1] {
			graphql.AddError(ctx, f)
		}
		return res, fields[len(fields)-1]
	}
	return res, err
}

func isRoot(object string) bool {
	return object == "Query" || object == "Mutation" || object == "Subscription"
}
