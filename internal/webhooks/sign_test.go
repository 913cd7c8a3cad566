package webhooks_test

import (
	"fmt"
	"testing"
	"time"

	"sessionguard/internal/webhooks"
)

func TestSignatureVerification(t *testing.T) {
	secret := webhooks.NewSecret()
	if len(secret) != len("whsec_")+64 || secret == webhooks.NewSecret() {
		t.Fatalf("secret %q is not 256 random bits", secret)
	}
	at := time.Unix(1_800_000_000, 0)
	body := []byte(`{"id":"e1","type":"SESSION_STARTED"}`)
	header := webhooks.Signature(secret, at, body)
	cases := []struct {
		name   string
		secret string
		header string
		body   []byte
		now    time.Time
		ok     bool
	}{
		{"as sent", secret, header, body, at, true},
		{"within the tolerance", secret, header, body, at.Add(webhooks.Tolerance), true},
		{"too old: a replay", secret, header, body, at.Add(webhooks.Tolerance + time.Second), false},
		{"another secret", webhooks.NewSecret(), header, body, at, false},
		{"a changed body", secret, header, []byte(`{"id":"e2","type":"SESSION_STARTED"}`), at, false},
		{"a moved timestamp", secret, fmt.Sprintf("t=%d,%s", at.Unix()+1, header[len("t=1800000000,"):]), body, at, false},
		{"no timestamp", secret, header[len("t=1800000000,"):], body, at, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := webhooks.Verify(tc.secret, tc.header, tc.body, tc.now); (err == nil) != tc.ok {
				t.Errorf("Verify = %v, want ok %v", err, tc.ok)
			}
		})
	}
}
