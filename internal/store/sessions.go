package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"gorm.io/gorm"

	"sessionguard/internal/apperr"
	"sessionguard/models"
)

// NewSession is what a login knows about the session it starts.
type NewSession struct {
	TokenHash    []byte
	LoginIP      string
	LoginCity    *string
	LoginCountry *string
	UserAgent    *string
	Device       *string
	// Replacing is a session to end in the same transaction, before the limit counts (the one a
	// browser held when it logged in again): a refused start leaves it running. Nil for none.
	Replacing *SessionEnd
}

// StartSession starts a session for user under the concurrent session limit of the account's
// policy for the user's role (SessionPolicy.ForRole). Idle
// sessions and those past the absolute lifetime end first (they never count against the limit);
// then, at the limit, EVICT_OLDEST ends the oldest sessions and REJECT_NEW refuses with
// SESSION_LIMIT_REACHED. The user's row lock serialises concurrent logins of one user across
// every replica, so the limit holds under load. A deactivated user, or one whose password is no
// longer user.PasswordHash (the one the login checked), starts nothing (ErrUserDeactivated); the
// login's time becomes the user's last_login_at in the same transaction.
func (s *Store) StartSession(ctx context.Context, user models.User, n NewSession) (models.Session, error) {
	var created models.Session
	err := s.inTx(ctx, func(t *txn) error {
		var locked models.User
		if err := t.forUpdate().Select("id", "status", "password_hash", "role").Where("id = ?", user.ID).Take(&locked).Error; err != nil {
			return fmt.Errorf("store: unable to lock user: %w", err)
		}
		// Read under the lock that deactivation and password changes take: a login that checked
		// the password just before the user was deactivated, or before the password changed (an
		// administrator locking someone out resets it), starts nothing, and answers as a wrong
		// password would.
		if !locked.IsActive() || locked.PasswordHash != user.PasswordHash {
			return ErrUserDeactivated
		}
		if n.Replacing != nil {
			if _, err := t.endOne(*n.Replacing); err != nil {
				return err
			}
		}
		account, err := t.policy(user.AccountID)
		if err != nil {
			return err
		}
		// The role as read under the user's lock, which a role change takes too: the login
		// obeys the role the user has when it commits.
		policy := account.ForRole(locked.Role)
		var active []models.Session
		err = t.Where("user_id = ? AND status = ?", user.ID, models.SessionActive).
			Order("login_at ASC, id ASC").Find(&active).Error
		if err != nil {
			return fmt.Errorf("store: unable to load sessions: %w", err)
		}
		now := s.Now()
		verdicts := policy.Judge(active, now)
		if _, err := t.endAsJudged(policy, nil, now, verdicts); err != nil {
			return err
		}
		live := verdicts.Live
		t.actingAs(user.ID) // what the limit ends, this login ends
		if excess := len(live) - policy.EffectiveMaxConcurrentSessions() + 1; excess > 0 {
			if policy.WhenLimitReached == models.RejectNew {
				return apperr.New(apperr.SessionLimitReached,
					"session limit reached: %d active sessions allowed", policy.EffectiveMaxConcurrentSessions())
			}
			if _, err := t.endSessions(live[:excess], t.endedNow(models.EndConcurrentLimit, nil)); err != nil {
				return err
			}
		}
		created = models.Session{
			ID: newID(), AccountID: user.AccountID, UserID: user.ID, TokenHash: n.TokenHash,
			Status: models.SessionActive, LoginIP: n.LoginIP, LoginCity: n.LoginCity,
			LoginCountry: n.LoginCountry, UserAgent: n.UserAgent, Device: n.Device,
			LoginAt: now, LastActiveAt: now, IdleProbeAt: now,
		}
		if err := t.startSession(&created); err != nil {
			return err
		}
		err = t.Model(&models.User{}).Where("id = ?", user.ID).Update("last_login_at", now).Error
		if err != nil {
			return fmt.Errorf("store: unable to record the login: %w", err)
		}
		return t.audit(loginEntry(models.AuditLoginSucceeded, created))
	})
	if apperr.CodeOf(err) == apperr.SessionLimitReached {
		refused := created
		refused.AccountID, refused.UserID, refused.LoginIP = user.AccountID, user.ID, n.LoginIP
		refused.LoginCity, refused.Device = n.LoginCity, n.Device
		if auditErr := s.RecordAudit(ctx, loginEntry(models.AuditLoginRefused, refused)); auditErr != nil {
			return created, errors.Join(err, auditErr)
		}
	}
	return created, err
}

// loginEntry is the audit entry of a login that started s, or (refused) would have: the user
// acts on themselves, from the login's address.
func loginEntry(action models.AuditAction, s models.Session) models.AuditEvent {
	e := models.AuditEvent{
		AccountID: s.AccountID, Action: action, ActorUserID: &s.UserID, TargetUserID: &s.UserID,
		IP: &s.LoginIP, City: s.LoginCity, Device: s.Device,
	}
	if s.ID != "" {
		e.ActorSessionID, e.OccurredAt = &s.ID, s.LoginAt
	}
	return e
}

// ErrUserDeactivated refuses a login of a deactivated user with the words and code of a wrong
// password: a login must not tell whether an account exists, or was deactivated.
var ErrUserDeactivated = apperr.New(apperr.InvalidCredentials, "invalid email or password")

// SessionInAccount returns session id of accountID; NOT_FOUND for another account's or none.
func (s *Store) SessionInAccount(ctx context.Context, accountID, id string) (models.Session, error) {
	var sess models.Session
	err := s.db.WithContext(ctx).Where("id = ? AND account_id = ?", id, accountID).Take(&sess).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return sess, apperr.New(apperr.NotFound, "session %s not found", id)
	}
	if err != nil {
		return sess, fmt.Errorf("store: unable to find session: %w", err)
	}
	return sess, nil
}

// SessionsInAccount returns the sessions of accountID among ids, by id; ids of other accounts,
// or of no session, are absent.
func (s *Store) SessionsInAccount(ctx context.Context, accountID string, ids []string) (map[string]models.Session, error) {
	found := make(map[string]models.Session, len(ids))
	for chunk := range slices.Chunk(ids, endBatch) {
		var rows []models.Session
		if err := s.db.WithContext(ctx).Where("account_id = ? AND id IN ?", accountID, chunk).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("store: unable to load sessions: %w", err)
		}
		for _, r := range rows {
			found[r.ID] = r
		}
	}
	return found, nil
}
