package resolvers_test

import (
	"cmp"
	"slices"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
)

const sgSessionsOrdered = `query($f: SessionFilter, $first: Int, $after: String, $order: SessionOrder) {
  sessions(filter: $f, first: $first, after: $after, orderBy: $order) { ` + sgPageFields + ` } }`

func TestSessionsOrderBy(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		l := sgNewListing(t, url)
		names := map[string]string{l.admin.ID: l.admin.Name, l.member.ID: l.member.Name, l.colleague.ID: l.colleague.Name}
		loginOrder := map[string]int{}
		for i, s := range l.sessions {
			loginOrder[s.id] = i
		}
		// By user name A to Z, ties by id: the fixture's sessions of one user share a name.
		byName := slices.Clone(l.sessions)
		slices.SortFunc(byName, func(a, b sgListSession) int {
			return cmp.Or(cmp.Compare(names[a.userID], names[b.userID]), cmp.Compare(a.id, b.id))
		})
		var want []string
		for _, s := range byName {
			want = append(want, s.id)
		}
		first := 5
		order := map[string]any{"field": "USER_NAME", "direction": "ASC"}
		got := sgAllPages(t, l.adminC, sgSessionsOrdered, "sessions", map[string]any{"order": order}, &first, len(want))
		if !slices.Equal(got, want) {
			t.Errorf("by user name:\n got  %v\n want %v", got, want)
		}

		// Ended sessions by end time, latest first, ties by id; paged, then checked against the
		// end times the API reports.
		ended := 0
		for _, s := range l.sessions {
			if !s.active {
				ended++
			}
		}
		endOrder := map[string]any{"field": "ENDED_AT", "direction": "DESC"}
		vars := map[string]any{"f": map[string]any{"status": "TERMINATED"}, "order": endOrder}
		got = sgAllPages(t, l.adminC, sgSessionsOrdered, "sessions", vars, &first, ended)
		var out map[string]sgPage
		l.adminC.Do(t, sgSessionsOrdered, map[string]any{"f": vars["f"], "order": endOrder, "first": 100}).MustDecode(t, &out)
		nodes := out["sessions"].Nodes
		sorted := slices.IsSortedFunc(nodes, func(a, b apitest.Session) int {
			return cmp.Or(b.EndedAt.Compare(*a.EndedAt), cmp.Compare(b.ID, a.ID))
		})
		var oneRead []string
		for _, n := range nodes {
			oneRead = append(oneRead, n.ID)
		}
		if !sorted || !slices.Equal(oneRead, got) {
			t.Errorf("ended sessions not latest end first: %v", got)
		}

		// The last page: the reversed order's first page, read backwards; then back one page
		// more after its startCursor.
		l.adminC.Do(t, sgSessionsOrdered, map[string]any{"first": 2, "order": map[string]any{"field": "USER_NAME", "direction": "DESC"}}).MustDecode(t, &out)
		last := out["sessions"]
		if ids := sgReversedIDs(last); !slices.Equal(ids, want[len(want)-2:]) {
			t.Errorf("last page %v, want %v", ids, want[len(want)-2:])
		}
		l.adminC.Do(t, sgSessionsOrdered, map[string]any{"first": 3, "after": *last.PageInfo.EndCursor,
			"order": map[string]any{"field": "USER_NAME", "direction": "DESC"}}).MustDecode(t, &out)
		if ids := sgReversedIDs(out["sessions"]); !slices.Equal(ids, want[len(want)-5:len(want)-2]) {
			t.Errorf("page before the last %v, want %v", ids, want[len(want)-5:len(want)-2])
		}
	})
}

// sgReversedIDs lists a page's session ids last first.
func sgReversedIDs(p sgPage) []string {
	var ids []string
	for i := len(p.Nodes) - 1; i >= 0; i-- {
		ids = append(ids, p.Nodes[i].ID)
	}
	return ids
}
