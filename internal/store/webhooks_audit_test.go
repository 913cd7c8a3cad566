package store_test

import (
	"strings"
	"testing"

	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// Adding and deleting a webhook are audited in their own transactions, with the endpoint's id,
// URL and events and never its secret.
func TestWebhookChangesAreAudited(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("A")
		other, _ := e.account("B")
		w := e.webhook(acc.ID, models.WebhookSessionEnded)
		if err := e.store.DeleteWebhook(e.ctx, other.ID, w.ID); err == nil {
			t.Fatal("another account deleted the webhook")
		}
		if err := e.store.DeleteWebhook(e.ctx, acc.ID, w.ID); err != nil {
			t.Fatal(err)
		}
		page, err := e.store.ListAuditEvents(e.ctx, store.AuditQuery{AccountID: acc.ID, First: 10,
			Actions: []models.AuditAction{models.AuditWebhookCreated, models.AuditWebhookDeleted}})
		if err != nil || len(page.Items) != 2 {
			t.Fatalf("webhook entries: %d, %v; want created and deleted", len(page.Items), err)
		}
		for _, entry := range page.Items {
			d := deref(entry.Details)
			if !strings.Contains(d.(string), w.ID) || !strings.Contains(d.(string), "SESSION_ENDED") || strings.Contains(d.(string), w.Secret) {
				t.Errorf("%s details %v: want id and events, no secret", entry.Action, d)
			}
		}
		if others, _ := e.store.ListAuditEvents(e.ctx, store.AuditQuery{AccountID: other.ID, First: 10,
			Actions: []models.AuditAction{models.AuditWebhookDeleted}}); len(others.Items) != 0 {
			t.Errorf("the refused deletion was audited in the other account: %d entries", len(others.Items))
		}
	})
}
