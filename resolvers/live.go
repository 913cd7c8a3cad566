package resolvers

import (
	"context"
	"errors"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"sessionguard/internal/apperr"
	"sessionguard/internal/events"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// sessionEvent turns an event into what sessionEvents sends: the change with the session as it
// is now, or nil to skip a session the store no longer finds.
func (r *Resolver) sessionEvent(ctx context.Context, accountID string, ev events.Event) *models.SessionEvent {
	s, err := r.Store.SessionInAccount(ctx, accountID, ev.SessionID)
	if err != nil {
		return nil
	}
	kind := models.SessionEventStarted
	if ev.Kind == events.SessionEnded {
		kind = models.SessionEventEnded
	}
	return &models.SessionEvent{Type: kind, Session: &s, OccurredAt: ev.OccurredAt}
}

// streamError is the error that ends a sessionEvents stream whose delivery broke; the client
// refetches, then subscribes again. It bypasses the error presenter, so it carries its code.
func streamError(cause error) *gqlerror.Error {
	code, message := apperr.ResyncRequired, "session events were interrupted: refetch, then subscribe again"
	if errors.Is(cause, events.ErrSlowConsumer) {
		code, message = apperr.SlowConsumer, "too far behind on session events: refetch, then subscribe again"
	}
	return &gqlerror.Error{Message: message, Extensions: map[string]any{"code": string(code)}}
}

// endedSession returns p's session if it has ended, else nil.
func (r *Resolver) endedSession(ctx context.Context, p *store.Principal) *models.Session {
	s, err := r.Store.SessionInAccount(ctx, p.User.AccountID, p.Session.ID)
	if err != nil || s.IsActive() {
		return nil
	}
	return &s
}
