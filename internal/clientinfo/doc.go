// Package clientinfo extracts what a session record should remember about
// the client behind an HTTP request: its real IP address (honouring
// X-Forwarded-For only from trusted proxies), a coarse geo location for that
// address, and a short human-readable device label from the User-Agent.
//
// Everything here is best-effort metadata shown to users so they can spot
// sessions they do not recognise; none of it is used for authentication.
package clientinfo
