package resolvers

import (
	"context"

	"sessionguard/internal/apperr"
	"sessionguard/internal/events"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// sessionEventsFilter selects the session events p may watch: their account's, or one user's
// (userID); members only their own.
func (r *Resolver) sessionEventsFilter(ctx context.Context, p *store.Principal, userID *string) (events.Filter, error) {
	filter := events.Filter{AccountID: p.User.AccountID, Kinds: sessionKinds}
	if userID != nil {
		// Looked up first: another account's user is NOT_FOUND for members too.
		if _, err := r.Store.UserInAccount(ctx, p.User.AccountID, *userID); err != nil {
			return filter, err
		}
		if !p.User.IsAdmin() && *userID != p.User.ID {
			return filter, apperr.New(apperr.Forbidden, "members may only watch their own sessions")
		}
		filter.UserID = *userID
	} else if !p.User.IsAdmin() {
		filter.UserID = p.User.ID
	}
	return filter, nil
}

// sessionKinds are the events sessionEvents shows: its subscribers are not woken for others.
var sessionKinds = []events.Kind{events.SessionStarted, events.SessionEnded}

// auditEntries turns one delivery of events into the audit entries p may read, loaded after
// they were written, in one query for the delivery.
func (r *Resolver) auditEntries(ctx context.Context, p *store.Principal, evs []events.Event) ([]*models.AuditEvent, error) {
	ids := make([]string, 0, len(evs))
	for _, ev := range evs {
		ids = append(ids, ev.AuditID)
	}
	q := store.AuditScope(p)
	entries, err := r.Store.AuditEventsByIDs(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*models.AuditEvent, len(entries))
	for i := range entries {
		out[i] = &entries[i]
	}
	return out, nil
}

// sessionEvents turns one delivery of events into what sessionEvents sends: each change with
// its session as loaded after the change, in one query for the whole delivery, shared by every
// subscriber the change reaches (see sharedLoads). A session the store no longer finds is
// skipped.
func (r *Resolver) sessionEvents(ctx context.Context, accountID string, evs []events.Event) ([]*models.SessionEvent, error) {
	sessions, err := r.loads.sessions(ctx, r.Store, accountID, evs)
	if err != nil {
		return nil, err
	}
	out := make([]*models.SessionEvent, 0, len(evs))
	for i, ev := range evs {
		if sessions[i] == nil {
			continue
		}
		kind := models.SessionEventStarted
		if ev.Kind == events.SessionEnded {
			kind = models.SessionEventEnded
		}
		s := *sessions[i] // the subscriber's own copy: resolvers below may take it as theirs
		out = append(out, &models.SessionEvent{Type: kind, Session: &s, OccurredAt: ev.OccurredAt})
	}
	return out, nil
}

// endedSession returns p's session if it has ended.
func (r *Resolver) endedSession(ctx context.Context, p *store.Principal) (*models.Session, bool) {
	s, err := r.Store.SessionInAccount(ctx, p.User.AccountID, p.Session.ID)
	if err != nil || s.IsActive() {
		return nil, false
	}
	return &s, true
}

// currentPolicy returns accountID's session policy, if it can be read.
func (r *Resolver) currentPolicy(ctx context.Context, accountID string) (*models.SessionPolicy, bool) {
	policy, err := r.Store.Policy(ctx, accountID)
	return &policy, err == nil
}
