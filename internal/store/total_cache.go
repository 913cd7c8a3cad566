package store

import (
	"sync"
	"time"

	"gorm.io/gorm"
)

// ExactTotalLimit is the largest total a list counts exactly on every request. Past it, counting
// walks every match (a million index entries for a million sessions), so a larger total comes
// from a count at most TotalCacheTTL old.
const ExactTotalLimit = 10_000

// TotalCacheTTL bounds the age of a total above ExactTotalLimit.
const TotalCacheTTL = 30 * time.Second

// totalCacheSize bounds the filters whose totals a Store remembers.
const totalCacheSize = 1024

// totalCache remembers large totals per account and filter, so paging through a large list
// counts it once per TotalCacheTTL instead of once per page.
type totalCache struct {
	mu      sync.Mutex
	entries map[string]cachedTotal
}

type cachedTotal struct {
	n  int64
	at time.Time
}

// get returns key's total if it was counted less than TotalCacheTTL before now.
func (c *totalCache) get(key string, now time.Time) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || now.Sub(e.at) >= TotalCacheTTL || now.Before(e.at) {
		return 0, false
	}
	return e.n, true
}

// put remembers key's total as counted at now, dropping stale entries when full.
func (c *totalCache) put(key string, n int64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]cachedTotal{}
	}
	if len(c.entries) >= totalCacheSize {
		for k, e := range c.entries {
			if now.Sub(e.at) >= TotalCacheTTL {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= totalCacheSize {
			clear(c.entries)
		}
	}
	c.entries[key] = cachedTotal{n: n, at: now}
}

// countTotal counts the rows of matches (a query without order or limit): exactly up to
// ExactTotalLimit, and above it from the cache under key, counting again once it is stale. The
// cache ages by the wall clock, not the Store's: a test clock that stands still must not keep a
// total forever, and no rule about sessions depends on it.
func (s *Store) countTotal(matches *gorm.DB, key string) (int64, error) {
	now := time.Now()
	if n, ok := s.totals.get(key, now); ok {
		return n, nil
	}
	var n int64
	bounded := matches.Session(&gorm.Session{}).Select("1").Limit(ExactTotalLimit + 1)
	err := s.db.WithContext(matches.Statement.Context).Table("(?) AS matches", bounded).Count(&n).Error
	if err != nil || n <= ExactTotalLimit {
		return n, err
	}
	if err := matches.Session(&gorm.Session{}).Count(&n).Error; err != nil {
		return 0, err
	}
	s.totals.put(key, n, now)
	return n, nil
}
