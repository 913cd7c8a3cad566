package webhooks_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// Without WEBHOOK_ALLOW_PRIVATE, endpoints must be https:// and are never reached at a private
// address: a literal one is refused when added, a name that resolves to one when connecting.
func TestPrivateAddressesAreRefused(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL, apitest.TrustLoopback)
		w := apitest.AddWorld(t, srv)
		hook := newReceiver(t, true)
		port := must(url.Parse(hook.URL)).Port()

		for _, target := range []string{hook.URL, "https://[::1]:" + port, "https://169.254.169.254/latest", "https://10.0.0.7/hook", "http://example.com/hook"} {
			res := w.AdminA1.Do(t, mutationCreateWebhook, map[string]any{"input": map[string]any{"url": target, "events": []string{"SESSION_STARTED"}}})
			if res.Code() != "BAD_USER_INPUT" || res.Errors[0].Extensions["field"] != "url" {
				t.Errorf("createWebhook(%s): %s, want BAD_USER_INPUT on url", target, res.Body)
			}
		}
		// localhost resolves to loopback: refused at the connection, after DNS.
		id, _ := createWebhook(t, w.AdminA1, "https://localhost:"+port+"/hook", "SESSION_STARTED")
		var tested struct{ TestWebhook bool }
		w.AdminA1.Do(t, `mutation($id: ID!) { testWebhook(id: $id) }`, map[string]any{"id": id}).MustDecode(t, &tested)
		if tested.TestWebhook {
			t.Error("testWebhook reached a loopback address")
		}
		srv.Login(t, w.MemberA)
		waitFor(t, "the refused attempt", func() bool {
			for _, d := range webhooksOf(t, w.AdminA1)[id].Deliveries {
				if d.EventType == "SESSION_STARTED" && d.Attempts == 1 && d.Status == "PENDING" && d.LastError != nil {
					return true
				}
			}
			return false
		})
		for _, d := range webhooksOf(t, w.AdminA1)[id].Deliveries {
			if !strings.Contains(deref(d.LastError), "refused to connect") || d.LastStatusCode != nil {
				t.Errorf("%s delivery failed with %q (status %v), want a refused connection", d.EventType, deref(d.LastError), deref(d.LastStatusCode))
			}
		}
		if n := len(hook.requests()); n != 0 {
			t.Errorf("the loopback receiver got %d requests", n)
		}
	})
}

// Bad input names its field and adds nothing; members may not manage webhooks; an
// administrator never reaches another account's.
func TestWebhookValidationAndAccess(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL, apitest.TrustLoopback)
		w := apitest.AddWorld(t, srv)
		bad := []struct {
			name, url string
			events    []string
			field     string
		}{
			{"not a URL", "not a url", []string{"SESSION_STARTED"}, "url"},
			{"a relative URL", "/hooks", []string{"SESSION_STARTED"}, "url"},
			{"plain http", "http://hooks.example.com/in", []string{"SESSION_STARTED"}, "url"},
			{"another scheme", "ftp://hooks.example.com/in", []string{"SESSION_STARTED"}, "url"},
			{"credentials", "https://user:pw@hooks.example.com/in", []string{"SESSION_STARTED"}, "url"},
			{"too long", "https://hooks.example.com/" + strings.Repeat("a", 2048), []string{"SESSION_STARTED"}, "url"},
			{"no events", "https://hooks.example.com/in", []string{}, "events"},
		}
		for _, tc := range bad {
			res := w.AdminA1.Do(t, mutationCreateWebhook, map[string]any{"input": map[string]any{"url": tc.url, "events": tc.events}})
			if res.Code() != "BAD_USER_INPUT" || res.Errors[0].Extensions["field"] != tc.field {
				t.Errorf("%s: %s, want BAD_USER_INPUT on %s", tc.name, res.Body, tc.field)
			}
		}
		if n := srv.Count(t, "webhooks", "1 = 1"); n != 0 {
			t.Fatalf("bad input added %d webhooks", n)
		}

		id, secret := createWebhook(t, w.AdminA1, "https://hooks.example.com/in", "SESSION_ENDED", "SESSION_STARTED", "SESSION_ENDED")
		if !strings.HasPrefix(secret, "whsec_") {
			t.Errorf("secret %q", secret)
		}
		listed := webhooksOf(t, w.AdminA1)[id]
		if fmt.Sprint(listed.Events) != "[SESSION_STARTED SESSION_ENDED]" || listed.URL != "https://hooks.example.com/in" {
			t.Errorf("listed %+v, want the endpoint with its events once each", listed)
		}
		stored, err := srv.Store().Webhook(context.Background(), w.A.ID, id)
		if err != nil || stored.Secret != secret {
			t.Errorf("stored secret differs from the one shown (%v): deliveries could not be verified", err)
		}

		ops := map[string]struct {
			query string
			vars  map[string]any
		}{
			"webhooks":      {`{ webhooks { id } }`, nil},
			"createWebhook": {mutationCreateWebhook, map[string]any{"input": map[string]any{"url": "https://m.example.com", "events": []string{"SESSION_ENDED"}}}},
			"deleteWebhook": {`mutation($id: ID!) { deleteWebhook(id: $id) }`, map[string]any{"id": id}},
			"testWebhook":   {`mutation($id: ID!) { testWebhook(id: $id) }`, map[string]any{"id": id}},
		}
		for name, op := range ops {
			if res := w.MemberA1.Do(t, op.query, op.vars); res.Code() != "FORBIDDEN" {
				t.Errorf("member %s: %s, want FORBIDDEN", name, res.Body)
			}
		}
		for _, name := range []string{"deleteWebhook", "testWebhook"} {
			if res := w.AdminB1.Do(t, ops[name].query, ops[name].vars); res.Code() != "NOT_FOUND" {
				t.Errorf("another account's admin %s: %s, want NOT_FOUND", name, res.Body)
			}
		}
		if _, seen := webhooksOf(t, w.AdminB1)[id]; seen {
			t.Error("another account lists the webhook")
		}
		// Another account's events never reach it.
		apitest.SetPolicy(t, w.AdminB1, apitest.LimitInput(3, models.EvictOldest))
		srv.Login(t, w.MemberB)
		if n := srv.Count(t, "webhook_deliveries", "webhook_id = ?", id); n != 0 {
			t.Errorf("account B's events queued %d deliveries to account A's endpoint", n)
		}

		var deleted struct{ DeleteWebhook bool }
		w.AdminA1.Do(t, ops["deleteWebhook"].query, ops["deleteWebhook"].vars).MustDecode(t, &deleted)
		if !deleted.DeleteWebhook || len(webhooksOf(t, w.AdminA1)) != 0 {
			t.Error("deleteWebhook left the endpoint listed")
		}
		if res := w.AdminA1.Do(t, ops["deleteWebhook"].query, ops["deleteWebhook"].vars); res.Code() != "NOT_FOUND" {
			t.Errorf("deleting twice: %s, want NOT_FOUND", res.Body)
		}
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
