package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"sessionguard/models"
)

// SessionQuery selects a page of an account's sessions, newest login first.
type SessionQuery struct {
	AccountID string
	UserID    *string
	Status    *models.SessionStatus
	Search    string // substring of user name or email, login IP or city
	First     int
	After     *Cursor
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

// SessionCursor marks s in a session list.
func SessionCursor(s *models.Session) Cursor {
	return Cursor{Key: s.LoginAt.UTC().Format(time.RFC3339Nano), ID: s.ID}
}

// ListSessions returns one page of sessions, whether more follow, and the total that match
// (see countTotal). Pages are keyset-based on (login_at, id), compared as one row value so the
// cursor is a bound of the index scan: page 1000 costs what page 1 does.
func (s *Store) ListSessions(ctx context.Context, q SessionQuery) (Page[models.Session], error) {
	var page Page[models.Session]
	var after time.Time
	if q.After != nil {
		t, err := time.Parse(time.RFC3339Nano, q.After.Key)
		if err != nil {
			return page, models.FieldErrors{{Field: "after", Message: "is not a valid cursor"}}
		}
		after = t
	}
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
		list = list.Where("(sessions.login_at, sessions.id) < (?, ?)", after, q.After.ID)
	}
	var sessions []models.Session
	var err error
	if q.Search != "" {
		sessions, err = s.searchPage(list, q.AccountID, likePattern(q.Search), q.First)
	} else {
		sessions, err = findPage(list, q.First)
	}
	if err != nil {
		return page, fmt.Errorf("store: unable to list sessions: %w", err)
	}
	page.Items, page.HasNext = trimPage(sessions, q.First)
	return page, nil
}

// listOrder is the order of session lists, newest login first; the cursor follows it.
const listOrder = "sessions.login_at DESC, sessions.id DESC"

// findPage reads the first size+1 sessions of list in list order: one more than the page, to
// learn whether another follows.
func findPage(list *gorm.DB, size int) ([]models.Session, error) {
	var sessions []models.Session
	err := list.Session(&gorm.Session{}).Select("sessions.*").Order(listOrder).Limit(size + 1).Find(&sessions).Error
	return sessions, err
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
