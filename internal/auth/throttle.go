package auth

import (
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// Throttle limits failed logins per key (an email, or an address) with a token bucket: burst
// failures, refilled one per every. Only failures spend tokens, so an office of hundreds behind
// one NAT logging in correctly is never slowed down, while guessing runs out of tries.
//
// Parallel guesses must not all pass a check made before any of them failed, so an attempt
// claims a token before its password is checked and gives it back if it succeeds. When every
// token is claimed by attempts still in flight, a new attempt waits for them instead of being
// refused: they may succeed and return their tokens. (x/time/rate's reservations cannot wait for
// a cancellation, hence this small bucket of our own.)
//
// Keys live in an LRU so memory stays bounded under a spray of random emails. Limits are per
// process: with N replicas an attacker gets N times the budget.
type Throttle struct {
	every time.Duration
	burst float64
	keys  *lru.Cache[string, *bucket]
}

// NewThrottle allows burst failures per key, refilled one per every.
func NewThrottle(burst int, every time.Duration, maxKeys int) *Throttle {
	keys, _ := lru.New[string, *bucket](maxKeys) // only fails for a non-positive size
	return &Throttle{every: every, burst: float64(burst), keys: keys}
}

type bucket struct {
	mu      sync.Mutex
	settled *sync.Cond // signalled whenever an attempt in flight ends
	tokens  float64
	at      time.Time // when tokens was last refilled
	pending int       // attempts holding a token while their password is checked
}

// Attempt is one login attempt's claim on a key's failure budget. Exactly one of Failed or
// Refund must be called.
type Attempt struct {
	t *Throttle
	b *bucket
}

// Reserve claims one failure for key at now; ok is false when the budget is spent.
func (t *Throttle) Reserve(key string, now time.Time) (Attempt, bool) {
	b := t.bucket(key, now)
	b.mu.Lock()
	defer b.mu.Unlock()
	for {
		t.refill(b, now)
		if b.tokens >= 1 {
			b.tokens--
			b.pending++
			return Attempt{t: t, b: b}, true
		}
		if b.pending == 0 {
			return Attempt{}, false
		}
		b.settled.Wait()
	}
}

// Failed keeps the claimed token spent: the attempt was a wrong guess.
func (a Attempt) Failed() { a.settle(0) }

// Refund gives the claimed token back: successful logins cost nothing.
func (a Attempt) Refund() { a.settle(1) }

func (a Attempt) settle(returned float64) {
	if a.b == nil {
		return
	}
	a.b.mu.Lock()
	a.b.tokens = min(a.t.burst, a.b.tokens+returned)
	a.b.pending--
	a.b.mu.Unlock()
	a.b.settled.Broadcast()
}

func (t *Throttle) refill(b *bucket, now time.Time) {
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = min(t.burst, b.tokens+float64(elapsed)/float64(t.every))
		b.at = now
	}
}

func (t *Throttle) bucket(key string, now time.Time) *bucket {
	if b, ok := t.keys.Get(key); ok {
		return b
	}
	b := &bucket{tokens: t.burst, at: now}
	b.settled = sync.NewCond(&b.mu)
	if prev, found, _ := t.keys.PeekOrAdd(key, b); found {
		return prev
	}
	return b
}
