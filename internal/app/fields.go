package app

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"sessionguard/internal/auth"
	"sessionguard/models"
)

// publicFields need no session: they are how a caller gets one.
var publicFields = map[string]bool{"login": true, "signUp": true}

// guardFields refuses every root field but login and signUp without a valid session, refuses
// text arguments no database can store, and reports each invalid input field as its own error so
// a form can mark them all.
func guardFields(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc != nil && isRoot(fc.Object) && !publicFields[fc.Field.Name] && !strings.HasPrefix(fc.Field.Name, "__") {
		if _, err := auth.PrincipalFrom(ctx); err != nil {
			return nil, err
		}
	}
	var res any
	var err error
	if fc != nil && len(fc.Field.Arguments) > 0 {
		err = storableArguments(ctx, fc.Field.Arguments)
	}
	if err == nil {
		res, err = next(ctx)
	}
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

// storableArguments refuses text arguments holding NUL characters: valid GraphQL, but PostgreSQL
// text cannot hold them, so they would otherwise fail deep in a query as an internal error.
func storableArguments(ctx context.Context, args ast.ArgumentList) error {
	var vars map[string]any
	if oc := graphql.GetOperationContext(ctx); oc != nil {
		vars = oc.Variables
	}
	var errs models.FieldErrors
	for _, arg := range args {
		v, err := arg.Value.Value(vars)
		if err != nil {
			continue // gqlgen reports malformed arguments itself
		}
		findNUL(&errs, arg.Name, v)
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// findNUL adds an error for each string under v, named by its innermost field, holding NUL.
func findNUL(errs *models.FieldErrors, field string, v any) {
	switch v := v.(type) {
	case string:
		if strings.ContainsRune(v, 0) {
			errs.Add(field, "must not contain NUL characters")
		}
	case map[string]any:
		for _, name := range slices.Sorted(maps.Keys(v)) {
			findNUL(errs, name, v[name])
		}
	case []any:
		for _, inner := range v {
			findNUL(errs, field, inner)
		}
	}
}
