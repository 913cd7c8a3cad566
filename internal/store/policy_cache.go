package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"sessionguard/models"
)

// PolicyCacheTTL is how long a replica checks requests against a policy it read, before it
// reads it again. The cache takes a join off every authenticated request (issue 9: the
// executor start-up of each joined table is a large share of PostgreSQL's work per request).
//
// What staleness can do, and why it is harmless:
//   - A policy read here only ever lets a request through: every "must end" verdict is taken
//     again under the session's row lock with the policy as stored (endInvalid). So a longer
//     timeout or lifetime (or one turned off) saved on another replica never ends a session
//     early here.
//   - A shorter timeout saved on another replica reaches this one at most PolicyCacheTTL late: a
//     session that went idle under it within that second still works until then. The saving
//     replica ended every session already idle under the new timeout in its own transaction, and
//     the idle rule itself is exact only to IdleGrace (5 s), well above this. A shorter lifetime
//     likewise: the saving replica ended the sessions already past it, and one that reaches it
//     within the second after the save is refused here up to PolicyCacheTTL late. An unchanged
//     lifetime is exact: the cached one is the stored one.
//   - A change saved on this replica clears its entry on commit: what an admin saves applies to
//     their own next request.
//
// Logins, policy changes and the reaper read the stored policy in their transaction; only the
// request check reads the cache.
const PolicyCacheTTL = time.Second

// policyCache holds each account's policy as last read, with when it was read (by the store's
// clock, so tests that move the clock expire it too).
type policyCache struct {
	mu      sync.RWMutex
	entries map[string]cachedPolicy
}

type cachedPolicy struct {
	policy models.SessionPolicy
	readAt time.Time
}

// requestPolicy returns accountID's policy, with its role overrides, for checking a request:
// cached when read less than PolicyCacheTTL ago, else read again. Overrides saved on another
// replica reach this one within PolicyCacheTTL, like the account's own values (see above).
func (s *Store) requestPolicy(ctx context.Context, accountID string) (models.SessionPolicy, error) {
	now := s.Now()
	c := &s.policies
	c.mu.RLock()
	e, ok := c.entries[accountID]
	c.mu.RUnlock()
	if age := now.Sub(e.readAt); ok && age >= 0 && age < PolicyCacheTTL {
		return e.policy, nil
	}
	var p models.SessionPolicy
	err := s.policyStmt.QueryRowContext(ctx, accountID).Scan(
		&p.LimitMultipleSessions, &p.MaxConcurrentSessions, &p.WhenLimitReached,
		&p.IdleTimeoutEnabled, &p.IdleTimeoutValue, &p.IdleTimeoutUnit, &p.AbsoluteLifetimeEnabled,
		&p.AbsoluteLifetimeValue, &p.AbsoluteLifetimeUnit, &p.Version, &p.UpdatedAt, &p.UpdatedByID)
	if err != nil {
		return p, fmt.Errorf("store: unable to load policy: %w", err)
	}
	p.AccountID = accountID
	// The roles' overrides are cached with the policy they belong to: the request check picks its
	// role's (ForRole) from memory, with no query or allocation of its own.
	if err := withOverrides(s.db.WithContext(ctx), &p); err != nil {
		return p, err
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) >= maxCachedPolicies {
		c.entries = map[string]cachedPolicy{} // a crude bound: refilled from use within a second
	}
	c.entries[accountID] = cachedPolicy{policy: p, readAt: now}
	c.mu.Unlock()
	return p, nil
}

// maxCachedPolicies bounds the cache: at most this many accounts' policies in memory.
const maxCachedPolicies = 100_000

// forgetPolicy drops accountID's cached policy: called when this replica commits a change to it.
func (s *Store) forgetPolicy(accountID string) {
	s.policies.mu.Lock()
	delete(s.policies.entries, accountID)
	s.policies.mu.Unlock()
}

// policyQuery reads the columns of a policy that requestPolicy scans, by account.
const policyQuery = `SELECT limit_multiple_sessions, max_concurrent_sessions, when_limit_reached,
  idle_timeout_enabled, idle_timeout_value, idle_timeout_unit, absolute_lifetime_enabled,
  absolute_lifetime_value, absolute_lifetime_unit, version, updated_at, updated_by_id
FROM session_policies WHERE account_id = $1`

// cachedPolicy returns accountID's policy if this replica's request cache holds it, however old:
// the flusher only uses it to store notes sooner when a timeout got shorter.
func (s *Store) cachedPolicy(accountID string) (models.SessionPolicy, bool) {
	s.policies.mu.RLock()
	defer s.policies.mu.RUnlock()
	e, ok := s.policies.entries[accountID]
	return e.policy, ok
}
