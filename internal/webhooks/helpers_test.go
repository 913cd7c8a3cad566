package webhooks_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/store"
)

// allowPrivate lets the server deliver to the tests' receivers on 127.0.0.1.
func allowPrivate(c *app.Config) { c.WebhookAllowPrivate = true }

// pollFast makes the worker look for due deliveries every few milliseconds.
func pollFast(c *app.Config) { c.WebhookInterval = 10 * time.Millisecond }

// received is one request a receiver got.
type received struct {
	signature string
	body      []byte
	payload   store.WebhookPayload
}

// receiver is an endpoint that records what it gets and answers failures first, then 204.
type receiver struct {
	*httptest.Server
	failures atomic.Int32 // answered 500 while positive
	mu       sync.Mutex
	got      []received
}

func newReceiver(t *testing.T, tls bool) *receiver {
	t.Helper()
	r := &receiver{}
	handler := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		var p store.WebhookPayload
		_ = json.Unmarshal(body, &p)
		r.mu.Lock()
		r.got = append(r.got, received{signature: req.Header.Get("X-Sessionguard-Signature"), body: body, payload: p})
		r.mu.Unlock()
		if r.failures.Add(-1) >= 0 {
			http.Error(w, "not today", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	if tls {
		r.Server = httptest.NewTLSServer(handler)
	} else {
		r.Server = httptest.NewServer(handler)
	}
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// waitFor polls cond for up to 20 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

const mutationCreateWebhook = `mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { id url events createdAt } }
}`

const queryWebhooks = `{ webhooks { id url events deliveries {
  eventId eventType status attempts lastStatusCode lastError lastAttemptAt deliveredAt nextAttemptAt } } }`

type delivery struct {
	EventID        string
	EventType      string
	Status         string
	Attempts       int
	LastStatusCode *int
	LastError      *string
	LastAttemptAt  *time.Time
	DeliveredAt    *time.Time
	NextAttemptAt  *time.Time
}

type webhook struct {
	ID         string
	URL        string
	Events     []string
	Deliveries []delivery
}

// createWebhook adds an endpoint as admin and returns its id and secret.
func createWebhook(t *testing.T, admin *apitest.Client, url string, events ...string) (string, string) {
	t.Helper()
	var out struct {
		CreateWebhook struct {
			Secret  string
			Webhook webhook
		}
	}
	admin.Do(t, mutationCreateWebhook, map[string]any{"input": map[string]any{"url": url, "events": events}}).MustDecode(t, &out)
	return out.CreateWebhook.Webhook.ID, out.CreateWebhook.Secret
}

// webhooksOf lists admin's account's endpoints with their delivery logs.
func webhooksOf(t *testing.T, admin *apitest.Client) map[string]webhook {
	t.Helper()
	var out struct{ Webhooks []webhook }
	admin.Do(t, queryWebhooks, nil).MustDecode(t, &out)
	byID := map[string]webhook{}
	for _, w := range out.Webhooks {
		byID[w.ID] = w
	}
	return byID
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
