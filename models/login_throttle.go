package models

import "time"

// LoginLimit is a budget of failed logins: Burst failures, refilled one per Every.
type LoginLimit struct {
	Burst int
	Every time.Duration
}

// LoginThrottle is one key's bucket of failed-login tokens (a key is an email or a client
// address), shared by every replica. Only failures spend tokens for good: an attempt claims one
// before its password is checked and gives it back if the password was right, so parallel guesses
// cannot all pass a check made before any of them failed.
type LoginThrottle struct {
	Hash       string `gorm:"primaryKey"` // of the key: no raw emails or addresses at rest
	Tokens     float64
	RefilledAt time.Time
	FullAt     time.Time // when the bucket is full again; past it, an idle row can be deleted
	Pending    int       // attempts holding a token while their password is checked
}

// NewLoginThrottle is a full bucket for the key hashed to hash, at now.
func NewLoginThrottle(hash string, l LoginLimit, now time.Time) LoginThrottle {
	return LoginThrottle{Hash: hash, Tokens: float64(l.Burst), RefilledAt: now, FullAt: now}
}

// refill adds the tokens earned since RefilledAt; a clock that went back earns none.
func (t *LoginThrottle) refill(l LoginLimit, now time.Time) {
	if elapsed := now.Sub(t.RefilledAt); elapsed > 0 {
		t.Tokens = min(float64(l.Burst), t.Tokens+float64(elapsed)/float64(l.Every))
		t.RefilledAt = now
	}
}

// CanTake reports whether an attempt at now finds a token to claim.
func (t LoginThrottle) CanTake(l LoginLimit, now time.Time) bool {
	t.refill(l, now)
	return t.Tokens >= 1
}

// Take claims a token for an attempt at now; the caller checked CanTake.
func (t *LoginThrottle) Take(l LoginLimit, now time.Time) {
	t.refill(l, now)
	t.Tokens--
	t.Pending++
	t.updateFullAt(l)
}

// Settle ends an attempt: a failure keeps its token spent, anything else returns it.
func (t *LoginThrottle) Settle(l LoginLimit, failed bool, now time.Time) {
	t.refill(l, now)
	if !failed {
		t.Tokens = min(float64(l.Burst), t.Tokens+1)
	}
	t.Pending = max(0, t.Pending-1) // a row purged or reset meanwhile has nothing to release
	t.updateFullAt(l)
}

func (t *LoginThrottle) updateFullAt(l LoginLimit) {
	missing := max(0, float64(l.Burst)-t.Tokens)
	t.FullAt = t.RefilledAt.Add(time.Duration(missing * float64(l.Every)))
}
