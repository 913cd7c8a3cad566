package resolvers_test

import (
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// TestPasswordEndingsCloseSockets: a session a password change or reset ends is told
// (currentSessionEnded, PASSWORD_CHANGED) and its websocket closes with 4401 "your password was
// changed"; the socket of the session that changed its own password stays open, told nothing.
func TestPasswordEndingsCloseSockets(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		change   func(t *testing.T, admin, own *apitest.Client, member apitest.User)
		ownStays bool // the session own, which made or saw the change, stays
	}{
		{"changePassword from another session", func(t *testing.T, _, own *apitest.Client, member apitest.User) {
			apitest.MustChangePassword(t, own, member, newPassword, nil)
		}, true},
		{"resetUserPassword", func(t *testing.T, admin, _ *apitest.Client, member apitest.User) {
			apitest.DecodeUser(t, apitest.ResetUserPassword(t, admin, member.ID, newPassword))
		}, false},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.StartLive(t, url)
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				acc := srv.SeedAccount(t)
				admin := srv.Login(t, acc.Admin)
				apitest.SetPolicy(t, admin, apitest.LimitInput(5, models.EvictOldest))
				member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
				own, other := srv.Login(t, member), srv.Login(t, member)
				sockets := map[*apitest.Client]*wstest.Conn{}
				told := map[*apitest.Client]*apitest.Stream{}
				for j, c := range []*apitest.Client{admin, own, other} {
					sockets[c] = srv.Dial(t, apitest.Protocol(i+j), c.Token)
				}
				ended := srv.Subscribe(t, sockets[other], apitest.SubscriptionEnded, nil)
				stay := []*apitest.Client{admin}
				if tc.ownStays {
					stay = append(stay, own)
				}
				for _, c := range stay {
					told[c] = apitest.Collect(srv.Subscribe(t, sockets[c], apitest.SubscriptionEnded, nil))
				}

				tc.change(t, admin, own, member)
				deadline := time.Now().Add(apitest.CloseWithin)
				res, ok := wstest.Next(t, ended, apitest.Wait)
				if !ok {
					t.Fatal("no currentSessionEnded before the socket closed")
				}
				if s := apitest.DecodeEnded(t, res); s.ID != other.SessionID || s.Reason() != string(models.EndPasswordChanged) {
					t.Errorf("currentSessionEnded %+v, want session %s ended with PASSWORD_CHANGED", s, other.SessionID)
				}
				if code, reason := wstest.WaitClosed(t, sockets[other], deadline, "the ended session's socket"); code != 4401 || reason != "your password was changed" {
					t.Errorf("closed %d %q, want 4401 %q", code, reason, "your password was changed")
				}
				if !tc.ownStays {
					if code, reason := wstest.WaitClosed(t, sockets[own], deadline, "the member's first socket"); code != 4401 || reason != "your password was changed" {
						t.Errorf("the member's first socket closed %d %q, want 4401 %q", code, reason, "your password was changed")
					}
				}
				time.Sleep(apitest.Quiet / 3) // a wrong close would come with the right one
				for _, c := range stay {
					if !sockets[c].IsOpen() || told[c].Count() != 0 {
						t.Errorf("socket of session %s: open %v, %d currentSessionEnded; want open and told nothing", c.SessionID, sockets[c].IsOpen(), told[c].Count())
					}
				}
			})
		}
	})
}
