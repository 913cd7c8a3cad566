package resolvers_test

import (
	"fmt"
	"slices"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// sgManySessions is an account with ten members of six sessions each (the first ended by the
// admin, the second by the member), logged in back to back without moving the clock. It returns
// the admin and every session id in login order.
func sgManySessions(t *testing.T, url string) (*apitest.Server, *apitest.Client, []string) {
	t.Helper()
	srv := apitest.Start(t, url, apitest.NoReaper)
	acc := srv.SeedAccount(t)
	admin := srv.Login(t, acc.Admin)
	apitest.SetPolicy(t, admin, apitest.LimitInput(10, models.EvictOldest))
	ids := []string{admin.SessionID}
	for i := range 10 {
		u := srv.AddUser(t, acc, models.RoleMember, fmt.Sprintf("Member %02d", i))
		var cs []*apitest.Client
		for range 6 {
			c := srv.Login(t, u)
			cs = append(cs, c)
			ids = append(ids, c.SessionID)
		}
		admin.Do(t, apitest.MutationLogoutSession, map[string]any{"id": cs[0].SessionID}).MustDecode(t, &struct{}{})
		cs[5].Do(t, apitest.MutationLogoutSession, map[string]any{"id": cs[1].SessionID}).MustDecode(t, &struct{}{})
	}
	return srv, admin, ids
}

const sgNPlusOneQuery = `query($first: Int!) { sessions(first: $first) { totalCount nodes {
  id user { id name account { name } activeSessionCount } endedBy { name } } } }`

// sgListingReads runs sgNPlusOneQuery for each page size, rounds times, and returns the GORM
// reads of each request by page size. (The authentication lookup uses database/sql directly and
// is the same for every request, so it is not counted.)
func sgListingReads(t *testing.T, srv *apitest.Server, admin *apitest.Client, rounds int, sizes ...int) map[int][]int64 {
	t.Helper()
	counter := srv.CountQueries(t)
	reads := map[int][]int64{}
	for round := range rounds {
		for _, first := range sizes {
			counter.Reset()
			var out struct {
				Sessions struct {
					Nodes []struct{ EndedBy *struct{ Name string } }
				}
			}
			admin.Do(t, sgNPlusOneQuery, map[string]any{"first": first}).MustDecode(t, &out)
			if len(out.Sessions.Nodes) != first {
				t.Fatalf("round %d: %d sessions, want %d", round, len(out.Sessions.Nodes), first)
			}
			ended := 0
			for _, n := range out.Sessions.Nodes {
				if n.EndedBy != nil && n.EndedBy.Name != "" {
					ended++
				}
			}
			if first >= 50 && ended == 0 {
				t.Fatalf("round %d: no session with endedBy among %d; the fixture is wrong", round, first)
			}
			reads[first] = append(reads[first], counter.Reads.Load())
		}
	}
	t.Logf("SQL reads per request by page size: %v", reads)
	return reads
}

// TestSessionsListingHasNoNPlusOne checks that a page's users, accounts, session counts and
// endedBy are loaded in batches: one query per row would be 50 user lookups alone.
func TestSessionsListingHasNoNPlusOne(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv, admin, _ := sgManySessions(t, url)
		reads := sgListingReads(t, srv, admin, 2, 5, 50)
		for size, ns := range reads {
			for _, n := range ns {
				if n > 20 {
					t.Errorf("page of %d: %d SQL reads, want a batched handful (at most 20)", size, n)
				}
			}
		}
	})
}

// TestSessionsListingQueryCountIsIndependentOfPageSize is the strict form: a page of 50 costs
// exactly the queries a page of 5 does (count, page, users, accounts, session counts).
func TestSessionsListingQueryCountIsIndependentOfPageSize(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv, admin, _ := sgManySessions(t, url)
		reads := sgListingReads(t, srv, admin, 3, 5, 50)
		if !slices.Equal(reads[5], reads[50]) {
			t.Errorf("SQL reads depend on the page size: first 5 → %v, first 50 → %v", reads[5], reads[50])
		}
	})
}

// TestSessionsPaginationOfCloseLogins pages through sessions whose logins are microseconds, not
// seconds, apart: the keyset comparison must order them exactly on both engines.
func TestSessionsPaginationOfCloseLogins(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		_, admin, ids := sgManySessions(t, url)
		want := slices.Clone(ids)
		slices.Reverse(want)
		first := 7
		got := sgAllPages(t, admin, sgSessionsPage, "sessions", nil, &first, len(want))
		if !slices.Equal(got, want) {
			t.Errorf("served %v, want newest login first %v", got, want)
		}
	})
}
