package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"sessionguard/internal/apperr"
	"sessionguard/models"
)

// CreateWebhook adds an endpoint to accountID; the caller validated url and events and made
// the secret.
func (s *Store) CreateWebhook(ctx context.Context, accountID string, createdBy *string, url string,
	events []models.WebhookEvent, secret string) (models.Webhook, error) {
	w := models.Webhook{
		ID: newID(), AccountID: accountID, URL: url, EventNames: models.JoinWebhookEvents(events),
		Secret: secret, CreatedAt: s.Now(), CreatedByID: createdBy,
	}
	err := s.inTx(ctx, func(t *txn) error {
		if err := t.Create(&w).Error; err != nil {
			return fmt.Errorf("store: unable to create webhook: %w", err)
		}
		return t.audit(webhookEntry(models.AuditWebhookCreated, w))
	})
	return w, err
}

// webhookEntry is the audit entry of action on endpoint w: its id, URL and events, never its
// secret.
func webhookEntry(action models.AuditAction, w models.Webhook) models.AuditEvent {
	return models.AuditEvent{AccountID: w.AccountID, Action: action, Details: jsonText(map[string]any{
		"webhookId": w.ID, "url": w.URL, "events": w.Events(),
	})}
}

// Webhooks lists accountID's endpoints, oldest first.
func (s *Store) Webhooks(ctx context.Context, accountID string) ([]models.Webhook, error) {
	var out []models.Webhook
	err := s.db.WithContext(ctx).Where("account_id = ?", accountID).Order("created_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list webhooks: %w", err)
	}
	return out, nil
}

// Webhook is accountID's endpoint id; NOT_FOUND when it has none of that id.
func (s *Store) Webhook(ctx context.Context, accountID, id string) (models.Webhook, error) {
	var w models.Webhook
	err := s.db.WithContext(ctx).Where("id = ? AND account_id = ?", id, accountID).Take(&w).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return w, apperr.New(apperr.NotFound, "webhook %s not found", id)
	}
	if err != nil {
		return w, fmt.Errorf("store: unable to load webhook: %w", err)
	}
	return w, nil
}

// DeleteWebhook removes accountID's endpoint id; its delivery log and pending deliveries go with
// it (ON DELETE CASCADE), and a worker's report on one of them then changes nothing.
func (s *Store) DeleteWebhook(ctx context.Context, accountID, id string) error {
	return s.inTx(ctx, func(t *txn) error {
		var w models.Webhook
		err := t.forUpdate().Where("id = ? AND account_id = ?", id, accountID).Take(&w).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return apperr.New(apperr.NotFound, "webhook %s not found", id)
		}
		if err != nil {
			return fmt.Errorf("store: unable to load webhook: %w", err)
		}
		if err := t.Delete(&w).Error; err != nil {
			return fmt.Errorf("store: unable to delete webhook: %w", err)
		}
		return t.audit(webhookEntry(models.AuditWebhookDeleted, w))
	})
}

// WebhookDeliveries is the newest limit entries of an endpoint's delivery log.
func (s *Store) WebhookDeliveries(ctx context.Context, webhookID string, limit int) ([]models.WebhookDelivery, error) {
	var out []models.WebhookDelivery
	err := s.db.WithContext(ctx).Where("webhook_id = ?", webhookID).
		Order("created_at DESC, id DESC").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list webhook deliveries: %w", err)
	}
	return out, nil
}

// RecordWebhookDelivery adds a finished delivery to the log (a test ping, tried once).
func (s *Store) RecordWebhookDelivery(ctx context.Context, d models.WebhookDelivery) error {
	if d.ID == "" {
		d.ID = newID()
	}
	if err := s.db.WithContext(ctx).Create(&d).Error; err != nil {
		return fmt.Errorf("store: unable to record webhook delivery: %w", err)
	}
	return nil
}

// NewEventID is a unique, time-ordered id for an event sent outside a transaction (a test ping).
func NewEventID() string { return newID() }
