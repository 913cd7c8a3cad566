package models

import "time"

// RoleSessionPolicy is one role's overrides of its account's session policy (issue 10: stricter
// rules for administrators than for members). A nil field inherits the account's value; a
// duration (the idle timeout, the absolute lifetime) is overridden as a whole, value and unit
// together, or inherited as a whole. One row per account and role.
type RoleSessionPolicy struct {
	AccountID               string         `gorm:"primaryKey" json:"-"`
	Role                    Role           `gorm:"primaryKey" json:"role"`
	LimitMultipleSessions   *bool          `json:"limitMultipleSessions"`
	MaxConcurrentSessions   *int           `json:"maxConcurrentSessions"`
	WhenLimitReached        *LimitBehavior `json:"whenLimitReached"`
	IdleTimeoutEnabled      *bool          `json:"idleTimeoutEnabled"`
	IdleTimeoutValue        *int           `json:"idleTimeoutValue"`
	IdleTimeoutUnit         *TimeUnit      `json:"idleTimeoutUnit"`
	AbsoluteLifetimeEnabled *bool          `json:"absoluteLifetimeEnabled"`
	AbsoluteLifetimeValue   *int           `json:"absoluteLifetimeValue"`
	AbsoluteLifetimeUnit    *TimeUnit      `json:"absoluteLifetimeUnit"`
}

// IdleTimeout returns the role's own idle timeout, or nil when it inherits the account's.
func (o *RoleSessionPolicy) IdleTimeout() *IdleTimeout {
	return configured(o.IdleTimeoutValue, o.IdleTimeoutUnit)
}

// AbsoluteLifetime returns the role's own absolute lifetime, or nil when it inherits the
// account's.
func (o *RoleSessionPolicy) AbsoluteLifetime() *IdleTimeout {
	return configured(o.AbsoluteLifetimeValue, o.AbsoluteLifetimeUnit)
}

// ForRole returns the policy a session of a user with role obeys: p with the role's overrides
// in place of the account's values. The result has no overrides of its own, so it can be held to
// every rule (CheckValidity, the limit) as an account's policy is. It allocates nothing: the
// request check calls it on every request.
func (p *SessionPolicy) ForRole(role Role) SessionPolicy {
	effective := *p
	effective.RoleOverrides = nil
	for i := range p.RoleOverrides {
		if o := &p.RoleOverrides[i]; o.Role == role {
			o.applyTo(&effective)
			break
		}
	}
	return effective
}

// applyTo puts o's set fields in place of p's.
func (o *RoleSessionPolicy) applyTo(p *SessionPolicy) {
	if o.LimitMultipleSessions != nil {
		p.LimitMultipleSessions = *o.LimitMultipleSessions
	}
	if o.MaxConcurrentSessions != nil {
		p.MaxConcurrentSessions = *o.MaxConcurrentSessions
	}
	if o.WhenLimitReached != nil {
		p.WhenLimitReached = *o.WhenLimitReached
	}
	if o.IdleTimeoutEnabled != nil {
		p.IdleTimeoutEnabled = *o.IdleTimeoutEnabled
	}
	if o.IdleTimeoutValue != nil && o.IdleTimeoutUnit != nil {
		p.IdleTimeoutValue, p.IdleTimeoutUnit = o.IdleTimeoutValue, o.IdleTimeoutUnit
	}
	if o.AbsoluteLifetimeEnabled != nil {
		p.AbsoluteLifetimeEnabled = *o.AbsoluteLifetimeEnabled
	}
	if o.AbsoluteLifetimeValue != nil && o.AbsoluteLifetimeUnit != nil {
		p.AbsoluteLifetimeValue, p.AbsoluteLifetimeUnit = o.AbsoluteLifetimeValue, o.AbsoluteLifetimeUnit
	}
}

// Roles lists every role, in the order the console shows them.
var Roles = []Role{RoleAdmin, RoleMember}

// ShortestIdleLimit is the shortest idle timeout in force for any role of p's account, or 0 when
// no role's sessions go idle: what a replica that does not know a session's role must assume.
func (p *SessionPolicy) ShortestIdleLimit() time.Duration {
	var shortest time.Duration
	for _, role := range Roles {
		rp := p.ForRole(role)
		if l := rp.IdleLimit(); l > 0 && (shortest == 0 || l < shortest) {
			shortest = l
		}
	}
	return shortest
}

// EndsByTime reports whether p ends sessions of some role by time (an idle timeout or an
// absolute lifetime in force): the reaper has work only in such accounts.
func (p *SessionPolicy) EndsByTime() bool {
	for _, role := range Roles {
		if rp := p.ForRole(role); rp.IdleLimit() > 0 || rp.LifetimeLimit() > 0 {
			return true
		}
	}
	return false
}

// JudgeByRole is Judge with each session held to its user's role's policy (roleOf as in
// ImpactOn), each group in the order given.
func (p *SessionPolicy) JudgeByRole(sessions []Session, roleOf map[string]Role, now time.Time) Verdicts {
	if len(p.RoleOverrides) == 0 {
		return p.Judge(sessions, now)
	}
	var v Verdicts
	for i := range sessions {
		rp := p.ForRole(roleOf[sessions[i].UserID])
		one := rp.Judge(sessions[i:i+1], now)
		v.Idle = append(v.Idle, one.Idle...)
		v.Lifetime = append(v.Lifetime, one.Lifetime...)
		v.Live = append(v.Live, one.Live...)
	}
	return v
}
