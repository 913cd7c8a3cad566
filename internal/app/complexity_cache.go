package app

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// complexityLimit is gqlgen's FixedComplexityLimit that remembers the complexity of operations
// without variables, by their parsed definition: nothing can change it, and pricing walked the
// whole document on every request (3 % of the authenticated hot path's CPU). Operations with
// variables are priced every time, since a page size may come from a variable.
type complexityLimit struct {
	*extension.ComplexityLimit
	known *knownComplexity
}

func newComplexityLimit(limit int) complexityLimit {
	return complexityLimit{ComplexityLimit: extension.FixedComplexityLimit(limit), known: &knownComplexity{}}
}

func (c complexityLimit) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if len(op.Variables) > 0 {
		return c.ComplexityLimit.MutateOperationContext(ctx, op)
	}
	limit := c.Func(ctx, op)
	if n, ok := c.known.get(op.Operation); ok && n <= limit {
		// The same statistics gqlgen records, for anything that reads them.
		op.Stats.SetExtension(c.ExtensionName(), &extension.ComplexityStats{Complexity: n, ComplexityLimit: limit})
		return nil
	}
	if err := c.ComplexityLimit.MutateOperationContext(ctx, op); err != nil {
		return err
	}
	if stats, ok := op.Stats.GetExtension(c.ExtensionName()).(*extension.ComplexityStats); ok {
		c.known.add(op.Operation, stats.Complexity)
	}
	return nil
}

// knownComplexity is the complexity of operations, keyed by their definition in the parsed
// document, which gqlgen's query cache hands out again for the same text: a pointer compared,
// where the key was once the operation's name and whole text, joined (an allocation and a copy)
// and hashed on every request. A definition here cannot be freed, so its address cannot come
// back for another document; a document parsed anew is priced anew.
type knownComplexity struct {
	mu  sync.RWMutex
	ops map[*ast.OperationDefinition]int
}

// maxKnownComplexity bounds the definitions (and so the documents) knownComplexity keeps
// alive: gqlgen's query cache holds as many.
const maxKnownComplexity = 1000

func (k *knownComplexity) get(op *ast.OperationDefinition) (int, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	n, ok := k.ops[op]
	return n, ok
}

func (k *knownComplexity) add(op *ast.OperationDefinition, n int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.ops == nil || len(k.ops) >= maxKnownComplexity {
		k.ops = make(map[*ast.OperationDefinition]int) // all are priced again, once
	}
	k.ops[op] = n
}
