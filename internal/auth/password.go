package auth

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/alexedwards/argon2id"

	"sessionguard/internal/apperr"
)

// PasswordParams are argon2id's cost settings. DefaultPasswordParams follow OWASP's minimum
// for argon2id (19 MiB, 2 passes); tests use cheaper ones to stay fast under -race.
type PasswordParams = argon2id.Params

// DefaultPasswordParams is the production cost.
var DefaultPasswordParams = PasswordParams{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Passwords hashes and verifies passwords with argon2id. A hash costs Params.Memory KiB and tens
// of milliseconds of a core, so a login storm from many addresses (which no per-address budget
// stops) could otherwise exhaust memory and starve every session check: at most Slots hashes run
// at once, and Admit lets at most Slots + Queue attempts in at all. Beyond that an attempt fails
// at once with RATE_LIMITED, before it has touched the database.
type Passwords struct {
	params   PasswordParams
	slots    chan struct{}
	inFlight atomic.Int64 // admitted attempts: hashing, queued for a slot, or reading budgets
	admits   int64        // how many may be in flight
	dummy    string       // verified against for unknown emails, so they cost what a wrong password does
}

// HashLimits bound password hashing; zero fields take the defaults.
type HashLimits struct {
	// Slots is how many hashes run at once. Default: half the cores, at least one, so session
	// checks keep the other half even while logins pour in (logins are rare next to requests).
	Slots int
	// Queue is how many more attempts may be admitted to wait for a slot. Default: 32 per slot,
	// about a second of waiting at ~30 ms a hash: a person barely notices, a storm cannot grow it.
	Queue int
}

func (l HashLimits) withDefaults() HashLimits {
	if l.Slots <= 0 {
		l.Slots = max(1, runtime.GOMAXPROCS(0)/2)
	}
	if l.Queue <= 0 {
		l.Queue = 32 * l.Slots
	}
	return l
}

var errHashBusy = apperr.New(apperr.RateLimited, "the server is busy checking passwords: try again in a moment")

// NewPasswords prepares a hasher with params, running at most limits.Slots hashes at once.
func NewPasswords(params PasswordParams, limits HashLimits) (*Passwords, error) {
	limits = limits.withDefaults()
	p := &Passwords{params: params, slots: make(chan struct{}, limits.Slots), admits: int64(limits.Slots + limits.Queue)}
	dummy, err := argon2id.CreateHash("sessionguard-dummy-password", &p.params)
	if err != nil {
		return nil, fmt.Errorf("auth: unable to prepare password hashing: %w", err)
	}
	p.dummy = dummy
	return p, nil
}

// Hash returns an encoded argon2id hash of password.
func (p *Passwords) Hash(ctx context.Context, password string) (string, error) {
	if err := p.acquire(ctx); err != nil {
		return "", err
	}
	defer p.release()
	h, err := argon2id.CreateHash(password, &p.params)
	if err != nil {
		return "", fmt.Errorf("auth: unable to hash password: %w", err)
	}
	return h, nil
}

// Verify reports whether password matches hash. An empty hash (unknown user) is checked against
// a dummy so the answer takes the same time either way.
func (p *Passwords) Verify(ctx context.Context, password, hash string) (bool, error) {
	if err := p.acquire(ctx); err != nil {
		return false, err
	}
	defer p.release()
	known := hash != ""
	if !known {
		hash = p.dummy
	}
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	if err != nil {
		return false, fmt.Errorf("auth: unable to verify password: %w", err)
	}
	return ok && known, nil
}

// Admit lets one attempt that will check or set a password in, or refuses it at once with
// RATE_LIMITED when Slots + Queue attempts are in flight already. Callers admit first, before
// any other work, so a refusal costs nothing; done must be called when the attempt ends.
func (p *Passwords) Admit() (done func(), err error) {
	if p.inFlight.Add(1) > p.admits {
		p.inFlight.Add(-1)
		return nil, errHashBusy
	}
	var once sync.Once
	return func() { once.Do(func() { p.inFlight.Add(-1) }) }, nil
}

// acquire takes a hashing slot, waiting while all are busy (Admit bounds how many wait).
func (p *Passwords) acquire(ctx context.Context) error {
	select {
	case p.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *Passwords) release() { <-p.slots }
