package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"sessionguard/models"
)

// SessionQuery selects a page of an account's sessions, newest login first unless Order says.
type SessionQuery struct {
	AccountID string
	UserID    *string
	Status    *models.SessionStatus
	Search    string // substring of the user's name, email or role, the login IP or city, or the device
	Order     SessionOrder
	First     int
	After     *Cursor // from SessionOrder.Cursor of the same Order
	// SkipTotal leaves Page.TotalCount zero: counting costs a pass over the matches, so callers
	// that do not show the total skip it.
	SkipTotal bool
}

// SessionScope is the part of p's account's sessions p may list, of userID's when set: an
// administrator any user's; a member only their own, so any other userID gives an empty list
// rather than a colleague's sessions. Every way of listing sessions starts from it.
func SessionScope(p *Principal, userID *string) SessionQuery {
	q := SessionQuery{AccountID: p.User.AccountID, UserID: userID}
	if p.User.IsAdmin() {
		return q
	}
	self, none := p.User.ID, ""
	if userID == nil || *userID == self {
		q.UserID = &self
	} else {
		q.UserID = &none // no session has user "": an empty list, not an error that tells anything
	}
	return q
}

// SessionCursor marks s in a session list in the default order, newest login first.
func SessionCursor(s *models.Session) Cursor { return SessionOrder{}.Cursor(s, "") }

// ListSessions returns one page of sessions with their cursors, whether more follow, and the
// total that match (see countTotal). Pages are keyset-based on (sort key, id), compared as one
// row value so the cursor is a bound of the index scan: page 1000 costs what page 1 does.
func (s *Store) ListSessions(ctx context.Context, q SessionQuery) (Page[models.Session], error) {
	var page Page[models.Session]
	list := s.db.WithContext(ctx).Model(&models.Session{}).Where("sessions.account_id = ?", q.AccountID)
	if q.UserID != nil {
		list = list.Where("sessions.user_id = ?", *q.UserID)
	}
	if q.Status != nil {
		list = list.Where("sessions.status = ?", *q.Status)
	}
	list = list.Session(&gorm.Session{}) // each condition below makes a query of its own
	if !q.SkipTotal {
		matches := list
		if q.Search != "" {
			matches = s.searchMatches(list, q.AccountID, likePattern(q.Search))
		}
		n, err := s.countTotal(matches, sessionTotalKey(q))
		if err != nil {
			return page, fmt.Errorf("store: unable to count sessions: %w", err)
		}
		page.TotalCount = n
	}
	if q.After != nil {
		var err error
		if list, err = q.Order.after(list, q.After, s.postgres); err != nil {
			return page, err
		}
	}
	var sessions []models.Session
	var cursors []Cursor
	var err error
	if q.Search != "" {
		sessions, cursors, err = s.searchPage(list, q.Order, q.AccountID, likePattern(q.Search), q.First)
	} else {
		sessions, cursors, err = findSorted(list, q.Order, s.postgres, q.First)
	}
	if err != nil {
		return page, fmt.Errorf("store: unable to list sessions: %w", err)
	}
	page.Items, page.HasNext = trimPage(sessions, q.First)
	page.Cursors, _ = trimPage(cursors, q.First)
	return page, nil
}

// sessionTotalKey names q's filter (not its page) in the cache of totals.
func sessionTotalKey(q SessionQuery) string {
	return fmt.Sprintf("sessions\x00%s\x00%v\x00%v\x00%s", q.AccountID, deref(q.UserID), deref(q.Status), q.Search)
}

// deref returns *p, or the zero value for nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
