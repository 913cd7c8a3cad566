package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"sessionguard/internal/apperr"
	"sessionguard/models"
)

// CreateUser adds a user; the email must be free across all accounts.
func (s *Store) CreateUser(ctx context.Context, u models.User) (models.User, error) {
	var created models.User
	err := s.inTx(ctx, func(t *txn) error {
		var err error
		created, err = t.createUser(u)
		return err
	})
	return created, err
}

func (t *txn) createUser(u models.User) (models.User, error) {
	var taken int64
	if err := t.Model(&models.User{}).Where("email = ?", u.Email).Count(&taken).Error; err != nil {
		return u, fmt.Errorf("store: unable to check email: %w", err)
	}
	if taken > 0 {
		return u, emailTaken()
	}
	u.ID = newID()
	u.CreatedAt = t.store.Now()
	if u.Status == "" {
		u.Status = models.UserActive
	}
	if err := t.Create(&u).Error; err != nil {
		if isDuplicate(err) { // a concurrent insert won the race
			return u, emailTaken()
		}
		return u, fmt.Errorf("store: unable to create user: %w", err)
	}
	return u, t.audit(userEntry(models.AuditUserCreated, u, map[string]any{"role": u.Role}))
}

// UserByEmail finds the user who logs in with email (normalised); NOT_FOUND when none does.
func (s *Store) UserByEmail(ctx context.Context, email string) (models.User, error) {
	var u models.User
	err := s.db.WithContext(ctx).Where("email = ?", email).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return u, apperr.New(apperr.NotFound, "user not found")
	}
	if err != nil {
		return u, fmt.Errorf("store: unable to find user: %w", err)
	}
	return u, nil
}

// UserInAccount returns the user id of accountID; NOT_FOUND for another account's or no user.
func (s *Store) UserInAccount(ctx context.Context, accountID, id string) (models.User, error) {
	var u models.User
	err := s.db.WithContext(ctx).Where("id = ? AND account_id = ?", id, accountID).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return u, apperr.New(apperr.NotFound, "user %s not found", id)
	}
	if err != nil {
		return u, fmt.Errorf("store: unable to find user: %w", err)
	}
	return u, nil
}

// UsersByIDs loads users in the order of ids (nil where missing), for dataloaders.
func (s *Store) UsersByIDs(ctx context.Context, ids []string) ([]*models.User, error) {
	var rows []*models.User
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load users: %w", err)
	}
	return inKeyOrder(ids, rows, func(u *models.User) string { return u.ID }), nil
}

// ActiveSessionCounts counts the active sessions of each user id, in the order of ids.
func (s *Store) ActiveSessionCounts(ctx context.Context, ids []string) ([]int, error) {
	var rows []struct {
		UserID string
		N      int
	}
	err := s.db.WithContext(ctx).Model(&models.Session{}).
		Select("user_id, COUNT(*) AS n").
		Where("user_id IN ? AND status = ?", ids, models.SessionActive).
		Group("user_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to count sessions: %w", err)
	}
	byUser := make(map[string]int, len(rows))
	for _, r := range rows {
		byUser[r.UserID] = r.N
	}
	out := make([]int, len(ids))
	for i, id := range ids {
		out[i] = byUser[id]
	}
	return out, nil
}

// UserQuery selects a page of an account's users, sorted by name.
type UserQuery struct {
	AccountID string
	Search    string
	First     int
	After     *Cursor
	// SkipTotal leaves Page.TotalCount zero, as SessionQuery's: callers that do not show the
	// total skip its pass over the matches.
	SkipTotal bool
}

// UserCursor marks u in a user list, which is sorted by name.
func UserCursor(u *models.User) Cursor { return Cursor{Key: u.Name, ID: u.ID} }

// ListUsers returns one page of users, whether more follow, and the total that match. Pages
// are keyset-based on (name, id), compared as one row value: a bound of the index scan.
func (s *Store) ListUsers(ctx context.Context, q UserQuery) (Page[models.User], error) {
	base := s.db.WithContext(ctx).Model(&models.User{}).Where("account_id = ?", q.AccountID)
	if q.Search != "" {
		pattern := likePattern(q.Search)
		base = base.Where("(LOWER(name) LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')", pattern, pattern)
	}
	var page Page[models.User]
	if !q.SkipTotal {
		if err := base.Session(&gorm.Session{}).Count(&page.TotalCount).Error; err != nil {
			return page, fmt.Errorf("store: unable to count users: %w", err)
		}
	}
	rows := base.Session(&gorm.Session{})
	if c := q.After; c != nil {
		rows = rows.Where("(name, id) > (?, ?)", c.Key, c.ID)
	}
	var users []models.User
	if err := rows.Order("name ASC, id ASC").Limit(q.First + 1).Find(&users).Error; err != nil {
		return page, fmt.Errorf("store: unable to list users: %w", err)
	}
	page.Items, page.HasNext = trimPage(users, q.First)
	return page, nil
}
