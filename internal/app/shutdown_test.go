package app_test

import (
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/wstest"
)

// Shutdown tells every websocket client the server is going away, with the code and reason the
// README documents (written out here, not read from the product), on both engines and protocols.
func TestShutdownClosesSocketsWithGoingAway(t *testing.T) {
	t.Parallel()
	apitest.EachProtocol(t, func(t *testing.T, proto, url string) {
		srv := apitest.StartLive(t, url)
		admin := srv.Login(t, srv.SeedAccount(t).Admin)
		conn := srv.Dial(t, proto, admin.Token)
		srv.Subscribe(t, conn, apitest.SubscriptionPolicy, nil)

		srv.App.CloseWebsockets()
		code, reason := wstest.WaitClosed(t, conn, time.Now().Add(apitest.CloseWithin), "the socket at shutdown")
		if code != 1001 || reason != "server shutting down" {
			t.Fatalf("closed %d %q, want 1001 %q", code, reason, "server shutting down")
		}
	})
}
