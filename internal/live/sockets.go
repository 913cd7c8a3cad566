// Package live keeps websockets honest: it authenticates them, tracks which session each one
// belongs to, and closes them when that session ends, on whichever replica ended it.
package live

import (
	"context"
	"sync"
	"time"

	"sessionguard/internal/events"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// Close codes sent to websocket clients.
const (
	// CloseSessionEnded: the session that authenticated the socket ended; the reason says why.
	CloseSessionEnded = 4401
	// CloseUnauthorized: connection_init came without a valid session.
	CloseUnauthorized = 4403
	// CloseTooManySockets: the session already has MaxSocketsPerSession sockets on this server.
	// Not 4429, which graphql-ws reserves for a different refusal and never retries: a client may
	// retry this one later, once another tab has closed.
	CloseTooManySockets = 4430
)

// Limits that keep one session from holding a server's memory: every socket and every
// subscription costs a goroutine and a buffer. A browser needs one socket per tab and a few
// subscriptions per socket.
const (
	MaxSocketsPerSession      = 32 // per server process
	MaxSubscriptionsPerSocket = 50
)

// Closer is a socket that can be closed with a code and a reason.
type Closer interface {
	CloseWith(code int, reason string)
}

// Sockets maps sessions to their open websockets.
type Sockets struct {
	Store *store.Store
	Hub   *events.Hub
	// PayloadWait bounds how long a revoked socket waits for its currentSessionEnded payloads
	// to be written (see HoldCloseUntilDone) before it closes all the same.
	PayloadWait time.Duration

	mu        sync.Mutex
	bySession map[string]map[*socket]struct{}
}

// NewSockets tracks sockets, closing them on the session events hub delivers.
func NewSockets(s *store.Store, hub *events.Hub) *Sockets {
	return &Sockets{Store: s, Hub: hub, PayloadWait: 500 * time.Millisecond, bySession: map[string]map[*socket]struct{}{}}
}

// add tracks c as authenticated by session; the returned func forgets it. If the session ended
// in the moment before add, c is closed at once. ok is false, and c untracked, when the session
// already has MaxSocketsPerSession sockets here.
func (s *Sockets) add(ctx context.Context, session models.Session, c Closer) (remove func(), sock *socket, ok bool) {
	sock = &socket{conn: c, accountID: session.AccountID}
	s.mu.Lock()
	if len(s.bySession[session.ID]) >= MaxSocketsPerSession {
		s.mu.Unlock()
		return nil, nil, false
	}
	if s.bySession[session.ID] == nil {
		s.bySession[session.ID] = map[*socket]struct{}{}
	}
	s.bySession[session.ID][sock] = struct{}{}
	s.mu.Unlock()
	remove = func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.bySession[session.ID], sock)
		if len(s.bySession[session.ID]) == 0 {
			delete(s.bySession, session.ID)
		}
	}
	if current, err := s.Store.SessionInAccount(ctx, session.AccountID, session.ID); err == nil && !current.IsActive() {
		s.close(session.ID, current.EndReason)
	}
	return remove, sock, true
}

// Count is how many sockets are open, for tests and metrics.
func (s *Sockets) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, m := range s.bySession {
		n += len(m)
	}
	return n
}

// Run closes sockets as their sessions end, until ctx ends. When event delivery breaks, it
// rechecks every tracked session against the database, since an end may have been missed.
func (s *Sockets) Run(ctx context.Context) {
	for ctx.Err() == nil {
		sub := s.Hub.Subscribe(events.Filter{Kinds: []events.Kind{events.SessionEnded, events.APIKeyRevoked}})
		s.recheck(ctx)
		s.follow(ctx, sub)
		sub.Close()
	}
}

func (s *Sockets) follow(ctx context.Context, sub *events.Subscription) {
	for {
		evs, ok := sub.Receive(ctx)
		if !ok {
			return
		}
		for _, ev := range evs {
			if ev.Kind == events.APIKeyRevoked {
				s.closeSockets(keyHolder(ev.APIKeyID), "API key revoked")
				continue
			}
			reason := ev.Reason
			s.close(ev.SessionID, &reason)
		}
	}
}

// recheck closes the tracked sockets whose sessions ended meanwhile.
func (s *Sockets) recheck(ctx context.Context) {
	s.mu.Lock()
	tracked := make(map[string]string, len(s.bySession))
	for id, socks := range s.bySession {
		for sock := range socks {
			tracked[id] = sock.accountID
		}
	}
	s.mu.Unlock()
	for id, account := range tracked {
		if keyID, ok := heldByKey(id); ok {
			s.recheckKey(ctx, keyID)
			continue
		}
		if current, err := s.Store.SessionInAccount(ctx, account, id); err == nil && !current.IsActive() {
			s.close(id, current.EndReason)
		}
	}
}

// close closes sessionID's sockets, each once its currentSessionEnded payloads are written, in
// the background: one socket waiting for its payload delays neither the others nor the events
// that follow.
func (s *Sockets) close(sessionID string, reason *models.SessionEndReason) {
	s.closeSockets(sessionID, CloseReason(reason))
}

// closeSockets closes the sockets tracked under holder (a session's id, or keyHolder's) with
// CloseSessionEnded and reason.
func (s *Sockets) closeSockets(sessionID, reason string) {
	s.mu.Lock()
	socks := make([]*socket, 0, len(s.bySession[sessionID]))
	for sock := range s.bySession[sessionID] {
		socks = append(socks, sock)
	}
	s.mu.Unlock()
	for _, sock := range socks {
		go sock.closeWhenSettled(s.PayloadWait, CloseSessionEnded, reason)
	}
}

// CloseReason is what a client can show when its session ended: the reason in words.
func CloseReason(reason *models.SessionEndReason) string {
	var r models.SessionEndReason // unknown: "session ended"
	if reason != nil {
		r = *reason
	}
	return r.Text()
}

// CloseAll closes every tracked socket with code and reason (shutdown).
func (s *Sockets) CloseAll(code int, reason string) {
	s.mu.Lock()
	var socks []Closer
	for _, m := range s.bySession {
		for sock := range m {
			socks = append(socks, sock.conn)
		}
	}
	s.mu.Unlock()
	for _, c := range socks {
		c.CloseWith(code, reason)
	}
}
