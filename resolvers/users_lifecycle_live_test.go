package resolvers_test

import (
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// TestLifecycleEndingsCloseSockets: the sessions a deactivation or a role change ends are told
// (currentSessionEnded, with the reason) and their websockets close with 4401 and the reason's
// words, as every other ending does; a colleague's socket stays open.
func TestLifecycleEndingsCloseSockets(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		reason     models.SessionEndReason
		wantReason string
		end        func(t *testing.T, admin *apitest.Client, u apitest.User)
	}{
		{"deactivation", models.EndUserDeactivated, "your account was deactivated", func(t *testing.T, admin *apitest.Client, u apitest.User) {
			apitest.DecodeUser(t, apitest.DeactivateUser(t, admin, u.ID))
		}},
		{"role change", models.EndRoleChanged, "your role changed", func(t *testing.T, admin *apitest.Client, u apitest.User) {
			apitest.DecodeUser(t, apitest.UpdateUser(t, admin, u.ID, map[string]any{"role": "ADMIN"}))
		}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.StartLive(t, url)
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				acc := srv.SeedAccount(t)
				admin := srv.Login(t, acc.Admin)
				member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
				colleague := srv.Login(t, srv.AddUser(t, acc, models.RoleMember, "Carl Colleague"))
				mine := srv.Login(t, member)
				socket := srv.Dial(t, apitest.Protocol(i), mine.Token)
				other := srv.Dial(t, apitest.Protocol(i+1), colleague.Token)
				ended := srv.Subscribe(t, socket, apitest.SubscriptionEnded, nil)
				otherEnded := apitest.Collect(srv.Subscribe(t, other, apitest.SubscriptionEnded, nil))

				tc.end(t, admin, member)
				deadline := time.Now().Add(apitest.CloseWithin)
				res, ok := wstest.Next(t, ended, apitest.Wait)
				if !ok {
					t.Fatal("no currentSessionEnded before the socket closed")
				}
				if s := apitest.DecodeEnded(t, res); s.ID != mine.SessionID || s.Reason() != string(tc.reason) {
					t.Errorf("currentSessionEnded %+v, want session %s ended with %s", s, mine.SessionID, tc.reason)
				}
				if code, reason := wstest.WaitClosed(t, socket, deadline, "the member's socket"); code != 4401 || reason != tc.wantReason {
					t.Errorf("closed %d %q, want 4401 %q", code, reason, tc.wantReason)
				}
				time.Sleep(apitest.Quiet / 3) // a wrong close would come with the right one
				if !other.IsOpen() || otherEnded.Count() != 0 {
					t.Errorf("the colleague's socket: open %v, %d currentSessionEnded; want open and told nothing", other.IsOpen(), otherEnded.Count())
				}
			})
		}
	})
}
