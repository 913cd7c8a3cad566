package webhooks_test

import (
	"context"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/internal/webhooks"
	"sessionguard/models"
)

// Each event reaches each endpoint of its account that subscribed to it, once, signed with
// that endpoint's secret; other endpoints and other accounts' endpoints get nothing.
func TestEventsAreSignedAndDeliveredOncePerEndpoint(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback, allowPrivate)
		w := apitest.AddWorld(t, srv)
		sessions, policy, other := newReceiver(t, false), newReceiver(t, false), newReceiver(t, false)
		sessionsID, sessionsSecret := createWebhook(t, w.AdminA1, sessions.URL, "SESSION_STARTED", "SESSION_ENDED")
		policyID, policySecret := createWebhook(t, w.AdminA1, policy.URL, "POLICY_UPDATED")
		createWebhook(t, w.AdminB1, other.URL, "SESSION_STARTED", "SESSION_ENDED", "POLICY_UPDATED")

		login := srv.Login(t, w.MemberA)
		apitest.SetPolicy(t, w.AdminA1, apitest.LimitInput(4, models.EvictOldest))
		waitFor(t, "both deliveries, recorded", func() bool {
			hooks := webhooksOf(t, w.AdminA1)
			return settled(hooks[sessionsID]) && settled(hooks[policyID])
		})
		// Whatever is still due goes out now; nothing more may arrive.
		if _, err := srv.App.WebhookWorker.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}

		got := sessions.requests()
		if len(got) != 1 || len(policy.requests()) != 1 || len(other.requests()) != 0 {
			t.Fatalf("deliveries: sessions %d, policy %d, other account %d; want 1, 1, 0",
				len(got), len(policy.requests()), len(other.requests()))
		}
		if err := webhooks.Verify(sessionsSecret, got[0].signature, got[0].body, srv.Clock.Now()); err != nil {
			t.Errorf("session delivery's signature: %v", err)
		}
		if err := webhooks.Verify(policySecret, got[0].signature, got[0].body, srv.Clock.Now()); err == nil {
			t.Error("another endpoint's secret verified the delivery")
		}
		p := got[0].payload
		if p.ID == "" || p.Type != "SESSION_STARTED" || p.Session == nil || p.Session.ID != login.SessionID ||
			p.Session.UserID != w.MemberA.ID || p.AccountID != w.A.ID || p.OccurredAt.IsZero() {
			t.Errorf("session payload %s does not describe the login", got[0].body)
		}
		pol := policy.requests()[0]
		if err := webhooks.Verify(policySecret, pol.signature, pol.body, srv.Clock.Now()); err != nil {
			t.Errorf("policy delivery's signature: %v", err)
		}
		if pol.payload.Type != "POLICY_UPDATED" || pol.payload.Policy == nil || pol.payload.Policy.Version == 0 {
			t.Errorf("policy payload %s", pol.body)
		}

		hooks := webhooksOf(t, w.AdminA1)
		for id, want := range map[string]string{sessionsID: "SESSION_STARTED", policyID: "POLICY_UPDATED"} {
			log := hooks[id].Deliveries
			if len(log) != 1 || log[0].EventType != want || log[0].Status != "DELIVERED" || log[0].Attempts != 1 ||
				deref(log[0].LastStatusCode) != 204 || log[0].DeliveredAt == nil || log[0].NextAttemptAt != nil {
				t.Errorf("delivery log of the %s endpoint %+v, want one DELIVERED attempt", want, log)
			}
		}
	})
}

// settled reports whether all of w's deliveries are settled.
func settled(w webhook) bool {
	for _, d := range w.Deliveries {
		if d.Status == "PENDING" {
			return false
		}
	}
	return len(w.Deliveries) > 0
}

// A failing endpoint is tried again after the backoff, not before, and receives the same event;
// one that keeps failing is given up a day after the event.
func TestFailingEndpointsAreRetriedWithBackoffForADay(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback, allowPrivate)
		w := apitest.AddWorld(t, srv)
		srv.Clock.Freeze()
		flaky, down := newReceiver(t, false), newReceiver(t, false)
		flaky.failures.Store(1)
		down.failures.Store(1 << 30)
		flakyID, _ := createWebhook(t, w.AdminA1, flaky.URL, "SESSION_STARTED")
		downID, _ := createWebhook(t, w.AdminA1, down.URL, "SESSION_STARTED")
		attempted := func(id string, attempts int, status string) func() bool {
			return func() bool {
				log := webhooksOf(t, w.AdminA1)[id].Deliveries
				return len(log) == 1 && log[0].Attempts == attempts && log[0].Status == status && log[0].LastError != nil == (status != "DELIVERED")
			}
		}

		srv.Login(t, w.MemberA)
		waitFor(t, "the first failed attempts", func() bool {
			return attempted(flakyID, 1, "PENDING")() && attempted(downID, 1, "PENDING")()
		})
		first := webhooksOf(t, w.AdminA1)[flakyID].Deliveries[0]
		if wait := first.NextAttemptAt.Sub(*first.LastAttemptAt); wait != webhooks.Backoff(1) || deref(first.LastStatusCode) != 500 {
			t.Errorf("after a 500 the next attempt is due in %v (status %v), want %v", wait, deref(first.LastStatusCode), webhooks.Backoff(1))
		}
		if n, err := srv.App.WebhookWorker.RunOnce(context.Background()); n != 0 || err != nil {
			t.Fatalf("claimed %d deliveries before their backoff passed (%v)", n, err)
		}

		srv.Clock.Advance(webhooks.Backoff(1))
		srv.App.WebhookWorker.Wake()
		waitFor(t, "the retry", func() bool { return attempted(flakyID, 2, "DELIVERED")() && attempted(downID, 2, "PENDING")() })
		retries := flaky.requests()
		if len(retries) != 2 || retries[0].payload.ID != retries[1].payload.ID || retries[0].payload.ID == "" {
			t.Errorf("flaky endpoint got %d requests, want the same event twice", len(retries))
		}

		srv.Clock.Advance(webhooks.RetryWindow)
		srv.App.WebhookWorker.Wake()
		waitFor(t, "giving up", attempted(downID, 3, "FAILED"))
		if n := len(down.requests()); n != 3 {
			t.Errorf("the failing endpoint got %d requests, want 3", n)
		}
	})
}

// Two replicas on one database share the outbox: each event reaches the endpoint once, though
// both workers poll all the time (SKIP LOCKED on PostgreSQL, the single writer on SQLite).
func TestReplicasDeliverEachEventOnce(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		one := apitest.Start(t, url, apitest.TrustLoopback, allowPrivate, pollFast)
		two := apitest.Start(t, url, apitest.TrustLoopback, allowPrivate, pollFast)
		w := apitest.AddWorld(t, one)
		hook := newReceiver(t, false)
		createWebhook(t, w.AdminA1, hook.URL, "SESSION_STARTED")

		const logins = 24
		users := []apitest.User{w.AdminA, w.MemberA, w.ColleagueA}
		apitest.Parallel(logins, func(i int) {
			srv := []*apitest.Server{one, two}[i%2]
			srv.Login(t, users[i%len(users)])
		})
		waitFor(t, "every login's delivery", func() bool { return len(hook.requests()) >= logins })
		for _, srv := range []*apitest.Server{one, two} {
			if _, err := srv.App.WebhookWorker.RunOnce(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(50 * time.Millisecond) // several polls of each worker: room for a duplicate to show
		seen := map[string]int{}
		for _, r := range hook.requests() {
			seen[r.payload.ID]++
		}
		if len(seen) != logins || len(hook.requests()) != logins {
			t.Errorf("%d requests for %d events, want %d of each", len(hook.requests()), len(seen), logins)
		}
	})
}
