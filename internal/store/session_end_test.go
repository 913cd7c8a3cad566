package store_test

import (
	"slices"
	"testing"
	"time"

	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

func TestEndSession(t *testing.T) {
	cases := []struct {
		name    string
		reason  models.SessionEndReason
		byAdmin bool // ended by the admin rather than by its own user
	}{
		{"logout by its user", models.EndLogout, false},
		{"admin logout", models.EndAdminLogout, true},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.limitTo(acc.ID, admin.ID, 5, models.EvictOldest)
				u := e.user(acc.ID, "Mia")
				s, _ := e.login(u)
				keep, _ := e.login(u)
				actor := u.ID
				if tc.byAdmin {
					actor = admin.ID
				}
				e.clock.Advance(90 * time.Second)
				endAt := e.clock.Now()
				m := e.mark()
				got, err := e.store.EndSession(e.ctx, s.ID, tc.reason, &actor)
				if err != nil {
					t.Fatal(err)
				}
				wantEnded(t, got, tc.reason, &actor, endAt)
				wantEnded(t, e.session(s.ID), tc.reason, &actor, endAt)
				e.wantEvents(m, ended(s, tc.reason))
				wantActive(t, e.session(keep.ID))

				// Ending it again, later and for another reason, returns it unchanged and announces nothing.
				e.clock.Advance(time.Hour)
				again, err := e.store.EndSession(e.ctx, s.ID, models.EndTerminateAll, &admin.ID)
				if err != nil {
					t.Fatal(err)
				}
				wantEnded(t, again, tc.reason, &actor, endAt)
				wantEnded(t, e.session(s.ID), tc.reason, &actor, endAt)
				e.wantEvents(m, ended(s, tc.reason))
			})
		}
	})
}

func TestEndSessionUnknown(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		m := e.mark()
		if _, err := e.store.EndSession(e.ctx, "no-such-session", models.EndLogout, nil); err == nil {
			t.Error("ending an unknown session succeeded")
		}
		e.wantEvents(m)
	})
}

func TestSessionInAccount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("Acme")
		other, _ := e.account("Other")
		s, _ := e.login(e.user(acc.ID, "Mia"))
		if got, err := e.store.SessionInAccount(e.ctx, acc.ID, s.ID); err != nil || got.ID != s.ID {
			t.Errorf("own account: %v, %v", got.ID, err)
		}
		_, err := e.store.SessionInAccount(e.ctx, other.ID, s.ID)
		wantCode(t, err, "NOT_FOUND")
		_, err = e.store.SessionInAccount(e.ctx, acc.ID, "no-such-session")
		wantCode(t, err, "NOT_FOUND")
	})
}

func TestTerminateAll(t *testing.T) {
	// The fixture: account A with admin (1 session), Mia (3 sessions, one of them already logged
	// out) and Ben (2 sessions); account B with its admin and Zoe (1 session each).
	type fixture struct {
		admin, mia, ben          models.User
		adminS                   models.Session
		mia1, mia2, mia3, miaOut models.Session
		ben1, ben2               models.Session
		otherAccount             []models.Session
		accountID                string
	}
	cases := []struct {
		name      string
		scope     func(f *fixture) store.TerminateScope
		wantEnded func(f *fixture) []models.Session
	}{
		{
			name: "whole account",
			scope: func(f *fixture) store.TerminateScope {
				return store.TerminateScope{AccountID: f.accountID, ActorID: f.admin.ID}
			},
			wantEnded: func(f *fixture) []models.Session {
				return []models.Session{f.adminS, f.mia1, f.mia2, f.mia3, f.ben1, f.ben2}
			},
		},
		{
			name: "whole account keeping the caller's session",
			scope: func(f *fixture) store.TerminateScope {
				return store.TerminateScope{AccountID: f.accountID, KeepID: &f.adminS.ID, ActorID: f.admin.ID}
			},
			wantEnded: func(f *fixture) []models.Session { return []models.Session{f.mia1, f.mia2, f.mia3, f.ben1, f.ben2} },
		},
		{
			name: "one user",
			scope: func(f *fixture) store.TerminateScope {
				return store.TerminateScope{AccountID: f.accountID, UserID: &f.mia.ID, ActorID: f.admin.ID}
			},
			wantEnded: func(f *fixture) []models.Session { return []models.Session{f.mia1, f.mia2, f.mia3} },
		},
		{
			name: "one user keeping their current session",
			scope: func(f *fixture) store.TerminateScope {
				return store.TerminateScope{AccountID: f.accountID, UserID: &f.mia.ID, KeepID: &f.mia2.ID, ActorID: f.mia.ID}
			},
			wantEnded: func(f *fixture) []models.Session { return []models.Session{f.mia1, f.mia3} },
		},
		{
			name: "a user of another account ends nothing",
			scope: func(f *fixture) store.TerminateScope {
				return store.TerminateScope{AccountID: f.accountID, UserID: &f.otherAccount[0].UserID, ActorID: f.admin.ID}
			},
			wantEnded: func(f *fixture) []models.Session { return nil },
		},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				var f fixture
				acc, admin := e.account("Acme")
				f.accountID, f.admin = acc.ID, admin
				e.limitTo(acc.ID, admin.ID, 10, models.EvictOldest)
				f.mia, f.ben = e.user(acc.ID, "Mia"), e.user(acc.ID, "Ben")
				login := func(u models.User) models.Session {
					e.clock.Advance(time.Second)
					s, _ := e.login(u)
					return s
				}
				f.adminS = login(admin)
				f.mia1, f.ben1, f.miaOut, f.mia2, f.ben2, f.mia3 = login(f.mia), login(f.ben), login(f.mia), login(f.mia), login(f.ben), login(f.mia)
				outAt := e.clock.Now()
				if _, err := e.store.EndSession(e.ctx, f.miaOut.ID, models.EndLogout, &f.mia.ID); err != nil {
					t.Fatal(err)
				}
				otherAcc, otherAdmin := e.account("Other")
				f.otherAccount = []models.Session{login(otherAdmin), login(e.user(otherAcc.ID, "Zoe"))}

				scope := tc.scope(&f)
				want := tc.wantEnded(&f)
				slices.SortFunc(want, func(a, b models.Session) int { return a.LoginAt.Compare(b.LoginAt) })
				e.clock.Advance(time.Minute)
				endAt := e.clock.Now()
				m := e.mark()
				n, err := e.store.TerminateAll(e.ctx, scope)
				if err != nil {
					t.Fatal(err)
				}
				if n != len(want) {
					t.Errorf("count: got %d, want %d", n, len(want))
				}
				var wantEvents []string
				for _, s := range want {
					wantEnded(t, e.session(s.ID), models.EndTerminateAll, &scope.ActorID, endAt)
					wantEvents = append(wantEvents, ended(s, models.EndTerminateAll))
				}
				// Announced oldest login first, one event per ended session.
				e.wantEvents(m, wantEvents...)
				all := append([]models.Session{f.adminS, f.mia1, f.mia2, f.mia3, f.ben1, f.ben2}, f.otherAccount...)
				for _, s := range all {
					if !slices.ContainsFunc(want, func(w models.Session) bool { return w.ID == s.ID }) {
						wantActive(t, e.session(s.ID))
					}
				}
				// The session ended earlier keeps its own end.
				wantEnded(t, e.session(f.miaOut.ID), models.EndLogout, &f.mia.ID, outAt)

				// Nothing is left to end: a second call counts nothing and announces nothing.
				m = e.mark()
				if n, err := e.store.TerminateAll(e.ctx, scope); err != nil || n != 0 {
					t.Errorf("second call: count %d err %v, want 0 nil", n, err)
				}
				e.wantEvents(m)
			})
		}
	})
}

// A login from a browser that held a session ends that session in the login's own transaction:
// before the limit counts, and not at all when the login is refused.
func TestStartSessionReplacing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		t.Run("the same user again at a limit of one", func(t *testing.T) {
			e := e.with(t)
			acc, admin := e.account("Acme")
			e.limitTo(acc.ID, admin.ID, 1, models.EvictOldest)
			mia := e.user(acc.ID, "Mia")
			held, _ := e.login(mia)
			e.clock.Advance(time.Minute)
			m := e.mark()
			replacing := store.SessionEnd{ID: held.ID, Reason: models.EndLogout, ActorID: &mia.ID}
			next, _ := e.loginWith(mia, store.NewSession{LoginIP: "192.0.2.1", Replacing: &replacing})
			// LOGOUT, not CONCURRENT_LIMIT: the held session ended before the limit counted.
			wantEnded(t, e.session(held.ID), models.EndLogout, &mia.ID, e.clock.Now())
			wantActive(t, e.session(next.ID))
			e.wantEvents(m, ended(held, models.EndLogout), started(next))
		})
		t.Run("another user's, refused under REJECT_NEW", func(t *testing.T) {
			e := e.with(t)
			acc, admin := e.account("Acme")
			e.limitTo(acc.ID, admin.ID, 1, models.RejectNew)
			mia, ben := e.user(acc.ID, "Mia"), e.user(acc.ID, "Ben")
			held, _ := e.login(mia)
			e.login(ben)
			m := e.mark()
			replacing := store.SessionEnd{ID: held.ID, Reason: models.EndLogout, ActorID: &mia.ID}
			_, err := e.store.StartSession(e.ctx, ben, store.NewSession{TokenHash: e.newToken(), Replacing: &replacing})
			wantCode(t, err, "SESSION_LIMIT_REACHED")
			wantActive(t, e.session(held.ID))
			e.wantEvents(m)
		})
		t.Run("already ended", func(t *testing.T) {
			e := e.with(t)
			acc, admin := e.account("Acme")
			e.limitTo(acc.ID, admin.ID, 5, models.EvictOldest)
			mia := e.user(acc.ID, "Mia")
			held, _ := e.login(mia)
			endAt := e.clock.Now()
			if _, err := e.store.EndSession(e.ctx, held.ID, models.EndAdminLogout, &admin.ID); err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(time.Minute)
			m := e.mark()
			replacing := store.SessionEnd{ID: held.ID, Reason: models.EndLogout, ActorID: &mia.ID}
			next, _ := e.loginWith(mia, store.NewSession{LoginIP: "192.0.2.1", Replacing: &replacing})
			wantEnded(t, e.session(held.ID), models.EndAdminLogout, &admin.ID, endAt)
			e.wantEvents(m, started(next))
		})
	})
}
