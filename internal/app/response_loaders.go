package app

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"sessionguard/internal/events"
	"sessionguard/internal/loaders"
	"sessionguard/internal/store"
)

// responseLoaders gives every response loaders of its own, no older than the response: a
// websocket is one long request, and a cache from its first query or event would serve stale
// users to every later one. sessionEvents payloads, which are only ever sent for a hub
// delivery, share theirs with every payload built since the hub's last publish began, so one
// login reaching ten thousand subscribers loads its user once, not ten thousand times. Shared
// loaders are keyed by id like any others; each subscriber only asks for the ids its own
// filtered events name.
type responseLoaders struct {
	hub   *events.Hub
	store *store.Store

	mu     sync.Mutex
	gen    uint64 // hub.Published() when shared was made
	shared *loaders.Loaders
}

// around is a response interceptor rather than an HTTP middleware, so that each operation on a
// websocket gets loaders too, and an HTTP request is not cloned once more for them.
func (s *responseLoaders) around(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if op := graphql.GetOperationContext(ctx); op != nil && op.Operation != nil &&
		op.Operation.Operation == ast.Subscription && sessionEventsOnly(op.Operation) {
		return next(loaders.WithShared(ctx, s.current))
	}
	return next(loaders.With(ctx, s.store))
}

// current returns loaders made since the hub's latest publish began. It runs when a payload
// first needs them, after its delivery arrived, never before.
func (s *responseLoaders) current() *loaders.Loaders {
	gen := s.hub.Published()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shared == nil || gen > s.gen { // newer loaders serve an older gen too
		s.gen, s.shared = gen, loaders.New(s.store)
	}
	return s.shared
}

// sessionEventsOnly: the subscription selects sessionEvents and nothing else.
func sessionEventsOnly(op *ast.OperationDefinition) bool {
	if len(op.SelectionSet) != 1 {
		return false
	}
	f, ok := op.SelectionSet[0].(*ast.Field)
	return ok && f.Name == "sessionEvents"
}
