package live_test

import (
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/live"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// An idle subscription holds no goroutine: a hundred sessionEvents subscriptions on two sockets
// (one per protocol) leave the goroutine count where the open sockets had it, and each still
// gets the next change. Not parallel: it counts the goroutines of the whole process.
func TestLiveIdleSubscriptionsHoldNoGoroutine(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.StartLive(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		apitest.SetPolicy(t, admin, apitest.LimitInput(5, models.EvictOldest))
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		var conns []*wstest.Conn
		for _, proto := range apitest.Protocols {
			conns = append(conns, srv.Dial(t, proto, admin.Token))
		}
		srv.Settle(t)
		baseline := liveSettledGoroutines()

		var streams []<-chan wstest.Result // read by their socket's reader: no goroutine each here either
		for _, c := range conns {
			for range live.MaxSubscriptionsPerSocket {
				streams = append(streams, srv.Subscribe(t, c, apitest.SubscriptionEvents, nil))
			}
		}
		if n := liveSettledGoroutines(); n.App > baseline.App {
			t.Errorf("%d idle subscriptions: %+v goroutines, %+v before them: want none more", len(streams), n, baseline)
		}

		c := srv.Login(t, member)
		for i, s := range streams {
			r, ok := wstest.Next(t, s, apitest.Wait)
			if !ok {
				t.Fatalf("subscription %d of %d got nothing", i+1, len(streams))
			}
			apitest.CheckEvents(t, "an idle subscription", []wstest.Result{r}, []apitest.WantEvent{apitest.Started(c.SessionID)})
		}
	})
}
