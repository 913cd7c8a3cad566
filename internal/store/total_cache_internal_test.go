package store

import (
	"testing"
	"time"
)

// A large total is served from the cache until TotalCacheTTL has passed, then counted again.
func TestTotalCacheExpires(t *testing.T) {
	var c totalCache
	at := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	c.put("acc", 1_000_000, at)
	cases := []struct {
		name  string
		after time.Duration
		ok    bool
	}{
		{"just counted", 0, true},
		{"within the TTL", TotalCacheTTL - time.Nanosecond, true},
		{"at the TTL", TotalCacheTTL, false},
		{"a clock that went back", -time.Second, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, ok := c.get("acc", at.Add(tc.after))
			if ok != tc.ok || (ok && n != 1_000_000) {
				t.Errorf("get: %d, %v; want cached %v", n, ok, tc.ok)
			}
		})
	}
	if _, ok := c.get("other", at); ok {
		t.Error("a filter never counted is cached")
	}
}

// A full cache drops stale totals first and never grows past totalCacheSize.
func TestTotalCacheStaysBounded(t *testing.T) {
	var c totalCache
	at := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	for i := range 3 * totalCacheSize {
		c.put(string(rune('a'+i%26))+time.Duration(i).String(), int64(i), at.Add(time.Duration(i)*time.Millisecond))
		if len(c.entries) > totalCacheSize {
			t.Fatalf("%d entries after %d puts, want at most %d", len(c.entries), i+1, totalCacheSize)
		}
	}
}
