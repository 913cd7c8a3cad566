package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"sessionguard/internal/apperr"
	"sessionguard/models"
)

// UserChange is what UpdateUser changes; a nil field stays as it is.
type UserChange struct {
	Name *string // already validated and trimmed
	Role *models.Role
}

// UserUpdate is a user as a lifecycle change left them, with the sessions it ended.
type UserUpdate struct {
	User  models.User
	Ended []models.Session
}

// UpdateUser changes user id of accountID on behalf of actorID. A role that actually changes
// ends all the user's active sessions with ROLE_CHANGED, in the same transaction: no open
// console or websocket keeps rights it no longer has. Demoting the last active administrator is
// BAD_USER_INPUT (field role), changing nothing.
func (s *Store) UpdateUser(ctx context.Context, accountID, actorID, id string, change UserChange) (UserUpdate, error) {
	var out UserUpdate
	err := s.inTx(ctx, func(t *txn) error {
		u, err := t.lockUserForChange(accountID, id)
		if err != nil {
			return err
		}
		before := u
		updates := map[string]any{}
		if change.Name != nil && *change.Name != u.Name {
			updates["name"], u.Name = *change.Name, *change.Name
		}
		roleChanged := change.Role != nil && *change.Role != u.Role
		if roleChanged {
			if err := t.keepsAnAdmin(u, "role", "would leave the account without an active administrator"); err != nil {
				return err
			}
			updates["role"], u.Role = *change.Role, *change.Role
		}
		out.User = u
		if len(updates) == 0 {
			return nil
		}
		if err := t.Model(&models.User{}).Where("id = ?", u.ID).Updates(updates).Error; err != nil {
			return fmt.Errorf("store: unable to update user: %w", err)
		}
		if err := t.audit(userEntry(models.AuditUserUpdated, u, userChangeDetail(before, u))); err != nil {
			return err
		}
		if roleChanged {
			out.Ended, err = t.endUserSessions(u.ID, t.endedNow(models.EndRoleChanged, &actorID))
		}
		return err
	})
	return out, err
}

// DeactivateUser stops user id of accountID from logging in and ends all their active sessions
// with USER_DEACTIVATED, by actorID, in one transaction. Nobody may deactivate themselves, the
// last active administrator, or a user already deactivated: BAD_USER_INPUT (id), changing
// nothing.
func (s *Store) DeactivateUser(ctx context.Context, accountID, actorID, id string) (UserUpdate, error) {
	var out UserUpdate
	err := s.inTx(ctx, func(t *txn) error {
		u, err := t.lockUserForChange(accountID, id)
		if err != nil {
			return err
		}
		switch {
		case u.ID == actorID:
			return models.FieldErrors{{Field: "id", Message: "is your own user: nobody can deactivate themselves"}}
		case !u.IsActive():
			return models.FieldErrors{{Field: "id", Message: "is already deactivated"}}
		}
		if err := t.keepsAnAdmin(u, "id", "is the account's last active administrator"); err != nil {
			return err
		}
		now := s.Now()
		u.Status, u.DeactivatedAt = models.UserDeactivated, &now
		err = t.Model(&models.User{}).Where("id = ?", u.ID).
			Updates(map[string]any{"status": u.Status, "deactivated_at": now}).Error
		if err != nil {
			return fmt.Errorf("store: unable to deactivate user: %w", err)
		}
		if err := t.audit(userEntry(models.AuditUserDeactivated, u, nil)); err != nil {
			return err
		}
		out.User = u
		out.Ended, err = t.endUserSessions(u.ID, t.endedNow(models.EndUserDeactivated, &actorID))
		return err
	})
	return out, err
}

// ReactivateUser lets user id of accountID log in again. Their old sessions stay ended. A user
// who is not deactivated is BAD_USER_INPUT (id), changing nothing.
func (s *Store) ReactivateUser(ctx context.Context, accountID, id string) (models.User, error) {
	var u models.User
	err := s.inTx(ctx, func(t *txn) error {
		var err error
		if u, err = t.lockUserForChange(accountID, id); err != nil {
			return err
		}
		if u.IsActive() {
			return models.FieldErrors{{Field: "id", Message: "is not deactivated"}}
		}
		u.Status, u.DeactivatedAt = models.UserActive, nil
		err = t.Model(&models.User{}).Where("id = ?", u.ID).
			Updates(map[string]any{"status": u.Status, "deactivated_at": nil}).Error
		if err != nil {
			return fmt.Errorf("store: unable to reactivate user: %w", err)
		}
		return t.audit(userEntry(models.AuditUserReactivated, u, nil))
	})
	return u, err
}

// noKeyUpdate locks the account row against other lifecycle changes only: unlike FOR UPDATE,
// it does not conflict with the key-share locks that inserting the account's sessions takes, so
// logins go on meanwhile.
var noKeyUpdate = clause.Locking{Strength: "NO KEY UPDATE"}

// lockUserForChange serialises lifecycle changes of one account, then locks and returns user id
// of accountID (NOT_FOUND for another account's or none). The account's lock is what keeps an
// administrator: two admins deactivating (or demoting) each other at once each count the
// administrators the other left. The user's lock is the one logins take (StartSession), so no
// session starts under a status or role that is changing. SQLite's immediate transactions hold
// the database's one write lock already.
func (t *txn) lockUserForChange(accountID, id string) (models.User, error) {
	if t.store.postgres {
		var locked models.Account
		err := t.Clauses(noKeyUpdate).Select("id").Where("id = ?", accountID).Take(&locked).Error
		if err != nil {
			return models.User{}, fmt.Errorf("store: unable to lock account: %w", err)
		}
	}
	var u models.User
	err := t.forUpdate().Where("id = ? AND account_id = ?", id, accountID).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return u, apperr.New(apperr.NotFound, "user %s not found", id)
	}
	if err != nil {
		return u, fmt.Errorf("store: unable to lock user: %w", err)
	}
	return u, nil
}

// keepsAnAdmin refuses (BAD_USER_INPUT on field) when u is an active administrator and no other
// remains active: the account would have nobody to manage it.
func (t *txn) keepsAnAdmin(u models.User, field, message string) error {
	if !u.IsAdmin() || !u.IsActive() {
		return nil
	}
	var others int64
	err := t.Model(&models.User{}).
		Where("account_id = ? AND role = ? AND status = ? AND id <> ?", u.AccountID, models.RoleAdmin, models.UserActive, u.ID).
		Count(&others).Error
	if err != nil {
		return fmt.Errorf("store: unable to count administrators: %w", err)
	}
	if others == 0 {
		return models.FieldErrors{{Field: field, Message: message}}
	}
	return nil
}

// endUserSessions ends every active session of userID, under row locks.
func (t *txn) endUserSessions(userID string, e ending) ([]models.Session, error) {
	var active []models.Session
	err := t.forUpdate().Where("user_id = ? AND status = ?", userID, models.SessionActive).
		Order("login_at ASC, id ASC").Find(&active).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load sessions: %w", err)
	}
	return t.endSessions(active, e)
}
