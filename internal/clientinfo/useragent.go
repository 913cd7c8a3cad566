package clientinfo

import (
	"strings"
	"unicode/utf8"
)

// MaxUserAgent bounds the User-Agent stored with a session. Real ones are a few hundred bytes;
// the header is the client's to fill, and nobody should store a megabyte per login with it.
const MaxUserAgent = 512

// UserAgent is the header as a session stores it: trimmed, valid UTF-8 (PostgreSQL refuses
// anything else; each run of invalid bytes becomes U+FFFD), and cut to MaxUserAgent bytes on a
// character boundary.
func UserAgent(header string) string {
	ua := strings.ToValidUTF8(strings.TrimSpace(header), "\uFFFD")
	if len(ua) <= MaxUserAgent {
		return ua
	}
	cut := MaxUserAgent
	for cut > 0 && !utf8.RuneStart(ua[cut]) {
		cut--
	}
	return ua[:cut]
}
