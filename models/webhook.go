package models

import (
	"io"
	"slices"
	"time"
)

// WebhookEvent names an event a webhook endpoint can subscribe to; the names are the store's
// event kinds.
type WebhookEvent string

const (
	WebhookSessionStarted WebhookEvent = "SESSION_STARTED"
	WebhookSessionEnded   WebhookEvent = "SESSION_ENDED"
	WebhookPolicyUpdated  WebhookEvent = "POLICY_UPDATED"
)

// WebhookEvents lists every event, in the schema's order.
var WebhookEvents = []WebhookEvent{WebhookSessionStarted, WebhookSessionEnded, WebhookPolicyUpdated}

func (e WebhookEvent) IsValid() bool             { return slices.Contains(WebhookEvents, e) }
func (e WebhookEvent) MarshalGQL(w io.Writer)    { writeEnum(w, string(e)) }
func (e *WebhookEvent) UnmarshalGQL(v any) error { return readEnum(v, e, "WebhookEvent") }

// Webhook is an endpoint that receives an account's events, signed with its secret.
type Webhook struct {
	ID        string `gorm:"primaryKey"`
	AccountID string
	URL       string
	// EventNames is the subscribed events, comma-separated (see Events).
	EventNames string `gorm:"column:events"`
	// Secret signs each delivery (HMAC-SHA256). It is a signing key the server must read back,
	// not a password: it is stored as given, shown once at creation and never logged.
	Secret      string `json:"-"`
	CreatedAt   time.Time
	CreatedByID *string
}

// Events lists the events the endpoint receives.
func (w *Webhook) Events() []WebhookEvent { return splitNames[WebhookEvent](w.EventNames) }

// Receives reports whether the endpoint subscribed to event.
func (w *Webhook) Receives(event WebhookEvent) bool { return slices.Contains(w.Events(), event) }

// JoinWebhookEvents is events as stored: deduplicated, in the schema's order, comma-separated.
func JoinWebhookEvents(events []WebhookEvent) string { return joinNames(WebhookEvents, events) }

// WebhookDeliveryStatus is where a delivery stands.
type WebhookDeliveryStatus string

const (
	// DeliveryPending: not yet answered with 2xx; retried until a day after the event.
	DeliveryPending WebhookDeliveryStatus = "PENDING"
	// DeliveryDelivered: the endpoint answered 2xx.
	DeliveryDelivered WebhookDeliveryStatus = "DELIVERED"
	// DeliveryFailed: given up, a day of retries after the event (a test ping is tried once).
	DeliveryFailed WebhookDeliveryStatus = "FAILED"
)

var webhookDeliveryStatuses = []WebhookDeliveryStatus{DeliveryPending, DeliveryDelivered, DeliveryFailed}

func (s WebhookDeliveryStatus) IsValid() bool          { return slices.Contains(webhookDeliveryStatuses, s) }
func (s WebhookDeliveryStatus) MarshalGQL(w io.Writer) { writeEnum(w, string(s)) }
func (s *WebhookDeliveryStatus) UnmarshalGQL(v any) error {
	return readEnum(v, s, "WebhookDeliveryStatus")
}

// WebhookDelivery is one event's delivery to one endpoint: an outbox row, then its log entry.
type WebhookDelivery struct {
	ID             string `gorm:"primaryKey"`
	WebhookID      string
	EventID        string
	EventType      string
	Payload        string `json:"-"`
	Status         WebhookDeliveryStatus
	Attempts       int
	CreatedAt      time.Time
	NextAttemptAt  time.Time
	LastAttemptAt  *time.Time
	LastStatusCode *int
	LastError      *string
	DeliveredAt    *time.Time
}

// NextAttempt is when the next attempt is due; nil once the delivery is settled.
func (d *WebhookDelivery) NextAttempt() *time.Time {
	if d.Status != DeliveryPending {
		return nil
	}
	return &d.NextAttemptAt
}
