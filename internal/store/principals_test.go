package store_test

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"sessionguard/internal/apperr"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// writes counts the INSERT, UPDATE and DELETE statements e's store has run since its first call.
func (e *env) writes() int64 {
	e.t.Helper()
	e.writeOnce.Do(func() {
		count := func(*gorm.DB) { e.writeCount.Add(1) }
		cb := e.store.Gorm().Callback()
		for _, err := range []error{
			cb.Create().Before("gorm:create").Register("test:count_create", count),
			cb.Update().Before("gorm:update").Register("test:count_update", count),
			cb.Delete().Before("gorm:delete").Register("test:count_delete", count),
		} {
			if err != nil {
				e.t.Fatal(err)
			}
		}
	})
	return e.writeCount.Load()
}

func idleAfter(minutes int) models.PolicyChange {
	return models.PolicyChange{IdleTimeoutEnabled: true, IdleTimeoutValue: &minutes, IdleTimeoutUnit: ptr(models.Minutes)}
}

func TestAuthenticate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("Acme")
		u := e.user(acc.ID, "Mia")
		s, token := e.loginWith(u, store.NewSession{LoginIP: "198.51.100.7", LoginCity: ptr("Oslo")})
		e.clock.Advance(time.Second)

		p, err := e.store.Authenticate(e.ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		// What Principal promises: ids, the role, the session's times; both active.
		if p.Session.ID != s.ID || p.Session.UserID != u.ID || p.Session.AccountID != acc.ID ||
			p.Session.Status != models.SessionActive || !p.Session.LoginAt.Equal(start) ||
			p.Session.EndedAt != nil || p.Session.EndReason != nil {
			t.Errorf("principal session: %+v", p.Session)
		}
		if p.User.ID != u.ID || p.User.AccountID != acc.ID || p.User.Role != models.RoleMember ||
			p.User.Status != models.UserActive {
			t.Errorf("principal user: %+v", p.User)
		}
	})
}

// The request check reads the role from the session's row (user_role), which the database keeps:
// a session takes its user's role as inserted, and a role change reaches the user's active
// sessions even when made behind the store's back (the store itself also ends them).
func TestAuthenticateReadsTheRoleTheDatabaseKeeps(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		u := e.user(acc.ID, "Mia")
		_, adminToken := e.login(admin)
		ended, _ := e.login(u)
		if _, err := e.store.EndSession(e.ctx, ended.ID, models.EndLogout, &u.ID); err != nil {
			t.Fatal(err)
		}
		_, token := e.login(u)
		role := func(token []byte) models.Role {
			t.Helper()
			p, err := e.store.Authenticate(e.ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			return p.User.Role
		}
		if got := role(adminToken); got != models.RoleAdmin {
			t.Errorf("admin's session: role %q, want ADMIN", got)
		}
		if got := role(token); got != models.RoleMember {
			t.Errorf("member's session: role %q, want MEMBER", got)
		}
		if err := e.store.Gorm().Exec("UPDATE users SET role = ? WHERE id = ?", models.RoleAdmin, u.ID).Error; err != nil {
			t.Fatal(err)
		}
		if got := role(token); got != models.RoleAdmin {
			t.Errorf("after the role changed: role %q, want ADMIN", got)
		}
		var endedRole string
		if err := e.store.Gorm().Raw("SELECT user_role FROM sessions WHERE id = ?", ended.ID).Scan(&endedRole).Error; err != nil {
			t.Fatal(err)
		}
		if endedRole != string(models.RoleMember) {
			t.Errorf("an ended session's role changed to %q: only active sessions follow the user", endedRole)
		}
	})
}

func TestAuthenticateRefuses(t *testing.T) {
	cases := []struct {
		name string
		// arrange returns the token to present; it may end the session it started.
		arrange func(e *env, u models.User, admin models.User) []byte
		message string // the error's message: why, so that a client can tell its user
	}{
		{name: "unknown token", message: "invalid session token", arrange: func(e *env, _, _ models.User) []byte { return e.newToken() }},
		{name: "empty token", message: "invalid session token", arrange: func(e *env, _, _ models.User) []byte { return []byte{} }},
		{name: "logged out session", message: "session ended: LOGOUT", arrange: func(e *env, u, _ models.User) []byte {
			s, token := e.login(u)
			if _, err := e.store.EndSession(e.ctx, s.ID, models.EndLogout, &u.ID); err != nil {
				e.t.Fatal(err)
			}
			return token
		}},
		{name: "session evicted by a newer login", message: "session ended: CONCURRENT_LIMIT", arrange: func(e *env, u, _ models.User) []byte {
			_, token := e.login(u)
			e.clock.Advance(time.Second)
			e.login(u)
			return token
		}},
		{name: "session ended by terminate all", message: "session ended: TERMINATE_ALL", arrange: func(e *env, u, admin models.User) []byte {
			_, token := e.login(u)
			if _, err := e.store.TerminateAll(e.ctx, store.TerminateScope{AccountID: u.AccountID, ActorID: admin.ID}); err != nil {
				e.t.Fatal(err)
			}
			return token
		}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				u := e.user(acc.ID, "Mia")
				token := tc.arrange(e, u, admin)
				e.clock.Advance(time.Minute)
				m := e.mark()
				w := e.writes()
				_, err := e.store.Authenticate(e.ctx, token)
				wantCode(t, err, apperr.Unauthenticated)
				if err.Error() != tc.message {
					t.Errorf("message %q, want %q", err.Error(), tc.message)
				}
				e.wantEvents(m)
				if n := e.writes() - w; n != 0 {
					t.Errorf("a refused token wrote %d statements, want 0", n)
				}
			})
		}
	})
}

func TestAuthenticateIdleTimeout(t *testing.T) {
	cases := []struct {
		name     string
		idle     time.Duration // time since the last recorded activity
		wantIdle bool
	}{
		{"just active", 0, false},
		{"one microsecond short of the timeout", 30*time.Minute - time.Microsecond, false},
		{"exactly the timeout: within the grace for coalesced activity", 30 * time.Minute, false},
		{"one microsecond short of timeout plus grace", 30*time.Minute + models.IdleGrace - time.Microsecond, false},
		{"timeout plus grace", 30*time.Minute + models.IdleGrace, true},
		{"past the timeout", 31 * time.Minute, true},
		{"days later", 72 * time.Hour, true},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, idleAfter(30))
				u := e.user(acc.ID, "Mia")
				s, token := e.login(u)
				e.clock.Advance(tc.idle)
				m := e.mark()
				_, err := e.store.Authenticate(e.ctx, token)
				if !tc.wantIdle {
					if err != nil {
						t.Fatalf("live session refused: %v", err)
					}
					wantActive(t, e.session(s.ID))
					e.wantEvents(m)
					return
				}
				wantCode(t, err, apperr.Unauthenticated)
				wantEnded(t, e.session(s.ID), models.EndIdleTimeout, nil, s.LastActiveAt.Add(30*time.Minute))
				e.wantEvents(m, ended(s, models.EndIdleTimeout))

				// Later requests are refused too, without announcing the end again.
				e.clock.Advance(time.Hour)
				_, err = e.store.Authenticate(e.ctx, token)
				wantCode(t, err, apperr.Unauthenticated)
				e.wantEvents(m, ended(s, models.EndIdleTimeout))
				wantEnded(t, e.session(s.ID), models.EndIdleTimeout, nil, s.LastActiveAt.Add(30*time.Minute))
			})
		}
	})
}

func TestAuthenticateCoalescesActivity(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("Acme")
		u := e.user(acc.ID, "Mia")
		s, token := e.login(u)
		w := e.writes()

		steps := []struct {
			name           string
			advance        time.Duration
			wantLastActive time.Time
			wantWrites     int64
		}{
			{"right after login", 0, start, 0},
			{"within the interval", models.ActivityWriteInterval / 2, start, 0},
			{"just short of the interval", models.ActivityWriteInterval/2 - time.Microsecond, start, 0},
			{"at the interval", time.Microsecond, start.Add(models.ActivityWriteInterval), 1},
			{"within the next interval", time.Second, start.Add(models.ActivityWriteInterval), 1},
			{"long after", time.Hour, start.Add(models.ActivityWriteInterval + time.Second + time.Hour), 2},
		}
		for _, step := range steps {
			e.clock.Advance(step.advance)
			p, err := e.store.Authenticate(e.ctx, token)
			if err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			stored := e.session(s.ID)
			if !stored.LastActiveAt.Equal(step.wantLastActive) {
				t.Errorf("%s: stored last_active_at %v, want %v", step.name, stored.LastActiveAt, step.wantLastActive)
			}
			if !p.Session.LastActiveAt.Equal(step.wantLastActive) {
				t.Errorf("%s: principal last active %v, want %v", step.name, p.Session.LastActiveAt, step.wantLastActive)
			}
			if n := e.writes() - w; n != step.wantWrites {
				t.Errorf("%s: %d writes so far, want %d", step.name, n, step.wantWrites)
			}
		}
	})
}

func TestActivityKeepsASessionAlive(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		e.setPolicy(acc.ID, admin.ID, idleAfter(30))
		u := e.user(acc.ID, "Mia")
		s, token := e.login(u)
		for i := range 6 { // three hours of requests every 29 minutes
			e.clock.Advance(29 * time.Minute)
			if _, err := e.store.Authenticate(e.ctx, token); err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
		}
		wantActive(t, e.session(s.ID))
		e.clock.Advance(30*time.Minute + models.IdleGrace)
		_, err := e.store.Authenticate(e.ctx, token)
		wantCode(t, err, apperr.Unauthenticated)
		wantEnded(t, e.session(s.ID), models.EndIdleTimeout, nil, start.Add(6*29*time.Minute+30*time.Minute))
	})
}

func TestAuthenticateUsesTheCurrentPolicy(t *testing.T) {
	cases := []struct {
		name      string
		before    models.PolicyChange // policy at login
		after     models.PolicyChange // set 10 minutes after the last activity
		wait      time.Duration       // further wait before the request
		wantEndAt time.Duration       // since the last activity; 0: the session stays active
	}{
		{"shorter timeout applies at once", idleAfter(60), idleAfter(15), 6 * time.Minute, 15 * time.Minute},
		{"new timeout on a session that had none", models.PolicyChange{}, idleAfter(12), 3 * time.Minute, 12 * time.Minute},
		{"disabled timeout applies at once", idleAfter(20), models.PolicyChange{}, 3 * time.Hour, 0},
		{"longer timeout applies at once", idleAfter(20), idleAfter(120), 30 * time.Minute, 0},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, tc.before)
				u := e.user(acc.ID, "Mia")
				s, token := e.login(u)
				e.clock.Advance(10 * time.Minute)
				e.setPolicy(acc.ID, admin.ID, tc.after)
				wantActive(t, e.session(s.ID)) // not idle yet under either policy
				e.clock.Advance(tc.wait)
				m := e.mark()
				_, err := e.store.Authenticate(e.ctx, token)
				if tc.wantEndAt == 0 {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					wantActive(t, e.session(s.ID))
					return
				}
				wantCode(t, err, apperr.Unauthenticated)
				wantEnded(t, e.session(s.ID), models.EndIdleTimeout, nil, s.LastActiveAt.Add(tc.wantEndAt))
				e.wantEvents(m, ended(s, models.EndIdleTimeout))
			})
		}
	})
}

// A request that finds its session idle is refused even when another request (a second tab, or
// the reaper) ends that session between this request's read and its own attempt to end it.
func TestAuthenticateIdleSessionEndedConcurrently(t *testing.T) {
	cases := []struct {
		name string
		// interfere runs between Authenticate's read of the session and its check for idleness.
		interfere func(e *env, s models.Session, token []byte)
	}{
		{"another request ends it as idle", func(e *env, _ models.Session, token []byte) {
			_, err := e.store.Authenticate(e.ctx, token)
			wantCode(e.t, err, apperr.Unauthenticated)
		}},
		{"the user logs out meanwhile", func(e *env, s models.Session, _ []byte) {
			if _, err := e.store.EndSession(e.ctx, s.ID, models.EndLogout, &s.UserID); err != nil {
				e.t.Fatal(err)
			}
		}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				acc, admin := e.account("Acme")
				e.setPolicy(acc.ID, admin.ID, idleAfter(30))
				u := e.user(acc.ID, "Mia")
				s, token := e.login(u)
				e.clock.Advance(45 * time.Minute)
				// Authenticate reads the clock right after it read the session row.
				e.clock.onNextRead(func() { tc.interfere(e, s, token) })
				_, err := e.store.Authenticate(e.ctx, token)
				wantCode(t, err, apperr.Unauthenticated)
				if got := e.session(s.ID); got.Status != models.SessionTerminated {
					t.Errorf("status %s, want TERMINATED", got.Status)
				}
			})
		}
	})
}
