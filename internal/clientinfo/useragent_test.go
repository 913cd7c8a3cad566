package clientinfo_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"sessionguard/internal/clientinfo"
)

func TestUserAgentIsStoredBoundedAndValid(t *testing.T) {
	long := "curl/8.5.0 " + strings.Repeat("x", 2*clientinfo.MaxUserAgent)
	// 'é' is two bytes: 511 bytes of 'a' put one across the 512-byte limit.
	straddling := strings.Repeat("a", clientinfo.MaxUserAgent-1) + "é"
	cases := []struct{ name, in, want string }{
		{"ordinary", "  Mozilla/5.0 (X11; Linux x86_64)  ", "Mozilla/5.0 (X11; Linux x86_64)"},
		{"too long", long, long[:clientinfo.MaxUserAgent]},
		{"cut inside a character", straddling, strings.Repeat("a", clientinfo.MaxUserAgent-1)},
		{"bytes that are not UTF-8", "curl/8.5.0 (\xff\xfe) \xc3", "curl/8.5.0 (\uFFFD) \uFFFD"},
		{"empty", "   ", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := clientinfo.UserAgent(tc.in)
			if got != tc.want {
				t.Errorf("UserAgent: got %q (%d bytes), want %q (%d bytes)", got, len(got), tc.want, len(tc.want))
			}
			if !utf8.ValidString(got) || len(got) > clientinfo.MaxUserAgent {
				t.Errorf("UserAgent returned %d bytes, valid UTF-8 %v", len(got), utf8.ValidString(got))
			}
		})
	}
}
