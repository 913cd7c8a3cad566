package resolvers_test

import (
	"testing"

	"sessionguard/internal/testdb"
)

// totalCount is counted only when a query selects it, directly or through a fragment, and is
// then the exact total: leaving it out saves the count.
func TestSessionsTotalCountOnlyWhenSelected(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv, admin, ids := sgManySessions(t, url)
		counter := srv.CountQueries(t)
		cases := []struct {
			name, query string
			counts      bool
		}{
			{"not selected", `{ sessions(first: 5) { nodes { id } } }`, false},
			{"selected", `{ sessions(first: 5) { totalCount nodes { id } } }`, true},
			{"in a fragment", `{ sessions(first: 5) { ...total nodes { id } } }
				fragment total on SessionConnection { totalCount }`, true},
			{"in an inline fragment", `{ sessions(first: 5) { ... on SessionConnection { totalCount } nodes { id } } }`, true},
			{"skipped", `{ sessions(first: 5) { totalCount @skip(if: true) nodes { id } } }`, false},
		}
		reads := map[bool]int64{}
		for _, tc := range cases {
			counter.Reset()
			var out struct {
				Sessions struct {
					TotalCount *int
					Nodes      []struct{ ID string }
				}
			}
			admin.Do(t, tc.query, nil).MustDecode(t, &out)
			if len(out.Sessions.Nodes) != 5 {
				t.Fatalf("%s: %d sessions, want 5", tc.name, len(out.Sessions.Nodes))
			}
			if tc.counts && (out.Sessions.TotalCount == nil || *out.Sessions.TotalCount != len(ids)) {
				t.Errorf("%s: totalCount %v, want %d", tc.name, out.Sessions.TotalCount, len(ids))
			}
			n := counter.Reads.Load()
			if r, seen := reads[tc.counts]; seen && r != n {
				t.Errorf("%s: %d reads, where another query that counts=%v made %d", tc.name, n, tc.counts, r)
			}
			reads[tc.counts] = n
		}
		if reads[false] >= reads[true] {
			t.Errorf("reads: %d with totalCount, %d without; want fewer without it", reads[true], reads[false])
		}
	})
}
