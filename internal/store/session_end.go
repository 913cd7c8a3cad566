package store

import (
	"context"
	"fmt"
	"time"

	"sessionguard/models"
)

// SessionEnd names one session to end, why, and on whose behalf (nil: nobody's, the system's).
type SessionEnd struct {
	ID      string
	Reason  models.SessionEndReason
	ActorID *string
}

// EndSession ends one session with reason on behalf of actor. A session that already ended is
// returned unchanged.
func (s *Store) EndSession(ctx context.Context, sessionID string, reason models.SessionEndReason, actorID *string) (models.Session, error) {
	var sess models.Session
	err := s.inTx(ctx, func(t *txn) error {
		var err error
		sess, err = t.endOne(SessionEnd{ID: sessionID, Reason: reason, ActorID: actorID})
		return err
	})
	return sess, err
}

// endOne locks the session e names, ends it if it is still active, and returns it as it now
// stands.
func (t *txn) endOne(e SessionEnd) (models.Session, error) {
	var sess models.Session
	if err := t.forUpdate().Where("id = ?", e.ID).Take(&sess).Error; err != nil {
		return sess, fmt.Errorf("store: unable to lock session: %w", err)
	}
	batch := []models.Session{sess}
	if _, err := t.endSessions(batch, t.endedNow(e.Reason, e.ActorID)); err != nil {
		return sess, err
	}
	return batch[0], nil
}

// endAsJudged ends the sessions policy judged invalid at now (SessionPolicy.Judge): the idle ones
// with IDLE_TIMEOUT, those over the lifetime with MAX_LIFETIME, each as of the moment it broke
// its rule (CheckValidity's At: when it went idle, or its login plus the lifetime). It returns
// how many it ended. Each session's moment is its user's role's (roleOf; nil when policy is
// already one role's, or has no overrides).
func (t *txn) endAsJudged(policy models.SessionPolicy, roleOf map[string]models.Role, now time.Time, v models.Verdicts) (int, error) {
	brokeAt := func(s *models.Session) time.Time {
		rp := policy.ForRole(roleOf[s.UserID])
		return rp.CheckValidity(s, now).At
	}
	idle, err := t.endSessions(v.Idle, ending{reason: models.EndIdleTimeout, at: brokeAt})
	if err != nil {
		return len(idle), err
	}
	old, err := t.endSessions(v.Lifetime, ending{reason: models.EndMaxLifetime, at: brokeAt})
	return len(idle) + len(old), err
}

// TerminateScope selects the active sessions TerminateAll ends.
type TerminateScope struct {
	AccountID string
	UserID    *string // nil: the whole account
	KeepID    *string // a session to leave running (the caller's own)
	ActorID   string
}

// TerminateAll ends every active session in scope with TERMINATE_ALL and returns how many.
func (s *Store) TerminateAll(ctx context.Context, scope TerminateScope) (int, error) {
	var count int
	err := s.inTx(ctx, func(t *txn) error {
		q := t.forUpdate().Where("account_id = ? AND status = ?", scope.AccountID, models.SessionActive)
		if scope.UserID != nil {
			q = q.Where("user_id = ?", *scope.UserID)
		}
		if scope.KeepID != nil {
			q = q.Where("id <> ?", *scope.KeepID)
		}
		var active []models.Session
		if err := q.Order("login_at ASC, id ASC").Find(&active).Error; err != nil {
			return fmt.Errorf("store: unable to load sessions: %w", err)
		}
		ended, err := t.endSessions(active, t.endedNow(models.EndTerminateAll, &scope.ActorID))
		count = len(ended)
		return err
	})
	return count, err
}
