package store_test

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// allPages walks q page by page with size first, following each page's last cursor through its
// encoded form as a client would, and returns every session in the order served.
func (e *env) allPages(q store.SessionQuery, first int) []models.Session {
	e.t.Helper()
	q.First = first
	var all []models.Session
	var total int64 = -1
	for pages := 0; ; pages++ {
		if pages > 1000 {
			e.t.Fatal("pagination does not end")
		}
		page, err := e.store.ListSessions(e.ctx, q)
		if err != nil {
			e.t.Fatalf("ListSessions page %d: %v", pages, err)
		}
		if total >= 0 && page.TotalCount != total {
			e.t.Errorf("page %d: total %d, first page said %d", pages, page.TotalCount, total)
		}
		total = page.TotalCount
		if len(page.Items) > first {
			e.t.Fatalf("page %d: %d items, asked for %d", pages, len(page.Items), first)
		}
		if page.HasNext && len(page.Items) != first {
			e.t.Errorf("page %d: short page (%d of %d) claims a next page", pages, len(page.Items), first)
		}
		all = append(all, page.Items...)
		if !page.HasNext {
			if int64(len(all)) != total {
				e.t.Errorf("walked %d sessions, total count says %d", len(all), total)
			}
			return all
		}
		cursor, err := store.DecodeCursor(page.Cursors[len(page.Cursors)-1].Encode(), "after")
		if err != nil {
			e.t.Fatal(err)
		}
		q.After = cursor
	}
}

// newestFirst sorts sessions as lists must serve them by default: newest login first, ties by id.
func newestFirst(ss []models.Session) []string { return sortedAs(ss, store.SessionOrder{}, nil) }

func TestListSessionsPagination(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		e.limitTo(acc.ID, admin.ID, 100, models.EvictOldest)
		mia, ben := e.user(acc.ID, "Mia"), e.user(acc.ID, "Ben")
		other, _ := e.account("Other")
		e.login(e.user(other.ID, "Zoe"))

		var all []models.Session
		login := func(u models.User) {
			s, _ := e.login(u)
			all = append(all, s)
		}
		// 24 logins at one frozen instant, then logins at irregular steps, some of them landing on
		// whole seconds and some a microsecond apart.
		for i := range 24 {
			login([]models.User{mia, ben, admin}[i%3])
		}
		for _, step := range []time.Duration{time.Microsecond, 410206 * time.Microsecond, time.Second, time.Microsecond,
			time.Hour, 3 * time.Millisecond, 0, 0, 0, time.Nanosecond, 1500 * time.Millisecond} {
			e.clock.Advance(step)
			login(mia)
			login(ben)
		}
		// Round the clock to a whole second: a time without fraction sorts with the others.
		e.clock.Advance(time.Duration(1e9 - e.clock.Now().Nanosecond()))
		login(mia)
		login(ben)
		// Some ended sessions stay in the list.
		for _, s := range all[:5] {
			if _, err := e.store.EndSession(e.ctx, s.ID, models.EndLogout, &s.UserID); err != nil {
				t.Fatal(err)
			}
		}
		want := newestFirst(all)

		for _, size := range []int{1, 2, 7, 10, 24, 25, len(all), 100} {
			got := idsOf(e.allPages(store.SessionQuery{AccountID: acc.ID}, size))
			if !slices.Equal(got, want) {
				t.Errorf("page size %d: sessions out of order, duplicated or missing:\n got  %v\n want %v", size, got, want)
			}
		}
	})
}

func TestListSessionsPageShape(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		e.limitTo(acc.ID, admin.ID, 100, models.EvictOldest)
		u := e.user(acc.ID, "Mia")
		for range 5 {
			e.clock.Advance(time.Second)
			e.login(u)
		}
		cases := []struct {
			name      string
			first     int
			wantItems int
			wantNext  bool
		}{
			{"smaller page", 2, 2, true},
			{"exactly all", 5, 5, false},
			{"larger page", 50, 5, false},
			{"empty page", 0, 0, true},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				page, err := e.store.ListSessions(e.ctx, store.SessionQuery{AccountID: acc.ID, First: tc.first})
				if err != nil {
					t.Fatal(err)
				}
				if len(page.Items) != tc.wantItems || page.HasNext != tc.wantNext || page.TotalCount != 5 {
					t.Errorf("got %d items, next %v, total %d; want %d, %v, 5",
						len(page.Items), page.HasNext, page.TotalCount, tc.wantItems, tc.wantNext)
				}
			})
		}
	})
}

func TestListSessionsFilters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		e.limitTo(acc.ID, admin.ID, 100, models.EvictOldest)
		mia := e.userWithEmail(acc.ID, "Mia Wallace", "mia.wallace@example.com")
		pct := e.userWithEmail(acc.ID, "100% Sure", "sure@example.com")
		under := e.userWithEmail(acc.ID, "Una Der", "un_der@example.com")
		boris := e.userWithEmail(acc.ID, "Boris Undergrove", "boris@example.com")
		slash := e.userWithEmail(acc.ID, `Back\Slash`, "back@example.com")
		elodie := e.userWithEmail(acc.ID, "Élodie Ünal", "elodie@example.com")
		otherAcc, _ := e.account("Other")
		otherMia := e.userWithEmail(otherAcc.ID, "Mia Other", "mia.other@example.com")

		at := func(u models.User, ip, city string) models.Session {
			e.clock.Advance(time.Second)
			n := store.NewSession{LoginIP: ip}
			if city != "" {
				n.LoginCity = &city
			}
			s, _ := e.loginWith(u, n)
			return s
		}
		miaOslo := at(mia, "203.0.113.5", "Oslo")
		miaLyon := at(mia, "198.51.100.20", "Lyon")
		miaEnded := at(mia, "203.0.113.6", "")
		if _, err := e.store.EndSession(e.ctx, miaEnded.ID, models.EndLogout, &mia.ID); err != nil {
			t.Fatal(err)
		}
		pctS := at(pct, "192.0.2.50", "São Paulo")
		underS := at(under, "192.0.2.51", "")
		borisS := at(boris, "192.0.2.52", "Rostock")
		slashS := at(slash, "192.0.2.53", "")
		elodieS := at(elodie, "192.0.2.54", "Örebro")
		at(otherMia, "203.0.113.5", "Oslo")

		active, terminated := models.SessionActive, models.SessionTerminated
		cases := []struct {
			name string
			q    store.SessionQuery
			want []models.Session
		}{
			{name: "no filter sees the whole account only", q: store.SessionQuery{},
				want: []models.Session{miaOslo, miaLyon, miaEnded, pctS, underS, borisS, slashS, elodieS}},
			{name: "active", q: store.SessionQuery{Status: &active},
				want: []models.Session{miaOslo, miaLyon, pctS, underS, borisS, slashS, elodieS}},
			{name: "terminated", q: store.SessionQuery{Status: &terminated}, want: []models.Session{miaEnded}},
			{name: "one user", q: store.SessionQuery{UserID: &mia.ID}, want: []models.Session{miaOslo, miaLyon, miaEnded}},
			{name: "one user, active", q: store.SessionQuery{UserID: &mia.ID, Status: &active}, want: []models.Session{miaOslo, miaLyon}},
			{name: "a user of another account", q: store.SessionQuery{UserID: &otherMia.ID}, want: nil},
			{name: "name, other case", q: store.SessionQuery{Search: "WALLACE"}, want: []models.Session{miaOslo, miaLyon, miaEnded}},
			{name: "name never reaches another account", q: store.SessionQuery{Search: "mia"}, want: []models.Session{miaOslo, miaLyon, miaEnded}},
			{name: "email", q: store.SessionQuery{Search: "mia.wallace@"}, want: []models.Session{miaOslo, miaLyon, miaEnded}},
			{name: "email, other case", q: store.SessionQuery{Search: "BORIS@EXAMPLE.COM"}, want: []models.Session{borisS}},
			{name: "ip prefix", q: store.SessionQuery{Search: "203.0.113."}, want: []models.Session{miaOslo, miaEnded}},
			{name: "whole ip", q: store.SessionQuery{Search: "198.51.100.20"}, want: []models.Session{miaLyon}},
			{name: "city, other case", q: store.SessionQuery{Search: "oSLo"}, want: []models.Session{miaOslo}},
			{name: "city substring", q: store.SessionQuery{Search: "rosto"}, want: []models.Session{borisS}},
			{name: "search and status", q: store.SessionQuery{Search: "wallace", Status: &terminated}, want: []models.Session{miaEnded}},
			{name: "search and user", q: store.SessionQuery{Search: "oslo", UserID: &boris.ID}, want: nil},
			{name: "percent is literal", q: store.SessionQuery{Search: "%"}, want: []models.Session{pctS}},
			{name: "percent inside a word is literal", q: store.SessionQuery{Search: "0% s"}, want: []models.Session{pctS}},
			{name: "underscore is literal", q: store.SessionQuery{Search: "n_d"}, want: []models.Session{underS}},
			{name: "lone underscore is literal", q: store.SessionQuery{Search: "_"}, want: []models.Session{underS}},
			{name: "backslash is literal", q: store.SessionQuery{Search: `k\s`}, want: []models.Session{slashS}},
			{name: "no match", q: store.SessionQuery{Search: "nobody-at-all"}, want: nil},
			{name: "accented name, same case", q: store.SessionQuery{Search: "Élodie"}, want: []models.Session{elodieS}},
			{name: "accented city, as typed", q: store.SessionQuery{Search: "örebro"}, want: []models.Session{elodieS}},
			{name: "accented name, other case", q: store.SessionQuery{Search: "élodie ünal"}, want: []models.Session{elodieS}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				tc.q.AccountID = acc.ID
				for _, size := range []int{2, 100} {
					got := idsOf(e.allPages(tc.q, size))
					if want := newestFirst(tc.want); !slices.Equal(got, want) {
						t.Errorf("page size %d:\n got  %v\n want %v", size, got, want)
					}
				}
			})
		}
	})
}

func TestListSessionsRejectsABadCursorKey(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("Acme")
		cursor, err := store.DecodeCursor(store.Cursor{Key: "yesterday", ID: "x"}.Encode(), "after")
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.store.ListSessions(e.ctx, store.SessionQuery{AccountID: acc.ID, First: 10, After: cursor})
		if got := fieldsOf(t, err); !slices.Equal(got, []string{"after"}) {
			t.Errorf("fields: got %v, want [after]", got)
		}
	})
}

func TestListUsers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		users := []models.User{admin}
		for _, name := range []string{"Sam", "Carla", "Sam", "Ben", "Sam", "Zoe", "Sam", "Carla", "Ann", "Samuel"} {
			users = append(users, e.user(acc.ID, name))
		}
		// Alone in an account of its own, so that no collation question arises in the name order.
		elodieAcc, _ := e.account("Accents")
		elodie := e.user(elodieAcc.ID, "Élodie")
		other, _ := e.account("Other")
		e.user(other.ID, "Sam")

		byName := func(us []models.User) []string {
			us = slices.Clone(us)
			slices.SortFunc(us, func(a, b models.User) int {
				return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
			})
			var ids []string
			for _, u := range us {
				ids = append(ids, u.ID)
			}
			return ids
		}
		walk := func(t *testing.T, q store.UserQuery, size int) []string {
			t.Helper()
			q.First = size
			var ids []string
			for pages := 0; ; pages++ {
				if pages > 100 {
					t.Fatal("pagination does not end")
				}
				page, err := e.store.ListUsers(e.ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, u := range page.Items {
					ids = append(ids, u.ID)
				}
				if !page.HasNext {
					if int64(len(ids)) != page.TotalCount {
						t.Errorf("walked %d users, total count %d", len(ids), page.TotalCount)
					}
					return ids
				}
				last := page.Items[len(page.Items)-1]
				q.After, err = store.DecodeCursor(store.Cursor{Key: last.Name, ID: last.ID}.Encode(), "after")
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		sams := slices.DeleteFunc(slices.Clone(users), func(u models.User) bool { return u.Name != "Sam" && u.Name != "Samuel" })
		cases := []struct {
			name    string
			account string
			search  string
			want    []string
		}{
			{"everyone in the account, by name", acc.ID, "", byName(users)},
			{"search by name, any case", acc.ID, "SAM", byName(sams)},
			{"search by email", acc.ID, admin.Email, []string{admin.ID}},
			{"percent is literal", acc.ID, "%", nil},
			{"underscore is literal", acc.ID, "_", nil},
			{"another account's user is never found", acc.ID, "Élodie", nil},
			{"accented name as displayed", elodieAcc.ID, "Élodie", []string{elodie.ID}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				for _, size := range []int{1, 3, 100} {
					if got := walk(t, store.UserQuery{AccountID: tc.account, Search: tc.search}, size); !slices.Equal(got, tc.want) {
						t.Errorf("page size %d:\n got  %v\n want %v", size, got, tc.want)
					}
				}
			})
		}
	})
}

func TestActiveSessionCounts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		e.limitTo(acc.ID, admin.ID, 10, models.EvictOldest)
		mia, ben := e.user(acc.ID, "Mia"), e.user(acc.ID, "Ben")
		e.login(mia)
		e.login(mia)
		s, _ := e.login(mia)
		if _, err := e.store.EndSession(e.ctx, s.ID, models.EndLogout, &mia.ID); err != nil {
			t.Fatal(err)
		}
		got, err := e.store.ActiveSessionCounts(e.ctx, []string{ben.ID, mia.ID, "missing", mia.ID})
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{0, 2, 0, 2}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}
