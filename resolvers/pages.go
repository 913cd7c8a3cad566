package resolvers

import (
	"context"

	"sessionguard/graph/model"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// nilIfOther keeps a member's user filter only when it names themselves; any other id becomes an
// impossible filter, so the member gets an empty page rather than a colleague's sessions.
func nilIfOther(userID *string, self string) *string {
	if userID == nil || *userID == self {
		return &self
	}
	none := ""
	return &none
}

// sessionPage fetches one page of q and shapes it as a connection.
func (r *Resolver) sessionPage(ctx context.Context, q store.SessionQuery, first *int, after *string) (*model.SessionConnection, error) {
	var err error
	if q.First, err = store.PageSize(first); err != nil {
		return nil, err
	}
	if after != nil {
		if q.After, err = store.DecodeCursor(*after, "after"); err != nil {
			return nil, err
		}
	}
	page, err := r.Store.ListSessions(ctx, q)
	if err != nil {
		return nil, err
	}
	prefetchForSessions(ctx, page.Items)
	conn := &model.SessionConnection{
		Edges: make([]*model.SessionEdge, len(page.Items)), Nodes: make([]*models.Session, len(page.Items)),
		PageInfo:   &model.PageInfo{HasNextPage: page.HasNext, HasPreviousPage: after != nil},
		TotalCount: int(page.TotalCount),
	}
	for i := range page.Items {
		s := &page.Items[i]
		conn.Nodes[i] = s
		conn.Edges[i] = &model.SessionEdge{Cursor: store.SessionCursor(s).Encode(), Node: s}
	}
	setEnds(conn.PageInfo, len(conn.Edges), func(i int) string { return conn.Edges[i].Cursor })
	return conn, nil
}

// userPage fetches one page of q and shapes it as a connection.
func (r *Resolver) userPage(ctx context.Context, q store.UserQuery, first *int, after *string) (*model.UserConnection, error) {
	var err error
	if q.First, err = store.PageSize(first); err != nil {
		return nil, err
	}
	if after != nil {
		if q.After, err = store.DecodeCursor(*after, "after"); err != nil {
			return nil, err
		}
	}
	page, err := r.Store.ListUsers(ctx, q)
	if err != nil {
		return nil, err
	}
	prefetchForUsers(ctx, page.Items)
	conn := &model.UserConnection{
		Edges: make([]*model.UserEdge, len(page.Items)), Nodes: make([]*models.User, len(page.Items)),
		PageInfo:   &model.PageInfo{HasNextPage: page.HasNext, HasPreviousPage: after != nil},
		TotalCount: int(page.TotalCount),
	}
	for i := range page.Items {
		u := &page.Items[i]
		conn.Nodes[i] = u
		conn.Edges[i] = &model.UserEdge{Cursor: store.Cursor{Key: u.Name, ID: u.ID}.Encode(), Node: u}
	}
	setEnds(conn.PageInfo, len(conn.Edges), func(i int) string { return conn.Edges[i].Cursor })
	return conn, nil
}

// setEnds fills a page's start and end cursors.
func setEnds(info *model.PageInfo, n int, cursor func(int) string) {
	if n == 0 {
		return
	}
	start, end := cursor(0), cursor(n-1)
	info.StartCursor, info.EndCursor = &start, &end
}
