package models

import "time"

// The absolute lifetime caps how long a session lasts, counted from its login however active it
// is (OWASP ASVS 7.3.2). Unlike the idle rule it needs no grace: login_at is written once, in the
// login's own transaction, so every replica reads the same moment and the rule is exact.

// AbsoluteLifetime returns the configured lifetime, or nil when none was ever set.
func (p *SessionPolicy) AbsoluteLifetime() *IdleTimeout {
	return configured(p.AbsoluteLifetimeValue, p.AbsoluteLifetimeUnit)
}

// LifetimeLimit returns the absolute lifetime in force, or 0 when sessions live until something
// else ends them.
func (p *SessionPolicy) LifetimeLimit() time.Duration {
	return inForce(p.AbsoluteLifetimeEnabled, p.AbsoluteLifetime())
}

// LifetimeEnd returns when s reaches (or reached) its lifetime under p, and false when p has no
// absolute lifetime: Session.expiresAt, and the endedAt of a MAX_LIFETIME ending.
func (p *SessionPolicy) LifetimeEnd(s *Session) (time.Time, bool) {
	limit := p.LifetimeLimit()
	if limit == 0 {
		return time.Time{}, false
	}
	return s.LoginAt.Add(limit), true
}

// LifetimeCutoff returns the latest login that is past its lifetime at now under p (those
// sessions have login_at <= cutoff), and false when p has no absolute lifetime. It is the
// lifetime rule of CheckValidity in a form SQL can use.
func (p *SessionPolicy) LifetimeCutoff(now time.Time) (time.Time, bool) {
	limit := p.LifetimeLimit()
	if limit == 0 {
		return time.Time{}, false
	}
	return now.Add(-limit), true
}
