package resolvers_test

import (
	"encoding/base64"
	"fmt"
	"slices"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// sgListSession is what the listing fixture knows about one of its sessions.
type sgListSession struct {
	id, userID, ip, endedBy string
	active                  bool
}

// sgListing is account A with twelve sessions logged in a second apart from distinct addresses,
// four of them ended, next to account B whose sessions must never show.
type sgListing struct {
	srv                      *apitest.Server
	a, b                     apitest.Account
	admin, member, colleague apitest.User
	adminC, memberC, collC   *apitest.Client // the newest session of each
	sessions                 []sgListSession // account A's, in login order
}

func sgNewListing(t *testing.T, url string) *sgListing {
	t.Helper()
	srv := apitest.Start(t, url, apitest.TrustLoopback)
	l := &sgListing{srv: srv}
	l.a, l.b = srv.SeedAccount(t), srv.SeedAccount(t)
	l.admin = l.a.Admin
	l.member = srv.AddUser(t, l.a, models.RoleMember, "Mia Member")
	l.colleague = srv.AddUser(t, l.a, models.RoleMember, "Carl Colleague")
	login := func(u apitest.User, ip string) *apitest.Client {
		srv.Clock.Advance(time.Second)
		c := srv.LoginFrom(t, u, ip)
		l.sessions = append(l.sessions, sgListSession{id: c.SessionID, userID: u.ID, ip: ip, active: true})
		return c
	}
	l.adminC = login(l.admin, "10.1.0.1")
	apitest.SetPolicy(t, l.adminC, apitest.LimitInput(20, models.EvictOldest))
	var members, colleagues []*apitest.Client
	for i := range 6 {
		members = append(members, login(l.member, fmt.Sprintf("10.2.0.%d", i+1)))
		if i < 5 {
			colleagues = append(colleagues, login(l.colleague, fmt.Sprintf("10.3.0.%d", i+1)))
		}
	}
	l.memberC, l.collC = members[5], colleagues[4]
	end := func(by *apitest.Client, byID string, target *apitest.Client) {
		by.Do(t, apitest.MutationLogoutSession, map[string]any{"id": target.SessionID}).MustDecode(t, &struct{}{})
		for i := range l.sessions {
			if l.sessions[i].id == target.SessionID {
				l.sessions[i].active, l.sessions[i].endedBy = false, byID
			}
		}
	}
	end(l.adminC, l.admin.ID, members[0])
	end(l.memberC, l.member.ID, members[2])
	end(l.collC, l.colleague.ID, colleagues[1])
	end(l.adminC, l.admin.ID, colleagues[3])

	// Account B: two sessions, one of them evicted by the default limit.
	other := srv.AddUser(t, l.b, models.RoleMember, "Bea Other")
	srv.LoginFrom(t, l.b.Admin, "10.2.0.1")
	srv.LoginFrom(t, other, "10.9.0.1")
	srv.LoginFrom(t, other, "10.9.0.2")
	return l
}

// newestFirst lists the ids of account A's sessions that keep, newest login first.
func (l *sgListing) newestFirst(keep func(s sgListSession) bool) []string {
	out := []string{}
	for i := len(l.sessions) - 1; i >= 0; i-- {
		if keep == nil || keep(l.sessions[i]) {
			out = append(out, l.sessions[i].id)
		}
	}
	return out
}

func (l *sgListing) byID(id string) (sgListSession, bool) {
	for _, s := range l.sessions {
		if s.id == id {
			return s, true
		}
	}
	return sgListSession{}, false
}

// sgPage is one page of a SessionConnection as the API returns it.
type sgPage struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
	Edges []struct {
		Cursor string
		Node   apitest.Session
	}
	Nodes []apitest.Session
}

const sgPageFields = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  edges { cursor node { ` + apitest.SessionFields + ` } } nodes { ` + apitest.SessionFields + ` }`

const sgSessionsPage = `query($f: SessionFilter, $first: Int, $after: String) {
  sessions(filter: $f, first: $first, after: $after) { ` + sgPageFields + ` } }`

const sgMySessionsPage = `query($status: SessionStatus, $first: Int, $after: String) {
  mySessions(status: $status, first: $first, after: $after) { ` + sgPageFields + ` } }`

// sgAllPages follows a connection to its end, checking each page's shape, and returns the ids
// in the order served.
func sgAllPages(t *testing.T, c *apitest.Client, query, field string, vars map[string]any, first *int, wantTotal int) []string {
	t.Helper()
	var ids []string
	var after *string
	for page := 0; ; page++ {
		if page > 200 {
			t.Fatal("pagination does not end")
		}
		v := map[string]any{}
		for k, x := range vars {
			v[k] = x
		}
		if first != nil {
			v["first"] = *first
		}
		if after != nil {
			v["after"] = *after
		}
		var out map[string]sgPage
		c.Do(t, query, v).MustDecode(t, &out)
		p := out[field]
		if p.TotalCount != wantTotal {
			t.Errorf("page %d: totalCount %d, want %d", page, p.TotalCount, wantTotal)
		}
		if p.PageInfo.HasPreviousPage != (page > 0) {
			t.Errorf("page %d: hasPreviousPage %v", page, p.PageInfo.HasPreviousPage)
		}
		size := 50
		if first != nil {
			size = *first
		}
		remaining := wantTotal - len(ids)
		if want := min(size, remaining); len(p.Edges) != want {
			t.Fatalf("page %d: %d edges, want %d", page, len(p.Edges), want)
		}
		if len(p.Nodes) != len(p.Edges) {
			t.Fatalf("page %d: %d nodes but %d edges", page, len(p.Nodes), len(p.Edges))
		}
		for i, e := range p.Edges {
			if e.Node.ID != p.Nodes[i].ID || e.Cursor == "" {
				t.Errorf("page %d edge %d: node %s cursor %q, nodes[%d] %s", page, i, e.Node.ID, e.Cursor, i, p.Nodes[i].ID)
			}
			ids = append(ids, e.Node.ID)
		}
		if n := len(p.Edges); n > 0 {
			if p.PageInfo.StartCursor == nil || *p.PageInfo.StartCursor != p.Edges[0].Cursor ||
				p.PageInfo.EndCursor == nil || *p.PageInfo.EndCursor != p.Edges[n-1].Cursor {
				t.Errorf("page %d: start/end cursors %v/%v do not match the edges", page, p.PageInfo.StartCursor, p.PageInfo.EndCursor)
			}
		} else if p.PageInfo.StartCursor != nil || p.PageInfo.EndCursor != nil {
			t.Errorf("page %d: empty page with cursors", page)
		}
		wantNext := len(ids) < wantTotal
		if p.PageInfo.HasNextPage != wantNext {
			t.Fatalf("page %d: hasNextPage %v, want %v (%d of %d served)", page, p.PageInfo.HasNextPage, wantNext, len(ids), wantTotal)
		}
		if !wantNext {
			return ids
		}
		after = p.PageInfo.EndCursor
	}
}

func TestSessionsPagination(t *testing.T) {
	t.Parallel()
	size := func(n int) *int { return &n }
	all := func(*sgListing) map[string]any { return nil }
	cases := []struct {
		name   string
		first  *int
		filter func(l *sgListing) map[string]any
		keep   func(l *sgListing, s sgListSession) bool
	}{
		{"one per page", size(1), all, nil},
		{"five per page", size(5), all, nil},
		{"pages that divide the total", size(6), all, nil},
		{"exactly the total", size(12), all, nil},
		{"the maximum page size", size(100), all, nil},
		{"the default page size", nil, all, nil},
		{"active sessions three per page", size(3),
			func(*sgListing) map[string]any { return map[string]any{"status": "ACTIVE"} },
			func(_ *sgListing, s sgListSession) bool { return s.active }},
		{"a user's sessions two per page", size(2),
			func(l *sgListing) map[string]any { return map[string]any{"userId": l.member.ID} },
			func(l *sgListing, s sgListSession) bool { return s.userID == l.member.ID }},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		l := sgNewListing(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var keep func(s sgListSession) bool
				if tc.keep != nil {
					keep = func(s sgListSession) bool { return tc.keep(l, s) }
				}
				want := l.newestFirst(keep)
				got := sgAllPages(t, l.adminC, sgSessionsPage, "sessions", map[string]any{"f": tc.filter(l)}, tc.first, len(want))
				if !slices.Equal(got, want) {
					t.Errorf("served %v, want newest login first %v", got, want)
				}
			})
		}
	})
}

func TestSessionsListingRejectsBadPageArguments(t *testing.T) {
	t.Parallel()
	b64 := base64.RawURLEncoding.EncodeToString
	cases := []struct {
		name  string
		query string
		vars  map[string]any
		field string
	}{
		{"sessions first 101", sgSessionsPage, map[string]any{"first": 101}, "first"},
		{"sessions first -1", sgSessionsPage, map[string]any{"first": -1}, "first"},
		{"sessions cursor not base64", sgSessionsPage, map[string]any{"after": "not a cursor!"}, "after"},
		{"sessions cursor without separator", sgSessionsPage, map[string]any{"after": b64([]byte("2026-01-01T00:00:00Z"))}, "after"},
		{"sessions cursor with a bad time", sgSessionsPage, map[string]any{"after": b64([]byte("yesterday\x00abc"))}, "after"},
		{"mySessions first 101", sgMySessionsPage, map[string]any{"first": 101}, "first"},
		{"mySessions bad cursor", sgMySessionsPage, map[string]any{"after": "%%%"}, "after"},
		{"users first 101", `query($first: Int) { users(first: $first) { totalCount } }`, map[string]any{"first": 101}, "first"},
		{"users bad cursor", `query($after: String) { users(after: $after) { totalCount } }`, map[string]any{"after": "%%%"}, "after"},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		admin := srv.Login(t, srv.SeedAccount(t).Admin)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				res := admin.Do(t, tc.query, tc.vars)
				apitest.AssertCode(t, res, "BAD_USER_INPUT")
				if got := res.Fields(); !slices.Equal(got, []string{tc.field}) {
					t.Errorf("fields %v, want [%s]", got, tc.field)
				}
			})
		}
	})
}

func TestSessionsFilters(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		filter func(l *sgListing) map[string]any
		keep   func(l *sgListing, s sgListSession) bool
	}{
		{"no filter", func(*sgListing) map[string]any { return nil },
			func(*sgListing, sgListSession) bool { return true }},
		{"active", func(*sgListing) map[string]any { return map[string]any{"status": "ACTIVE"} },
			func(_ *sgListing, s sgListSession) bool { return s.active }},
		{"terminated", func(*sgListing) map[string]any { return map[string]any{"status": "TERMINATED"} },
			func(_ *sgListing, s sgListSession) bool { return !s.active }},
		{"one user", func(l *sgListing) map[string]any { return map[string]any{"userId": l.colleague.ID} },
			func(l *sgListing, s sgListSession) bool { return s.userID == l.colleague.ID }},
		{"one user's terminated", func(l *sgListing) map[string]any {
			return map[string]any{"userId": l.colleague.ID, "status": "TERMINATED"}
		}, func(l *sgListing, s sgListSession) bool { return s.userID == l.colleague.ID && !s.active }},
		{"search by name", func(*sgListing) map[string]any { return map[string]any{"search": "mia"} },
			func(l *sgListing, s sgListSession) bool { return s.userID == l.member.ID }},
		{"search by name in another case", func(*sgListing) map[string]any { return map[string]any{"search": "CARL COLL"} },
			func(l *sgListing, s sgListSession) bool { return s.userID == l.colleague.ID }},
		{"search by whole email", func(l *sgListing) map[string]any { return map[string]any{"search": l.member.Email} },
			func(l *sgListing, s sgListSession) bool { return s.userID == l.member.ID }},
		{"search by email domain matches the whole account", func(*sgListing) map[string]any {
			return map[string]any{"search": "@EXAMPLE.test"}
		}, func(*sgListing, sgListSession) bool { return true }},
		{"search by whole IP", func(*sgListing) map[string]any { return map[string]any{"search": "10.2.0.4"} },
			func(_ *sgListing, s sgListSession) bool { return s.ip == "10.2.0.4" }},
		{"search by IP prefix", func(*sgListing) map[string]any { return map[string]any{"search": "10.3."} },
			func(_ *sgListing, s sgListSession) bool { return s.ip[:5] == "10.3." }},
		{"search and status together", func(*sgListing) map[string]any {
			return map[string]any{"search": "10.2.", "status": "ACTIVE"}
		}, func(_ *sgListing, s sgListSession) bool { return s.ip[:5] == "10.2." && s.active }},
		{"search is not a LIKE pattern: %", func(*sgListing) map[string]any { return map[string]any{"search": "%"} },
			func(*sgListing, sgListSession) bool { return false }},
		{"search is not a LIKE pattern: _", func(*sgListing) map[string]any { return map[string]any{"search": "10_2"} },
			func(*sgListing, sgListSession) bool { return false }},
		{"search never reaches another account", func(*sgListing) map[string]any { return map[string]any{"search": "Bea"} },
			func(*sgListing, sgListSession) bool { return false }},
		{"search matching nothing", func(*sgListing) map[string]any { return map[string]any{"search": "zzz"} },
			func(*sgListing, sgListSession) bool { return false }},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		l := sgNewListing(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var out struct{ Sessions sgPage }
				l.adminC.Do(t, sgSessionsPage, map[string]any{"f": tc.filter(l), "first": 100}).MustDecode(t, &out)
				want := l.newestFirst(func(s sgListSession) bool { return tc.keep(l, s) })
				var got []string
				for _, n := range out.Sessions.Nodes {
					got = append(got, n.ID)
				}
				if !slices.Equal(sgNonNil(got), want) {
					t.Errorf("got %v, want %v", got, want)
				}
				if out.Sessions.TotalCount != len(want) {
					t.Errorf("totalCount %d, want %d", out.Sessions.TotalCount, len(want))
				}
			})
		}
	})
}

func sgNonNil(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

func TestSessionsFieldsResolve(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		l := sgNewListing(t, url)
		var out struct {
			Sessions struct {
				Nodes []struct {
					apitest.Session
					User struct {
						ID                 string
						Name               string
						ActiveSessionCount int
						Account            struct{ ID, Name string }
					}
					EndedBy *struct{ ID, Name string }
				}
			}
		}
		q := `{ sessions(first: 100) { nodes { ` + apitest.SessionFields + `
		  user { id name activeSessionCount account { id name } } endedBy { id name } } } }`
		l.adminC.Do(t, q, nil).MustDecode(t, &out)
		active := map[string]int{}
		for _, s := range l.sessions {
			if s.active {
				active[s.userID]++
			}
		}
		names := map[string]string{l.admin.ID: l.admin.Name, l.member.ID: "Mia Member", l.colleague.ID: "Carl Colleague"}
		if len(out.Sessions.Nodes) != len(l.sessions) {
			t.Fatalf("%d sessions, want %d", len(out.Sessions.Nodes), len(l.sessions))
		}
		for _, n := range out.Sessions.Nodes {
			want, ok := l.byID(n.ID)
			if !ok {
				t.Errorf("unexpected session %s", n.ID)
				continue
			}
			if n.User.ID != want.userID || n.User.Name != names[want.userID] {
				t.Errorf("session %s: user %s %q, want %s %q", n.ID, n.User.ID, n.User.Name, want.userID, names[want.userID])
			}
			if n.User.ActiveSessionCount != active[want.userID] {
				t.Errorf("session %s: user.activeSessionCount %d, want %d", n.ID, n.User.ActiveSessionCount, active[want.userID])
			}
			if n.User.Account.ID != l.a.ID || n.User.Account.Name == "" {
				t.Errorf("session %s: user.account %+v, want account %s", n.ID, n.User.Account, l.a.ID)
			}
			gotBy := ""
			if n.EndedBy != nil {
				gotBy = n.EndedBy.ID
				if n.EndedBy.Name != names[gotBy] {
					t.Errorf("session %s: endedBy name %q, want %q", n.ID, n.EndedBy.Name, names[gotBy])
				}
			}
			if gotBy != want.endedBy {
				t.Errorf("session %s: endedBy %q, want %q", n.ID, gotBy, want.endedBy)
			}
			if wantStatus := map[bool]string{true: "ACTIVE", false: "TERMINATED"}[want.active]; n.Status != wantStatus {
				t.Errorf("session %s: status %s, want %s", n.ID, n.Status, wantStatus)
			}
			if n.LoginIP != want.ip {
				t.Errorf("session %s: loginIp %s, want %s", n.ID, n.LoginIP, want.ip)
			}
			if n.IsCurrent != (n.ID == l.adminC.SessionID) {
				t.Errorf("session %s: isCurrent %v in the admin's listing", n.ID, n.IsCurrent)
			}
		}
	})
}

func TestSessionsMySessions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		as     func(l *sgListing) (*apitest.Client, string)
		status string
	}{
		{"member, all", func(l *sgListing) (*apitest.Client, string) { return l.memberC, l.member.ID }, ""},
		{"member, active", func(l *sgListing) (*apitest.Client, string) { return l.memberC, l.member.ID }, "ACTIVE"},
		{"member, terminated", func(l *sgListing) (*apitest.Client, string) { return l.memberC, l.member.ID }, "TERMINATED"},
		{"colleague, all", func(l *sgListing) (*apitest.Client, string) { return l.collC, l.colleague.ID }, ""},
		{"admin, all", func(l *sgListing) (*apitest.Client, string) { return l.adminC, l.admin.ID }, ""},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		l := sgNewListing(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				c, userID := tc.as(l)
				vars := map[string]any{}
				if tc.status != "" {
					vars["status"] = tc.status
				}
				want := l.newestFirst(func(s sgListSession) bool {
					return s.userID == userID && (tc.status == "" || s.active == (tc.status == "ACTIVE"))
				})
				got := sgAllPages(t, c, sgMySessionsPage, "mySessions", vars, nil, len(want))
				if !slices.Equal(got, want) {
					t.Errorf("got %v, want %v", got, want)
				}
				var out struct{ MySessions sgPage }
				c.Do(t, sgMySessionsPage, vars).MustDecode(t, &out)
				current := 0
				for _, n := range out.MySessions.Nodes {
					if n.User.ID != userID {
						t.Errorf("session %s of user %s in mySessions of %s", n.ID, n.User.ID, userID)
					}
					if n.IsCurrent {
						current++
						if n.ID != c.SessionID {
							t.Errorf("session %s isCurrent, want only %s", n.ID, c.SessionID)
						}
					}
				}
				if wantCurrent := slices.Contains(want, c.SessionID); (current == 1) != wantCurrent || current > 1 {
					t.Errorf("%d sessions marked current, want %v", current, wantCurrent)
				}
			})
		}
	})
}

func TestSessionsUsersListing(t *testing.T) {
	t.Parallel()
	type user struct {
		ID                 string
		Name               string
		Email              string
		Role               string
		ActiveSessionCount int
	}
	testdb.Each(t, func(t *testing.T, url string) {
		l := sgNewListing(t, url)
		active := map[string]int{}
		for _, s := range l.sessions {
			if s.active {
				active[s.userID]++
			}
		}
		all := []user{ // sorted by name
			{l.admin.ID, l.admin.Name, l.admin.Email, "ADMIN", active[l.admin.ID]},
			{l.colleague.ID, "Carl Colleague", l.colleague.Email, "MEMBER", active[l.colleague.ID]},
			{l.member.ID, "Mia Member", l.member.Email, "MEMBER", active[l.member.ID]},
		}
		cases := []struct {
			name   string
			search string
			first  int
			want   []user
		}{
			{"every user one per page", "", 1, all},
			{"every user two per page", "", 2, all},
			{"search by name", "MIA", 10, all[2:]},
			{"search by email", l.colleague.Email, 10, all[1:2]},
			{"search matching two", "user", 10, all[1:]},
			{"search never reaches another account", "Bea", 10, nil},
		}
		const q = `query($s: String, $first: Int, $after: String) { users(search: $s, first: $first, after: $after) {
		  totalCount pageInfo { hasNextPage endCursor } nodes { id name email role activeSessionCount } } }`
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var got []user
				var after *string
				for page := 0; page < 10; page++ {
					vars := map[string]any{"s": tc.search, "first": tc.first}
					if after != nil {
						vars["after"] = *after
					}
					var out struct {
						Users struct {
							TotalCount int
							PageInfo   struct {
								HasNextPage bool
								EndCursor   *string
							}
							Nodes []user
						}
					}
					l.adminC.Do(t, q, vars).MustDecode(t, &out)
					if out.Users.TotalCount != len(tc.want) {
						t.Errorf("totalCount %d, want %d", out.Users.TotalCount, len(tc.want))
					}
					got = append(got, out.Users.Nodes...)
					if !out.Users.PageInfo.HasNextPage {
						break
					}
					after = out.Users.PageInfo.EndCursor
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("got %+v, want %+v", got, tc.want)
				}
			})
		}
	})
}

func TestSessionsUsersPagingWithEqualNames(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		want := []string{acc.Admin.ID}
		for range 3 {
			want = append(want, srv.AddUser(t, acc, models.RoleMember, "Sam Same").ID)
		}
		admin := srv.Login(t, acc.Admin)
		const q = `query($after: String) { users(first: 1, after: $after) {
		  totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`
		var got []string
		vars := map[string]any{}
		for page := 0; page < 10; page++ {
			var out struct {
				Users struct {
					TotalCount int
					PageInfo   struct {
						HasNextPage bool
						EndCursor   string
					}
					Nodes []struct{ ID string }
				}
			}
			admin.Do(t, q, vars).MustDecode(t, &out)
			for _, n := range out.Users.Nodes {
				got = append(got, n.ID)
			}
			if !out.Users.PageInfo.HasNextPage {
				break
			}
			vars["after"] = out.Users.PageInfo.EndCursor
		}
		// "Admin N" sorts before "Sam Same"; the three namesakes follow in a stable order.
		if len(got) != 4 || got[0] != want[0] || !apitest.SameSet(got, want) {
			t.Errorf("paged users %v, want each of %v once, the admin first", got, want)
		}
	})
}
