package store_test

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// sortedAs sorts sessions as order o must serve them, ties by id in the same direction; names
// holds each user's name.
func sortedAs(ss []models.Session, o store.SessionOrder, names map[string]string) []string {
	ss = slices.Clone(ss)
	endOf := func(s models.Session) time.Time {
		if s.EndedAt == nil {
			return time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
		}
		return *s.EndedAt
	}
	slices.SortFunc(ss, func(a, b models.Session) int {
		var c int
		switch o.Field {
		case store.OrderLastActiveAt:
			c = a.LastActiveAt.Compare(b.LastActiveAt)
		case store.OrderUserName:
			c = strings.Compare(names[a.UserID], names[b.UserID])
		case store.OrderEndedAt:
			c = endOf(a).Compare(endOf(b))
		default:
			c = a.LoginAt.Compare(b.LoginAt)
		}
		if c == 0 {
			c = cmp.Compare(a.ID, b.ID)
		}
		if !o.Asc {
			c = -c
		}
		return c
	})
	return idsOf(ss)
}

func TestListSessionsInEveryOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		e.limitTo(acc.ID, admin.ID, 100, models.EvictOldest)
		// Lowercase names: both engines' collations agree on them.
		users := []models.User{e.user(acc.ID, "mia"), e.user(acc.ID, "ben"), e.user(acc.ID, "zoe"), e.user(acc.ID, "ada")}
		names := map[string]string{admin.ID: admin.Name}
		for _, u := range users {
			names[u.ID] = u.Name
		}
		var ids []string
		var tokens [][]byte
		for i := range 23 {
			s, token := e.login(users[(i*7)%len(users)])
			ids, tokens = append(ids, s.ID), append(tokens, token)
			if i%4 != 0 { // some logins share an instant
				e.clock.Advance(time.Duration(i*37%11) * time.Second)
			}
		}
		// Activity in another order than the logins, some of it at one instant.
		for round := range 3 {
			e.clock.Advance(models.ActivityWriteInterval + time.Second)
			for i := range tokens {
				if (i+round)%3 == 0 {
					if _, err := e.store.Authenticate(e.ctx, tokens[len(tokens)-1-i]); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		// Endings in yet another order, two at one instant.
		for n, i := range []int{5, 17, 2, 11, 8, 20} {
			if n != 3 {
				e.clock.Advance(time.Duration(n+1) * time.Minute)
			}
			if _, err := e.store.EndSession(e.ctx, ids[i], models.EndLogout, &admin.ID); err != nil {
				t.Fatal(err)
			}
		}
		all := make([]models.Session, len(ids))
		for i, id := range ids {
			all[i] = e.session(id)
		}
		terminated := models.SessionTerminated
		var ended []models.Session
		for _, s := range all {
			if s.Status == terminated {
				ended = append(ended, s)
			}
		}
		for _, field := range []store.SessionOrderField{store.OrderLoginAt, store.OrderLastActiveAt, store.OrderUserName, store.OrderEndedAt} {
			for _, asc := range []bool{false, true} {
				o := store.SessionOrder{Field: field, Asc: asc}
				t.Run(fmt.Sprintf("%s asc=%v", field, asc), func(t *testing.T) {
					e := e.with(t)
					for _, size := range []int{1, 4, 10, 100} {
						got := idsOf(e.allPages(store.SessionQuery{AccountID: acc.ID, Order: o}, size))
						if want := sortedAs(all, o, names); !slices.Equal(got, want) {
							t.Errorf("size %d:\n got  %v\n want %v", size, got, want)
						}
						got = idsOf(e.allPages(store.SessionQuery{AccountID: acc.ID, Order: o, Status: &terminated}, size))
						if want := sortedAs(ended, o, names); !slices.Equal(got, want) {
							t.Errorf("terminated, size %d:\n got  %v\n want %v", size, got, want)
						}
					}
					// A search walks the same order (on PostgreSQL through the window of the
					// list, see searchPage). No email ("…@example.com") or role says "z": it finds Zoe alone.
					var matching []models.Session
					for _, s := range all {
						if strings.Contains(names[s.UserID], "z") {
							matching = append(matching, s)
						}
					}
					got := idsOf(e.allPages(store.SessionQuery{AccountID: acc.ID, Order: o, Search: "Z"}, 3))
					if want := sortedAs(matching, o, names); !slices.Equal(got, want) {
						t.Errorf("search:\n got  %v\n want %v", got, want)
					}
				})
			}
		}
	})
}

func TestListSessionsRejectsACursorOfAnotherOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("Acme")
		// A user-name cursor holds a name, not a time.
		cursor := store.Cursor{Key: "mia", ID: "x"}
		_, err := e.store.ListSessions(e.ctx, store.SessionQuery{AccountID: acc.ID, First: 10, After: &cursor, Order: store.SessionOrder{Field: store.OrderEndedAt}})
		if got := fieldsOf(t, err); !slices.Equal(got, []string{"after"}) {
			t.Errorf("fields: got %v, want [after]", got)
		}
	})
}
