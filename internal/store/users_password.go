package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"sessionguard/models"
)

// OwnPasswordChange is a user's change of their own password, from one of their sessions.
type OwnPasswordChange struct {
	AccountID, UserID string
	// SessionID is the session making the change: it must still be active, and it stays.
	SessionID string
	// VerifiedHash is the hash the current password was checked against; NewHash replaces it.
	VerifiedHash, NewHash string
	// EndOthers ends the user's other active sessions with PASSWORD_CHANGED.
	EndOthers bool
}

// ChangeOwnPassword sets c.NewHash as the user's password and, with c.EndOthers, ends their other
// active sessions with PASSWORD_CHANGED, by the user, in the same transaction: a crash leaves the
// old password with every session, or the new one with only the caller's. It changes nothing and
// refuses when the password is no longer the one verified (another change came first:
// BAD_USER_INPUT, field currentPassword) or the calling session ended meanwhile
// (UNAUTHENTICATED): a session ended because it was stolen must not still take the account.
func (s *Store) ChangeOwnPassword(ctx context.Context, c OwnPasswordChange) (UserUpdate, error) {
	var out UserUpdate
	err := s.inTx(ctx, func(t *txn) error {
		u, err := t.lockUserForChange(c.AccountID, c.UserID)
		if err != nil {
			return err
		}
		if u.PasswordHash != c.VerifiedHash {
			return models.FieldErrors{{Field: "currentPassword", Message: "is not your current password"}}
		}
		if err := t.stillActive(u.ID, c.SessionID); err != nil {
			return err
		}
		if err := t.setPasswordHash(&u, c.NewHash); err != nil {
			return err
		}
		if err := t.audit(userEntry(models.AuditPasswordChanged, u, map[string]any{"endOtherSessions": c.EndOthers})); err != nil {
			return err
		}
		out.User = u
		if c.EndOthers {
			out.Ended, err = t.endOtherSessions(u.ID, c.SessionID, t.endedNow(models.EndPasswordChanged, &u.ID))
		}
		return err
	})
	return out, err
}

// ResetPassword sets hash as the password of user id of accountID, ends all their active
// sessions with PASSWORD_CHANGED, by actorID, and forgets their trusted devices, in one
// transaction (the actor's own sessions when they reset their own). A reset is how an
// administrator locks someone out: a browser that once signed in, perhaps the intruder's, must
// not keep a login budget of its own. A deactivated user's password may be reset. NOT_FOUND for
// another account's user.
func (s *Store) ResetPassword(ctx context.Context, accountID, actorID, id, hash string) (UserUpdate, error) {
	var out UserUpdate
	err := s.inTx(ctx, func(t *txn) error {
		u, err := t.lockUserForChange(accountID, id)
		if err != nil {
			return err
		}
		if err := t.setPasswordHash(&u, hash); err != nil {
			return err
		}
		if err := t.Where("user_id = ?", u.ID).Delete(&models.TrustedDevice{}).Error; err != nil {
			return fmt.Errorf("store: unable to forget trusted devices: %w", err)
		}
		if err := t.audit(userEntry(models.AuditPasswordReset, u, nil)); err != nil {
			return err
		}
		out.User = u
		out.Ended, err = t.endUserSessions(u.ID, t.endedNow(models.EndPasswordChanged, &actorID))
		return err
	})
	return out, err
}

// setPasswordHash stores hash as locked user u's password.
func (t *txn) setPasswordHash(u *models.User, hash string) error {
	if err := t.Model(&models.User{}).Where("id = ?", u.ID).Update("password_hash", hash).Error; err != nil {
		return fmt.Errorf("store: unable to set password: %w", err)
	}
	u.PasswordHash = hash
	return nil
}

// stillActive locks session id of userID and refuses with UNAUTHENTICATED unless it is active.
func (t *txn) stillActive(userID, id string) error {
	var sess models.Session
	err := t.forUpdate().Select("id", "status", "end_reason").Where("id = ? AND user_id = ?", id, userID).Take(&sess).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && !sess.IsActive()) {
		return endedError(&sess)
	}
	if err != nil {
		return fmt.Errorf("store: unable to lock session: %w", err)
	}
	return nil
}

// endOtherSessions ends every active session of userID but keepID, under row locks.
func (t *txn) endOtherSessions(userID, keepID string, e ending) ([]models.Session, error) {
	var others []models.Session
	err := t.forUpdate().Where("user_id = ? AND status = ? AND id <> ?", userID, models.SessionActive, keepID).
		Order("login_at ASC, id ASC").Find(&others).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load sessions: %w", err)
	}
	return t.endSessions(others, e)
}
