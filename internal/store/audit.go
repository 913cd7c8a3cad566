package store

import (
	"context"
	"encoding/json"
	"fmt"

	"sessionguard/internal/events"
	"sessionguard/models"
)

// Origin is who makes a change and from where, as its audit entry records it. The zero Origin
// is the system's (the reaper, the activity flusher): no actor, no address.
type Origin struct {
	UserID, SessionID string // the actor; empty when nobody is signed in
	APIKeyID          string // the actor when it is an API key (then UserID is empty)
	IP                string
	City, Device      *string
}

// OriginSource describes the request a change comes from. auth.Request is one; the store asks
// only when it writes an audit entry, so a request that changes nothing never computes it.
type OriginSource interface {
	Origin() Origin
}

type originKey struct{}

// WithOrigin tells the store's changes made with ctx where they come from.
func WithOrigin(ctx context.Context, src OriginSource) context.Context {
	return context.WithValue(ctx, originKey{}, src)
}

// originOf returns where ctx's changes come from; the system's when nobody said.
func originOf(ctx context.Context) Origin {
	if src, ok := ctx.Value(originKey{}).(OriginSource); ok && src != nil {
		return src.Origin()
	}
	return Origin{}
}

// RecordAudit writes one entry on its own, for what changes nothing else (a login refused at
// the session limit): everything that changes data writes its entry in its own transaction.
func (s *Store) RecordAudit(ctx context.Context, e models.AuditEvent) error {
	return s.inTx(ctx, func(t *txn) error { return t.audit(e) })
}

// audit writes e in t, the transaction of the change it describes: the entry exists exactly when
// the change does. Fields e leaves empty are filled in: its id and time, and its actor and
// address from the request t runs for (see Origin), unless e is the system's.
func (t *txn) audit(e models.AuditEvent) error {
	e.ID = newID()
	if e.OccurredAt.IsZero() {
		e.OccurredAt = t.store.Now()
	}
	if !systemAction(e) {
		o := t.origin()
		if e.ActorUserID == nil && o.UserID != "" {
			e.ActorUserID = &o.UserID
			if o.SessionID != "" {
				e.ActorSessionID = &o.SessionID
			}
		}
		if e.ActorUserID == nil && e.ActorAPIKeyID == nil && o.APIKeyID != "" {
			e.ActorAPIKeyID = &o.APIKeyID
		}
		if e.IP == nil && o.IP != "" {
			e.IP, e.City, e.Device = &o.IP, o.City, o.Device
		}
	}
	if err := t.Create(&e).Error; err != nil {
		return fmt.Errorf("store: unable to record audit entry: %w", err)
	}
	t.events = append(t.events, events.Event{Kind: events.AuditAdded, AccountID: e.AccountID, AuditID: e.ID, OccurredAt: e.OccurredAt})
	return nil
}

// systemAction reports whether e is the system's doing whoever's request noticed it: sessions
// ending by their own rules (idle, lifetime).
func systemAction(e models.AuditEvent) bool {
	if e.Action != models.AuditSessionsEnded || e.EndReason == nil {
		return false
	}
	return *e.EndReason == models.EndIdleTimeout || *e.EndReason == models.EndMaxLifetime
}

// origin is where t's change comes from, asked once.
func (t *txn) origin() Origin {
	if t.originKnown {
		return t.knownOrigin
	}
	t.knownOrigin, t.originKnown = originOf(t.ctx), true
	return t.knownOrigin
}

// actingAs makes userID the actor of t's entries from now on (a login's, before its session
// exists), from the request's address.
func (t *txn) actingAs(userID string) {
	o := t.origin()
	o.UserID, o.SessionID = userID, ""
	t.knownOrigin = o
}

// auditEnded records the sessions one call ended, as one entry per account: LOGOUT for a
// session its own user ended, else SESSIONS_ENDED with the reason. The count is exact; the ids
// are the first MaxAuditedSessionIDs. The target is the user whose sessions ended, when it is one.
func (t *txn) auditEnded(ended []models.Session, reason models.SessionEndReason) error {
	byAccount := map[string][]models.Session{}
	var order []string
	for _, s := range ended {
		if _, ok := byAccount[s.AccountID]; !ok {
			order = append(order, s.AccountID)
		}
		byAccount[s.AccountID] = append(byAccount[s.AccountID], s)
	}
	for _, account := range order {
		if err := t.audit(endedEntry(account, byAccount[account], reason)); err != nil {
			return err
		}
	}
	return nil
}

func endedEntry(accountID string, ended []models.Session, reason models.SessionEndReason) models.AuditEvent {
	action := models.AuditSessionsEnded
	if reason == models.EndLogout {
		action = models.AuditLogout
	}
	ids := make([]string, 0, min(len(ended), models.MaxAuditedSessionIDs))
	target := &ended[0].UserID
	for i, s := range ended {
		if i < models.MaxAuditedSessionIDs {
			ids = append(ids, s.ID)
		}
		if target != nil && s.UserID != *target {
			target = nil
		}
	}
	count := len(ended)
	return models.AuditEvent{
		AccountID: accountID, Action: action, TargetUserID: target, EndReason: &reason,
		EndedSessionCount: &count, EndedSessionIDs: jsonText(ids),
	}
}

// jsonText is v as JSON text, for an entry's small structured fields.
func jsonText(v any) *string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("store: audit detail does not marshal: %v", err)) // our own plain values
	}
	s := string(b)
	return &s
}

// policyEntry is the audit entry of a policy change: its settings before and after, named as
// the API names them.
func policyEntry(before, after models.SessionPolicy) models.AuditEvent {
	return models.AuditEvent{
		AccountID: after.AccountID, Action: models.AuditPolicyUpdated, OccurredAt: *after.UpdatedAt,
		Details: jsonText(map[string]policySettings{"before": settingsOf(before), "after": settingsOf(after)}),
	}
}

// policySettings is what an administrator sets in a policy, without its bookkeeping.
type policySettings struct {
	LimitMultipleSessions   bool                       `json:"limitMultipleSessions"`
	MaxConcurrentSessions   int                        `json:"maxConcurrentSessions"`
	WhenLimitReached        models.LimitBehavior       `json:"whenLimitReached"`
	IdleTimeoutEnabled      bool                       `json:"idleTimeoutEnabled"`
	IdleTimeoutValue        *int                       `json:"idleTimeoutValue"`
	IdleTimeoutUnit         *models.TimeUnit           `json:"idleTimeoutUnit"`
	AbsoluteLifetimeEnabled bool                       `json:"absoluteLifetimeEnabled"`
	AbsoluteLifetimeValue   *int                       `json:"absoluteLifetimeValue"`
	AbsoluteLifetimeUnit    *models.TimeUnit           `json:"absoluteLifetimeUnit"`
	RoleOverrides           []models.RoleSessionPolicy `json:"roleOverrides"`
}

func settingsOf(p models.SessionPolicy) policySettings {
	return policySettings{
		LimitMultipleSessions: p.LimitMultipleSessions, MaxConcurrentSessions: p.MaxConcurrentSessions,
		WhenLimitReached: p.WhenLimitReached, IdleTimeoutEnabled: p.IdleTimeoutEnabled,
		IdleTimeoutValue: p.IdleTimeoutValue, IdleTimeoutUnit: p.IdleTimeoutUnit,
		AbsoluteLifetimeEnabled: p.AbsoluteLifetimeEnabled, AbsoluteLifetimeValue: p.AbsoluteLifetimeValue,
		AbsoluteLifetimeUnit: p.AbsoluteLifetimeUnit,
		RoleOverrides:        append([]models.RoleSessionPolicy{}, p.RoleOverrides...), // [] rather than null
	}
}

// userEntry is the audit entry of action on user u, with details (nil for none).
func userEntry(action models.AuditAction, u models.User, details any) models.AuditEvent {
	e := models.AuditEvent{AccountID: u.AccountID, Action: action, TargetUserID: &u.ID}
	if details != nil {
		e.Details = jsonText(details)
	}
	return e
}

// userChangeDetail names what an update changed, before and after.
func userChangeDetail(before, after models.User) map[string]any {
	changed := map[string]any{}
	if before.Name != after.Name {
		changed["name"] = map[string]string{"before": before.Name, "after": after.Name}
	}
	if before.Role != after.Role {
		changed["role"] = map[string]models.Role{"before": before.Role, "after": after.Role}
	}
	return changed
}
