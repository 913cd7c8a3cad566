package apitest

import (
	"context"
	"reflect"
	"testing"

	"sessionguard/models"
)

// Watch is the database as a test found it before a mutation, to check afterwards what the
// mutation changed: a Snapshot, every user's password hash (which Snapshot leaves out), and how
// many events had been published.
type Watch struct {
	srv    *Server
	before State
	hashes map[string]string // user id → password hash
	events int
}

// Watch captures the database before a mutation.
func (s *Server) Watch(t testing.TB) Watch {
	t.Helper()
	return Watch{srv: s, before: s.Snapshot(t), hashes: s.passwordHashes(t), events: len(s.Events.Events())}
}

func (s *Server) passwordHashes(t testing.TB) map[string]string {
	t.Helper()
	var users []models.User
	if err := s.Store().Gorm().WithContext(context.Background()).Select("id", "password_hash").Find(&users).Error; err != nil {
		t.Fatalf("apitest: unable to read password hashes: %v", err)
	}
	out := make(map[string]string, len(users))
	for _, u := range users {
		out[u.ID] = u.PasswordHash
	}
	return out
}

// AssertNothingChanged checks that no row and no password changed since w, and that nothing was
// published.
func (w Watch) AssertNothingChanged(t testing.TB) {
	t.Helper()
	AssertUnchanged(t, w.before, w.srv.Snapshot(t))
	if !reflect.DeepEqual(w.hashes, w.srv.passwordHashes(t)) {
		t.Error("a password changed")
	}
	if evs := w.srv.EventsSince(w.events); len(evs) != 0 {
		t.Errorf("published %+v, want nothing", evs)
	}
}

// AssertEnded checks that since w exactly the sessions ids ended, with reason, by actorID, and
// that each was announced once and no other session was.
func (w Watch) AssertEnded(t testing.TB, reason models.SessionEndReason, actorID string, ids ...string) {
	t.Helper()
	if ended := EndedBetween(w.before, w.srv.Snapshot(t)); !SameSet(ended, ids) {
		t.Errorf("ended %v, want exactly %v", ended, Sorted(ids...))
	}
	AssertEndEvents(t, w.srv.EventsSince(w.events), reason, ids...)
	for _, id := range ids {
		if s := w.srv.StoredSession(t, id); s.EndedByID == nil || *s.EndedByID != actorID {
			t.Errorf("session %s ended by %v, want %s", id, s.EndedByID, actorID)
		}
	}
}

// PasswordChanged reports whether user id's password hash differs from what it was at w.
func (w Watch) PasswordChanged(t testing.TB, id string) bool {
	t.Helper()
	return w.srv.StoredUser(t, id).PasswordHash != w.hashes[id]
}
