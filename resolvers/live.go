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

// sessionEvents turns one delivery of events into what sessionEvents sends: each change with
// its session as it is now, loaded in one query for the whole delivery. A session the store no
// longer finds is skipped.
func (r *Resolver) sessionEvents(ctx context.Context, accountID string, evs []events.Event) ([]*models.SessionEvent, error) {
	ids := make([]string, len(evs))
	for i, ev := range evs {
		ids[i] = ev.SessionID
	}
	sessions, err := r.Store.SessionsInAccount(ctx, accountID, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*models.SessionEvent, 0, len(evs))
	for _, ev := range evs {
		s, ok := sessions[ev.SessionID]
		if !ok {
			continue
		}
		kind := models.SessionEventStarted
		if ev.Kind == events.SessionEnded {
			kind = models.SessionEventEnded
		}
		out = append(out, &models.SessionEvent{Type: kind, Session: &s, OccurredAt: ev.OccurredAt})
	}
	return out, nil
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
