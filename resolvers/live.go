package resolvers

import (
	"context"
	"strings"

	"golang.org/x/sync/singleflight"

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
// they were written, in one query for the delivery, shared by the subscribers of one scope
// (every administrator of the account) that load it at the same moment: one audit entry
// reaching a hundred open audit pages is one query, not a hundred.
func (r *Resolver) auditEntries(ctx context.Context, p *store.Principal, evs []events.Event) ([]*models.AuditEvent, error) {
	ids := make([]string, 0, len(evs))
	for _, ev := range evs {
		ids = append(ids, ev.AuditID)
	}
	q := store.AuditScope(p)
	key := q.AccountID + " " + strings.Join(ids, ",")
	if q.InvolvingUserID != nil {
		key += " involving " + *q.InvolvingUserID
	}
	loaded := r.auditLoads.DoChan(key, func() (any, error) {
		// Not the first caller's context: its leaving must not fail the others' load.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sharedLoadTimeout)
		defer cancel()
		return r.Store.AuditEventsByIDs(ctx, q, ids)
	})
	var res singleflight.Result
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case res = <-loaded:
	}
	if res.Err != nil {
		return nil, res.Err
	}
	entries := res.Val.([]models.AuditEvent) // shared: copied before handing out
	out := make([]*models.AuditEvent, len(entries))
	for i := range entries {
		e := entries[i]
		out[i] = &e
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
