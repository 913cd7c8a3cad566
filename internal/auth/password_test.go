package auth

import (
	"context"
	"testing"
	"time"

	"sessionguard/internal/apperr"
)

var cheap = PasswordParams{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// At most Slots + Queue attempts are admitted; the next is refused at once with RATE_LIMITED,
// and admitted ones queue for the Slots hashes that may run at once.
func TestPasswordChecksAreAdmittedUpToSlotsPlusQueue(t *testing.T) {
	p, err := NewPasswords(cheap, HashLimits{Slots: 1, Queue: 2})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := p.Hash(context.Background(), "password-123")
	if err != nil {
		t.Fatal(err)
	}
	var dones []func()
	for i := range 3 {
		done, err := p.Admit()
		if err != nil {
			t.Fatalf("attempt %d of 3 refused: %v", i+1, err)
		}
		dones = append(dones, done)
	}
	if _, err := p.Admit(); apperr.CodeOf(err) != apperr.RateLimited {
		t.Fatalf("a fourth attempt: %v, want RATE_LIMITED", err)
	}

	// The one slot is busy: admitted attempts wait for it rather than hash alongside.
	if err := p.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	verified := make(chan error, 1)
	go func() {
		_, err := p.Verify(context.Background(), "password-123", hash)
		verified <- err
	}()
	select {
	case err := <-verified:
		t.Fatalf("a second hash ran while the only slot was busy (err %v)", err)
	case <-time.After(50 * time.Millisecond):
	}
	p.release()
	if err := <-verified; err != nil {
		t.Errorf("the queued check failed once the slot freed: %v", err)
	}

	dones[0]()
	dones[0]() // done is idempotent: a double call must not admit an extra attempt
	if _, err := p.Admit(); err != nil {
		t.Errorf("an attempt after one ended: %v", err)
	}
	if _, err := p.Admit(); apperr.CodeOf(err) != apperr.RateLimited {
		t.Errorf("over the bound again: %v, want RATE_LIMITED", err)
	}
}

// A check waiting for a slot whose client has gone gives up without hashing.
func TestQueuedHashingHonoursCancellation(t *testing.T) {
	p, err := NewPasswords(cheap, HashLimits{Slots: 1, Queue: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Hash(ctx, "password-123"); err != context.Canceled {
		t.Errorf("cancelled while waiting for a slot: %v, want context.Canceled", err)
	}
	p.release()
	if _, err := p.Hash(context.Background(), "password-123"); err != nil {
		t.Errorf("hashing once the slot is free: %v", err)
	}
}

func TestHashLimitsDefaults(t *testing.T) {
	l := HashLimits{}.withDefaults()
	if l.Slots < 1 || l.Queue != 32*l.Slots {
		t.Errorf("defaults %+v: want at least one slot and 32 queued per slot", l)
	}
}
