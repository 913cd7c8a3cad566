package store_test

import (
	"slices"
	"testing"
	"time"

	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// Searches find the same sessions, in list order, whether matches are common (a page is found by
// walking the list) or rare and old, behind more sessions than a walk reads (on PostgreSQL, found
// through the trigram indexes).
func TestSearchSessionsRareAndCommonMatches(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("Acme")
		zoe, mia := e.user(acc.ID, "Zoë Quist"), e.user(acc.ID, "Mia")
		city := "Reykjavík"
		old := []models.Session{}
		for range 2 {
			s, _ := e.loginWith(mia, store.NewSession{LoginIP: "198.51.100.7", LoginCity: &city})
			old = append(old, s)
			e.clock.Advance(time.Second)
		}
		s, _ := e.login(zoe)
		old = append(old, s)
		e.clock.Advance(time.Second)
		device := "Firefox 133 on Haiku"
		s, _ = e.loginWith(zoe, store.NewSession{LoginIP: "192.0.2.9", Device: &device})
		old = append(old, s)
		e.clock.Advance(time.Second)
		e.seedActive(mia, 2500) // newer than every rare match

		cases := []struct {
			name, search string
			want         []models.Session
		}{
			{"rare, by city", "REYKJAVÍK", old[:2]},
			{"rare, by address", "51.100.7", old[:2]},
			{"rare, by user name", "zoë qu", old[2:]},
			{"rare, by email", zoe.Email[:len(zoe.Email)-4], old[2:]},
			{"rare, by device", "on haiku", old[3:]},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				got := e.allPages(store.SessionQuery{AccountID: acc.ID, Search: tc.search}, 1)
				if want := newestFirst(tc.want); !slices.Equal(idsOf(got), want) {
					t.Errorf("search %q: got %d sessions %.5v…, want %d %.5v…", tc.search, len(got), idsOf(got), len(want), want)
				}
			})
		}
		t.Run("a common match's first page is the list's first page", func(t *testing.T) {
			all, err := e.store.ListSessions(e.ctx, store.SessionQuery{AccountID: acc.ID, First: 20})
			if err != nil {
				t.Fatal(err)
			}
			found, err := e.store.ListSessions(e.ctx, store.SessionQuery{AccountID: acc.ID, Search: "192.0.2", First: 20, SkipTotal: true})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(idsOf(found.Items), idsOf(all.Items)) || !found.HasNext || found.TotalCount != 0 {
				t.Errorf("got %v (next %v, total %d), want %v, a next page and no total", idsOf(found.Items), found.HasNext, found.TotalCount, idsOf(all.Items))
			}
		})
	})
}

func TestSearchSessionsByRole(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		e.limitTo(acc.ID, admin.ID, 100, models.EvictOldest)
		// Mia's name and email do not say "member": only her role does.
		mia := e.userWithEmail(acc.ID, "Mia", "mia@example.com")
		var members, admins []models.Session
		for range 2 {
			s, _ := e.login(mia)
			members = append(members, s)
			e.clock.Advance(time.Second)
			s, _ = e.login(admin)
			admins = append(admins, s)
			e.clock.Advance(time.Second)
		}
		for search, want := range map[string][]models.Session{"Member": members, "ADMIN": admins} {
			got := e.allPages(store.SessionQuery{AccountID: acc.ID, Search: search}, 1)
			if !slices.Equal(idsOf(got), newestFirst(want)) {
				t.Errorf("search %q: got %v, want %v", search, idsOf(got), newestFirst(want))
			}
		}
	})
}
