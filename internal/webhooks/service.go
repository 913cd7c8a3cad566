package webhooks

import (
	"context"
	"encoding/json"
	"net/netip"
	"net/url"
	"strings"

	"sessionguard/internal/store"
	"sessionguard/models"
)

// maxURLLength bounds an endpoint's URL.
const maxURLLength = 2048

// Service manages an account's endpoints; resolvers call it after checking the caller's role.
type Service struct {
	Store  *store.Store
	Sender *Sender
	// AllowPrivate (WEBHOOK_ALLOW_PRIVATE) admits http:// endpoints and private addresses.
	AllowPrivate bool
}

// Created is a new endpoint and its signing secret, shown this once.
type Created struct {
	Webhook models.Webhook
	Secret  string
}

// Create adds an endpoint to accountID with a new secret.
func (s *Service) Create(ctx context.Context, accountID, actorID, rawURL string, events []models.WebhookEvent) (Created, error) {
	if err := s.validate(rawURL, events); err != nil {
		return Created{}, err
	}
	secret := NewSecret()
	w, err := s.Store.CreateWebhook(ctx, accountID, &actorID, rawURL, events, secret)
	return Created{Webhook: w, Secret: secret}, err
}

// validate checks what can be checked before delivery: the address a name resolves to is
// checked at each connection (refusePrivate).
func (s *Service) validate(rawURL string, events []models.WebhookEvent) error {
	var errs models.FieldErrors
	if msg := s.urlProblem(rawURL); msg != "" {
		errs.Add("url", msg)
	}
	if len(events) == 0 {
		errs.Add("events", "must name at least one event")
	}
	return errs.OrNil()
}

func (s *Service) urlProblem(rawURL string) string {
	if len(rawURL) > maxURLLength {
		return "must be at most 2048 characters"
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return "must be an absolute URL"
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && s.AllowPrivate:
	default:
		return "must be an https:// URL"
	}
	if u.User != nil {
		return "must not hold credentials"
	}
	if u.Fragment != "" {
		return "must not have a fragment"
	}
	if addr, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]")); err == nil && !s.AllowPrivate && !public(addr) {
		return "must not be a private, loopback or link-local address"
	}
	return ""
}

// Test sends a signed TEST ping to accountID's endpoint id, records it in the endpoint's
// delivery log and reports whether the endpoint answered 2xx.
func (s *Service) Test(ctx context.Context, accountID, id string) (bool, error) {
	w, err := s.Store.Webhook(ctx, accountID, id)
	if err != nil {
		return false, err
	}
	now := s.Store.Now()
	eventID := store.NewEventID()
	body, err := json.Marshal(store.WebhookPayload{
		ID: eventID, Type: "TEST", OccurredAt: now, AccountID: accountID, Webhook: &store.WebhookRef{ID: w.ID},
	})
	if err != nil {
		return false, err
	}
	code, sendErr := s.Sender.Send(ctx, w.URL, w.Secret, body)
	d := models.WebhookDelivery{
		WebhookID: w.ID, EventID: eventID, EventType: "TEST", Payload: string(body), Attempts: 1,
		CreatedAt: now, NextAttemptAt: now, LastAttemptAt: &now, Status: models.DeliveryDelivered, DeliveredAt: &now,
	}
	if code != 0 {
		d.LastStatusCode = &code
	}
	if sendErr != nil {
		msg := sendErr.Error()
		d.Status, d.DeliveredAt, d.LastError = models.DeliveryFailed, nil, &msg
	}
	if err := s.Store.RecordWebhookDelivery(context.WithoutCancel(ctx), d); err != nil {
		return false, err
	}
	return sendErr == nil, nil
}
