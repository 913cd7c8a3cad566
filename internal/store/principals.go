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
// the request check and authorisation need are read (ids, the user's role, the session's times;
// both are active, or there is no principal): the rest of the user and the session (names,
// email, login address, device) stay zero. Load the row for them (resolvers' `me` does).
type Principal struct {
	Session models.Session
	User    models.User
	// APIKey is set when an API key authenticated the request (auth/apikeys.go): Session and
	// User.ID are then empty, User holds only the key's account (with an administrator's role:
	// the key's scopes, not a role, bound what it may do).
	APIKey *models.APIKey
}

// principalQuery reads an active session in one indexed lookup of one row, with no join: the
// session carries its user's role (user_role, kept by the database: migration
// 00016_session_user_role). With the account's policy, cached (policy_cache.go), this is the
// whole cost of an authenticated request in the common case. Its columns are what Principal
// promises, and no more: each column costs every request a scan, and a text one a new string.
const principalQuery = `SELECT id, account_id, user_id, login_at, last_active_at, user_role
FROM sessions
WHERE token_hash = $1 AND status = 'ACTIVE'`

// endedQuery tells a token principalQuery did not find from an ended session's: off the hot
// path, for the client's error only.
const endedQuery = `SELECT end_reason FROM sessions WHERE token_hash = $1`

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
	err := s.lookupPrincipal(ctx, tokenHash,
		&ss.ID, &ss.AccountID, &ss.UserID, &ss.LoginAt, &ss.LastActiveAt, &u.Role)
	if errors.Is(err, sql.ErrNoRows) {
		return p, s.refusedToken(ctx, tokenHash)
	}
	if err != nil {
		return p, fmt.Errorf("store: unable to authenticate: %w", err)
	}
	ss.Status = models.SessionActive
	// An active session's user is active: deactivation ends the user's sessions in its
	// transaction, and a login of a deactivated user starts none (StartSession).
	u.ID, u.AccountID, u.Status = ss.UserID, ss.AccountID, models.UserActive
	account, err := s.requestPolicy(ctx, ss.AccountID)
	if err != nil {
		return p, err
	}
	// The user's role as of this request (read with the session, never cached: a role change
	// updates its active sessions' rows as it commits), so it applies from the next request on.
	policy := account.ForRole(u.Role)
	ss.TokenHash = tokenHash
	stored := *ss
	s.withNotedActivity(ss) // a request this replica has not stored yet keeps the session alive
	now := s.Now()
	if v := policy.CheckValidity(ss, now); !v.Valid() {
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

// refusedToken is why principalQuery found no active session for tokenHash: an unknown token,
// or one whose session ended (and why).
func (s *Store) refusedToken(ctx context.Context, tokenHash []byte) error {
	var reason *models.SessionEndReason
	err := s.sqlDB.QueryRowContext(ctx, endedQuery, tokenHash).Scan(&reason)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.Unauthenticated, "invalid session token")
	}
	if err != nil {
		return fmt.Errorf("store: unable to authenticate: %w", err)
	}
	return endedError(&models.Session{EndReason: reason})
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
