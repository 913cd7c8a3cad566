package live_test

import (
	"bytes"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// liveLeakClients is how many clients connect at once.
const liveLeakClients = 12

// liveLeakers are the clients of one round: polite ones (wstest) or raw sockets that can vanish.
type liveLeakers struct {
	conns []*wstest.Conn
	raw   []*websocket.Conn
}

// Many clients connect (half on each protocol), subscribe to everything and go away (closing
// their socket, vanishing without a close frame, or revoked by an admin): afterwards no
// goroutine, hub subscription or tracked socket remains. Not parallel: it counts the goroutines
// of the whole process.
func TestLiveNoLeaksWhenClientsLeave(t *testing.T) {
	cases := []struct {
		name  string
		raw   bool
		leave func(t *testing.T, admin *apitest.Client, l liveLeakers)
	}{
		{name: "clients close their sockets",
			leave: func(t *testing.T, _ *apitest.Client, l liveLeakers) {
				for _, c := range l.conns {
					c.Close()
				}
			}},
		{name: "clients vanish without a close frame", raw: true,
			leave: func(t *testing.T, _ *apitest.Client, l liveLeakers) {
				for _, c := range l.raw {
					_ = c.NetConn().Close()
				}
			}},
		{name: "an admin revokes their sessions",
			leave: func(t *testing.T, admin *apitest.Client, l liveLeakers) {
				admin.MustDo(t, apitest.MutationTerminateAll, nil) // every session but the admin's own
				deadline := time.Now().Add(apitest.Wait)
				for _, c := range l.conns {
					if code, _ := wstest.WaitClosed(t, c, deadline, "a revoked client"); code != 4401 {
						t.Errorf("a revoked client's socket closed with %d, want 4401", code)
					}
				}
			}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.StartLive(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		apitest.SetPolicy(t, admin, apitest.LimitInput(liveLeakClients+1, models.EvictOldest))
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		hubBase, socketBase := srv.App.Hub.Subscribers(), srv.App.Sockets.Count()
		queries := []string{apitest.SubscriptionEvents, apitest.SubscriptionEnded, apitest.SubscriptionPolicy}

		connect := func(t *testing.T, tokens []string, raw bool) liveLeakers {
			var l liveLeakers
			for i, token := range tokens {
				proto := apitest.Protocol(i) // both protocols, and by bearer token and by cookie
				switch {
				case raw:
					l.raw = append(l.raw, liveDialRaw(t, srv, proto, token, queries))
				case i/2%2 == 0:
					l.conns = append(l.conns, srv.Dial(t, proto, token))
				default:
					l.conns = append(l.conns, srv.DialCookie(t, proto, token))
				}
			}
			srv.Settle(t)
			for _, c := range l.conns {
				for _, q := range queries {
					if _, err := c.Subscribe(q, nil); err != nil {
						t.Fatal(err)
					}
				}
			}
			apitest.Eventually(t, apitest.Wait, func() bool { return srv.App.Hub.Subscribers() >= hubBase+len(queries)*len(tokens) },
				"every subscription to reach the hub")
			return l
		}

		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				// Warm up once, so that what the process starts lazily is part of the baseline.
				tc.leave(t, admin, connect(t, []string{srv.Login(t, member).Token}, tc.raw))
				apitest.Eventually(t, apitest.Wait, func() bool { return srv.App.Sockets.Count() == socketBase },
					"the warm-up socket to be forgotten")
				tokens := make([]string, liveLeakClients)
				for i := range tokens {
					tokens[i] = srv.Login(t, member).Token
				}
				baseline := liveSettledGoroutines()

				clients := connect(t, tokens, tc.raw)
				if n := srv.App.Sockets.Count(); n != socketBase+len(tokens) {
					t.Fatalf("sockets tracked: %d, want %d", n, socketBase+len(tokens))
				}
				if n := apitest.CountGoroutines(); n.App < baseline.App+len(tokens) {
					t.Fatalf("%+v goroutines with %d clients connected, baseline %+v: the count cannot see them", n, len(tokens), baseline)
				}
				tc.leave(t, admin, clients)

				apitest.Eventually(t, apitest.Wait, func() bool { return srv.App.Sockets.Count() == socketBase },
					"every socket to be forgotten")
				apitest.Eventually(t, apitest.Wait, func() bool { return srv.App.Hub.Subscribers() == hubBase },
					"every hub subscription to end")
				if n := apitest.GoroutinesBackTo(baseline); n.App > baseline.App || n.All > baseline.All+apitest.GoroutineSlack {
					var dump bytes.Buffer
					_ = pprof.Lookup("goroutine").WriteTo(&dump, 1)
					t.Fatalf("goroutines 2s after the clients left: %+v, baseline %+v:\n%s", n, baseline, dump.String())
				}
			})
		}
		if n := srv.App.Sockets.Count(); n != 0 {
			t.Errorf("%d sockets still tracked, want 0", n)
		}
		// The hub's one permanent subscriber is the socket closer (live.Sockets.Run).
		if n := srv.App.Hub.Subscribers(); n != hubBase || hubBase != 1 {
			t.Errorf("hub subscribers %d (before the clients: %d), want only the socket closer's", n, hubBase)
		}
	})
}

// liveDialRaw opens a bare gorilla websocket speaking proto, authenticated by token, and starts
// queries on it; the test decides how it goes away (wstest always says goodbye properly).
func liveDialRaw(t *testing.T, srv *apitest.Server, proto, token string, queries []string) *websocket.Conn {
	t.Helper()
	dialer := websocket.Dialer{Subprotocols: []string{proto}, HandshakeTimeout: apitest.Wait}
	c, _, err := dialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/graphql", nil)
	if err != nil {
		t.Fatalf("raw dial: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.WriteJSON(map[string]any{"type": "connection_init", "payload": apitest.BearerInit(token)}); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(apitest.Wait))
	for {
		var m struct{ Type string }
		if err := c.ReadJSON(&m); err != nil {
			t.Fatalf("raw dial: no connection_ack: %v", err)
		}
		if m.Type == "connection_ack" {
			break
		}
	}
	start := "subscribe"
	if proto == wstest.LegacyWS {
		start = "start"
	}
	for i, q := range queries {
		msg := map[string]any{"type": start, "id": strconv.Itoa(i + 1), "payload": map[string]any{"query": q}}
		if err := c.WriteJSON(msg); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// liveSettledGoroutines returns the goroutine count once it holds still for a moment.
func liveSettledGoroutines() apitest.Goroutines {
	n := apitest.CountGoroutines()
	for range 40 {
		time.Sleep(25 * time.Millisecond)
		m := apitest.CountGoroutines()
		if m == n {
			return n
		}
		n = m
	}
	return n
}
