package store

import (
	"gorm.io/gorm"

	"sessionguard/models"
)

// searchWindow is how many sessions of a list PostgreSQL reads in order, looking for a page of
// search matches, before it asks the trigram indexes instead.
const searchWindow = 2000

// Searching an account's sessions (LIKE '%…%' on the user's name, email or role, the login IP
// or city, or the device) takes one of two ways, and each is fast where the other is slow:
//   - walking the list in order and joining each session to its user stops after a page of
//     matches: fast when matches are common, a scan of the account when they are rare;
//   - the pg_trgm GIN indexes (migrations 00004, 00014) find every match, which are then sorted: fast
//     when matches are rare, slow when they are a large share of a large account.
// The planner cannot tell the two apart from statistics, so on PostgreSQL a page first walks the
// next searchWindow sessions, and only when they hold less than a page of matches asks the
// indexes. SQLite has no index for LIKE '%…%' and only walks; its deployments are small.

// searchMatches narrows sessions to those matching pattern (from likePattern), the way that
// finds every match soonest: for totals.
func (s *Store) searchMatches(sessions *gorm.DB, accountID, pattern string) *gorm.DB {
	if !s.postgres {
		return joinMatch(sessions, pattern)
	}
	// Two branches of a UNION, each a bitmap scan of its table's indexes: one OR across the join
	// could only be checked row by row.
	return sessions.Where(`sessions.id IN (
		SELECT id FROM sessions WHERE account_id = ?
		  AND (LOWER(login_ip) LIKE ? ESCAPE '\' OR LOWER(login_city) LIKE ? ESCAPE '\' OR LOWER(device) LIKE ? ESCAPE '\')
		UNION
		SELECT sessions.id FROM sessions JOIN users ON users.id = sessions.user_id
		WHERE users.account_id = ? AND (LOWER(users.name) LIKE ? ESCAPE '\' OR users.email LIKE ? ESCAPE '\'
		  OR LOWER(users.role) LIKE ? ESCAPE '\'))`,
		accountID, pattern, pattern, pattern, accountID, pattern, pattern, pattern)
}

// searchPage returns the first size+1 sessions of list (filtered, after the cursor) that match
// pattern, in order o, with their cursors.
func (s *Store) searchPage(list *gorm.DB, o SessionOrder, accountID, pattern string, size int) ([]models.Session, []Cursor, error) {
	if !s.postgres {
		return findSorted(joinMatch(list, pattern), o, false, size)
	}
	window := list.Session(&gorm.Session{}).Order(o.orderBy(true)).Limit(searchWindow)
	walked := s.db.WithContext(list.Statement.Context).Table("(?) AS sessions", window)
	rows, cursors, err := findSorted(joinMatch(walked, pattern), o, true, size)
	if err != nil || len(rows) > size {
		return rows, cursors, err
	}
	return findSorted(s.searchMatches(list, accountID, pattern), o, true, size)
}

// joinMatch narrows sessions to those matching pattern, checked row by row through a join.
func joinMatch(sessions *gorm.DB, pattern string) *gorm.DB {
	return sessions.Joins("JOIN users ON users.id = sessions.user_id").Where(
		`(LOWER(users.name) LIKE ? ESCAPE '\' OR users.email LIKE ? ESCAPE '\' OR LOWER(users.role) LIKE ? ESCAPE '\'
		 OR LOWER(sessions.login_ip) LIKE ? ESCAPE '\' OR LOWER(sessions.login_city) LIKE ? ESCAPE '\'
		 OR LOWER(sessions.device) LIKE ? ESCAPE '\')`,
		pattern, pattern, pattern, pattern, pattern, pattern)
}
