package resolvers_test

import (
	"context"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// TestLifetimeEndingsCloseSockets: a session that reaches the absolute lifetime is told
// (currentSessionEnded, MAX_LIFETIME) and its websockets close with 4401 and the reason's words,
// however the ending is noticed: by the reaper, by the session's own next request, or by a
// policy change that shortens the lifetime. A colleague's younger session keeps its socket.
func TestLifetimeEndingsCloseSockets(t *testing.T) {
	t.Parallel()
	const wantReason = "the session reached its maximum lifetime"
	type world struct {
		srv    *apitest.Server
		admin  *apitest.Client
		member *apitest.Client
	}
	cases := []struct {
		name     string
		lifetime map[string]any // the policy at login; nil: none
		end      func(t *testing.T, w world)
	}{
		{"found by the reaper", sgLifetimeOn(1, "HOURS"), func(t *testing.T, w world) {
			w.srv.Clock.Advance(20 * time.Minute) // the member's lifetime ran out
			if _, err := w.srv.Store().ReapIdle(context.Background(), 100); err != nil {
				t.Fatal(err)
			}
		}},
		{"on its own next request", sgLifetimeOn(1, "HOURS"), func(t *testing.T, w world) {
			w.srv.Clock.Advance(20 * time.Minute)
			apitest.AssertRefused(t, w.member, "the member past the lifetime")
		}},
		{"a shorter lifetime saved", nil, func(t *testing.T, w world) {
			sgSetLifetimePolicy(t, w.admin, sgLifetimeOn(30, "MINUTES"))
		}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		// No background reaper: each case decides who notices the lifetime.
		srv := apitest.StartLive(t, url, apitest.NoReaper)
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				acc := srv.SeedAccount(t)
				admin := srv.Login(t, acc.Admin)
				if tc.lifetime != nil {
					sgSetLifetimePolicy(t, admin, tc.lifetime)
				}
				// The member logs in at +0, the colleague at +45 minutes; the case's ending
				// comes at +45 (a new lifetime of 30 minutes) or +65 (a lifetime of 1 hour).
				mine := srv.Login(t, srv.AddUser(t, acc, models.RoleMember, "Mia Member"))
				srv.Clock.Advance(45 * time.Minute)
				colleague := srv.Login(t, srv.AddUser(t, acc, models.RoleMember, "Carl Colleague"))
				admin = srv.Login(t, acc.Admin) // a fresh admin session, younger than every lifetime here
				socket := srv.Dial(t, apitest.Protocol(i), mine.Token)
				other := srv.Dial(t, apitest.Protocol(i+1), colleague.Token)
				ended := srv.Subscribe(t, socket, apitest.SubscriptionEnded, nil)
				otherEnded := apitest.Collect(srv.Subscribe(t, other, apitest.SubscriptionEnded, nil))

				tc.end(t, world{srv: srv, admin: admin, member: mine})
				deadline := time.Now().Add(apitest.CloseWithin)
				res, ok := wstest.Next(t, ended, apitest.Wait)
				if !ok {
					t.Fatal("no currentSessionEnded before the socket closed")
				}
				if s := apitest.DecodeEnded(t, res); s.ID != mine.SessionID || s.Reason() != string(models.EndMaxLifetime) || s.EndedAt == nil {
					t.Errorf("currentSessionEnded %+v, want session %s ended with MAX_LIFETIME", s, mine.SessionID)
				}
				if code, reason := wstest.WaitClosed(t, socket, deadline, "the member's socket"); code != 4401 || reason != wantReason {
					t.Errorf("closed %d %q, want 4401 %q", code, reason, wantReason)
				}
				if n := len(apitest.EndEvents(srv.Events.Events())[mine.SessionID]); n != 1 {
					t.Errorf("SESSION_ENDED events for the member's session: %d, want 1", n)
				}
				time.Sleep(apitest.Quiet / 3) // a wrong close would come with the right one
				if !other.IsOpen() || otherEnded.Count() != 0 {
					t.Errorf("the colleague's socket: open %v, %d currentSessionEnded; want open and told nothing", other.IsOpen(), otherEnded.Count())
				}
			})
		}
	})
}
