package app

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"sessionguard/graph"
	"sessionguard/graph/model"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// Query cost limits: complexity counts a list field as its page size times its children, so a
// page of 100 sessions with their users costs about 2,000; depth stops deeply nested queries
// (user → account → ...) that complexity alone prices too cheaply.
const (
	maxComplexity = 10_000
	maxDepth      = 12
)

// complexity prices paginated fields by the page size they ask for.
func complexity() graph.ComplexityRoot {
	var c graph.ComplexityRoot
	c.Query.Sessions = func(child int, _ *model.SessionFilter, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.MySessions = func(child int, _ *models.SessionStatus, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.Users = func(child int, _ *string, first *int, _ *string) int {
		return pageCost(child, first)
	}
	return c
}

func pageCost(child int, first *int) int {
	n, err := store.PageSize(first)
	if err != nil || n == 0 {
		n = 1
	}
	return 1 + child*n
}

// limitDepth refuses operations nested deeper than maxDepth before they run.
func limitDepth(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	op := graphql.GetOperationContext(ctx)
	if d := depth(op.Operation.SelectionSet, 0); d > maxDepth {
		return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{
			Message:    "query is nested too deeply",
			Extensions: map[string]any{"code": "QUERY_TOO_DEEP", "maxDepth": maxDepth},
		}}})
	}
	return next(ctx)
}

func depth(set ast.SelectionSet, level int) int {
	deepest := level
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if len(s.SelectionSet) == 0 {
				d = level + 1
			} else {
				d = depth(s.SelectionSet, level+1)
			}
		case *ast.InlineFragment:
			d = depth(s.SelectionSet, level)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				d = depth(s.Definition.SelectionSet, level)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}
