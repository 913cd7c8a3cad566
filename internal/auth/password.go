package auth

import (
	"context"
	"fmt"
	"runtime"

	"github.com/alexedwards/argon2id"
)

// PasswordParams are argon2id's cost settings. DefaultPasswordParams follow OWASP's minimum
// for argon2id (19 MiB, 2 passes); tests use cheaper ones to stay fast under -race.
type PasswordParams = argon2id.Params

// DefaultPasswordParams is the production cost.
var DefaultPasswordParams = PasswordParams{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Passwords hashes and verifies passwords with argon2id, bounding how many hashes run at once so
// a login flood cannot exhaust memory (each hash holds Params.Memory KiB).
type Passwords struct {
	params PasswordParams
	slots  chan struct{}
	dummy  string // verified against for unknown emails, so they cost what a wrong password does
}

// NewPasswords prepares a hasher with params.
func NewPasswords(params PasswordParams) (*Passwords, error) {
	p := &Passwords{params: params, slots: make(chan struct{}, 2*runtime.GOMAXPROCS(0))}
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

func (p *Passwords) acquire(ctx context.Context) error {
	select {
	case p.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *Passwords) release() { <-p.slots }
