package live_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// The console's configured origin, and another site's.
const (
	allowedOrigin = "https://console.example.test"
	foreignOrigin = "https://evil.example.test"
)

// liveAuthWorld is one account whose member has a live session and an ended one, and another
// account (with a one-minute idle timeout) whose member's session has gone idle.
type liveAuthWorld struct {
	live, ended, idle *apitest.Client
}

// A websocket authenticates with a bearer token in connection_init or with the session cookie
// from an allowed Origin; anything else is refused with 4403 and a reason, or at the upgrade.
func TestLiveWebsocketAuthentication(t *testing.T) {
	t.Parallel()
	type outcome int
	const (
		accepted outcome = iota
		refusedAtUpgrade
		closed4403
	)
	cases := []struct {
		name       string
		opts       func(srv *apitest.Server, w liveAuthWorld) wstest.Options
		want       outcome
		wantReason string // for closed4403: a part of the reason
	}{
		{name: "bearer token in connection_init",
			opts: func(_ *apitest.Server, w liveAuthWorld) wstest.Options {
				return wstest.Options{InitPayload: apitest.BearerInit(w.live.Token)}
			}, want: accepted},
		{name: "bearer token under a capitalised Authorization key",
			opts: func(_ *apitest.Server, w liveAuthWorld) wstest.Options {
				return wstest.Options{InitPayload: map[string]any{"Authorization": "Bearer " + w.live.Token}}
			}, want: accepted},
		{name: "session cookie from the server's own origin",
			opts: func(srv *apitest.Server, w liveAuthWorld) wstest.Options {
				return wstest.Options{Header: apitest.CookieHeader(w.live.Token, srv.URL)}
			}, want: accepted},
		{name: "session cookie from an allowed origin",
			opts: func(_ *apitest.Server, w liveAuthWorld) wstest.Options {
				return wstest.Options{Header: apitest.CookieHeader(w.live.Token, allowedOrigin)}
			}, want: accepted},
		{name: "session cookie from a foreign origin",
			opts: func(_ *apitest.Server, w liveAuthWorld) wstest.Options {
				return wstest.Options{Header: apitest.CookieHeader(w.live.Token, foreignOrigin)}
			}, want: refusedAtUpgrade},
		{name: "bearer token from a foreign origin",
			opts: func(_ *apitest.Server, w liveAuthWorld) wstest.Options {
				h := http.Header{}
				h.Set("Origin", foreignOrigin)
				return wstest.Options{Header: h, InitPayload: apitest.BearerInit(w.live.Token)}
			}, want: refusedAtUpgrade},
		{name: "no credentials",
			opts: func(*apitest.Server, liveAuthWorld) wstest.Options { return wstest.Options{} },
			want: closed4403, wantReason: "unauthorized"},
		{name: "garbage bearer token",
			opts: func(*apitest.Server, liveAuthWorld) wstest.Options {
				return wstest.Options{InitPayload: apitest.BearerInit("not-a-token")}
			}, want: closed4403, wantReason: "unauthorized"},
		{name: "authorization that is not a bearer token",
			opts: func(_ *apitest.Server, w liveAuthWorld) wstest.Options {
				return wstest.Options{InitPayload: map[string]any{"authorization": "Basic " + w.live.Token}}
			}, want: closed4403, wantReason: "Bearer"},
		{name: "garbage session cookie",
			opts: func(srv *apitest.Server, _ liveAuthWorld) wstest.Options {
				return wstest.Options{Header: apitest.CookieHeader("not-a-token", srv.URL)}
			}, want: closed4403, wantReason: "unauthorized"},
		{name: "ended session's bearer token",
			opts: func(_ *apitest.Server, w liveAuthWorld) wstest.Options {
				return wstest.Options{InitPayload: apitest.BearerInit(w.ended.Token)}
			}, want: closed4403, wantReason: "session ended"},
		{name: "ended session's cookie",
			opts: func(srv *apitest.Server, w liveAuthWorld) wstest.Options {
				return wstest.Options{Header: apitest.CookieHeader(w.ended.Token, srv.URL)}
			}, want: closed4403, wantReason: "session ended"},
		{name: "idle session's bearer token",
			opts: func(_ *apitest.Server, w liveAuthWorld) wstest.Options {
				return wstest.Options{InitPayload: apitest.BearerInit(w.idle.Token)}
			}, want: closed4403, wantReason: "IDLE_TIMEOUT"},
		{name: "ended session's bearer token beside a live cookie",
			opts: func(srv *apitest.Server, w liveAuthWorld) wstest.Options {
				return wstest.Options{Header: apitest.CookieHeader(w.live.Token, srv.URL), InitPayload: apitest.BearerInit(w.ended.Token)}
			}, want: closed4403, wantReason: "session ended"},
	}
	apitest.EachProtocol(t, func(t *testing.T, proto, url string) {
		srv := apitest.StartLive(t, url, func(c *app.Config) { c.AllowedOrigins = []string{allowedOrigin} })
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		apitest.SetPolicy(t, admin, apitest.LimitInput(5, models.EvictOldest))
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		w := liveAuthWorld{live: srv.Login(t, member), ended: srv.Login(t, member)}
		w.ended.MustDo(t, apitest.MutationLogout, nil)
		idleAcc := srv.SeedAccount(t)
		apitest.SetPolicy(t, srv.Login(t, idleAcc.Admin), apitest.IdleInput(5, 1))
		w.idle = srv.Login(t, srv.AddUser(t, idleAcc, models.RoleMember, "Ida Idle"))
		idleSince := srv.Clock.Now().Add(-2 * time.Minute).UTC()
		err := srv.Store().Gorm().Model(&models.Session{}).Where("id = ?", w.idle.SessionID).
			Updates(map[string]any{"last_active_at": idleSince, "idle_probe_at": idleSince}).Error
		if err != nil {
			t.Fatal(err)
		}

		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				opts := tc.opts(srv, w)
				opts.Protocol = proto
				conn, err := srv.DialWith(t, opts)
				switch tc.want {
				case accepted:
					if err != nil {
						t.Fatalf("dial: %v, want the connection accepted", err)
					}
					liveAssertActsAs(t, conn, w.live.SessionID)
					conn.Close()
				case refusedAtUpgrade:
					var ce *wstest.CloseError
					switch {
					case err == nil:
						t.Fatal("dial: accepted, want the upgrade refused")
					case errors.As(err, &ce):
						if ce.Code != 4403 {
							t.Fatalf("dial: closed %d %q, want HTTP 403 or 4403", ce.Code, ce.Reason)
						}
					case !strings.Contains(err.Error(), "HTTP 403"):
						t.Fatalf("dial: %v, want HTTP 403", err)
					}
				case closed4403:
					if err == nil {
						t.Fatal("dial: accepted, want the connection closed with 4403")
					}
					ce := wstest.Refusal(t, err)
					if ce.Code != 4403 || !strings.Contains(ce.Reason, tc.wantReason) {
						t.Fatalf("closed %d %q, want 4403 with a reason mentioning %q", ce.Code, ce.Reason, tc.wantReason)
					}
				}
				apitest.Eventually(t, apitest.Wait, func() bool { return srv.App.Sockets.Count() == 0 },
					"the server to forget the socket")
			})
		}
	})
}

// liveAssertActsAs checks, with a query over the socket, that conn acts as session id.
func liveAssertActsAs(t testing.TB, conn *wstest.Conn, sessionID string) {
	t.Helper()
	ch, err := conn.Subscribe(apitest.QueryMe, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, ok := wstest.Next(t, ch, apitest.Wait)
	if !ok {
		t.Fatal("no answer to a query over the socket")
	}
	var out struct {
		Me struct{ Session struct{ ID string } }
	}
	if err := json.Unmarshal(res.Data, &out); err != nil || len(res.Errors) > 0 || out.Me.Session.ID != sessionID {
		t.Fatalf("me over the socket: %s %+v, want session %s", res.Data, res.Errors, sessionID)
	}
}

// Opening a websocket, subscribing and receiving events is not activity: last_active_at stays
// where the last request left it, even after ActivityWriteInterval, while a request does move it.
func TestLiveWebsocketsNeverRecordActivity(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		dial func(t *testing.T, srv *apitest.Server, proto, token string) *wstest.Conn
	}{
		{name: "bearer token", dial: func(t *testing.T, srv *apitest.Server, proto, token string) *wstest.Conn {
			return srv.Dial(t, proto, token)
		}},
		{name: "session cookie", dial: func(t *testing.T, srv *apitest.Server, proto, token string) *wstest.Conn {
			return srv.DialCookie(t, proto, token)
		}},
	}
	apitest.EachProtocol(t, func(t *testing.T, proto, url string) {
		srv := apitest.StartLive(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				acc := srv.SeedAccount(t)
				admin := srv.Login(t, acc.Admin)
				mia := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
				member := srv.Login(t, mia)
				before := srv.StoredSession(t, member.SessionID).LastActiveAt

				srv.Clock.Advance(3 * models.ActivityWriteInterval)
				conn := tc.dial(t, srv, proto, member.Token)
				srv.Subscribe(t, conn, apitest.SubscriptionEnded, nil)
				events := apitest.Collect(srv.Subscribe(t, conn, apitest.SubscriptionEvents, nil))
				policies := apitest.Collect(srv.Subscribe(t, conn, apitest.SubscriptionPolicy, nil))
				srv.Clock.Advance(3 * models.ActivityWriteInterval)

				// Deliveries to the member: their policy changes, and they log in elsewhere.
				apitest.SetPolicy(t, admin, apitest.LimitInput(3, models.EvictOldest))
				if got := policies.WaitCount(1, apitest.Wait); len(got) != 1 {
					t.Fatalf("sessionPolicyUpdated: %d results, want 1", len(got))
				}
				second := srv.Login(t, mia)
				apitest.CheckEvents(t, "the member", events.WaitCount(1, apitest.Wait), []apitest.WantEvent{apitest.Started(second.SessionID)})
				srv.Clock.Advance(3 * models.ActivityWriteInterval)

				if got := srv.StoredSession(t, member.SessionID).LastActiveAt; !got.Equal(before) {
					t.Fatalf("last_active_at moved from %v to %v with only a websocket in use", before, got)
				}
				// The measurement can fail: a request does record activity.
				member.MustDo(t, apitest.QueryMe, nil)
				if got := srv.StoredSession(t, member.SessionID).LastActiveAt; !got.After(before) {
					t.Fatalf("last_active_at %v after a request, want later than %v", got, before)
				}
			})
		}
	})
}
