package resolvers

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"sessionguard/graph/model"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// sessionPage fetches one page of q and shapes it as a connection.
func (r *Resolver) sessionPage(ctx context.Context, q store.SessionQuery, first *int, after *string) (*model.SessionConnection, error) {
	var err error
	if q.First, q.After, err = pageWindow(first, after); err != nil {
		return nil, err
	}
	q.SkipTotal = !selects(ctx, "SessionConnection", "totalCount")
	page, err := r.Store.ListSessions(ctx, q)
	if err != nil {
		return nil, err
	}
	prefetchForSessions(ctx, page.Items)
	cursors := make(map[*models.Session]store.Cursor, len(page.Items))
	for i := range page.Items {
		cursors[&page.Items[i]] = page.Cursors[i]
	}
	c := shape(page, after, func(s *models.Session) store.Cursor { return cursors[s] })
	conn := &model.SessionConnection{Nodes: c.nodes, PageInfo: c.info, TotalCount: c.total, Edges: make([]*model.SessionEdge, len(c.nodes))}
	for i, s := range c.nodes {
		conn.Edges[i] = &model.SessionEdge{Cursor: c.cursors[i], Node: s}
	}
	return conn, nil
}

// sessionOrder reads the orderBy argument of a session list; nil is the default order.
func sessionOrder(o *model.SessionOrder) store.SessionOrder {
	if o == nil {
		return store.SessionOrder{}
	}
	return store.SessionOrder{Field: store.SessionOrderField(o.Field), Asc: o.Direction == model.OrderDirectionAsc}
}

// userPage fetches one page of q and shapes it as a connection.
func (r *Resolver) userPage(ctx context.Context, q store.UserQuery, first *int, after *string) (*model.UserConnection, error) {
	var err error
	if q.First, q.After, err = pageWindow(first, after); err != nil {
		return nil, err
	}
	q.SkipTotal = !selects(ctx, "UserConnection", "totalCount")
	page, err := r.Store.ListUsers(ctx, q)
	if err != nil {
		return nil, err
	}
	prefetchForUsers(ctx, page.Items)
	c := shape(page, after, store.UserCursor)
	conn := &model.UserConnection{Nodes: c.nodes, PageInfo: c.info, TotalCount: c.total, Edges: make([]*model.UserEdge, len(c.nodes))}
	for i, u := range c.nodes {
		conn.Edges[i] = &model.UserEdge{Cursor: c.cursors[i], Node: u}
	}
	return conn, nil
}

// auditPage fetches one page of q and shapes it as a connection.
func (r *Resolver) auditPage(ctx context.Context, q store.AuditQuery, first *int, after *string) (*model.AuditEventConnection, error) {
	var err error
	if q.First, q.After, err = pageWindow(first, after); err != nil {
		return nil, err
	}
	q.SkipTotal = !selects(ctx, "AuditEventConnection", "totalCount")
	page, err := r.Store.ListAuditEvents(ctx, q)
	if err != nil {
		return nil, err
	}
	c := shape(page, after, store.AuditCursor)
	conn := &model.AuditEventConnection{Nodes: c.nodes, PageInfo: c.info, TotalCount: c.total, Edges: make([]*model.AuditEventEdge, len(c.nodes))}
	for i, e := range c.nodes {
		conn.Edges[i] = &model.AuditEventEdge{Cursor: c.cursors[i], Node: e}
	}
	return conn, nil
}

// selects reports whether the query selects field of the typeName value the current resolver
// returns, through fragments too. Outside a GraphQL operation it answers true: when in doubt, do
// the work.
func selects(ctx context.Context, typeName, field string) bool {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return true
	}
	return slices.ContainsFunc(graphql.CollectFieldsCtx(ctx, []string{typeName}), func(f graphql.CollectedField) bool {
		return f.Name == field
	})
}

// pageWindow reads a connection's first and after arguments as a page size and a cursor.
func pageWindow(first *int, after *string) (int, *store.Cursor, error) {
	size, err := store.PageSize(first)
	if err != nil || after == nil {
		return size, nil, err
	}
	cursor, err := store.DecodeCursor(*after, "after")
	return size, cursor, err
}

// connectionParts is what every connection type is made of; only the edge types differ.
type connectionParts[T any] struct {
	nodes   []*T
	cursors []string
	info    *model.PageInfo
	total   int
}

// shape turns a store page into nodes, their opaque cursors and the page info.
func shape[T any](page store.Page[T], after *string, cursor func(*T) store.Cursor) connectionParts[T] {
	c := connectionParts[T]{
		nodes: make([]*T, len(page.Items)), cursors: make([]string, len(page.Items)),
		info:  &model.PageInfo{HasNextPage: page.HasNext, HasPreviousPage: after != nil},
		total: int(page.TotalCount),
	}
	for i := range page.Items {
		c.nodes[i] = &page.Items[i]
		c.cursors[i] = cursor(&page.Items[i]).Encode()
	}
	if n := len(c.cursors); n > 0 {
		c.info.StartCursor, c.info.EndCursor = &c.cursors[0], &c.cursors[n-1]
	}
	return c
}
