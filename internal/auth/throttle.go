package auth

import (
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"
)

// Throttle limits failed logins per key (an email, or an address). Only failures spend tokens,
// so an office of hundreds behind one NAT logging in correctly is never slowed down, while
// guessing runs out of tries. Keys live in an LRU so memory stays bounded under a spray of
// random emails. Limits are per process: with N replicas an attacker gets N times the budget.
type Throttle struct {
	every time.Duration
	burst int
	keys  *lru.Cache[string, *rate.Limiter]
}

// NewThrottle allows burst failures per key, refilled one per every.
func NewThrottle(burst int, every time.Duration, maxKeys int) *Throttle {
	keys, _ := lru.New[string, *rate.Limiter](maxKeys) // only fails for a non-positive size
	return &Throttle{every: every, burst: burst, keys: keys}
}

// Blocked reports whether key has no failures left at now.
func (t *Throttle) Blocked(key string, now time.Time) bool {
	l, ok := t.keys.Get(key)
	return ok && l.TokensAt(now) < 1
}

// Fail spends one of key's failures at now.
func (t *Throttle) Fail(key string, now time.Time) {
	l, ok := t.keys.Get(key)
	if !ok {
		l = rate.NewLimiter(rate.Every(t.every), t.burst)
		if prev, found, _ := t.keys.PeekOrAdd(key, l); found {
			l = prev
		}
	}
	l.AllowN(now, 1)
}
