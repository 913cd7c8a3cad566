package apitest

import (
	"context"
	"testing"
	"time"

	"sessionguard/models"
)

// StoredSession reads session id straight from the database.
func (s *Server) StoredSession(t testing.TB, id string) models.Session {
	t.Helper()
	var m models.Session
	if err := s.Store().Gorm().WithContext(context.Background()).Where("id = ?", id).Take(&m).Error; err != nil {
		t.Fatalf("unable to read session %s: %v", id, err)
	}
	return m
}

// SessionStatus reads the stored status and end reason ("" for none) of session id.
func (s *Server) SessionStatus(t testing.TB, id string) (status, endReason string) {
	t.Helper()
	m := s.StoredSession(t, id)
	if m.EndReason != nil {
		endReason = string(*m.EndReason)
	}
	return string(m.Status), endReason
}

// Count counts the rows of table matching where ("" for all).
func (s *Server) Count(t testing.TB, table, where string, args ...any) int64 {
	t.Helper()
	var n int64
	q := s.Store().Gorm().WithContext(context.Background()).Table(table)
	if where != "" {
		q = q.Where(where, args...)
	}
	if err := q.Count(&n).Error; err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// GoIdle makes session id idle under a timeout of idleFor, and only it: every other active
// session of the account is marked active in the future first, then the clock moves past the
// timeout (plus the reaper's grace).
func (s *Server) GoIdle(t testing.TB, accountID, id string, idleFor time.Duration) {
	t.Helper()
	later := s.Clock.Now().Add(3 * idleFor).UTC()
	err := s.Store().Gorm().WithContext(context.Background()).Model(&models.Session{}).
		Where("account_id = ? AND id <> ? AND status = ?", accountID, id, models.SessionActive).
		Update("last_active_at", later).Error
	if err != nil {
		t.Fatalf("unable to keep the other sessions active: %v", err)
	}
	s.Clock.Advance(2 * idleFor)
}

// Rename renames a user straight in the database, behind the API's back.
func (s *Server) Rename(t testing.TB, userID, name string) {
	t.Helper()
	err := s.Store().Gorm().WithContext(context.Background()).Model(&models.User{}).
		Where("id = ?", userID).Update("name", name).Error
	if err != nil {
		t.Fatalf("unable to rename user: %v", err)
	}
}

// ActiveSessions counts a user's active sessions in the database.
func (s *Server) ActiveSessions(t testing.TB, userID string) int64 {
	t.Helper()
	return s.Count(t, "sessions", "user_id = ? AND status = ?", userID, models.SessionActive)
}

// StoredPolicy reads an account's policy from the store.
func (s *Server) StoredPolicy(t testing.TB, accountID string) models.SessionPolicy {
	t.Helper()
	p, err := s.Store().Policy(context.Background(), accountID)
	if err != nil {
		t.Fatalf("unable to read the policy of %s: %v", accountID, err)
	}
	return p
}
