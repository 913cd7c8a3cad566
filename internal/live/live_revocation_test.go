package live_test

import (
	"context"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/live"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// liveRevocation is a member with two sessions, s1 (the oldest, which a case ends) and s2.
type liveRevocation struct {
	srv    *apitest.Server
	acc    apitest.Account
	admin  *apitest.Client
	member apitest.User
	s1, s2 *apitest.Client
}

// When a session ends, each of its subscriptions receives currentSessionEnded with the reason,
// then every websocket of that session closes within a second with 4401 and a reason to show;
// the user's other session keeps its websocket. The sockets mix both protocols, each taking each
// protocol in turn from case to case.
func TestLiveCurrentSessionEndedThenSocketsClose(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		reason     models.SessionEndReason
		wantReason string // the close reason, as the client shows it
		policy     map[string]any
		end        func(t *testing.T, r *liveRevocation)
	}{
		{name: "logout", reason: models.EndLogout, wantReason: "logged out", policy: apitest.LimitInput(2, models.EvictOldest),
			end: func(t *testing.T, r *liveRevocation) { r.s1.MustDo(t, apitest.MutationLogout, nil) }},
		{name: "admin logout", reason: models.EndAdminLogout, wantReason: "logged out by an administrator", policy: apitest.LimitInput(2, models.EvictOldest),
			end: func(t *testing.T, r *liveRevocation) {
				r.admin.MustDo(t, apitest.MutationLogoutSession, map[string]any{"id": r.s1.SessionID})
			}},
		{name: "the user terminates their other sessions", reason: models.EndTerminateAll, wantReason: "all sessions were terminated", policy: apitest.LimitInput(2, models.EvictOldest),
			end: func(t *testing.T, r *liveRevocation) {
				r.s2.MustDo(t, apitest.MutationTerminateAll, map[string]any{"in": map[string]any{"keepCurrent": true}})
			}},
		{name: "a login beyond the limit", reason: models.EndConcurrentLimit, wantReason: "signed in on another device", policy: apitest.LimitInput(2, models.EvictOldest),
			end: func(t *testing.T, r *liveRevocation) {
				r.srv.Clock.Advance(time.Second)
				r.srv.Login(t, r.member)
			}},
		{name: "idle, found by the reaper", reason: models.EndIdleTimeout, wantReason: "idle timeout", policy: apitest.IdleInput(2, 1),
			end: func(t *testing.T, r *liveRevocation) {
				r.srv.GoIdle(t, r.acc.ID, r.s1.SessionID, time.Minute)
				if _, err := r.srv.Store().ReapIdle(context.Background(), 100); err != nil {
					t.Fatal(err)
				}
			}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.StartLive(t, url)
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if got := live.CloseReason(&tc.reason); got != tc.wantReason {
					t.Errorf("live.CloseReason(%s) = %q, want %q", tc.reason, got, tc.wantReason)
				}
				r := &liveRevocation{srv: srv, acc: srv.SeedAccount(t)}
				r.admin = srv.Login(t, r.acc.Admin)
				apitest.SetPolicy(t, r.admin, tc.policy)
				r.member = srv.AddUser(t, r.acc, models.RoleMember, "Mia Member")
				r.s1 = srv.Login(t, r.member)
				srv.Clock.Advance(time.Second)
				r.s2 = srv.Login(t, r.member)

				sockets := srv.App.Sockets.Count()
				bearer, cookie := srv.Dial(t, apitest.Protocol(i), r.s1.Token), srv.DialCookie(t, apitest.Protocol(i+1), r.s1.Token)
				bare := srv.Dial(t, apitest.Protocol(i+1), r.s1.Token) // subscribed to nothing: closed all the same
				other := srv.Dial(t, apitest.Protocol(i), r.s2.Token)
				ended := map[string]<-chan wstest.Result{
					"bearer socket": srv.Subscribe(t, bearer, apitest.SubscriptionEnded, nil),
					"cookie socket": srv.Subscribe(t, cookie, apitest.SubscriptionEnded, nil),
				}
				otherEnded := apitest.Collect(srv.Subscribe(t, other, apitest.SubscriptionEnded, nil))
				if n := srv.App.Sockets.Count(); n != sockets+4 {
					t.Fatalf("sockets tracked: %d, want %d", n, sockets+4)
				}

				tc.end(t, r)
				deadline := time.Now().Add(apitest.CloseWithin)

				for name, ch := range ended {
					res, ok := wstest.Next(t, ch, apitest.Wait)
					if !ok {
						t.Fatalf("%s: no currentSessionEnded before the socket closed", name)
					}
					s := apitest.DecodeEnded(t, res)
					if s.ID != r.s1.SessionID || s.Status != "TERMINATED" || s.Reason() != string(tc.reason) || s.EndedAt == nil {
						t.Errorf("%s: currentSessionEnded %+v, want session %s TERMINATED with %s", name, s, r.s1.SessionID, tc.reason)
					}
				}
				for name, c := range map[string]*wstest.Conn{"bearer socket": bearer, "cookie socket": cookie, "bare socket": bare} {
					code, reason := wstest.WaitClosed(t, c, deadline, name)
					if code != 4401 || reason != tc.wantReason {
						t.Errorf("%s: closed %d %q, want 4401 %q", name, code, reason, tc.wantReason)
					}
				}
				for name, ch := range ended {
					if res, ok := wstest.Next(t, ch, apitest.Wait); ok {
						t.Errorf("%s: a second currentSessionEnded: %s", name, res.Data)
					}
				}

				// The user's other session is untouched, live, and still told nothing.
				apitest.Eventually(t, apitest.Wait, func() bool { return srv.App.Sockets.Count() == sockets+1 },
					"the closed sockets to be forgotten")
				time.Sleep(apitest.Quiet / 3) // a wrong close would come with the right ones
				if !other.IsOpen() {
					code, reason := other.CloseStatus()
					t.Fatalf("the other session's socket closed too: %d %q", code, reason)
				}
				if n := otherEnded.Count(); n != 0 {
					t.Fatalf("the other session received %d currentSessionEnded", n)
				}
				liveAssertActsAs(t, other, r.s2.SessionID)
			})
		}
	})
}
