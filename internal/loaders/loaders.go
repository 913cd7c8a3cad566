// Package loaders batches the lookups one GraphQL response needs (each session's user, each
// user's account and session count) into one query per kind, instead of one per row.
package loaders

import (
	"context"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"sessionguard/internal/store"
	"sessionguard/models"
)

type ctxKey struct{}

// Loaders are per request: their caches must never outlive the request that filled them.
type Loaders struct {
	Users              *dataloadgen.Loader[string, *models.User]
	Accounts           *dataloadgen.Loader[string, *models.Account]
	ActiveSessionCount *dataloadgen.Loader[string, int]
	Policies           *dataloadgen.Loader[string, *models.SessionPolicy] // by account id
}

// New builds fresh loaders over s.
func New(s *store.Store) *Loaders {
	wait := dataloadgen.WithWait(time.Millisecond)
	return &Loaders{
		Users:              dataloadgen.NewLoader(withoutErrs(s.UsersByIDs), wait),
		Accounts:           dataloadgen.NewLoader(withoutErrs(s.AccountsByIDs), wait),
		ActiveSessionCount: dataloadgen.NewLoader(withoutErrs(s.ActiveSessionCounts), wait),
		Policies:           dataloadgen.NewLoader(withoutErrs(s.PoliciesByAccountIDs), wait),
	}
}

// withoutErrs adapts a batch fetch with one error for the batch to dataloadgen's per-key errors.
func withoutErrs[V any](fetch func(context.Context, []string) ([]V, error)) func(context.Context, []string) ([]V, []error) {
	return func(ctx context.Context, keys []string) ([]V, []error) {
		vals, err := fetch(ctx, keys)
		if err != nil {
			return nil, []error{err}
		}
		return vals, nil
	}
}

// lazy builds a request's loaders on first use: most requests (the `me` hot path) need none.
type lazy struct {
	store   *store.Store
	share   func() *Loaders // when set, supplies the loaders instead of New
	once    sync.Once
	loaders *Loaders
}

// With attaches fresh loaders over s to ctx.
func With(ctx context.Context, s *store.Store) context.Context {
	return context.WithValue(ctx, ctxKey{}, &lazy{store: s})
}

// WithShared attaches to ctx the loaders share returns when they are first used, which may
// serve other requests too: share decides how fresh they must be.
func WithShared(ctx context.Context, share func() *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, &lazy{share: share})
}

// From returns the loaders of ctx.
func From(ctx context.Context) *Loaders {
	l := ctx.Value(ctxKey{}).(*lazy)
	l.once.Do(func() {
		if l.share != nil {
			l.loaders = l.share()
		} else {
			l.loaders = New(l.store)
		}
	})
	return l.loaders
}
