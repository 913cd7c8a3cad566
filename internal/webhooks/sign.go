// Package webhooks delivers an account's events to its HTTPS endpoints: signed POSTs (Stripe's
// scheme), sent by a worker on every replica from the store's outbox, retried with backoff for a
// day, never to private addresses.
package webhooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"
)

// SignatureHeader carries a delivery's signature.
const SignatureHeader = "X-Sessionguard-Signature"

// secretPrefix marks a signing secret, so that one pasted in the wrong place is recognised.
const secretPrefix = "whsec_"

// NewSecret is a random 256-bit signing secret.
func NewSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return secretPrefix + hex.EncodeToString(b)
}

// Signature is the header value for body sent at t: t=<unix seconds>,v1=<hex HMAC-SHA256 of
// "<t>.<body>" keyed with the secret's bytes, as shown>.
func Signature(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return fmt.Sprintf("t=%s,v1=%s", ts, sign(secret, ts, body))
}

func sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts))
	mac.Write([]byte("."))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}
