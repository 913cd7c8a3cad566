package app

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// complexityLimit is gqlgen's FixedComplexityLimit that remembers the complexity of operations
// without variables, by document and operation name: nothing can change it, and pricing walked
// the whole document on every request (3 % of the authenticated hot path's CPU). Operations with
// variables are priced every time, since a page size may come from a variable.
type complexityLimit struct {
	*extension.ComplexityLimit
	known graphql.Cache[int]
}

func newComplexityLimit(limit int) complexityLimit {
	return complexityLimit{ComplexityLimit: extension.FixedComplexityLimit(limit), known: lru.New[int](1000)}
}

func (c complexityLimit) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if len(op.Variables) > 0 {
		return c.ComplexityLimit.MutateOperationContext(ctx, op)
	}
	key := op.OperationName + "\x00" + op.RawQuery
	limit := c.Func(ctx, op)
	if n, ok := c.known.Get(ctx, key); ok && n <= limit {
		// The same statistics gqlgen records, for anything that reads them.
		op.Stats.SetExtension(c.ExtensionName(), &extension.ComplexityStats{Complexity: n, ComplexityLimit: limit})
		return nil
	}
	if err := c.ComplexityLimit.MutateOperationContext(ctx, op); err != nil {
		return err
	}
	if stats, ok := op.Stats.GetExtension(c.ExtensionName()).(*extension.ComplexityStats); ok {
		c.known.Add(ctx, key, stats.Complexity)
	}
	return nil
}
