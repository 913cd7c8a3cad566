package live_test

import (
	"encoding/json"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// The thin path end to end: an admin's subscription sees a member's login and logout, and the
// member's own socket is closed with a reason when an admin logs that session out.
func TestLiveSessionEventsAndRevocation(t *testing.T) {
	for _, proto := range []string{wstest.TransportWS, wstest.LegacyWS} {
		t.Run(proto, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, url string) {
				srv := apitest.StartLive(t, url) // Subscribe below counts the hub's subscribers
				acc := srv.SeedAccount(t)
				admin := srv.Login(t, acc.Admin)
				member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")

				adminWS, err := wstest.Dial(srv.URL+"/graphql", wstest.Options{Protocol: proto,
					InitPayload: map[string]any{"authorization": "Bearer " + admin.Token}})
				if err != nil {
					t.Fatal(err)
				}
				defer adminWS.Close()
				// Subscribe waits until the admin's own login has reached the hub, then until the
				// subscription has: it sees exactly the changes made next.
				events := srv.Subscribe(t, adminWS, `subscription { sessionEvents { type occurredAt session { id status endReason user { name } } } }`, nil)

				memberClient := srv.Login(t, member)
				got := nextEvent(t, events)
				if got.Type != "STARTED" || got.Session.ID != memberClient.SessionID || got.Session.User.Name != "Mia Member" {
					t.Fatalf("first event: %+v", got)
				}

				memberWS, err := wstest.Dial(srv.URL+"/graphql", wstest.Options{Protocol: proto,
					InitPayload: map[string]any{"authorization": "Bearer " + memberClient.Token}})
				if err != nil {
					t.Fatal(err)
				}
				defer memberWS.Close()
				ended := srv.Subscribe(t, memberWS, `subscription { currentSessionEnded { id endReason } }`, nil)

				admin.Do(t, `mutation($id: ID!) { logoutSession(id: $id) { id } }`, map[string]any{"id": memberClient.SessionID}).MustDecode(t, &struct{}{})

				if got := nextEvent(t, events); got.Type != "ENDED" || got.Session.EndReason != "ADMIN_LOGOUT" {
					t.Fatalf("second event: %+v", got)
				}
				res, ok := wstest.Next(t, ended, apitest.Wait)
				if !ok || string(res.Data) == "" {
					t.Fatalf("currentSessionEnded not delivered: %+v", res)
				}
				var own struct {
					CurrentSessionEnded struct{ ID, EndReason string }
				}
				if err := json.Unmarshal(res.Data, &own); err != nil || own.CurrentSessionEnded.EndReason != "ADMIN_LOGOUT" {
					t.Fatalf("currentSessionEnded: %s", res.Data)
				}
				select {
				case <-memberWS.Closed():
				case <-time.After(apitest.CloseWithin):
					t.Fatalf("the ended session's socket is still open %v later", apitest.CloseWithin)
				}
				if code, reason := memberWS.CloseStatus(); code != 4401 || reason != "logged out by an administrator" {
					t.Fatalf("close status %d %q", code, reason)
				}
			})
		})
	}
}

type liveEvent struct {
	Type    string
	Session struct {
		ID, Status string
		EndReason  string
		User       struct{ Name string }
	}
}

func nextEvent(t *testing.T, ch <-chan wstest.Result) liveEvent {
	t.Helper()
	res, ok := wstest.Next(t, ch, apitest.Wait)
	if !ok {
		t.Fatalf("no session event within %v", apitest.Wait)
	}
	var out struct{ SessionEvents liveEvent }
	if err := json.Unmarshal(res.Data, &out); err != nil || len(res.Errors) > 0 {
		t.Fatalf("bad event %s %v", res.Data, res.Errors)
	}
	return out.SessionEvents
}
