package resolvers_test

import (
	"fmt"
	"slices"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// The users list, like the sessions list, counts its total only when a query selects it, and
// pages by (name, id) so that every user comes exactly once, in name order, across pages.
func TestUsersTotalCountOnlyWhenSelectedAndPagesInOrder(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.NoReaper) // CountQueries: no background queries
		acc := srv.SeedAccount(t)
		for i := range 6 {
			srv.AddUser(t, acc, models.RoleMember, fmt.Sprintf("Twin %d", i/2)) // names tie in pairs
		}
		admin := srv.Login(t, acc.Admin)
		counter := srv.CountQueries(t)
		reads := func(query string) (int64, *int) {
			counter.Reset()
			var out struct{ Users struct{ TotalCount *int } }
			admin.Do(t, query, nil).MustDecode(t, &out)
			return counter.Reads.Load(), out.Users.TotalCount
		}
		without, _ := reads(`{ users(first: 3) { nodes { id } } }`)
		with, total := reads(`{ users(first: 3) { totalCount nodes { id } } }`)
		if total == nil || *total != 7 {
			t.Errorf("totalCount %v, want 7 (the admin and 6 members)", total)
		}
		if without >= with {
			t.Errorf("reads: %d with totalCount, %d without; want fewer without it", with, without)
		}

		var names, ids []string
		var after *string
		for page := 0; page < 10; page++ {
			var out struct {
				Users struct {
					Nodes    []struct{ ID, Name string }
					PageInfo struct {
						HasNextPage bool
						EndCursor   *string
					}
				}
			}
			admin.Do(t, `query($after: String) { users(first: 2, after: $after) {
				nodes { id name } pageInfo { hasNextPage endCursor } } }`, map[string]any{"after": after}).MustDecode(t, &out)
			for _, u := range out.Users.Nodes {
				names, ids = append(names, u.Name), append(ids, u.ID)
			}
			if !out.Users.PageInfo.HasNextPage {
				break
			}
			after = out.Users.PageInfo.EndCursor
		}
		if len(ids) != 7 || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != 7 {
			t.Errorf("paging gave %d users (%v), want each of 7 once", len(ids), names)
		}
		if !slices.IsSorted(names) {
			t.Errorf("paging gave names out of order: %v", names)
		}
	})
}
