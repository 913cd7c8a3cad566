package gqlhttp

import (
	"net/http"
	"strings"
)

// IsWebsocketUpgrade reports whether r asks to upgrade to a websocket: an Upgrade header (of
// one or several) lists the token "websocket", in any case. Every layer that treats upgrades
// apart (origin checks, activity, the websocket transport) asks this, so none disagrees about a
// request. Connection is not consulted: the upgrader refuses a request without it.
func IsWebsocketUpgrade(r *http.Request) bool {
	for _, v := range r.Header.Values("Upgrade") {
		for v != "" {
			var token string
			token, v, _ = strings.Cut(v, ",")
			if strings.EqualFold(strings.TrimSpace(token), "websocket") {
				return true
			}
		}
	}
	return false
}
