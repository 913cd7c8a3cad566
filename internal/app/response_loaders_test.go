package app_test

import (
	"encoding/json"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/wstest"
)

// Queries sent on one websocket get loaders of their own: the second sees a change made after
// the first, where loaders kept for the socket's life would serve the first answer's user again.
func TestWebsocketQueriesLoadFreshData(t *testing.T) {
	apitest.EachProtocol(t, func(t *testing.T, proto, dbURL string) {
		srv := apitest.StartLive(t, dbURL)
		acc := srv.SeedAccount(t)
		conn := srv.Dial(t, proto, srv.Login(t, acc.Admin).Token)
		nameOnSocket := func() string {
			t.Helper()
			ch, err := conn.Subscribe(`{ me { user { name } } }`, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, ok := wstest.Next(t, ch, apitest.Wait)
			if !ok || len(res.Errors) > 0 {
				t.Fatalf("no answer: %+v", res)
			}
			var data struct {
				Me struct{ User struct{ Name string } }
			}
			if err := json.Unmarshal(res.Data, &data); err != nil {
				t.Fatal(err)
			}
			return data.Me.User.Name
		}
		if got := nameOnSocket(); got != acc.Admin.Name {
			t.Fatalf("first answer: name %q, want %q", got, acc.Admin.Name)
		}
		srv.Rename(t, acc.Admin.ID, "Renamed Admin")
		if got := nameOnSocket(); got != "Renamed Admin" {
			t.Errorf("second answer on the same socket: name %q, want the new name", got)
		}
	})
}
