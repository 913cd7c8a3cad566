package live_test

import (
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// The limits as the README documents them, written out rather than read from the product, so that
// a change to the product's constants fails here until the documentation changes with it.
const (
	documentedSocketsPerSession      = 32
	documentedSubscriptionsPerSocket = 50
	documentedTooManySocketsCode     = 4430
)

// One session cannot hold a server's memory with sockets or subscriptions: past the limits a
// socket is refused with 4430 and a subscription with RATE_LIMITED, and everything else works on.
func TestLiveSocketsAndSubscriptionsAreLimited(t *testing.T) {
	t.Parallel()
	apitest.EachProtocol(t, func(t *testing.T, proto, url string) {
		srv := apitest.StartLive(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		apitest.SetPolicy(t, admin, apitest.LimitInput(5, models.EvictOldest))
		other := srv.Login(t, acc.Admin) // another session of the same user

		socks := make([]*wstest.Conn, documentedSocketsPerSession)
		for i := range socks {
			socks[i] = srv.Dial(t, proto, admin.Token)
		}
		_, err := srv.DialWith(t, wstest.Options{Protocol: proto, InitPayload: apitest.BearerInit(admin.Token)})
		if ce := wstest.Refusal(t, err); ce.Code != documentedTooManySocketsCode || ce.Reason == "" {
			t.Fatalf("socket %d of one session: closed %d %q, want %d with a reason", documentedSocketsPerSession+1, ce.Code, ce.Reason, documentedTooManySocketsCode)
		}
		srv.Dial(t, proto, other.Token) // the limit is per session

		// A closed socket frees its place.
		socks[0].Close()
		apitest.Eventually(t, apitest.Wait, func() bool {
			c, err := srv.DialWith(t, wstest.Options{Protocol: proto, InitPayload: apitest.BearerInit(admin.Token)})
			if err == nil {
				socks[0] = c
			}
			return err == nil
		}, "a socket to be accepted after another closed")

		// Subscriptions on one socket, up to the limit; the next is refused, the rest carry on.
		conn := socks[1]
		srv.Settle(t)
		before := srv.QuietSubscribers()
		streams := make([]*apitest.Stream, documentedSubscriptionsPerSocket)
		for i := range streams {
			ch, err := conn.Subscribe(apitest.SubscriptionPolicy, nil)
			if err != nil {
				t.Fatal(err)
			}
			streams[i] = apitest.Collect(ch)
		}
		apitest.Eventually(t, apitest.Wait, func() bool { return srv.App.Hub.Subscribers() == before+len(streams) },
			"every subscription to reach the server's event hub")
		over, err := conn.Subscribe(apitest.SubscriptionPolicy, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, ok := wstest.Next(t, over, apitest.Wait)
		if !ok || res.Code() != "RATE_LIMITED" {
			t.Fatalf("subscription %d on one socket: %+v, want RATE_LIMITED", documentedSubscriptionsPerSocket+1, res)
		}
		apitest.SetPolicy(t, admin, apitest.LimitInput(4, models.EvictOldest))
		for i, s := range streams {
			if got := s.WaitCount(1, apitest.Wait); len(got) != 1 || apitest.DecodePolicy(t, got[0]).MaxConcurrentSessions != 4 {
				t.Fatalf("subscription %d after the refusal: %+v, want the new policy", i, got)
			}
		}
	})
}
