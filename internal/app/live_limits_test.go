package app_test

import (
	"testing"

	"sessionguard/internal/live"
	"sessionguard/internal/wstest"
)

// One session cannot hold a server's memory with sockets or subscriptions: past the limits a
// socket is refused with 4429 and a subscription with RATE_LIMITED, and everything else works on.
func TestLiveSocketsAndSubscriptionsAreLimited(t *testing.T) {
	t.Parallel()
	liveEach(t, func(t *testing.T, proto, url string) {
		srv := liveStart(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		liveSetPolicy(t, admin, liveLimit(5))
		other := srv.Login(t, acc.Admin) // another session of the same user

		socks := make([]*wstest.Conn, live.MaxSocketsPerSession)
		for i := range socks {
			socks[i] = liveDial(t, srv, proto, admin.Token)
		}
		_, err := liveDialWith(t, srv, wstest.Options{Protocol: proto, InitPayload: liveBearer(admin.Token)})
		if ce := liveRefusal(t, err); ce.Code != live.CloseTooManySockets || ce.Reason == "" {
			t.Fatalf("socket %d of one session: closed %d %q, want %d with a reason", live.MaxSocketsPerSession+1, ce.Code, ce.Reason, live.CloseTooManySockets)
		}
		liveDial(t, srv, proto, other.Token) // the limit is per session

		// A closed socket frees its place.
		socks[0].Close()
		liveEventually(t, liveWait, func() bool {
			c, err := liveDialWith(t, srv, wstest.Options{Protocol: proto, InitPayload: liveBearer(admin.Token)})
			if err == nil {
				socks[0] = c
			}
			return err == nil
		}, "a socket to be accepted after another closed")

		// Subscriptions on one socket, up to the limit; the next is refused, the rest carry on.
		conn := socks[1]
		liveSettle(t, srv)
		before := liveQuietSubscribers(srv)
		streams := make([]*liveStream, live.MaxSubscriptionsPerSocket)
		for i := range streams {
			ch, err := conn.Subscribe(livePolicyQuery, nil)
			if err != nil {
				t.Fatal(err)
			}
			streams[i] = liveCollect(ch)
		}
		liveEventually(t, liveWait, func() bool { return srv.App.Hub.Subscribers() == before+len(streams) },
			"every subscription to reach the server's event hub")
		over, err := conn.Subscribe(livePolicyQuery, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, ok := wstest.Next(t, over, liveWait)
		if !ok || res.Code() != "RATE_LIMITED" {
			t.Fatalf("subscription %d on one socket: %+v, want RATE_LIMITED", live.MaxSubscriptionsPerSocket+1, res)
		}
		liveSetPolicy(t, admin, liveLimit(4))
		for i, s := range streams {
			if got := s.waitCount(1, liveWait); len(got) != 1 || liveDecodePolicy(t, got[0]).MaxConcurrentSessions != 4 {
				t.Fatalf("subscription %d after the refusal: %+v, want the new policy", i, got)
			}
		}
	})
}
