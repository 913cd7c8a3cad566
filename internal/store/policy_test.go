package store_test

import (
	"slices"
	"testing"
	"time"

	"sessionguard/internal/events"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// policyFixture is an account with limit 5 and no idle timeout, where, 60 minutes after start,
// mia has 4 sessions, ben 2, cat 1 and the admin 1 (login times in the comments).
type policyFixture struct {
	accountID              string
	admin, mia, ben, cat   models.User
	mia1, mia2, mia3, mia4 models.Session // +0, +10, +40, +55 min
	ben1, ben2             models.Session // +20, +50 min
	cat1, adminS           models.Session // +25, +58 min
	all                    []models.Session
}

func (e *env) policyFixture() *policyFixture {
	e.t.Helper()
	f := &policyFixture{}
	acc, admin := e.account("Acme")
	f.accountID, f.admin = acc.ID, admin
	e.limitTo(acc.ID, admin.ID, 5, models.EvictOldest)
	f.mia, f.ben, f.cat = e.user(acc.ID, "Mia"), e.user(acc.ID, "Ben"), e.user(acc.ID, "Cat")
	base := e.clock.Now()
	at := func(u models.User, minutes int) models.Session {
		e.clock.Advance(base.Add(time.Duration(minutes) * time.Minute).Sub(e.clock.Now()))
		s, _ := e.login(u)
		f.all = append(f.all, s)
		return s
	}
	f.mia1, f.mia2, f.ben1, f.cat1 = at(f.mia, 0), at(f.mia, 10), at(f.ben, 20), at(f.cat, 25)
	f.mia3, f.ben2, f.mia4, f.adminS = at(f.mia, 40), at(f.ben, 50), at(f.mia, 55), at(admin, 58)
	e.clock.Advance(base.Add(60 * time.Minute).Sub(e.clock.Now()))
	return f
}

func TestUpdatePolicyRecordsTheChange(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		for i, change := range []models.PolicyChange{
			{LimitMultipleSessions: true, MaxConcurrentSessions: ptr(3), WhenLimitReached: ptr(models.RejectNew)},
			{LimitMultipleSessions: true, MaxConcurrentSessions: ptr(3), IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(8), IdleTimeoutUnit: ptr(models.Hours)},
			{},
		} {
			e.clock.Advance(time.Minute)
			m := e.mark()
			got := e.setPolicy(acc.ID, admin.ID, change)
			stored, err := e.store.Policy(e.ctx, acc.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []models.SessionPolicy{got, stored} {
				if p.Version != int64(i+2) {
					t.Errorf("change %d: version %d, want %d", i, p.Version, i+2)
				}
				if p.UpdatedAt == nil || !p.UpdatedAt.Equal(e.clock.Now()) {
					t.Errorf("change %d: updated at %v, want %v", i, deref(p.UpdatedAt), e.clock.Now())
				}
				if p.UpdatedByID == nil || *p.UpdatedByID != admin.ID {
					t.Errorf("change %d: updated by %v, want %s", i, deref(p.UpdatedByID), admin.ID)
				}
				if p.LimitMultipleSessions != change.LimitMultipleSessions || p.IdleTimeoutEnabled != change.IdleTimeoutEnabled {
					t.Errorf("change %d: switches %v %v, want %v %v", i, p.LimitMultipleSessions,
						p.IdleTimeoutEnabled, change.LimitMultipleSessions, change.IdleTimeoutEnabled)
				}
			}
			// Omitted fields keep what the earlier changes stored.
			if stored.MaxConcurrentSessions != 3 || stored.WhenLimitReached != models.RejectNew {
				t.Errorf("change %d: limit %d %s, want 3 REJECT_NEW", i, stored.MaxConcurrentSessions, stored.WhenLimitReached)
			}
			if i >= 1 && (stored.IdleTimeout() == nil || *stored.IdleTimeout() != (models.IdleTimeout{Value: 8, Unit: models.Hours})) {
				t.Errorf("change %d: idle timeout %+v, want 8 HOURS", i, stored.IdleTimeout())
			}
			evs := e.events.Events()[m:]
			if len(evs) != 1 || evs[0].Kind != events.PolicyUpdated || evs[0].AccountID != acc.ID ||
				evs[0].PolicyVersion != int64(i+2) || !evs[0].OccurredAt.Equal(e.clock.Now()) {
				t.Errorf("change %d: events %+v, want one POLICY_UPDATED v%d", i, evs, i+2)
			}
		}
	})
}

func TestUpdatePolicyRejectsInvalidInput(t *testing.T) {
	cases := []struct {
		name       string
		change     models.PolicyChange
		wantFields []string
	}{
		{"limit of 0", models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: ptr(0), EndExcessSessions: true},
			[]string{"maxConcurrentSessions"}},
		{"limit of 101", models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: ptr(101)},
			[]string{"maxConcurrentSessions"}},
		{"91 days", models.PolicyChange{IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(91), IdleTimeoutUnit: ptr(models.Days)},
			[]string{"idleTimeoutValue"}},
		{"timeout without a unit", models.PolicyChange{IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(1)},
			[]string{"idleTimeoutUnit"}},
		{"two bad fields", models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: ptr(0),
			IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(0), IdleTimeoutUnit: ptr(models.Minutes), EndExcessSessions: true},
			[]string{"idleTimeoutValue", "maxConcurrentSessions"}},
		// A value whose Duration() overflows to a negative one once passed the 90-day check and
		// ended every session of the account, the admin's own included.
		{"a timeout that overflows (106752 days)", models.PolicyChange{IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(106752),
			IdleTimeoutUnit: ptr(models.Days)}, []string{"idleTimeoutValue"}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				f := e.policyFixture()
				before, err := e.store.Policy(e.ctx, f.accountID)
				if err != nil {
					t.Fatal(err)
				}
				m := e.mark()
				e.clock.Advance(time.Minute)
				for _, op := range []string{"preview", "update"} {
					if op == "preview" {
						_, err = e.store.PreviewPolicy(e.ctx, f.accountID, tc.change)
					} else {
						_, err = e.store.UpdatePolicy(e.ctx, f.accountID, f.admin.ID, tc.change)
					}
					if err == nil {
						t.Errorf("%s: accepted, want invalid fields %v", op, tc.wantFields)
					} else if got := fieldsOf(t, err); !slices.Equal(got, tc.wantFields) {
						t.Errorf("%s: fields %v, want %v", op, got, tc.wantFields)
					}
				}
				after, err := e.store.Policy(e.ctx, f.accountID)
				if err != nil {
					t.Fatal(err)
				}
				if after.Version != before.Version || !after.UpdatedAt.Equal(*before.UpdatedAt) ||
					after.MaxConcurrentSessions != before.MaxConcurrentSessions || after.IdleTimeoutEnabled != before.IdleTimeoutEnabled ||
					after.IdleTimeout() != nil {
					t.Errorf("policy changed: before %+v after %+v", before, after)
				}
				for _, s := range f.all {
					wantActive(t, e.session(s.ID))
				}
				e.wantEvents(m)
			})
		}
	})
}

func TestPreviewAndUpdatePolicyImpact(t *testing.T) {
	idle30 := func(c models.PolicyChange) models.PolicyChange {
		c.IdleTimeoutEnabled, c.IdleTimeoutValue, c.IdleTimeoutUnit = true, ptr(30), ptr(models.Minutes)
		return c
	}
	limit := func(n int, endExcess bool) models.PolicyChange {
		return models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: &n, EndExcessSessions: endExcess}
	}
	cases := []struct {
		name       string
		change     models.PolicyChange
		wantIdle   func(f *policyFixture) []models.Session
		wantExcess func(f *policyFixture) []models.Session // what the preview counts as above the limit
		wantUsers  int
	}{
		{name: "lower limit ending excess: each user's oldest",
			change:     limit(2, true),
			wantExcess: func(f *policyFixture) []models.Session { return []models.Session{f.mia1, f.mia2} }, wantUsers: 1},
		{name: "lower limit keeping excess sessions",
			change:     limit(2, false),
			wantExcess: func(f *policyFixture) []models.Session { return []models.Session{f.mia1, f.mia2} }, wantUsers: 1},
		{name: "limit off means one each",
			change: models.PolicyChange{EndExcessSessions: true},
			wantExcess: func(f *policyFixture) []models.Session {
				return []models.Session{f.mia1, f.mia2, f.mia3, f.ben1}
			}, wantUsers: 2},
		{name: "limit 1 without ending excess",
			change: limit(1, false),
			wantExcess: func(f *policyFixture) []models.Session {
				return []models.Session{f.mia1, f.mia2, f.mia3, f.ben1}
			}, wantUsers: 2},
		{name: "raising the limit ends nothing", change: limit(10, true), wantUsers: 0},
		{name: "enabling a timeout ends idle sessions",
			change:   idle30(limit(5, false)),
			wantIdle: func(f *policyFixture) []models.Session { return []models.Session{f.mia1, f.mia2, f.ben1, f.cat1} }, wantUsers: 3},
		{name: "a long timeout ends nothing", wantUsers: 0,
			change: models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: ptr(5), IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(2), IdleTimeoutUnit: ptr(models.Hours)}},
		{name: "timeout and lower limit: idle sessions are not excess",
			change:     idle30(limit(1, true)),
			wantIdle:   func(f *policyFixture) []models.Session { return []models.Session{f.mia1, f.mia2, f.ben1, f.cat1} },
			wantExcess: func(f *policyFixture) []models.Session { return []models.Session{f.mia3} }, wantUsers: 3},
		{name: "timeout and limit 2: nobody live is above it",
			change:   idle30(limit(2, true)),
			wantIdle: func(f *policyFixture) []models.Session { return []models.Session{f.mia1, f.mia2, f.ben1, f.cat1} }, wantUsers: 3},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				f := e.policyFixture()
				var wantIdle, wantExcess []models.Session
				if tc.wantIdle != nil {
					wantIdle = tc.wantIdle(f)
				}
				if tc.wantExcess != nil {
					wantExcess = tc.wantExcess(f)
				}
				before, _ := e.store.Policy(e.ctx, f.accountID)

				// The preview tells what would end, and changes nothing.
				m := e.mark()
				impact, err := e.store.PreviewPolicy(e.ctx, f.accountID, tc.change)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := sortedIDs(impact.Idle), sortedIDs(wantIdle); !slices.Equal(got, want) {
					t.Errorf("preview idle: got %v, want %v", got, want)
				}
				if got, want := sortedIDs(impact.Excess), sortedIDs(wantExcess); !slices.Equal(got, want) {
					t.Errorf("preview excess: got %v, want %v", got, want)
				}
				if got := impact.UsersAffected(); got != tc.wantUsers {
					t.Errorf("preview users affected: got %d, want %d", got, tc.wantUsers)
				}
				e.wantEvents(m)
				for _, s := range f.all {
					wantActive(t, e.session(s.ID))
				}
				if after, _ := e.store.Policy(e.ctx, f.accountID); after.Version != before.Version {
					t.Errorf("preview changed the policy: version %d -> %d", before.Version, after.Version)
				}

				// The update then ends exactly what the preview announced (excess ones only when asked).
				m = e.mark()
				now := e.clock.Now()
				p := e.setPolicy(f.accountID, f.admin.ID, tc.change)
				wantEv := []string{string(events.PolicyUpdated)}
				endedIDs := map[string]bool{}
				for _, s := range impact.Idle {
					since, _ := p.IdleSince(&s)
					wantEnded(t, e.session(s.ID), models.EndIdleTimeout, nil, since)
					wantEv = append(wantEv, ended(s, models.EndIdleTimeout))
					endedIDs[s.ID] = true
				}
				if tc.change.EndExcessSessions {
					for _, s := range impact.Excess {
						wantEnded(t, e.session(s.ID), models.EndConcurrentLimit, nil, now)
						wantEv = append(wantEv, ended(s, models.EndConcurrentLimit))
						endedIDs[s.ID] = true
					}
				}
				for _, s := range f.all {
					if !endedIDs[s.ID] {
						wantActive(t, e.session(s.ID))
					}
				}
				e.wantEvents(m, wantEv...)
				var active int64
				for _, u := range []models.User{f.admin, f.mia, f.ben, f.cat} {
					active += e.countSessions(u.ID, models.SessionActive)
				}
				if want := int64(len(f.all) - len(endedIDs)); active != want {
					t.Errorf("active sessions left: %d, want %d", active, want)
				}
			})
		}
	})
}

func TestUpdatePolicyLeavesOtherAccountsAlone(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		other := e.policyFixture()
		f := e.policyFixture()
		otherBefore, _ := e.store.Policy(e.ctx, other.accountID)
		e.clock.Advance(time.Hour)
		e.setPolicy(f.accountID, f.admin.ID, models.PolicyChange{
			IdleTimeoutEnabled: true, IdleTimeoutValue: ptr(1), IdleTimeoutUnit: ptr(models.Minutes), EndExcessSessions: true,
		})
		for _, s := range f.all {
			if got := e.session(s.ID); got.Status != models.SessionTerminated {
				t.Errorf("session %s of the changed account still %s", s.ID, got.Status)
			}
		}
		for _, s := range other.all {
			wantActive(t, e.session(s.ID))
		}
		if after, _ := e.store.Policy(e.ctx, other.accountID); after.Version != otherBefore.Version {
			t.Errorf("other account's policy changed: version %d -> %d", otherBefore.Version, after.Version)
		}
	})
}

func sortedIDs(ss []models.Session) []string {
	ids := idsOf(ss)
	slices.Sort(ids)
	return ids
}
