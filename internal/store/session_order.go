package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"sessionguard/models"
)

// SessionOrderField is what a session list is sorted by; ties are broken by id.
type SessionOrderField string

const (
	OrderLoginAt      SessionOrderField = "LOGIN_AT"
	OrderLastActiveAt SessionOrderField = "LAST_ACTIVE_AT"
	OrderUserName     SessionOrderField = "USER_NAME"
	// OrderEndedAt puts sessions still active after every ended one (as if they ended at the
	// end of time): "ended most recently" lists the ones still running first, then the endings.
	OrderEndedAt SessionOrderField = "ENDED_AT"
)

// SessionOrder sorts a session list. The zero value is newest login first.
type SessionOrder struct {
	Field SessionOrderField
	Asc   bool
}

// notEnded stands for the end time of a session that has not ended, so that end times sort,
// compare and index as one non-null key on both engines.
var notEnded = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// sortKey is the SQL of the order's key: written out (not bound) so that the expression indexes
// of migration 00013 match it.
func (o SessionOrder) sortKey(postgres bool) string {
	switch o.Field {
	case OrderLastActiveAt:
		return "sessions.last_active_at"
	case OrderUserName:
		return "(SELECT users.name FROM users WHERE users.id = sessions.user_id)"
	case OrderEndedAt:
		if postgres {
			return "COALESCE(sessions.ended_at, TIMESTAMPTZ '9999-12-31 00:00:00+00')"
		}
		return "COALESCE(sessions.ended_at, '9999-12-31 00:00:00+00:00')"
	default:
		return "sessions.login_at"
	}
}

// direction is the SQL word of the order's direction.
func (o SessionOrder) direction() string {
	if o.Asc {
		return "ASC"
	}
	return "DESC"
}

// orderBy is the ORDER BY clause of the order, id breaking ties the same way.
func (o SessionOrder) orderBy(postgres bool) string {
	d := o.direction()
	return fmt.Sprintf("%s %s, sessions.id %s", o.sortKey(postgres), d, d)
}

// keyValue reads a cursor's key as a value of the order's key.
func (o SessionOrder) keyValue(c *Cursor) (any, error) {
	if o.Field == OrderUserName {
		return c.Key, nil
	}
	t, err := time.Parse(time.RFC3339Nano, c.Key)
	if err != nil {
		return nil, models.FieldErrors{{Field: "after", Message: "is not a valid cursor"}}
	}
	return t, nil
}

// after narrows list to the sessions that follow c in the order: the key and id compared as one
// row value, so the cursor bounds an index scan.
func (o SessionOrder) after(list *gorm.DB, c *Cursor, postgres bool) (*gorm.DB, error) {
	key, err := o.keyValue(c)
	if err != nil {
		return nil, err
	}
	cmp := "<"
	if o.Asc {
		cmp = ">"
	}
	return list.Where(fmt.Sprintf("(%s, sessions.id) %s (?, ?)", o.sortKey(postgres), cmp), key, c.ID), nil
}

// Cursor marks s in a list in this order; userName is s's user's name (read only for
// OrderUserName).
func (o SessionOrder) Cursor(s *models.Session, userName string) Cursor {
	var t time.Time
	switch o.Field {
	case OrderUserName:
		return Cursor{Key: userName, ID: s.ID}
	case OrderLastActiveAt:
		t = s.LastActiveAt
	case OrderEndedAt:
		t = notEnded
		if s.EndedAt != nil {
			t = *s.EndedAt
		}
	default:
		t = s.LoginAt
	}
	return Cursor{Key: t.UTC().Format(time.RFC3339Nano), ID: s.ID}
}

// sortedSession is a session read with its user's name, for cursors of OrderUserName.
type sortedSession struct {
	models.Session `gorm:"embedded"`
	SortName       string
}

// findSorted reads the first size+1 sessions of list in order o with their cursors.
func findSorted(list *gorm.DB, o SessionOrder, postgres bool, size int) ([]models.Session, []Cursor, error) {
	var rows []sortedSession
	err := list.Session(&gorm.Session{}).
		Select("sessions.*, (SELECT users.name FROM users WHERE users.id = sessions.user_id) AS sort_name").
		Order(o.orderBy(postgres)).Limit(size + 1).Find(&rows).Error
	sessions, cursors := make([]models.Session, len(rows)), make([]Cursor, len(rows))
	for i, r := range rows {
		sessions[i], cursors[i] = r.Session, o.Cursor(&r.Session, r.SortName)
	}
	return sessions, cursors, err
}
