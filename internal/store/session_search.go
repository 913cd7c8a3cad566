package store

import "gorm.io/gorm"

// searchSessions narrows sessions to those whose user's name or email, login IP or login city
// contains pattern (from likePattern).
//
// On PostgreSQL each of the four columns has a pg_trgm GIN index (migration 00004), and the
// condition is written so the planner can use them: the session columns and the user columns
// are two branches of a UNION, each a bitmap scan of its indexes, where one OR across a join
// could only be checked row by row. The planner still walks the account's list index instead
// when the search matches so much that the first page is found sooner that way.
//
// SQLite has no trigram index for LIKE '%…%'; there the account's sessions are read in list
// order, joined to their users, until a page of matches is found: cheap when matches are
// common, a scan of the account when they are rare. SQLite deployments are small.
func (s *Store) searchSessions(base *gorm.DB, accountID, pattern string) *gorm.DB {
	if !s.postgres {
		return base.Joins("JOIN users ON users.id = sessions.user_id").Where(
			`(LOWER(users.name) LIKE ? ESCAPE '\' OR users.email LIKE ? ESCAPE '\'
			 OR LOWER(sessions.login_ip) LIKE ? ESCAPE '\' OR LOWER(sessions.login_city) LIKE ? ESCAPE '\')`,
			pattern, pattern, pattern, pattern)
	}
	return base.Where(`sessions.id IN (
		SELECT id FROM sessions WHERE account_id = ?
		  AND (LOWER(login_ip) LIKE ? ESCAPE '\' OR LOWER(login_city) LIKE ? ESCAPE '\')
		UNION
		SELECT sessions.id FROM sessions JOIN users ON users.id = sessions.user_id
		WHERE users.account_id = ? AND (LOWER(users.name) LIKE ? ESCAPE '\' OR users.email LIKE ? ESCAPE '\'))`,
		accountID, pattern, pattern, accountID, pattern, pattern)
}
