package webhooks

import (
	"crypto/hmac"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Tolerance is how old a signed timestamp a receiver should accept: older ones may be replays.
const Tolerance = 5 * time.Minute

// Verify checks header against body as a receiver would (README, "Webhooks"): a v1 signature
// made with secret, at a time within Tolerance of now.
func Verify(secret, header string, body []byte, now time.Time) error {
	var ts string
	var sigs []string
	for part := range strings.SplitSeq(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("webhooks: signature has no timestamp")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > Tolerance || d < -Tolerance {
		return errors.New("webhooks: signature timestamp outside the tolerance")
	}
	want := sign(secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			return nil
		}
	}
	return errors.New("webhooks: no matching v1 signature")
}
