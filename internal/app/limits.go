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
	// A GraphiQL or codegen introspection query uses one __schema; a few __type lookups are fine.
	maxIntrospections = 10
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

// limitShape refuses, before they run, operations nested deeper than maxDepth and operations
// that repeat introspection, which gqlgen's complexity count does not price and which needs no
// session: one schema query is a client's need, hundreds of aliased ones an attack.
func limitShape(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	op := graphql.GetOperationContext(ctx)
	m := measure(op.Operation.SelectionSet, map[string]shape{})
	if m.depth > maxDepth {
		return refuse("query is nested too deeply", "QUERY_TOO_DEEP", "maxDepth", maxDepth)
	}
	if m.introspections > maxIntrospections {
		return refuse("too many introspection fields in one operation", "INTROSPECTION_LIMIT_EXCEEDED",
			"maxIntrospections", maxIntrospections)
	}
	return next(ctx)
}

func refuse(message, code, limitName string, limit int) graphql.ResponseHandler {
	return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{
		Message: message, Extensions: map[string]any{"code": code, limitName: limit},
	}}})
}

// shape is what limitShape measures of a selection set.
type shape struct {
	depth          int // levels of fields below the set
	introspections int // __schema and __type selections, counted with repetition
}

// measure walks set once, measuring each named fragment only once (memo) so fragments that
// spread each other twice over cannot make the walk exponential. Validation has already
// rejected fragment cycles.
func measure(set ast.SelectionSet, memo map[string]shape) shape {
	var out shape
	for _, sel := range set {
		var sub shape
		switch s := sel.(type) {
		case *ast.Field:
			sub = measure(s.SelectionSet, memo)
			sub.depth++
			if s.Name == "__schema" || s.Name == "__type" {
				sub.introspections++
			}
		case *ast.InlineFragment:
			sub = measure(s.SelectionSet, memo)
		case *ast.FragmentSpread:
			if s.Definition == nil {
				continue
			}
			cached, ok := memo[s.Name]
			if !ok {
				cached = measure(s.Definition.SelectionSet, memo)
				memo[s.Name] = cached
			}
			sub = cached
		}
		out.depth = max(out.depth, sub.depth)
		out.introspections = min(out.introspections+sub.introspections, 1<<30)
	}
	return out
}
