package clientinfo

import (
	"strings"

	"github.com/mileusna/useragent"
)

// UnknownDevice labels a non-empty User-Agent we cannot make sense of. A
// fixed label is shown instead of echoing the raw header, which is
// client-controlled and often long or junk.
const UnknownDevice = "Unknown device"

// maxProductLen bounds a product token taken from an unrecognised UA.
const maxProductLen = 40

// Device turns a User-Agent into a short label such as "Chrome 131 on
// macOS" or "curl 8", so users can recognise their sessions at a glance.
// Only the major version is kept: minor versions churn constantly and add
// noise. Parsing is delegated to github.com/mileusna/useragent; this
// function only formats its result and rejects names that are not plausible
// product tokens. An empty UA yields "".
func Device(userAgent string) string {
	userAgent = strings.TrimSpace(userAgent)
	if userAgent == "" {
		return ""
	}
	ua := useragent.Parse(userAgent)
	name := ua.Name
	if name == ua.String || !isProductToken(name) {
		name = "" // the library's fallback is the whole raw string
	}
	major := leadingDigits(ua.Version)
	if major == "" {
		// A versionless name is usually a stray token the library guessed
		// at ("Win64", a garbage word), not a browser; fall back to the OS.
		name = ""
	}
	label := name
	if name != "" {
		label += " " + major
	}
	switch {
	case label != "" && ua.OS != "":
		return label + " on " + ua.OS
	case label != "":
		return label
	case ua.OS != "":
		return ua.OS
	default:
		return UnknownDevice
	}
}

// isProductToken accepts short names made of letters, digits, spaces and
// "-._", starting with a letter (e.g. "Samsung Browser", "python-requests").
func isProductToken(s string) bool {
	if s == "" || len(s) > maxProductLen {
		return false
	}
	for i, c := range s {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if i == 0 && !letter {
			return false
		}
		if !letter && !(c >= '0' && c <= '9') && !strings.ContainsRune(" -._", c) {
			return false
		}
	}
	return true
}

// leadingDigits returns the major version: the digits before the first
// non-digit ("131.0.6778.86" → "131"), or "" if there are none.
func leadingDigits(v string) string {
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	return v[:i]
}
