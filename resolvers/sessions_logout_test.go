package resolvers_test

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
		as             func(w *apitest.World) *apitest.Client
		target         func(w *apitest.World) *apitest.Client
		wantReason     models.SessionEndReason
		wantBy         func(w *apitest.World) string
		callerSurvives bool
	}{
		{"member ends their own other session", sgAsMemberA, func(w *apitest.World) *apitest.Client { return w.MemberA1 },
			models.EndLogout, sgUserMemberA, true},
		{"member ends the session they are using", sgAsMemberA, func(w *apitest.World) *apitest.Client { return w.MemberA2 },
			models.EndLogout, sgUserMemberA, false},
		{"admin ends a member's session", sgAsAdminA, func(w *apitest.World) *apitest.Client { return w.MemberA1 },
			models.EndAdminLogout, sgUserAdminA, true},
		{"admin ends their own other session", sgAsAdminA, func(w *apitest.World) *apitest.Client { return w.AdminA1 },
			models.EndLogout, sgUserAdminA, true},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				w := apitest.AddWorld(t, srv)
				caller, target := tc.as(w), tc.target(w)
				before, nEvents := w.Srv.Snapshot(t), len(w.Srv.Events.Events())
				from := w.Srv.Clock.Now()
				var out struct{ LogoutSession apitest.Session }
				caller.Do(t, apitest.MutationLogoutSession, map[string]any{"id": target.SessionID}).MustDecode(t, &out)
				to := w.Srv.Clock.Now()

				// The very next request with the ended token is refused.
				apitest.AssertRefused(t, target, "ended session")
				got := out.LogoutSession
				if got.ID != target.SessionID || got.Status != "TERMINATED" || got.Reason() != string(tc.wantReason) {
					t.Errorf("returned %s %s %s, want %s TERMINATED %s",
						got.ID, got.Status, got.Reason(), target.SessionID, tc.wantReason)
				}
				if by := got.EndedByID(); by != tc.wantBy(w) {
					t.Errorf("endedBy: got %q, want %q", by, tc.wantBy(w))
				}
				if got.EndedAt == nil || got.EndedAt.Before(from.Truncate(time.Microsecond)) || got.EndedAt.After(to) {
					t.Errorf("endedAt: got %v, want between %v and %v", got.EndedAt, from, to)
				}
				if got.User.ID != w.UserOf[target.SessionID] {
					t.Errorf("user: got %s, want %s", got.User.ID, w.UserOf[target.SessionID])
				}
				if caller != target && got.IsCurrent {
					t.Errorf("isCurrent: got true for a session the request was not made with")
				}

				if ended := apitest.EndedBetween(before, w.Srv.Snapshot(t)); !apitest.SameSet(ended, []string{target.SessionID}) {
					t.Errorf("ended sessions: got %v, want only %s", ended, target.SessionID)
				}
				apitest.AssertEndEvents(t, w.Srv.EventsSince(nEvents), tc.wantReason, target.SessionID)

				// The stored session says the same as the mutation returned.
				stored := apitest.MustGetSession(t, adminA2Alive(t, w), target.SessionID)
				if stored.Status != got.Status || stored.Reason() != got.Reason() || stored.EndedByID() != got.EndedByID() ||
					stored.EndedAt == nil || !stored.EndedAt.Equal(*got.EndedAt) {
					t.Errorf("stored session %+v differs from returned %+v", stored, got)
				}
				if tc.callerSurvives {
					apitest.AssertWorks(t, caller, "caller")
				} else {
					apitest.AssertRefused(t, caller, "caller")
				}
				for name, c := range w.Clients() {
					if c != target && c != caller {
						apitest.AssertWorks(t, c, name)
					}
				}
			})
		}
	})
}

func TestSessionsLogoutOfTheCurrentSessionIsCurrent(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		var out struct{ LogoutSession apitest.Session }
		w.MemberA2.Do(t, apitest.MutationLogoutSession, map[string]any{"id": w.MemberA2.SessionID}).MustDecode(t, &out)
		if got := out.LogoutSession; got.ID != w.MemberA2.SessionID || !got.IsCurrent {
			t.Errorf("logoutSession of the current session returned %s isCurrent %v, want %s isCurrent true",
				got.ID, got.IsCurrent, w.MemberA2.SessionID)
		}
	})
}

// adminA2Alive returns a client of account A's admin whose session is active (adminA2, unless a
// test ended it, in which case the admin logs in again).
func adminA2Alive(t testing.TB, w *apitest.World) *apitest.Client {
	t.Helper()
	if res := w.AdminA2.Do(t, apitest.QueryMe, nil); res.Code() == "" {
		return w.AdminA2
	}
	return w.Srv.LoginFrom(t, w.AdminA, "")
}

func TestSessionsLogoutSessionOfAnEndedSessionReturnsItUnchanged(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		// end ends a session some way and returns it, with who then calls logoutSession on it.
		end        func(t *testing.T, w *apitest.World) (again *apitest.Client, id string)
		wantReason models.SessionEndReason
		wantBy     func(w *apitest.World) string
	}{
		{"logged out by its user, then ended again by them",
			func(t *testing.T, w *apitest.World) (*apitest.Client, string) {
				w.MemberA2.Do(t, apitest.MutationLogoutSession, map[string]any{"id": w.MemberA1.SessionID}).MustDecode(t, &struct{}{})
				return w.MemberA2, w.MemberA1.SessionID
			}, models.EndLogout, sgUserMemberA},
		{"logged out by its user, then ended by an admin",
			func(t *testing.T, w *apitest.World) (*apitest.Client, string) {
				w.MemberA1.Do(t, `mutation { logout }`, nil).MustDecode(t, &struct{}{})
				return w.AdminA2, w.MemberA1.SessionID
			}, models.EndLogout, sgUserMemberA},
		{"logged out by an admin, then ended by its user",
			func(t *testing.T, w *apitest.World) (*apitest.Client, string) {
				w.AdminA2.Do(t, apitest.MutationLogoutSession, map[string]any{"id": w.MemberA1.SessionID}).MustDecode(t, &struct{}{})
				return w.MemberA2, w.MemberA1.SessionID
			}, models.EndAdminLogout, sgUserAdminA},
		{"ended by terminateAllSessions, then by an admin",
			func(t *testing.T, w *apitest.World) (*apitest.Client, string) {
				w.AdminA2.Do(t, apitest.MutationTerminateAll, map[string]any{"in": map[string]any{"userId": w.ColleagueA.ID}}).
					MustDecode(t, &struct{}{})
				return w.AdminA2, w.ColleagueA1.SessionID
			}, models.EndTerminateAll, sgUserAdminA},
		{"ended by a lowered limit, then by its user",
			func(t *testing.T, w *apitest.World) (*apitest.Client, string) {
				in := apitest.LimitInput(1, models.EvictOldest)
				in["endExcessSessions"] = true
				apitest.SetPolicy(t, w.AdminA2, in)
				return w.MemberA2, w.MemberA1.SessionID
			}, models.EndConcurrentLimit, func(*apitest.World) string { return "" }},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				w := apitest.AddWorld(t, srv)
				again, id := tc.end(t, w)
				first := apitest.MustGetSession(t, w.AdminA2, id)
				if first.Status != "TERMINATED" || first.Reason() != string(tc.wantReason) || first.EndedByID() != tc.wantBy(w) {
					t.Fatalf("after the first end: %s %s by %q, want TERMINATED %s by %q",
						first.Status, first.Reason(), first.EndedByID(), tc.wantReason, tc.wantBy(w))
				}
				before, nEvents := w.Srv.Snapshot(t), len(w.Srv.Events.Events())
				w.Srv.Clock.Advance(time.Minute) // a rewrite would show as a later endedAt

				var out struct{ LogoutSession apitest.Session }
				again.Do(t, apitest.MutationLogoutSession, map[string]any{"id": id}).MustDecode(t, &out)
				got := out.LogoutSession
				if got.Status != "TERMINATED" || got.Reason() != first.Reason() || got.EndedByID() != first.EndedByID() ||
					got.EndedAt == nil || !got.EndedAt.Equal(*first.EndedAt) {
					t.Errorf("second end returned %s %s by %q at %v, want it unchanged: %s %s by %q at %v",
						got.Status, got.Reason(), got.EndedByID(), got.EndedAt,
						first.Status, first.Reason(), first.EndedByID(), first.EndedAt)
				}
				apitest.AssertUnchanged(t, before, w.Srv.Snapshot(t))
				if n := apitest.CountKind(w.Srv.EventsSince(nEvents), "SESSION_ENDED"); n != 0 {
					t.Errorf("second end published %d SESSION_ENDED events, want 0", n)
				}
				if n := len(apitest.EndEvents(w.Srv.Events.Events())[id]); n != 1 {
					t.Errorf("session %s: %d SESSION_ENDED events in all, want 1", id, n)
				}
			})
		}
	})
}
