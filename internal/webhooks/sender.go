package webhooks

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

const (
	// Timeout bounds one delivery attempt, connection to last byte.
	Timeout = 10 * time.Second
	// responseLimit is how much of a response is read: only the status matters, and reading a
	// little lets the connection be reused.
	responseLimit = 4 << 10
	// userAgent names the sender to receivers.
	userAgent = "sessionguard-webhooks/1"
)

// Sender POSTs signed payloads.
type Sender struct {
	client *http.Client
	now    func() time.Time
}

// NewSender sends with the clock now (the signature's timestamp). Unless allowPrivate, it
// refuses to connect to private, loopback and link-local addresses.
func NewSender(allowPrivate bool, now func() time.Time) *Sender {
	dialer := &net.Dialer{Timeout: Timeout}
	if !allowPrivate {
		dialer.Control = refusePrivate
	}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would connect for us, past refusePrivate
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   Timeout,
		ResponseHeaderTimeout: Timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &Sender{now: now, client: &http.Client{
		Transport: transport,
		Timeout:   Timeout,
		// A redirect is not a delivery: it could lead anywhere, and the endpoint is its URL.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Send POSTs body to url signed with secret and returns the response's status code (0 when
// there was none); err is nil only for a 2xx answer.
func (s *Sender) Send(ctx context.Context, url, secret string, body []byte) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("webhooks: unable to build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set(SignatureHeader, Signature(secret, s.now(), body))
	res, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, responseLimit))
	res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		// Stored as the delivery's lastError, which people read: no package prefix.
		return res.StatusCode, fmt.Errorf("the endpoint answered %s", res.Status)
	}
	return res.StatusCode, nil
}

// CloseIdleConnections closes the kept-alive connections to endpoints, and their goroutines.
func (s *Sender) CloseIdleConnections() { s.client.CloseIdleConnections() }
