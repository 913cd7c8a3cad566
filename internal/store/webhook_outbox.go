package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"sessionguard/internal/events"
	"sessionguard/models"
)

// The webhook outbox: inTx writes one delivery row per event and subscribed endpoint in the
// transaction that records the event, so a committed change is delivered at least once and a
// rolled-back one never. The workers of every replica claim due rows (ClaimWebhookDeliveries)
// and report each attempt (FinishWebhookAttempt).

// WebhookPayload is the JSON body POSTed for an event (README, "Webhooks"). ID is the event's:
// every endpoint, and every retry, receives the same, so receivers can drop duplicates.
type WebhookPayload struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	OccurredAt time.Time       `json:"occurredAt"`
	AccountID  string          `json:"accountId"`
	Session    *WebhookSession `json:"session,omitempty"`
	Policy     *WebhookPolicy  `json:"policy,omitempty"`
	Webhook    *WebhookRef     `json:"webhook,omitempty"` // test pings only
}

// WebhookSession is the session a SESSION_STARTED or SESSION_ENDED event is about.
type WebhookSession struct {
	ID        string     `json:"id"`
	UserID    string     `json:"userId"`
	Status    string     `json:"status"`
	LoginAt   *time.Time `json:"loginAt,omitempty"`
	EndedAt   *time.Time `json:"endedAt,omitempty"`
	EndReason string     `json:"endReason,omitempty"`
}

// WebhookPolicy is the policy version a POLICY_UPDATED event made.
type WebhookPolicy struct {
	Version int64 `json:"version"`
}

// WebhookRef names the endpoint a test ping is for.
type WebhookRef struct {
	ID string `json:"id"`
}

func webhookPayload(id string, e events.Event) WebhookPayload {
	p := WebhookPayload{ID: id, Type: string(e.Kind), OccurredAt: e.OccurredAt.UTC(), AccountID: e.AccountID}
	at := p.OccurredAt
	switch e.Kind {
	case events.SessionStarted:
		p.Session = &WebhookSession{ID: e.SessionID, UserID: e.UserID, Status: string(models.SessionActive), LoginAt: &at}
	case events.SessionEnded:
		p.Session = &WebhookSession{ID: e.SessionID, UserID: e.UserID, Status: string(models.SessionTerminated),
			EndedAt: &at, EndReason: string(e.Reason)}
	case events.PolicyUpdated:
		p.Policy = &WebhookPolicy{Version: e.PolicyVersion}
	}
	return p
}

// outboxBatch bounds the rows of one INSERT, well under every driver's parameter limit.
const outboxBatch = 200

// enqueueWebhooks writes a pending delivery for each of the transaction's events to each
// endpoint of the event's account that subscribed to it. One indexed read when no account
// involved has webhooks.
func (t *txn) enqueueWebhooks() error {
	var accounts []string
	for _, e := range t.events {
		if !slices.Contains(accounts, e.AccountID) {
			accounts = append(accounts, e.AccountID)
		}
	}
	var hooks []models.Webhook
	if err := t.Select("id", "account_id", "events").Where("account_id IN ?", accounts).Find(&hooks).Error; err != nil {
		return fmt.Errorf("store: unable to find webhooks: %w", err)
	}
	if len(hooks) == 0 {
		return nil
	}
	now := t.store.Now()
	var rows []models.WebhookDelivery
	for _, e := range t.events {
		var body []byte
		eventID := newID()
		for _, h := range hooks {
			if h.AccountID != e.AccountID || !h.Receives(models.WebhookEvent(e.Kind)) {
				continue
			}
			if body == nil {
				var err error
				if body, err = json.Marshal(webhookPayload(eventID, e)); err != nil {
					return fmt.Errorf("store: unable to encode webhook payload: %w", err)
				}
			}
			rows = append(rows, models.WebhookDelivery{
				ID: newID(), WebhookID: h.ID, EventID: eventID, EventType: string(e.Kind), Payload: string(body),
				Status: models.DeliveryPending, CreatedAt: now, NextAttemptAt: now,
			})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if err := t.CreateInBatches(rows, outboxBatch).Error; err != nil {
		return fmt.Errorf("store: unable to queue webhook deliveries: %w", err)
	}
	return nil
}

// DueDelivery is a claimed delivery with what sending it needs.
type DueDelivery struct {
	models.WebhookDelivery
	URL    string
	Secret string
}

// ClaimWebhookDeliveries claims up to limit due deliveries for one attempt each: it counts the
// attempt and moves the row's next attempt lease ahead, so no other worker takes it while this
// one sends; should this process die mid-attempt, the row is due again once the lease passes.
// On PostgreSQL, FOR UPDATE SKIP LOCKED lets every replica claim at once, each different rows.
func (s *Store) ClaimWebhookDeliveries(ctx context.Context, limit int, lease time.Duration) ([]DueDelivery, error) {
	now := s.Now()
	// A read first: an idle queue never opens a write transaction (on SQLite, the write lock).
	var probe []string
	err := s.db.WithContext(ctx).Model(&models.WebhookDelivery{}).
		Where("status = ? AND next_attempt_at <= ?", models.DeliveryPending, now).Limit(1).Pluck("id", &probe).Error
	if err != nil || len(probe) == 0 {
		return nil, err
	}
	var due []DueDelivery
	err = s.inTx(ctx, func(t *txn) error {
		q := t.Model(&models.WebhookDelivery{}).
			Where("status = ? AND next_attempt_at <= ?", models.DeliveryPending, now).Order("next_attempt_at").Limit(limit)
		if s.postgres {
			q = q.Clauses(skipLocked)
		}
		var ids []string
		if err := q.Pluck("id", &ids).Error; err != nil || len(ids) == 0 {
			return err
		}
		err := t.Model(&models.WebhookDelivery{}).Where("id IN ?", ids).Updates(map[string]any{
			"attempts": gorm.Expr("attempts + 1"), "next_attempt_at": now.Add(lease), "last_attempt_at": now,
			"last_error": nil, "last_status_code": nil, // the attempt in flight has neither yet
		}).Error
		if err != nil {
			return err
		}
		return t.Table("webhook_deliveries AS d").Select("d.*, w.url, w.secret").
			Joins("JOIN webhooks AS w ON w.id = d.webhook_id").Where("d.id IN ?", ids).
			Order("d.next_attempt_at, d.id").Scan(&due).Error
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to claim webhook deliveries: %w", err)
	}
	return due, nil
}

// WebhookAttempt is how one attempt went and what comes next.
type WebhookAttempt struct {
	StatusCode int    // 0: no response
	Error      string // empty when delivered
	Delivered  bool
	// RetryAt is the next attempt's time; zero: give up (FAILED) unless delivered.
	RetryAt time.Time
}

// FinishWebhookAttempt records the attempt d was claimed for. It changes nothing when the
// row moved on meanwhile (deleted, or claimed again after the lease passed).
func (s *Store) FinishWebhookAttempt(ctx context.Context, d DueDelivery, a WebhookAttempt) error {
	now := s.Now()
	set := map[string]any{"last_error": nil, "last_status_code": nil}
	if a.StatusCode != 0 {
		set["last_status_code"] = a.StatusCode
	}
	switch {
	case a.Delivered:
		set["status"], set["delivered_at"] = models.DeliveryDelivered, now
	case a.RetryAt.IsZero():
		set["status"], set["last_error"] = models.DeliveryFailed, a.Error
	default:
		set["next_attempt_at"], set["last_error"] = a.RetryAt, a.Error
	}
	err := s.db.WithContext(ctx).Model(&models.WebhookDelivery{}).
		Where("id = ? AND attempts = ? AND status = ?", d.ID, d.Attempts, models.DeliveryPending).Updates(set).Error
	if err != nil {
		return fmt.Errorf("store: unable to record webhook attempt: %w", err)
	}
	return nil
}
