package app_test

import (
	"fmt"
	"strings"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
)

// The complexity of an operation without variables is remembered (complexity_cache.go): asked
// again, the same document gets the same verdict, over the limit or under it.
func TestRememberedComplexityGivesTheSameVerdict(t *testing.T) {
	// Each alias prices about 100 × its children (a page of 100 sessions with their users):
	// 5 pass the limit of 10,000 with room, 20 exceed it, both within every cost limit before.
	pages := func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, " a%d: sessions(first: 100) { nodes { id loginIp user { id name email role } } }", i)
		}
		return b.String() + " }"
	}
	cases := []struct {
		name     string
		query    string
		wantCode string
	}{
		{"under the limit", pages(5), ""},
		{"over the limit", pages(20), "COMPLEXITY_LIMIT_EXCEEDED"}, // priced by gqlgen, not costCheck
	}
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL)
		admin := srv.Login(t, srv.SeedAccount(t).Admin)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				for round := range 3 {
					r := admin.Do(t, tc.query, nil)
					if r.Code() != tc.wantCode {
						t.Fatalf("round %d: code %q, want %q: %.300s", round+1, r.Code(), tc.wantCode, r.Body)
					}
					if tc.wantCode != "" && !strings.Contains(string(r.Body), "operation has complexity") {
						t.Fatalf("round %d: refused by another check than the complexity limit: %.300s", round+1, r.Body)
					}
					if tc.wantCode == "" && len(r.Data) == 0 {
						t.Fatalf("round %d: no data: %.300s", round+1, r.Body)
					}
				}
			})
		}
	})
}
