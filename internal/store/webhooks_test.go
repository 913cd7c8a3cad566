package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"sessionguard/internal/events"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// failingNotify fails every transaction that records events, as a lost NOTIFY would.
type failingNotify struct{}

func (failingNotify) BeforeCommit(context.Context, events.Tx, []events.Event) error {
	return errors.New("notify failed")
}
func (failingNotify) AfterCommit(context.Context, []events.Event) {}

func (e *env) webhook(accountID string, evs ...models.WebhookEvent) models.Webhook {
	e.t.Helper()
	w, err := e.store.CreateWebhook(e.ctx, accountID, nil, "https://example.com/hook", evs, "whsec_test")
	if err != nil {
		e.t.Fatalf("CreateWebhook: %v", err)
	}
	return w
}

func (e *env) outbox(webhookID string) []models.WebhookDelivery {
	e.t.Helper()
	rows, err := e.store.WebhookDeliveries(e.ctx, webhookID, 100)
	if err != nil {
		e.t.Fatal(err)
	}
	return rows
}

// A change queues one delivery per subscribed endpoint of its own account, in its own
// transaction: a change that rolls back queues nothing.
func TestWebhookOutboxIsWrittenWithTheChange(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		accA, adminA := e.account("A")
		accB, _ := e.account("B")
		sessionsA := e.webhook(accA.ID, models.WebhookSessionStarted, models.WebhookSessionEnded)
		policyA := e.webhook(accA.ID, models.WebhookPolicyUpdated)
		sessionsB := e.webhook(accB.ID, models.WebhookSessionStarted)

		s, _ := e.login(adminA)
		rows := e.outbox(sessionsA.ID)
		if len(rows) != 1 || rows[0].EventType != "SESSION_STARTED" || rows[0].Status != models.DeliveryPending {
			t.Fatalf("subscribed endpoint's outbox %+v, want one pending SESSION_STARTED", rows)
		}
		var body store.WebhookPayload
		if err := json.Unmarshal([]byte(rows[0].Payload), &body); err != nil {
			t.Fatal(err)
		}
		if body.ID != rows[0].EventID || body.Type != "SESSION_STARTED" || body.Session == nil ||
			body.Session.ID != s.ID || body.Session.UserID != adminA.ID || body.AccountID != accA.ID {
			t.Errorf("payload %s does not describe the login", rows[0].Payload)
		}
		if n := len(e.outbox(policyA.ID)) + len(e.outbox(sessionsB.ID)); n != 0 {
			t.Errorf("%d deliveries queued for an unsubscribed event or another account", n)
		}

		failing, err := store.Open(e.ctx, url, store.Options{Now: e.clock.Now, Delivery: failingNotify{}})
		if err != nil {
			t.Fatal(err)
		}
		defer failing.Close()
		if _, err := failing.StartSession(e.ctx, adminA, store.NewSession{LoginIP: "192.0.2.1", TokenHash: e.newToken()}); err == nil {
			t.Fatal("a login whose announcement failed went through")
		}
		if rows := e.outbox(sessionsA.ID); len(rows) != 1 {
			t.Errorf("%d deliveries after a rolled-back login, want still 1", len(rows))
		}
	})
}

// A claimed delivery is no other worker's until its lease passes: a worker that dies mid-attempt
// delays it, never loses it. A late report of a stale claim changes nothing.
func TestWebhookClaimsAreLeased(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("A")
		hook := e.webhook(acc.ID, models.WebhookSessionStarted)
		e.login(admin)
		other := e.open() // a second replica

		first, err := e.store.ClaimWebhookDeliveries(e.ctx, 10, time.Minute)
		if err != nil || len(first) != 1 || first[0].Attempts != 1 || first[0].URL != hook.URL || first[0].Secret != "whsec_test" {
			t.Fatalf("first claim %+v, %v; want the delivery with its endpoint", first, err)
		}
		if again, err := other.ClaimWebhookDeliveries(e.ctx, 10, time.Minute); err != nil || len(again) != 0 {
			t.Fatalf("claimed %d leased deliveries (%v)", len(again), err)
		}
		e.clock.Advance(time.Minute + time.Second)
		second, err := other.ClaimWebhookDeliveries(e.ctx, 10, time.Minute)
		if err != nil || len(second) != 1 || second[0].Attempts != 2 {
			t.Fatalf("claim after the lease %+v, %v; want the delivery's second attempt", second, err)
		}
		if err := e.store.FinishWebhookAttempt(e.ctx, first[0], store.WebhookAttempt{Delivered: true, StatusCode: 200}); err != nil {
			t.Fatal(err)
		}
		if rows := e.outbox(hook.ID); rows[0].Status != models.DeliveryPending {
			t.Errorf("a stale claim's report settled the delivery: %s", rows[0].Status)
		}
		if err := other.FinishWebhookAttempt(e.ctx, second[0], store.WebhookAttempt{StatusCode: 503, Error: "503"}); err != nil {
			t.Fatal(err)
		}
		if rows := e.outbox(hook.ID); rows[0].Status != models.DeliveryFailed || deref(rows[0].LastStatusCode) != 503 {
			t.Errorf("a failure without a retry time left %s (%v), want FAILED with its status", rows[0].Status, deref(rows[0].LastStatusCode))
		}
	})
}
