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

type auditAdded struct {
	ID, Action        string
	Actor, TargetUser *struct{ ID string }
}

// nextAudit reads the next auditEventAdded entry.
func nextAudit(t *testing.T, ch <-chan wstest.Result) auditAdded {
	t.Helper()
	res, ok := wstest.Next(t, ch, apitest.Wait)
	if !ok {
		t.Fatalf("no audit entry within %v", apitest.Wait)
	}
	var out struct{ AuditEventAdded auditAdded }
	if err := json.Unmarshal(res.Data, &out); err != nil || len(res.Errors) > 0 {
		t.Fatalf("bad entry %s %v", res.Data, res.Errors)
	}
	return out.AuditEventAdded
}

// quiet fails if ch delivers anything within a short while.
func quiet(t *testing.T, ch <-chan wstest.Result, who string) {
	t.Helper()
	select {
	case res := <-ch:
		t.Errorf("%s received %s", who, res.Data)
	case <-time.After(300 * time.Millisecond):
	}
}

// Admins see each entry as it is written, once (two admin subscribers load it together); a
// member only what involves them; another account nothing.
func TestLiveAuditEntries(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.StartLive(t, url)
		acc, other := srv.SeedAccount(t), srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		outsider := srv.Login(t, other.Admin)
		mia := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		ben := srv.AddUser(t, acc, models.RoleMember, "Ben Member")
		miaClient := srv.Login(t, mia)

		const sub = `subscription { auditEventAdded { id action actor { id } targetUser { id } } }`
		open := func(token string) <-chan wstest.Result {
			ws, err := wstest.Dial(srv.URL+"/graphql", wstest.Options{Protocol: wstest.TransportWS,
				InitPayload: map[string]any{"authorization": "Bearer " + token}})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ws.Close() })
			return srv.Subscribe(t, ws, sub, nil)
		}
		adminCh, miaCh, outsiderCh := open(admin.Token), open(miaClient.Token), open(outsider.Token)
		secondCh := open(admin.Token) // another tab of the admin's

		srv.Login(t, ben) // ben's login: the admin sees it, Mia does not
		for _, ch := range []<-chan wstest.Result{adminCh, secondCh} {
			if got := nextAudit(t, ch); got.Action != "LOGIN_SUCCEEDED" || got.TargetUser.ID != ben.ID {
				t.Errorf("admin got %+v, want Ben's login", got)
			}
		}
		admin.Do(t, `mutation($id: ID!) { updateUser(id: $id, input: {name: "Mia Rossi"}) { id } }`, map[string]any{"id": mia.ID}).MustDecode(t, &struct{}{})
		for who, ch := range map[string]<-chan wstest.Result{"the admin": adminCh, "Mia": miaCh} {
			if got := nextAudit(t, ch); got.Action != "USER_UPDATED" || got.TargetUser.ID != mia.ID || got.Actor.ID != acc.Admin.ID {
				t.Errorf("%s got %+v, want the admin renaming Mia", who, got)
			}
		}
		if got := nextAudit(t, secondCh); got.Action != "USER_UPDATED" {
			t.Errorf("the admin's second tab got %+v, want the admin renaming Mia", got)
		}
		quiet(t, adminCh, "the admin, after each entry once,")
		quiet(t, secondCh, "the admin's second tab, after each entry once,")
		quiet(t, miaCh, "Mia")
		quiet(t, outsiderCh, "another account's admin")
	})
}
