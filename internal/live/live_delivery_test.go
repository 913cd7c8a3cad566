package live_test

import (
	"context"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/events"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// liveWorld is two accounts watching sessionEvents:
//
//	account A: adminA (session adminA1), memberA (member1, and the sessions a case arranges: the
//	           subjects of its change), colleagueA (colleagueA1)
//	account B: adminB (adminB1), memberB (memberB1), shared by every world of a server
//
// With memberWatches, memberA also watches, from member1, which no change ends.
type liveWorld struct {
	*liveOther
	srv                           *apitest.Server
	a                             apitest.Account
	memberA, colleagueA           apitest.User
	adminA1, member1, colleagueA1 *apitest.Client
	subject, subject2             *apitest.Client
	watchers                      []*liveWatcher
}

// liveOther is the account whose users must never see account A's changes.
type liveOther struct {
	b                 apitest.Account
	memberB           apitest.User
	adminB1, memberB1 *apitest.Client
}

// liveNewOther creates account B on srv.
func liveNewOther(t *testing.T, srv *apitest.Server) *liveOther {
	t.Helper()
	o := &liveOther{b: srv.SeedAccount(t)}
	o.memberB = srv.AddUser(t, o.b, models.RoleMember, "Bea Other")
	o.adminB1, o.memberB1 = srv.Login(t, o.b.Admin), srv.Login(t, o.memberB)
	return o
}

// liveWatcher is one sessionEvents subscription of a liveWorld.
type liveWatcher struct {
	name      string
	stream    *apitest.Stream
	expecting bool // sees memberA's sessions
	marks     int  // how many of the world's marks it matches
}

// liveNewWorld creates account A on srv with policy (nil: the default), beside other.
func liveNewWorld(t *testing.T, srv *apitest.Server, other *liveOther, policy map[string]any) *liveWorld {
	t.Helper()
	w := &liveWorld{liveOther: other, srv: srv, a: srv.SeedAccount(t)}
	w.memberA = srv.AddUser(t, w.a, models.RoleMember, "Mia Member")
	w.colleagueA = srv.AddUser(t, w.a, models.RoleMember, "Carl Colleague")
	w.adminA1 = srv.Login(t, w.a.Admin)
	if policy != nil {
		apitest.SetPolicy(t, w.adminA1, policy)
	}
	w.member1 = srv.Login(t, w.memberA)
	w.colleagueA1 = srv.Login(t, w.colleagueA)
	return w
}

// marks are one synthetic event per watched user: memberA, colleagueA and memberB.
func (w *liveWorld) marks() []events.Event {
	return []events.Event{
		apitest.Mark(w.a.ID, w.memberA.ID, w.member1.SessionID),
		apitest.Mark(w.a.ID, w.colleagueA.ID, w.colleagueA1.SessionID),
		apitest.Mark(w.b.ID, w.memberB.ID, w.memberB1.SessionID),
	}
}

// watch opens every watcher's socket and subscription, and waits until each one receives the
// world's marks: from then on, every change reaches every watcher allowed to see it. The sockets
// alternate between the two protocols, starting with apitest.Protocol(first).
func (w *liveWorld) watch(t *testing.T, first int, memberWatches bool) {
	t.Helper()
	srv := w.srv
	srv.Settle(t) // the arranged changes are not the case's
	before := srv.QuietSubscribers()
	sub := func(name string, c *wstest.Conn, vars map[string]any, expecting bool, marks int) {
		ch, err := c.Subscribe(apitest.SubscriptionEvents, vars)
		if err != nil {
			t.Fatal(err)
		}
		w.watchers = append(w.watchers, &liveWatcher{name: name, stream: apitest.Collect(ch), expecting: expecting, marks: marks})
	}
	n := first
	proto := func() string { n++; return apitest.Protocol(n - 1) }
	admin := srv.Dial(t, proto(), w.adminA1.Token)
	sub("the account's admin", admin, nil, true, 2)
	sub("the account's admin watching the member", admin, map[string]any{"u": w.memberA.ID}, true, 1)
	sub("the account's admin watching a colleague", admin, map[string]any{"u": w.colleagueA.ID}, false, 1)
	if memberWatches {
		member := srv.DialCookie(t, proto(), w.member1.Token)
		sub("the member", member, nil, true, 1)
		sub("the member naming themselves", member, map[string]any{"u": w.memberA.ID}, true, 1)
	}
	sub("a colleague (member of the account)", srv.Dial(t, proto(), w.colleagueA1.Token), nil, false, 1)
	sub("another account's admin", srv.Dial(t, proto(), w.adminB1.Token), nil, false, 1)
	sub("another account's member", srv.Dial(t, proto(), w.memberB1.Token), nil, false, 1)
	apitest.Eventually(t, apitest.Wait, func() bool { return srv.App.Hub.Subscribers() >= before+len(w.watchers) },
		"every watcher to reach the server's event hub")
	w.sync(t, 1)
}

// sync announces the world's marks and waits until every watcher holds round sets of them.
func (w *liveWorld) sync(t *testing.T, round int) {
	t.Helper()
	w.srv.Barrier(t, w.marks()...)
	for _, wa := range w.watchers {
		got := wa.stream.WaitMarks(round*wa.marks, apitest.Wait)
		if n := len(got) - len(apitest.WithoutMarks(got)); n != round*wa.marks {
			t.Fatalf("%s: %d marks after round %d, want %d", wa.name, n, round, round*wa.marks)
		}
	}
}

// Every session change produces exactly one event, delivered after its commit to each subscriber
// allowed to see it and to nobody else; a change that fails produces none. The watchers' sockets
// mix both protocols, each role taking each protocol in turn from case to case.
func TestLiveSessionEventsDelivery(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name          string
		policy        map[string]any // account A's policy; nil: the default (one session, evict oldest)
		memberWatches bool           // memberA also watches, from member1
		arrange       func(t *testing.T, w *liveWorld)
		act           func(t *testing.T, w *liveWorld) []apitest.WantEvent
	}{
		{name: "login", policy: apitest.LimitInput(5, models.EvictOldest), memberWatches: true,
			act: func(t *testing.T, w *liveWorld) []apitest.WantEvent {
				c := w.srv.Login(t, w.memberA)
				return []apitest.WantEvent{apitest.Started(c.SessionID)}
			}},
		{name: "logout", policy: apitest.LimitInput(5, models.EvictOldest), memberWatches: true,
			arrange: func(t *testing.T, w *liveWorld) { w.subject = w.srv.Login(t, w.memberA) },
			act: func(t *testing.T, w *liveWorld) []apitest.WantEvent {
				w.subject.MustDo(t, apitest.MutationLogout, nil)
				return []apitest.WantEvent{apitest.Ended(w.subject.SessionID, models.EndLogout)}
			}},
		{name: "admin logout", policy: apitest.LimitInput(5, models.EvictOldest), memberWatches: true,
			arrange: func(t *testing.T, w *liveWorld) { w.subject = w.srv.Login(t, w.memberA) },
			act: func(t *testing.T, w *liveWorld) []apitest.WantEvent {
				w.adminA1.MustDo(t, apitest.MutationLogoutSession, map[string]any{"id": w.subject.SessionID})
				return []apitest.WantEvent{apitest.Ended(w.subject.SessionID, models.EndAdminLogout)}
			}},
		{name: "admin terminates all of a user's sessions", policy: apitest.LimitInput(5, models.EvictOldest),
			arrange: func(t *testing.T, w *liveWorld) {
				w.srv.Clock.Advance(time.Second)
				w.subject = w.srv.Login(t, w.memberA)
				w.srv.Clock.Advance(time.Second)
				w.subject2 = w.srv.Login(t, w.memberA)
			},
			act: func(t *testing.T, w *liveWorld) []apitest.WantEvent {
				w.adminA1.MustDo(t, apitest.MutationTerminateAll, map[string]any{"in": map[string]any{"userId": w.memberA.ID}})
				return []apitest.WantEvent{apitest.Ended(w.member1.SessionID, models.EndTerminateAll),
					apitest.Ended(w.subject.SessionID, models.EndTerminateAll), apitest.Ended(w.subject2.SessionID, models.EndTerminateAll)}
			}},
		{name: "member terminates all their other sessions", policy: apitest.LimitInput(5, models.EvictOldest), memberWatches: true,
			arrange: func(t *testing.T, w *liveWorld) { w.subject = w.srv.Login(t, w.memberA) },
			act: func(t *testing.T, w *liveWorld) []apitest.WantEvent {
				w.member1.MustDo(t, apitest.MutationTerminateAll, nil)
				return []apitest.WantEvent{apitest.Ended(w.subject.SessionID, models.EndTerminateAll)}
			}},
		{name: "second login under the default one-session policy evicts the first",
			act: func(t *testing.T, w *liveWorld) []apitest.WantEvent {
				w.srv.Clock.Advance(time.Second)
				c := w.srv.Login(t, w.memberA)
				return []apitest.WantEvent{apitest.Ended(w.member1.SessionID, models.EndConcurrentLimit), apitest.Started(c.SessionID)}
			}},
		{name: "policy change ending excess sessions", policy: apitest.LimitInput(5, models.EvictOldest),
			arrange: func(t *testing.T, w *liveWorld) {
				w.srv.Clock.Advance(time.Second)
				w.subject = w.srv.Login(t, w.memberA)
				w.srv.Clock.Advance(time.Second)
				w.subject2 = w.srv.Login(t, w.memberA)
			},
			act: func(t *testing.T, w *liveWorld) []apitest.WantEvent {
				in := apitest.LimitInput(1, models.EvictOldest)
				in["endExcessSessions"] = true
				apitest.SetPolicy(t, w.adminA1, in)
				return []apitest.WantEvent{apitest.Ended(w.member1.SessionID, models.EndConcurrentLimit),
					apitest.Ended(w.subject.SessionID, models.EndConcurrentLimit)}
			}},
		{name: "idle timeout found by the reaper", policy: apitest.IdleInput(5, 1), memberWatches: true,
			arrange: func(t *testing.T, w *liveWorld) { w.subject = w.srv.Login(t, w.memberA) },
			act: func(t *testing.T, w *liveWorld) []apitest.WantEvent {
				w.srv.GoIdle(t, w.a.ID, w.subject.SessionID, time.Minute)
				if _, err := w.srv.Store().ReapIdle(context.Background(), 100); err != nil {
					t.Fatal(err)
				}
				return []apitest.WantEvent{apitest.Ended(w.subject.SessionID, models.EndIdleTimeout)}
			}},
		{name: "idle timeout found by a request with the idle token", policy: apitest.IdleInput(5, 1), memberWatches: true,
			arrange: func(t *testing.T, w *liveWorld) { w.subject = w.srv.Login(t, w.memberA) },
			act: func(t *testing.T, w *liveWorld) []apitest.WantEvent {
				w.srv.GoIdle(t, w.a.ID, w.subject.SessionID, time.Minute)
				if res := w.subject.Do(t, apitest.QueryMe, nil); res.Code() != "UNAUTHENTICATED" {
					t.Fatalf("request with the idle token: %v, want UNAUTHENTICATED", res.Codes())
				}
				return []apitest.WantEvent{apitest.Ended(w.subject.SessionID, models.EndIdleTimeout)}
			}},

		// Changes that fail announce nothing.
		{name: "login refused under REJECT_NEW",
			policy: map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": 1,
				"whenLimitReached": "REJECT_NEW", "idleTimeoutEnabled": false},
			memberWatches: true,
			act: func(t *testing.T, w *liveWorld) []apitest.WantEvent {
				res := w.srv.Client().Do(t, `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }`,
					map[string]any{"e": w.memberA.Email, "p": w.memberA.Password})
				if res.Code() != "SESSION_LIMIT_REACHED" {
					t.Fatalf("login at the limit: %v, want SESSION_LIMIT_REACHED", res.Codes())
				}
				return nil
			}},
		{name: "login with a wrong password", policy: apitest.LimitInput(5, models.EvictOldest), memberWatches: true,
			act: func(t *testing.T, w *liveWorld) []apitest.WantEvent {
				res := w.srv.Client().Do(t, `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }`,
					map[string]any{"e": w.memberA.Email, "p": "not the password"})
				if res.Code() != "INVALID_CREDENTIALS" {
					t.Fatalf("login with a wrong password: %v, want INVALID_CREDENTIALS", res.Codes())
				}
				return nil
			}},
		{name: "invalid policy ending excess sessions", policy: apitest.LimitInput(5, models.EvictOldest),
			arrange: func(t *testing.T, w *liveWorld) { w.subject = w.srv.Login(t, w.memberA) },
			act: func(t *testing.T, w *liveWorld) []apitest.WantEvent {
				in := apitest.LimitInput(1, models.EvictOldest)
				in["endExcessSessions"], in["idleTimeoutEnabled"] = true, true // no idle value: invalid
				res := w.adminA1.Do(t, apitest.MutationUpdatePolicy, map[string]any{"in": in})
				if res.Code() != "BAD_USER_INPUT" {
					t.Fatalf("invalid policy: %v, want BAD_USER_INPUT", res.Codes())
				}
				return nil
			}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.StartLive(t, url)
		other := liveNewOther(t, srv)
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				w := liveNewWorld(t, srv, other, tc.policy)
				if tc.arrange != nil {
					tc.arrange(t, w)
				}
				w.watch(t, i, tc.memberWatches)
				want := tc.act(t, w)
				w.sync(t, 2) // everything the change announced has arrived
				for _, wa := range w.watchers {
					var expect []apitest.WantEvent
					if wa.expecting {
						expect = want
					}
					// Between the two rounds of marks: what the change announced, and only that
					// (on PostgreSQL, NOTIFY may still bring the arranged logins before round 1).
					got := apitest.WithoutMarks(apitest.AfterMarks(wa.stream.All(), wa.marks))
					apitest.CheckEvents(t, wa.name, got, expect)
				}
			})
		}
	})
}

// sessionEvents(userId) refuses what the caller may not watch, ending only that subscription.
func TestLiveSessionEventsAuthorization(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		as       func(w *liveWorld) *apitest.Client
		userID   func(w *liveWorld) string
		wantCode string
	}{
		{name: "member naming a colleague",
			as: func(w *liveWorld) *apitest.Client { return w.member1 }, userID: func(w *liveWorld) string { return w.colleagueA.ID },
			wantCode: "FORBIDDEN"},
		{name: "member naming their admin",
			as: func(w *liveWorld) *apitest.Client { return w.member1 }, userID: func(w *liveWorld) string { return w.a.Admin.ID },
			wantCode: "FORBIDDEN"},
		{name: "member naming another account's user",
			as: func(w *liveWorld) *apitest.Client { return w.member1 }, userID: func(w *liveWorld) string { return w.memberB.ID },
			wantCode: "NOT_FOUND"},
		{name: "admin naming another account's user",
			as: func(w *liveWorld) *apitest.Client { return w.adminA1 }, userID: func(w *liveWorld) string { return w.memberB.ID },
			wantCode: "NOT_FOUND"},
		{name: "admin naming another account's admin",
			as: func(w *liveWorld) *apitest.Client { return w.adminA1 }, userID: func(w *liveWorld) string { return w.b.Admin.ID },
			wantCode: "NOT_FOUND"},
		{name: "admin naming an unknown user",
			as:       func(w *liveWorld) *apitest.Client { return w.adminA1 },
			userID:   func(w *liveWorld) string { return "00000000-0000-7000-8000-000000000000" },
			wantCode: "NOT_FOUND"},
	}
	apitest.EachProtocol(t, func(t *testing.T, proto, url string) {
		srv := apitest.StartLive(t, url)
		w := liveNewWorld(t, srv, liveNewOther(t, srv), apitest.LimitInput(5, models.EvictOldest))
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				conn := srv.Dial(t, proto, tc.as(w).Token)
				// A subscription the caller may hold, on the same socket, must survive the refusal.
				kept := apitest.Collect(srv.Subscribe(t, conn, apitest.SubscriptionPolicy, nil))
				subscribers := srv.QuietSubscribers()

				ch, err := conn.Subscribe(apitest.SubscriptionEvents, map[string]any{"u": tc.userID(w)})
				if err != nil {
					t.Fatal(err)
				}
				res, ok := wstest.Next(t, ch, apitest.Wait)
				if !ok || res.Code() != tc.wantCode {
					t.Fatalf("sessionEvents(userId): %s %+v, want an error with code %s", res.Data, res.Errors, tc.wantCode)
				}
				if _, open := wstest.Next(t, ch, apitest.Wait); open {
					t.Fatal("the refused subscription is still open")
				}
				if n := srv.QuietSubscribers(); n != subscribers {
					t.Errorf("hub subscribers %d after the refusal, want %d", n, subscribers)
				}
				if !conn.IsOpen() || kept.Ended() {
					t.Fatal("the refusal ended the socket or its other subscription")
				}
				apitest.SetPolicy(t, w.adminA1, apitest.LimitInput(5, models.EvictOldest))
				if got := kept.WaitCount(1, apitest.Wait); len(got) != 1 {
					t.Fatalf("the other subscription got %d results after the refusal, want 1", len(got))
				}
			})
		}
	})
}
