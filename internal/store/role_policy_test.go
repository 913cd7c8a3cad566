package store_test

import (
	"slices"
	"testing"
	"time"

	"sessionguard/internal/apperr"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// Per-role session policy (issue 10): each session obeys its user's role's overrides of its
// account's policy, on every path that holds it to the policy.

// idleFor returns a change to an idle timeout of minutes, enabled, with overrides.
func idleFor(minutes int, overrides ...models.RoleSessionPolicy) models.PolicyChange {
	return models.PolicyChange{IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(minutes),
		IdleTimeoutUnit: ptr(models.Minutes), RoleOverrides: &overrides}
}

// adminsIdleAfter is an override ending admins' sessions after minutes of inactivity.
func adminsIdleAfter(minutes int) models.RoleSessionPolicy {
	return models.RoleSessionPolicy{Role: models.RoleAdmin, IdleTimeoutEnabled: ptr(true),
		IdleTimeoutValue: ptr(minutes), IdleTimeoutUnit: ptr(models.Minutes)}
}

// membersNeverIdle is an override that turns the idle timeout off for members.
var membersNeverIdle = models.RoleSessionPolicy{Role: models.RoleMember, IdleTimeoutEnabled: ptr(false)}

func TestRoleOverridesAreSavedWithThePolicy(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		before, err := e.store.Policy(e.ctx, acc.ID)
		if err != nil || len(before.RoleOverrides) != 0 {
			t.Fatalf("new account's policy: %v overrides, %v", before.RoleOverrides, err)
		}
		saved := e.setPolicy(acc.ID, admin.ID, idleFor(60, adminsIdleAfter(10), membersNeverIdle))
		got, err := e.store.Policy(e.ctx, acc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != before.Version+1 || saved.Version != got.Version {
			t.Errorf("version %d (returned %d), want %d", got.Version, saved.Version, before.Version+1)
		}
		roles := func(p models.SessionPolicy) (out []models.Role) {
			for _, o := range p.RoleOverrides {
				out = append(out, o.Role)
			}
			return out
		}
		if !slices.Equal(roles(got), []models.Role{models.RoleAdmin, models.RoleMember}) {
			t.Fatalf("stored overrides of %v, want ADMIN and MEMBER", roles(got))
		}
		if a := got.ForRole(models.RoleAdmin); a.IdleLimit() != 10*time.Minute {
			t.Errorf("admins' idle limit %v, want 10m", a.IdleLimit())
		}
		if m := got.ForRole(models.RoleMember); m.IdleLimit() != 0 || m.IdleTimeout() == nil {
			t.Errorf("members' idle limit %v (timeout %v), want none in force, the account's kept", m.IdleLimit(), m.IdleTimeout())
		}

		// Omitted keeps them; refused input changes nothing; [] removes them.
		e.setPolicy(acc.ID, admin.ID, models.PolicyChange{IdleTimeoutEnabled: false})
		if p, _ := e.store.Policy(e.ctx, acc.ID); len(p.RoleOverrides) != 2 {
			t.Errorf("a change without overrides left %d, want 2", len(p.RoleOverrides))
		}
		bad := []models.RoleSessionPolicy{adminsIdleAfter(0), {Role: models.RoleAdmin}}
		_, err = e.store.UpdatePolicy(e.ctx, acc.ID, admin.ID, models.PolicyChange{RoleOverrides: &bad})
		if fields := fieldsOf(t, err); !slices.Equal(fields, []string{"roleOverrides[0].idleTimeoutValue", "roleOverrides[1].role"}) {
			t.Errorf("refused fields %v", fields)
		}
		kept, _ := e.store.Policy(e.ctx, acc.ID)
		if kept.Version != got.Version+1 || len(kept.RoleOverrides) != 2 {
			t.Errorf("after a refused change: version %d, %d overrides; want %d, 2", kept.Version, len(kept.RoleOverrides), got.Version+1)
		}
		e.setPolicy(acc.ID, admin.ID, models.PolicyChange{RoleOverrides: &[]models.RoleSessionPolicy{}})
		if p, _ := e.store.Policy(e.ctx, acc.ID); len(p.RoleOverrides) != 0 {
			t.Errorf("[] left %d overrides", len(p.RoleOverrides))
		}
	})
}

func TestRequestsObeyTheirRolesIdleTimeout(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		member := e.user(acc.ID, "Mia")
		e.setPolicy(acc.ID, admin.ID, idleFor(60, adminsIdleAfter(10)))
		adminSession, adminToken := e.login(admin)
		memberSession, memberToken := e.login(member)
		e.clock.Advance(10*time.Minute + models.IdleGrace)
		m := e.mark()
		_, err := e.store.Authenticate(e.ctx, adminToken)
		wantCode(t, err, apperr.Unauthenticated)
		wantEnded(t, e.session(adminSession.ID), models.EndIdleTimeout, nil, start.Add(10*time.Minute))
		if _, err := e.store.Authenticate(e.ctx, memberToken); err != nil {
			t.Errorf("member's request under the account's hour: %v", err)
		}
		wantActive(t, e.session(memberSession.ID))
		e.wantEvents(m, ended(adminSession, models.EndIdleTimeout))
	})
}

func TestARoleChangeAppliesTheNewRolesRulesFromTheNextRequest(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		member := e.user(acc.ID, "Mia")
		// Members never go idle; admins (the account) after 10 minutes.
		e.setPolicy(acc.ID, admin.ID, idleFor(10, membersNeverIdle))
		_, token := e.login(member)
		e.clock.Advance(20 * time.Minute)
		if _, err := e.store.Authenticate(e.ctx, token); err != nil {
			t.Fatalf("a member's request after 20 idle minutes: %v", err)
		}
		// The request check reads the role with the session, never from the policy cache: a
		// role written behind the store's back (as another replica's change would be) counts at
		// the next request, with the cached policy.
		if err := e.store.Gorm().Exec("UPDATE users SET role = 'ADMIN' WHERE id = ?", member.ID).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.Authenticate(e.ctx, token); err != nil {
			t.Fatalf("just active, as an admin: %v", err)
		}
		e.clock.Advance(10*time.Minute + models.IdleGrace)
		_, err := e.store.Authenticate(e.ctx, token)
		wantCode(t, err, apperr.Unauthenticated)

		// Through UpdateUser: the sessions end ROLE_CHANGED, and the next login obeys the new role.
		other := e.user(acc.ID, "Noor")
		promoted := e.user(acc.ID, "Ola")
		e.loginWith(promoted, store.NewSession{LoginIP: "192.0.2.1"})
		if _, err := e.store.UpdateUser(e.ctx, acc.ID, admin.ID, promoted.ID, store.UserChange{Role: ptr(models.RoleAdmin)}); err != nil {
			t.Fatal(err)
		}
		if n := e.countSessions(promoted.ID, models.SessionActive); n != 0 {
			t.Errorf("%d sessions survived the role change", n)
		}
		promotedSession, promotedToken := e.login(promoted)
		_, otherToken := e.login(other)
		e.clock.Advance(10*time.Minute + models.IdleGrace)
		_, err = e.store.Authenticate(e.ctx, promotedToken)
		wantCode(t, err, apperr.Unauthenticated)
		wantEnded(t, e.session(promotedSession.ID), models.EndIdleTimeout, nil, promotedSession.LoginAt.Add(10*time.Minute))
		if _, err := e.store.Authenticate(e.ctx, otherToken); err != nil {
			t.Errorf("a member's request: %v", err)
		}
	})
}

func TestLoginsObeyTheirRolesLimit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		member := e.user(acc.ID, "Mia")
		overrides := []models.RoleSessionPolicy{{Role: models.RoleAdmin, LimitMultipleSessions: ptr(false), WhenLimitReached: ptr(models.RejectNew)}}
		e.setPolicy(acc.ID, admin.ID, models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: ptr(2),
			WhenLimitReached: ptr(models.EvictOldest), RoleOverrides: &overrides})
		e.login(admin)
		_, err := e.store.StartSession(e.ctx, admin, store.NewSession{TokenHash: e.newToken(), LoginIP: "192.0.2.1"})
		wantCode(t, err, apperr.SessionLimitReached)
		first, _ := e.login(member)
		e.login(member)
		e.login(member)
		wantEnded(t, e.session(first.ID), models.EndConcurrentLimit, nil, start)
		if n := e.countSessions(member.ID, models.SessionActive); n != 2 {
			t.Errorf("member's active sessions %d, want the account's 2", n)
		}
	})
}

func TestReaperEndsSessionsByTheirRolesRules(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		member := e.user(acc.ID, "Mia")
		// The account: no idle timeout. Admins: 10 idle minutes. Members: a 2-hour lifetime.
		overrides := []models.RoleSessionPolicy{adminsIdleAfter(10), {Role: models.RoleMember,
			AbsoluteLifetimeEnabled: ptr(true), AbsoluteLifetimeValue: ptr(2), AbsoluteLifetimeUnit: ptr(models.Hours)}}
		e.setPolicy(acc.ID, admin.ID, models.PolicyChange{IdleTimeoutValue: ptr(1), IdleTimeoutUnit: ptr(models.Hours), RoleOverrides: &overrides})
		adminSession, _ := e.login(admin)
		memberSession, memberToken := e.login(member)

		e.clock.Advance(10*time.Minute + models.IdleGrace)
		m := e.mark()
		if n := e.reap(500); n != 1 {
			t.Errorf("first pass ended %d, want the admin's 1", n)
		}
		wantEnded(t, e.session(adminSession.ID), models.EndIdleTimeout, nil, start.Add(10*time.Minute))
		wantActive(t, e.session(memberSession.ID))
		e.wantEachEndedOnce(t, m, []string{adminSession.ID})

		// The member stays busy; the lifetime ends the session anyway, and nothing twice.
		e.clock.Advance(time.Hour)
		if _, err := e.store.Authenticate(e.ctx, memberToken); err != nil {
			t.Fatal(err)
		}
		if n := e.reap(500); n != 0 {
			t.Errorf("a pass before the member's lifetime ended %d", n)
		}
		e.clock.Advance(time.Hour)
		m = e.mark()
		if n := e.reap(500); n != 1 {
			t.Errorf("a pass after the member's lifetime ended %d, want 1", n)
		}
		wantEnded(t, e.session(memberSession.ID), models.EndMaxLifetime, nil, start.Add(2*time.Hour))
		e.wantEachEndedOnce(t, m, []string{memberSession.ID})
		if n := e.reap(500); n != 0 {
			t.Errorf("a second pass ended %d", n)
		}
	})
}

func TestReaperKeepsARolesSessionsItsOverrideSpares(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		members := []models.User{e.user(acc.ID, "Mia"), e.user(acc.ID, "Noor")}
		e.setPolicy(acc.ID, admin.ID, idleFor(10, membersNeverIdle))
		adminSession, _ := e.login(admin)
		var memberSessions []models.Session
		for _, u := range members {
			s, _ := e.login(u)
			memberSessions = append(memberSessions, s)
		}
		e.clock.Advance(time.Hour)
		m := e.mark()
		// A batch of one: the admin's query must not be crowded out by members' sessions.
		for e.reap(1) > 0 {
		}
		wantEnded(t, e.session(adminSession.ID), models.EndIdleTimeout, nil, start.Add(10*time.Minute))
		for _, s := range memberSessions {
			wantActive(t, e.session(s.ID))
		}
		e.wantEachEndedOnce(t, m, []string{adminSession.ID})
	})
}

func TestPolicyPreviewAndUpdateJudgeEachRole(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		member := e.user(acc.ID, "Mia")
		e.limitTo(acc.ID, admin.ID, 3, models.EvictOldest)
		adminOld, _ := e.login(admin)
		adminNew, _ := e.login(admin)
		memberOld, _ := e.login(member)
		e.clock.Advance(30 * time.Minute)
		e.login(member)
		e.login(member)

		// Admins: one session, 20 idle minutes. Members: the account's 3 sessions, no timeout.
		overrides := []models.RoleSessionPolicy{adminsIdleAfter(20)}
		overrides[0].MaxConcurrentSessions, overrides[0].LimitMultipleSessions = ptr(1), ptr(true)
		change := models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: ptr(3),
			RoleOverrides: &overrides, EndExcessSessions: true}
		impact, err := e.store.PreviewPolicy(e.ctx, acc.ID, change)
		if err != nil {
			t.Fatal(err)
		}
		// Both admin sessions are idle under 20 minutes; no member session is over or idle.
		if got := idsOf(impact.Idle); !slices.Equal(got, []string{adminOld.ID, adminNew.ID}) || len(impact.Excess) != 0 || len(impact.Lifetime) != 0 {
			t.Errorf("preview: idle %v excess %v lifetime %v; want both admin sessions idle, nothing else",
				got, idsOf(impact.Excess), idsOf(impact.Lifetime))
		}
		m := e.mark()
		e.setPolicy(acc.ID, admin.ID, change)
		for _, s := range []models.Session{adminOld, adminNew} {
			wantEnded(t, e.session(s.ID), models.EndIdleTimeout, nil, start.Add(20*time.Minute))
		}
		wantActive(t, e.session(memberOld.ID))
		var ids []string
		for _, ev := range e.since(m) {
			if ev != "POLICY_UPDATED" {
				ids = append(ids, ev)
			}
		}
		if !slices.Equal(ids, []string{ended(adminOld, models.EndIdleTimeout), ended(adminNew, models.EndIdleTimeout)}) {
			t.Errorf("session events %q", ids)
		}

		// A lower members' limit with EndExcessSessions ends each member's oldest above it.
		lower := []models.RoleSessionPolicy{overrides[0], {Role: models.RoleMember, MaxConcurrentSessions: ptr(2)}}
		change.RoleOverrides = &lower
		impact, err = e.store.PreviewPolicy(e.ctx, acc.ID, change)
		if err != nil || !slices.Equal(idsOf(impact.Excess), []string{memberOld.ID}) || impact.Count() != 1 {
			t.Fatalf("preview of the members' limit: excess %v, count %d, %v", idsOf(impact.Excess), impact.Count(), err)
		}
		m = e.mark()
		e.setPolicy(acc.ID, admin.ID, change)
		wantEnded(t, e.session(memberOld.ID), models.EndConcurrentLimit, nil, e.clock.Now())
		e.wantEachEndedOnce(t, m+1, []string{memberOld.ID}) // after POLICY_UPDATED
	})
}

// A pass costs a few statements per account however many sessions: with every role on its own
// idle cut-off, one probe per cut-off; with a role's override equal to the account, one in all.
func TestReapWithRoleOverridesProbesOncePerCutoff(t *testing.T) {
	cases := []struct {
		name      string
		overrides []models.RoleSessionPolicy
		probes    int
	}{
		{"an override equal to the account's", []models.RoleSessionPolicy{adminsIdleAfter(30)}, 1},
		{"admins stricter", []models.RoleSessionPolicy{adminsIdleAfter(10)}, 2},
		{"members never idle", []models.RoleSessionPolicy{membersNeverIdle}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, url string) {
				e := newEnv(t, url)
				const accounts = 3
				for range accounts {
					acc, admin := e.account("Acme")
					e.setPolicy(acc.ID, admin.ID, idleFor(30, tc.overrides...))
					for range 5 {
						e.login(e.user(acc.ID, "Live"))
					}
					e.login(admin)
				}
				e.clock.Advance(time.Minute)
				statements := e.countStatements()
				if n := e.reap(500); n != 0 {
					t.Fatalf("ended %d live sessions", n)
				}
				if got, want := statements.Load(), int64(2+accounts*tc.probes); got != want {
					t.Errorf("a pass ran %d statements, want %d (policies, overrides, %d probes per account)", got, want, tc.probes)
				}
			})
		})
	}
}

func TestAStaleRoleOverrideNeverEndsASessionEarly(t *testing.T) {
	// Replica B has cached an admins' 10-minute timeout; replica A removes it (the account's hour
	// applies). An admin session idle 30 minutes is idle under B's cache, valid as stored: B must
	// let it through, and then read the overrides again within PolicyCacheTTL.
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replicaB := e.open()
		acc, admin := e.account("Acme")
		e.setPolicy(acc.ID, admin.ID, idleFor(60, adminsIdleAfter(10)))
		quiet, quietToken := e.login(admin)
		other := e.user(acc.ID, "Noor")
		e.clock.Advance(30 * time.Minute)
		_, freshToken := e.login(other)
		if _, err := replicaB.Authenticate(e.ctx, freshToken); err != nil {
			t.Fatal(err) // B now holds the admins' 10 minutes
		}
		e.setPolicy(acc.ID, admin.ID, idleFor(60)) // no overrides, on replica A
		if _, err := replicaB.Authenticate(e.ctx, quietToken); err != nil {
			t.Fatalf("an admin idle 30 minutes under the account's hour was refused by a replica with a stale override: %v", err)
		}
		wantActive(t, e.session(quiet.ID))

		// And the other way: A saves admins' 10 minutes again; B applies it once its cache expires.
		e.setPolicy(acc.ID, admin.ID, idleFor(60, adminsIdleAfter(10)))
		e.clock.Advance(10*time.Minute + models.IdleGrace + store.PolicyCacheTTL)
		_, err := replicaB.Authenticate(e.ctx, quietToken)
		wantCode(t, err, apperr.Unauthenticated)
		wantEnded(t, e.session(quiet.ID), models.EndIdleTimeout, nil, start.Add(40*time.Minute))
	})
}
