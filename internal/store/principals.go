package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"sessionguard/internal/apperr"
	"sessionguard/models"
)

// Principal is who a request acts as: the session it presented and its user. Only the columns
// the request check and authorisation need are read (ids, role and status, the session's times
// and end): the rest of the user and the session (names, email, login address, device) stay
// zero. Load the row for them (resolvers' `me` does, when asked).
type Principal struct {
	Session models.Session
	User    models.User
}

// principalQuery reads session and user in one indexed lookup: with the account's policy,
// cached (policy_cache.go), the whole cost of an authenticated request in the common case. Its
// columns are what Principal promises; each text column more cost every request a scan into a
// new string (about a tenth of the request's Go CPU for the eleven the request never used).
const principalQuery = `SELECT s.id, s.account_id, s.user_id, s.status, s.login_at,
  s.last_active_at, s.ended_at, s.end_reason, u.role, u.status
FROM sessions s
JOIN users u ON u.id = s.user_id
WHERE s.token_hash = $1`

// Authenticate finds the session whose token hashes to tokenHash and holds it to its account's
// policy (SessionPolicy.CheckValidity). An unknown or ended token is UNAUTHENTICATED; so is one
// the policy ends now (an idle one, or one past the absolute lifetime), which this call ends with
// the policy's reason. Activity is
// recorded only when the last recorded time is ActivityWriteInterval old, so most calls only
// read; with batched activity (Options.BatchActivity) recording it is a note in memory.
func (s *Store) Authenticate(ctx context.Context, tokenHash []byte) (Principal, error) {
	return s.authenticate(ctx, tokenHash, true)
}

// Check is Authenticate without recording activity: keep-alives and subscriptions (websockets)
// must never keep a session alive.
func (s *Store) Check(ctx context.Context, tokenHash []byte) (Principal, error) {
	return s.authenticate(ctx, tokenHash, false)
}

func (s *Store) authenticate(ctx context.Context, tokenHash []byte, recordActivity bool) (Principal, error) {
	var p Principal
	ss, u := &p.Session, &p.User
	// database/sql directly: this runs on every request, and GORM's statement building costs
	// more than the query's own CPU time.
	err := s.principal.QueryRowContext(ctx, tokenHash).Scan(
		&ss.ID, &ss.AccountID, &ss.UserID, &ss.Status, &ss.LoginAt, &ss.LastActiveAt, &ss.EndedAt,
		&ss.EndReason, &u.Role, &u.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.New(apperr.Unauthenticated, "invalid session token")
	}
	if err != nil {
		return p, fmt.Errorf("store: unable to authenticate: %w", err)
	}
	u.ID, u.AccountID = ss.UserID, ss.AccountID
	account, err := s.requestPolicy(ctx, ss.AccountID)
	if err != nil {
		return p, err
	}
	// The user's role as of this request (read with the session, never cached): a role change
	// applies from the next request on.
	policy := account.ForRole(u.Role)
	ss.TokenHash = tokenHash
	stored := *ss
	s.withNotedActivity(ss) // a request this replica has not stored yet keeps the session alive
	now := s.Now()
	if v := policy.CheckValidity(ss, now); !v.Valid() {
		if v.Ended {
			return p, endedError(ss)
		}
		current, err := s.endInvalid(ctx, *ss)
		if err != nil {
			return p, err
		}
		if !current.IsActive() {
			return p, endedError(&current)
		}
		*ss, stored = current, current // a concurrent request recorded activity: valid after all
		s.withNotedActivity(ss)
	}
	if recordActivity && ss.NeedsActivityWrite(now) {
		if err := s.noteActivity(ctx, stored, policy, now); err != nil {
			return p, err
		}
		ss.LastActiveAt = now
	}
	return p, nil
}

// endedError tells a client why its token stopped working.
func endedError(s *models.Session) error {
	reason := "ended"
	if s.EndReason != nil {
		reason = string(*s.EndReason)
	}
	return apperr.New(apperr.Unauthenticated, "session ended: %s", reason)
}

// recordActivity moves last_active_at forward (never back) on an active session, at once.
func (s *Store) recordActivity(ctx context.Context, sessionID string, now time.Time) error {
	err := s.db.WithContext(ctx).Model(&models.Session{}).
		Where("id = ? AND status = ? AND last_active_at < ?", sessionID, models.SessionActive, now).
		Update("last_active_at", now).Error
	if err != nil {
		return fmt.Errorf("store: unable to record activity: %w", err)
	}
	return nil
}

// endInvalid ends a session that CheckValidity found must end, and returns it as it now stands:
// ended (by this call, or by someone else first), or still active because a concurrent request
// recorded activity or the policy changed. The verdict is taken again under the row lock, with
// the policy and the user's role as stored (the request's policy may be up to PolicyCacheTTL
// old), and the session ends
// with its reason as of its time.
func (s *Store) endInvalid(ctx context.Context, sess models.Session) (models.Session, error) {
	var current models.Session
	err := s.inTx(ctx, func(t *txn) error {
		if err := t.forUpdate().Where("id = ?", sess.ID).Take(&current).Error; err != nil {
			return fmt.Errorf("store: unable to lock session: %w", err)
		}
		policy, err := t.userPolicy(current.AccountID, current.UserID)
		if err != nil {
			return err
		}
		seen := current
		s.withNotedActivity(&seen)
		v := policy.CheckValidity(&seen, s.Now())
		if v.Valid() || v.Ended {
			return nil
		}
		batch := []models.Session{current}
		_, err = t.endSessions(batch, ending{reason: v.Reason, at: func(*models.Session) time.Time { return v.At }})
		current = batch[0]
		return err
	})
	current.TokenHash = sess.TokenHash
	return current, err
}
