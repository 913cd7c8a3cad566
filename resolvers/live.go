package resolvers

import (
	"context"
	"errors"

	"sessionguard/internal/apperr"
	"sessionguard/internal/events"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// sessionEvent turns what a sessionEvents subscription received into what it sends: the event
// with the session as it is now, an error that ends the stream when delivery broke (ok false),
// or nil to skip (a session the store no longer finds).
func (r *Resolver) sessionEvent(ctx context.Context, accountID string, ev events.Event, ok bool, sub *events.Subscription) *models.SessionEvent {
	if !ok {
		err := apperr.New(apperr.ResyncRequired, "session events were interrupted: refetch, then subscribe again")
		if errors.Is(sub.Err(), events.ErrSlowConsumer) {
			err = apperr.New(apperr.SlowConsumer, "too far behind on session events: refetch, then subscribe again")
		}
		return &models.SessionEvent{Err: err}
	}
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

// endedSession returns p's session if it has ended, else nil.
func (r *Resolver) endedSession(ctx context.Context, p *store.Principal) *models.Session {
	s, err := r.Store.SessionInAccount(ctx, p.User.AccountID, p.Session.ID)
	if err != nil || s.IsActive() {
		return nil
	}
	return &s
}
