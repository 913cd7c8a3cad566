package app_test

import (
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

func TestSessionsLogoutSession(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name           string
		as             func(w *sgWorld) *apitest.Client
		target         func(w *sgWorld) *apitest.Client
		wantReason     models.SessionEndReason
		wantBy         func(w *sgWorld) string
		callerSurvives bool
	}{
		{"member ends their own other session", sgAsMemberA, func(w *sgWorld) *apitest.Client { return w.memberA1 },
			models.EndLogout, sgUserMemberA, true},
		{"member ends the session they are using", sgAsMemberA, func(w *sgWorld) *apitest.Client { return w.memberA2 },
			models.EndLogout, sgUserMemberA, false},
		{"admin ends a member's session", sgAsAdminA, func(w *sgWorld) *apitest.Client { return w.memberA1 },
			models.EndAdminLogout, sgUserAdminA, true},
		{"admin ends their own other session", sgAsAdminA, func(w *sgWorld) *apitest.Client { return w.adminA1 },
			models.EndLogout, sgUserAdminA, true},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := sgStart(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				w := sgAddWorld(t, srv)
				caller, target := tc.as(w), tc.target(w)
				before, nEvents := sgSnapshot(t, w.srv), len(w.srv.Events.Events())
				from := w.srv.Clock.Now()
				var out struct{ LogoutSession sgSession }
				caller.Do(t, sgLogoutSession, map[string]any{"id": target.SessionID}).MustDecode(t, &out)
				to := w.srv.Clock.Now()

				// The very next request with the ended token is refused.
				sgAssertRefused(t, target, "ended session")
				got := out.LogoutSession
				if got.ID != target.SessionID || got.Status != "TERMINATED" || got.reason() != string(tc.wantReason) {
					t.Errorf("returned %s %s %s, want %s TERMINATED %s",
						got.ID, got.Status, got.reason(), target.SessionID, tc.wantReason)
				}
				if by := got.endedByID(); by != tc.wantBy(w) {
					t.Errorf("endedBy: got %q, want %q", by, tc.wantBy(w))
				}
				if got.EndedAt == nil || got.EndedAt.Before(from.Truncate(time.Microsecond)) || got.EndedAt.After(to) {
					t.Errorf("endedAt: got %v, want between %v and %v", got.EndedAt, from, to)
				}
				if got.User.ID != w.userOf[target.SessionID] {
					t.Errorf("user: got %s, want %s", got.User.ID, w.userOf[target.SessionID])
				}
				if caller != target && got.IsCurrent {
					t.Errorf("isCurrent: got true for a session the request was not made with")
				}

				if ended := sgEnded(before, sgSnapshot(t, w.srv)); !sgEqualSets(ended, []string{target.SessionID}) {
					t.Errorf("ended sessions: got %v, want only %s", ended, target.SessionID)
				}
				sgAssertEndEvents(t, sgEventsSince(w.srv, nEvents), tc.wantReason, target.SessionID)

				// The stored session says the same as the mutation returned.
				stored := sgMustGetSession(t, w.adminA2Alive(t), target.SessionID)
				if stored.Status != got.Status || stored.reason() != got.reason() || stored.endedByID() != got.endedByID() ||
					stored.EndedAt == nil || !stored.EndedAt.Equal(*got.EndedAt) {
					t.Errorf("stored session %+v differs from returned %+v", stored, got)
				}
				if tc.callerSurvives {
					sgAssertWorks(t, caller, "caller")
				} else {
					sgAssertRefused(t, caller, "caller")
				}
				for name, c := range w.clients() {
					if c != target && c != caller {
						sgAssertWorks(t, c, name)
					}
				}
			})
		}
	})
}

func TestSessionsLogoutOfTheCurrentSessionIsCurrent(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := sgNewWorld(t, url)
		var out struct{ LogoutSession sgSession }
		w.memberA2.Do(t, sgLogoutSession, map[string]any{"id": w.memberA2.SessionID}).MustDecode(t, &out)
		if got := out.LogoutSession; got.ID != w.memberA2.SessionID || !got.IsCurrent {
			t.Errorf("logoutSession of the current session returned %s isCurrent %v, want %s isCurrent true",
				got.ID, got.IsCurrent, w.memberA2.SessionID)
		}
	})
}

// adminA2Alive returns a client of account A's admin whose session is active (adminA2, unless a
// test ended it, in which case the admin logs in again).
func (w *sgWorld) adminA2Alive(t testing.TB) *apitest.Client {
	t.Helper()
	if res := w.adminA2.Do(t, sgMe, nil); res.Code() == "" {
		return w.adminA2
	}
	return sgLogin(t, w.srv, w.adminA, "")
}

func TestSessionsLogoutSessionOfAnEndedSessionReturnsItUnchanged(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		// end ends a session some way and returns it, with who then calls logoutSession on it.
		end        func(t *testing.T, w *sgWorld) (again *apitest.Client, id string)
		wantReason models.SessionEndReason
		wantBy     func(w *sgWorld) string
	}{
		{"logged out by its user, then ended again by them",
			func(t *testing.T, w *sgWorld) (*apitest.Client, string) {
				w.memberA2.Do(t, sgLogoutSession, map[string]any{"id": w.memberA1.SessionID}).MustDecode(t, &struct{}{})
				return w.memberA2, w.memberA1.SessionID
			}, models.EndLogout, sgUserMemberA},
		{"logged out by its user, then ended by an admin",
			func(t *testing.T, w *sgWorld) (*apitest.Client, string) {
				w.memberA1.Do(t, `mutation { logout }`, nil).MustDecode(t, &struct{}{})
				return w.adminA2, w.memberA1.SessionID
			}, models.EndLogout, sgUserMemberA},
		{"logged out by an admin, then ended by its user",
			func(t *testing.T, w *sgWorld) (*apitest.Client, string) {
				w.adminA2.Do(t, sgLogoutSession, map[string]any{"id": w.memberA1.SessionID}).MustDecode(t, &struct{}{})
				return w.memberA2, w.memberA1.SessionID
			}, models.EndAdminLogout, sgUserAdminA},
		{"ended by terminateAllSessions, then by an admin",
			func(t *testing.T, w *sgWorld) (*apitest.Client, string) {
				w.adminA2.Do(t, sgTerminateAll, map[string]any{"in": map[string]any{"userId": w.colleagueA.ID}}).
					MustDecode(t, &struct{}{})
				return w.adminA2, w.colleagueA1.SessionID
			}, models.EndTerminateAll, sgUserAdminA},
		{"ended by a lowered limit, then by its user",
			func(t *testing.T, w *sgWorld) (*apitest.Client, string) {
				in := sgLimitInput(1, models.EvictOldest)
				in["endExcessSessions"] = true
				sgSetPolicy(t, w.adminA2, in)
				return w.memberA2, w.memberA1.SessionID
			}, models.EndConcurrentLimit, func(*sgWorld) string { return "" }},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := sgStart(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				w := sgAddWorld(t, srv)
				again, id := tc.end(t, w)
				first := sgMustGetSession(t, w.adminA2, id)
				if first.Status != "TERMINATED" || first.reason() != string(tc.wantReason) || first.endedByID() != tc.wantBy(w) {
					t.Fatalf("after the first end: %s %s by %q, want TERMINATED %s by %q",
						first.Status, first.reason(), first.endedByID(), tc.wantReason, tc.wantBy(w))
				}
				before, nEvents := sgSnapshot(t, w.srv), len(w.srv.Events.Events())
				w.srv.Clock.Advance(time.Minute) // a rewrite would show as a later endedAt

				var out struct{ LogoutSession sgSession }
				again.Do(t, sgLogoutSession, map[string]any{"id": id}).MustDecode(t, &out)
				got := out.LogoutSession
				if got.Status != "TERMINATED" || got.reason() != first.reason() || got.endedByID() != first.endedByID() ||
					got.EndedAt == nil || !got.EndedAt.Equal(*first.EndedAt) {
					t.Errorf("second end returned %s %s by %q at %v, want it unchanged: %s %s by %q at %v",
						got.Status, got.reason(), got.endedByID(), got.EndedAt,
						first.Status, first.reason(), first.endedByID(), first.EndedAt)
				}
				sgAssertUnchanged(t, before, sgSnapshot(t, w.srv))
				if n := sgCountKind(sgEventsSince(w.srv, nEvents), "SESSION_ENDED"); n != 0 {
					t.Errorf("second end published %d SESSION_ENDED events, want 0", n)
				}
				if n := len(sgEndEvents(w.srv.Events.Events())[id]); n != 1 {
					t.Errorf("session %s: %d SESSION_ENDED events in all, want 1", id, n)
				}
			})
		}
	})
}
