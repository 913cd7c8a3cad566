package store

import (
	"context"
	"database/sql"
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
	p, err := s.readRequestPolicy(ctx, accountID)
	if err != nil {
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

// policyQuery reads the columns of a policy that requestPolicy scans, by account, with the
// roles' overrides joined: one row per override, or one without any.
const policyQuery = `SELECT p.limit_multiple_sessions, p.max_concurrent_sessions, p.when_limit_reached,
  p.idle_timeout_enabled, p.idle_timeout_value, p.idle_timeout_unit, p.absolute_lifetime_enabled,
  p.absolute_lifetime_value, p.absolute_lifetime_unit, p.version, p.updated_at, p.updated_by_id,
  r.role, r.limit_multiple_sessions, r.max_concurrent_sessions, r.when_limit_reached,
  r.idle_timeout_enabled, r.idle_timeout_value, r.idle_timeout_unit, r.absolute_lifetime_enabled,
  r.absolute_lifetime_value, r.absolute_lifetime_unit
FROM session_policies p LEFT JOIN role_session_policies r ON r.account_id = p.account_id
WHERE p.account_id = $1 ORDER BY r.role`

// readRequestPolicy reads accountID's policy and its roles' overrides in one statement, through
// database/sql: the request path refills the cache, and GORM's statement building costs more
// than the query. The overrides are cached with the policy, so the request check picks its
// role's (ForRole) from memory, with no query or allocation of its own.
func (s *Store) readRequestPolicy(ctx context.Context, accountID string) (models.SessionPolicy, error) {
	p := models.SessionPolicy{AccountID: accountID}
	rows, err := s.policyStmt.QueryContext(ctx, accountID)
	if err != nil {
		return p, fmt.Errorf("store: unable to load policy: %w", err)
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		var o models.RoleSessionPolicy
		var role *string
		err := rows.Scan(&p.LimitMultipleSessions, &p.MaxConcurrentSessions, &p.WhenLimitReached,
			&p.IdleTimeoutEnabled, &p.IdleTimeoutValue, &p.IdleTimeoutUnit, &p.AbsoluteLifetimeEnabled,
			&p.AbsoluteLifetimeValue, &p.AbsoluteLifetimeUnit, &p.Version, &p.UpdatedAt, &p.UpdatedByID,
			&role, &o.LimitMultipleSessions, &o.MaxConcurrentSessions, &o.WhenLimitReached,
			&o.IdleTimeoutEnabled, &o.IdleTimeoutValue, &o.IdleTimeoutUnit, &o.AbsoluteLifetimeEnabled,
			&o.AbsoluteLifetimeValue, &o.AbsoluteLifetimeUnit)
		if err != nil {
			return p, fmt.Errorf("store: unable to load policy: %w", err)
		}
		found = true
		if role != nil {
			o.AccountID, o.Role = accountID, models.Role(*role)
			p.RoleOverrides = append(p.RoleOverrides, o)
		}
	}
	if err := rows.Err(); err != nil {
		return p, fmt.Errorf("store: unable to load policy: %w", err)
	}
	if !found {
		return p, fmt.Errorf("store: unable to load policy: %w", sql.ErrNoRows)
	}
	return p, nil
}

// shortestCachedIdleLimit is the shortest idle timeout, of any role, among the cached policies
// (0: none has one).
func (s *Store) shortestCachedIdleLimit() time.Duration {
	s.policies.mu.RLock()
	defer s.policies.mu.RUnlock()
	var shortest time.Duration
	for _, e := range s.policies.entries {
		if l := e.policy.ShortestIdleLimit(); l > 0 && (shortest == 0 || l < shortest) {
			shortest = l
		}
	}
	return shortest
}

// cachedPolicy returns accountID's policy if this replica's request cache holds it, however old:
// the flusher only uses it to store notes sooner when a timeout got shorter.
func (s *Store) cachedPolicy(accountID string) (models.SessionPolicy, bool) {
	s.policies.mu.RLock()
	defer s.policies.mu.RUnlock()
	e, ok := s.policies.entries[accountID]
	return e.policy, ok
}
