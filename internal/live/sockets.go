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
	// Grace lets currentSessionEnded reach the client before the close frame does.
	Grace time.Duration

	mu        sync.Mutex
	bySession map[string]map[Closer]string // socket → account id
}

// NewSockets tracks sockets, closing them on the session events hub delivers.
func NewSockets(s *store.Store, hub *events.Hub) *Sockets {
	return &Sockets{Store: s, Hub: hub, Grace: 200 * time.Millisecond, bySession: map[string]map[Closer]string{}}
}

// Add tracks c as authenticated by session; the returned func forgets it. If the session ended
// in the moment before Add, c is closed at once. ok is false, and c untracked, when the session
// already has MaxSocketsPerSession sockets here.
func (s *Sockets) Add(ctx context.Context, session models.Session, c Closer) (remove func(), ok bool) {
	s.mu.Lock()
	if len(s.bySession[session.ID]) >= MaxSocketsPerSession {
		s.mu.Unlock()
		return nil, false
	}
	if s.bySession[session.ID] == nil {
		s.bySession[session.ID] = map[Closer]string{}
	}
	s.bySession[session.ID][c] = session.AccountID
	s.mu.Unlock()
	remove = func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.bySession[session.ID], c)
		if len(s.bySession[session.ID]) == 0 {
			delete(s.bySession, session.ID)
		}
	}
	if current, err := s.Store.SessionInAccount(ctx, session.AccountID, session.ID); err == nil && !current.IsActive() {
		s.close(session.ID, current.EndReason)
	}
	return remove, true
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
		sub := s.Hub.Subscribe(events.Filter{Kind: events.SessionEnded})
		s.recheck(ctx)
		s.follow(ctx, sub)
		sub.Close()
	}
}

func (s *Sockets) follow(ctx context.Context, sub *events.Subscription) {
	for {
		select {
		case <-ctx.Done():
			return
		case evs, ok := <-sub.C:
			if !ok {
				return
			}
			for _, ev := range evs {
				reason := ev.Reason
				go s.closeAfterGrace(ev.SessionID, &reason)
			}
		}
	}
}

func (s *Sockets) closeAfterGrace(sessionID string, reason *models.SessionEndReason) {
	s.mu.Lock()
	_, tracked := s.bySession[sessionID]
	s.mu.Unlock()
	if !tracked {
		return
	}
	time.Sleep(s.Grace)
	s.close(sessionID, reason)
}

// recheck closes the tracked sockets whose sessions ended meanwhile.
func (s *Sockets) recheck(ctx context.Context) {
	s.mu.Lock()
	tracked := make(map[string]string, len(s.bySession))
	for id, socks := range s.bySession {
		for _, account := range socks {
			tracked[id] = account
		}
	}
	s.mu.Unlock()
	for id, account := range tracked {
		if current, err := s.Store.SessionInAccount(ctx, account, id); err == nil && !current.IsActive() {
			s.close(id, current.EndReason)
		}
	}
}

func (s *Sockets) close(sessionID string, reason *models.SessionEndReason) {
	s.mu.Lock()
	socks := make([]Closer, 0, len(s.bySession[sessionID]))
	for c := range s.bySession[sessionID] {
		socks = append(socks, c)
	}
	s.mu.Unlock()
	for _, c := range socks {
		c.CloseWith(CloseSessionEnded, CloseReason(reason))
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
		for c := range m {
			socks = append(socks, c)
		}
	}
	s.mu.Unlock()
	for _, c := range socks {
		c.CloseWith(code, reason)
	}
}
