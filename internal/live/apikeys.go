package live

import (
	"context"
	"strings"
	"time"

	"sessionguard/internal/auth"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// An API key's websockets are tracked like a session's, under a holder id no session id can
// take, and closed when the key is revoked (events.APIKeyRevoked, on every replica) or found
// dead by a recheck after missed events. They count against MaxSocketsPerSession per key.

const keyHolderPrefix = "apikey:"

// keyHolder is the id key id's sockets are tracked under.
func keyHolder(id string) string { return keyHolderPrefix + id }

// heldByKey returns the key id of a holder id, when it is a key's.
func heldByKey(holder string) (string, bool) { return strings.CutPrefix(holder, keyHolderPrefix) }

// socketHolder is what p's socket is tracked under: its session, or its key's holder (a session
// that never ends by a session event, nor is found by id).
func socketHolder(p *store.Principal) models.Session {
	if p.APIKey != nil {
		return models.Session{ID: keyHolder(p.APIKey.ID), AccountID: p.APIKey.AccountID}
	}
	return p.Session
}

// recheckKey closes key id's sockets when it is no longer live.
func (s *Sockets) recheckKey(ctx context.Context, id string) {
	if live, err := s.Store.APIKeyLive(ctx, id, s.Store.Now()); err == nil && !live {
		s.closeSockets(keyHolder(id), "API key revoked or expired")
	}
}

// watchKey notes the use of key k by a new socket and closes the socket when k expires, and at
// once when k was revoked in the moment between its authentication and the socket's tracking
// (no event would tell). It returns remove, which also stops the expiry's timer.
func (s *Sockets) watchKey(ctx context.Context, k *models.APIKey, remove func()) func() {
	if ip := auth.RequestFrom(ctx).ClientIP; ip.IsValid() {
		s.Store.NoteAPIKeyUse(k.ID, s.Store.Now(), ip.String())
	}
	s.recheckKey(ctx, k.ID)
	if k.ExpiresAt == nil {
		return remove
	}
	timer := time.AfterFunc(k.ExpiresAt.Sub(s.Store.Now()), func() {
		s.closeSockets(keyHolder(k.ID), "API key expired")
	})
	return func() {
		timer.Stop()
		remove()
	}
}
