package live_test

import (
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// An API key's websockets close (4401, "API key revoked") as soon as it is revoked, whichever
// protocol they speak; another key's stay open. A key subscribes within its scopes only.
func TestLiveAPIKeySocketsCloseOnRevoke(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.StartLive(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		key := srv.CreateAPIKey(t, admin, models.ScopeSessionsRead)
		other := srv.CreateAPIKey(t, admin, models.ScopeSessionsRead)

		sockets := srv.App.Sockets.Count()
		first, second := srv.Dial(t, apitest.Protocol(0), key.Secret), srv.Dial(t, apitest.Protocol(1), key.Secret)
		kept := srv.Dial(t, apitest.Protocol(0), other.Secret)
		srv.Subscribe(t, first, `subscription { sessionEvents { type } }`, nil)
		outside, err := second.Subscribe(`subscription { sessionPolicyUpdated { maxConcurrentSessions } }`, nil)
		if err != nil {
			t.Fatal(err)
		}
		refused, ok := wstest.Next(t, outside, apitest.Wait)
		if !ok || refused.Code() != "FORBIDDEN" {
			t.Errorf("a subscription outside the key's scopes: %+v, want FORBIDDEN", refused)
		}
		if n := srv.App.Sockets.Count(); n != sockets+3 {
			t.Fatalf("sockets tracked: %d, want %d", n, sockets+3)
		}

		admin.MustDo(t, `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, map[string]any{"id": key.ID})
		deadline := time.Now().Add(apitest.CloseWithin)
		for name, c := range map[string]*wstest.Conn{"subscribed socket": first, "other socket of the key": second} {
			if code, reason := wstest.WaitClosed(t, c, deadline, name); code != 4401 || reason != "API key revoked" {
				t.Errorf("%s: closed %d %q, want 4401 \"API key revoked\"", name, code, reason)
			}
		}
		apitest.Eventually(t, apitest.Wait, func() bool { return srv.App.Sockets.Count() == sockets+1 },
			"the closed sockets to be forgotten")
		time.Sleep(apitest.Quiet / 3) // a wrong close would come with the right ones
		if !kept.IsOpen() {
			code, reason := kept.CloseStatus()
			t.Fatalf("another key's socket closed too: %d %q", code, reason)
		}
		_, err = srv.DialWith(t, wstest.Options{Protocol: apitest.Protocol(0), InitPayload: apitest.BearerInit(key.Secret)})
		if ce := wstest.Refusal(t, err); ce.Code != 4403 {
			t.Errorf("a revoked key's new socket: closed %d, want 4403", ce.Code)
		}
	})
}

// An API key's websocket closes (4401, "API key expired") when the key's expiry passes, with no
// event to tell: the socket's own timer does it; a new socket is then refused.
func TestLiveAPIKeySocketsCloseOnExpiry(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.StartLive(t, url)
		admin := srv.Login(t, srv.SeedAccount(t).Admin)
		key := srv.CreateAPIKey(t, admin, models.ScopeSessionsRead)
		expiresIn := apitest.Deadline(time.Second) // long enough to dial and subscribe first
		expiry := srv.Clock.Now().Add(expiresIn)
		if err := srv.Store().Gorm().Model(&models.APIKey{}).Where("id = ?", key.ID).
			Update("expires_at", expiry).Error; err != nil {
			t.Fatal(err)
		}
		socket := srv.Dial(t, apitest.Protocol(0), key.Secret)
		srv.Subscribe(t, socket, `subscription { sessionEvents { type } }`, nil)

		deadline := time.Now().Add(expiresIn + apitest.CloseWithin)
		if code, reason := wstest.WaitClosed(t, socket, deadline, "the key's socket"); code != 4401 || reason != "API key expired" {
			t.Errorf("closed %d %q, want 4401 \"API key expired\"", code, reason)
		}
		_, err := srv.DialWith(t, wstest.Options{Protocol: apitest.Protocol(1), InitPayload: apitest.BearerInit(key.Secret)})
		if ce := wstest.Refusal(t, err); ce.Code != 4403 {
			t.Errorf("an expired key's new socket: closed %d, want 4403", ce.Code)
		}
	})
}
