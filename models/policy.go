package models

import (
	"math"
	"time"
)

// Limits on policy values.
const (
	MaxSessionLimit     = 100
	MaxIdleTimeout      = 90 * 24 * time.Hour
	MaxAbsoluteLifetime = 90 * 24 * time.Hour
)

// SessionPolicy is an account's session rules. One row per account.
type SessionPolicy struct {
	AccountID             string `gorm:"primaryKey"`
	LimitMultipleSessions bool
	MaxConcurrentSessions int
	WhenLimitReached      LimitBehavior
	IdleTimeoutEnabled    bool
	IdleTimeoutValue      *int
	IdleTimeoutUnit       *TimeUnit
	// The absolute lifetime: sessions end this long after their login, however active
	// (lifetime.go). Kept while disabled, like the idle timeout, so the form can show it again.
	AbsoluteLifetimeEnabled bool
	AbsoluteLifetimeValue   *int
	AbsoluteLifetimeUnit    *TimeUnit
	// RoleOverrides are the roles' overrides of these values (role_policy.go), at most one per
	// role, stored in their own table and saved with this row. ForRole applies them.
	RoleOverrides []RoleSessionPolicy `gorm:"-"`
	Version       int64               // bumped on every change, so events and caches can tell policies apart
	UpdatedAt     *time.Time          `gorm:"autoUpdateTime:false"`
	UpdatedByID   *string
}

// DefaultPolicy is the policy of a new account: one session per user, no idle timeout, no
// absolute lifetime.
func DefaultPolicy(accountID string) SessionPolicy {
	return SessionPolicy{
		AccountID:             accountID,
		MaxConcurrentSessions: 1,
		WhenLimitReached:      EvictOldest,
		Version:               1,
	}
}

// IdleTimeout is a length of inactivity in a unit, as the admin entered it.
type IdleTimeout struct {
	Value int
	Unit  TimeUnit
}

// Duration converts the timeout to a time.Duration, saturating at the longest one: a huge value
// (never accepted by PolicyChange.Apply, but a row can hold one) must not wrap into a short or
// negative timeout.
func (t IdleTimeout) Duration() time.Duration {
	unit := unitLength(t.Unit)
	if int64(t.Value) > int64(math.MaxInt64/unit) {
		return math.MaxInt64
	}
	return time.Duration(t.Value) * unit
}

func unitLength(u TimeUnit) time.Duration {
	switch u {
	case Hours:
		return time.Hour
	case Days:
		return 24 * time.Hour
	default:
		return time.Minute
	}
}

// EffectiveMaxConcurrentSessions is the limit in force: without a configured limit, one.
func (p *SessionPolicy) EffectiveMaxConcurrentSessions() int {
	if !p.LimitMultipleSessions || p.MaxConcurrentSessions < 1 {
		return 1
	}
	return p.MaxConcurrentSessions
}

// IdleTimeout returns the configured timeout, or nil when none was ever set.
func (p *SessionPolicy) IdleTimeout() *IdleTimeout {
	return configured(p.IdleTimeoutValue, p.IdleTimeoutUnit)
}

// IdleLimit returns the idle timeout in force, or 0 when sessions never go idle.
func (p *SessionPolicy) IdleLimit() time.Duration {
	return inForce(p.IdleTimeoutEnabled, p.IdleTimeout())
}

// configured returns a stored value and unit together, or nil when either was never set.
func configured(value *int, unit *TimeUnit) *IdleTimeout {
	if value == nil || unit == nil {
		return nil
	}
	return &IdleTimeout{Value: *value, Unit: *unit}
}

// inForce returns the length of a setting while enabled, or 0 for none. A setting of less than
// one unit (never accepted by PolicyChange.Apply) counts as none rather than ending every
// session at once.
func inForce(enabled bool, t *IdleTimeout) time.Duration {
	if !enabled || t == nil || t.Value < 1 {
		return 0
	}
	return t.Duration()
}

// Impact is what a policy would end among the active sessions that exist now. Each session is
// in one list only: the one of the reason it would end with.
type Impact struct {
	Idle     []Session // idle longer than the policy's timeout
	Lifetime []Session // older than the policy's absolute lifetime (and not idle before that)
	Excess   []Session // valid, but above the limit: each user's oldest first
}

// ImpactOn computes which of active (ordered by user, then login time) p would end at now: each
// user's sessions under their role's policy (ForRole; roleOf maps user ids to roles, and a user
// it lacks obeys the account's policy).
func (p *SessionPolicy) ImpactOn(active []Session, roleOf map[string]Role, now time.Time) Impact {
	var impact Impact
	for start := 0; start < len(active); {
		end := start
		for end < len(active) && active[end].UserID == active[start].UserID {
			end++
		}
		rp := p.ForRole(roleOf[active[start].UserID])
		verdicts := rp.Judge(active[start:end], now)
		impact.Idle = append(impact.Idle, verdicts.Idle...)
		impact.Lifetime = append(impact.Lifetime, verdicts.Lifetime...)
		if n, max := len(verdicts.Live), rp.EffectiveMaxConcurrentSessions(); n > max {
			impact.Excess = append(impact.Excess, verdicts.Live[:n-max]...)
		}
		start = end
	}
	return impact
}

// Count is how many sessions would end in all.
func (i Impact) Count() int { return len(i.Idle) + len(i.Lifetime) + len(i.Excess) }

// UsersAffected counts the distinct users who would lose a session.
func (i Impact) UsersAffected() int {
	users := map[string]struct{}{}
	for _, list := range [][]Session{i.Idle, i.Lifetime, i.Excess} {
		for _, s := range list {
			users[s.UserID] = struct{}{}
		}
	}
	return len(users)
}
