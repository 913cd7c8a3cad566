package live_test

import (
	"encoding/json"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// sessionEvents payloads shared between subscribers (two administrators asking alike execute
// one event once) read exactly as a payload executed alone (an API key's, a class of its own),
// on both protocols; a subscriber selecting isCurrent gets its own, and the right value.
func TestLiveSharedPayloadsReadAsOwn(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.StartLive(t, url)
		acc := srv.SeedAccount(t)
		first := srv.Login(t, acc.Admin)
		second := srv.Login(t, srv.AddUser(t, acc, models.RoleAdmin, "Ada Second"))
		key := srv.CreateAPIKey(t, first, models.ScopeSessionsRead)
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")

		const query = `subscription { sessionEvents { type occurredAt session { id status loginIp loginAt
			lastActiveAt idleExpiresAt expiresAt endedAt endReason user { id name email role } } } }`
		subscribers := map[string]<-chan wstest.Result{
			"first administrator":  srv.Subscribe(t, srv.Dial(t, apitest.Protocol(0), first.Token), query, nil),
			"second administrator": srv.Subscribe(t, srv.Dial(t, apitest.Protocol(1), second.Token), query, nil),
			"API key":              srv.Subscribe(t, srv.Dial(t, apitest.Protocol(0), key.Secret), query, nil),
		}
		current := srv.Subscribe(t, srv.Dial(t, apitest.Protocol(1), first.Token),
			`subscription { sessionEvents { session { id isCurrent } } }`, nil)

		srv.Login(t, member)
		srv.Login(t, member) // one session allowed: the first ends as the second starts
		const events = 3
		got := map[string][]string{}
		for who, results := range subscribers {
			for range events {
				res, ok := wstest.Next(t, results, apitest.Wait)
				if !ok || len(res.Errors) > 0 || len(res.Data) == 0 {
					t.Fatalf("%s: %+v", who, res)
				}
				got[who] = append(got[who], string(res.Data))
			}
		}
		for who, payloads := range got {
			for i, p := range payloads {
				if want := got["API key"][i]; p != want {
					t.Errorf("%s, event %d:\n%s\nwant, as executed alone:\n%s", who, i, p, want)
				}
			}
		}
		for i := range events {
			res, ok := wstest.Next(t, current, apitest.Wait)
			var data struct {
				SessionEvents struct{ Session struct{ IsCurrent *bool } }
			}
			if !ok || json.Unmarshal(res.Data, &data) != nil || data.SessionEvents.Session.IsCurrent == nil ||
				*data.SessionEvents.Session.IsCurrent {
				t.Errorf("isCurrent, event %d: %s, want false (another user's session)", i, res.Data)
			}
		}
	})
}
