package store_test

import (
	"slices"
	"testing"
	"time"

	"sessionguard/internal/events"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// A new or shorter absolute lifetime applies at once: the preview counts the sessions already past
// it, and the update ends exactly those, as of their login plus the lifetime.

func TestPreviewAndUpdatePolicyWithALifetime(t *testing.T) {
	type want struct {
		idle, lifetime, excess func(f *policyFixture) []models.Session
		users                  int
	}
	limited := func(n int, endExcess bool) models.PolicyChange {
		return models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: &n, EndExcessSessions: endExcess}
	}
	none := func(*policyFixture) []models.Session { return nil }
	cases := []struct {
		name   string
		change models.PolicyChange
		want   want
	}{
		{"30 minutes ends the sessions logged in before +30", withLifetime(limited(5, false), 30, models.Minutes), want{
			idle:     none,
			lifetime: func(f *policyFixture) []models.Session { return []models.Session{f.mia1, f.mia2, f.ben1, f.cat1} },
			excess:   none, users: 3}},
		{"a session both idle and over the lifetime counts once, under the earlier reason",
			withLifetime(idleAfter(30), 45, models.Minutes), want{
				// mia1 went idle at +30, before its lifetime ran out at +45: idle. mia2 was busy
				// (+59) and ran out at +55. ben1 and cat1 went idle at +50 and +55.
				idle:     func(f *policyFixture) []models.Session { return []models.Session{f.mia1, f.ben1, f.cat1} },
				lifetime: func(f *policyFixture) []models.Session { return []models.Session{f.mia2} },
				excess:   func(f *policyFixture) []models.Session { return []models.Session{f.mia3} }, users: 3}},
		{"with the limit kept, nothing above it", withLifetime(withIdle(limited(5, true), 30), 45, models.Minutes), want{
			idle:     func(f *policyFixture) []models.Session { return []models.Session{f.mia1, f.ben1, f.cat1} },
			lifetime: func(f *policyFixture) []models.Session { return []models.Session{f.mia2} },
			excess:   none, users: 3}},
		{"a lifetime longer than every session ends nothing", withLifetime(limited(5, true), 2, models.Hours), want{
			idle: none, lifetime: none, excess: none}},
		{"a lifetime switched off ends nothing", models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: ptr(5),
			AbsoluteLifetimeEnabled: ptr(false), AbsoluteLifetimeValue: ptr(1), AbsoluteLifetimeUnit: ptr(models.Minutes)}, want{
			idle: none, lifetime: none, excess: none}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				f := e.policyFixture()
				// mia2 made a request a minute ago (+59): only the lifetime can end it.
				busyAt := f.mia2.LoginAt.Add(49 * time.Minute)
				if err := e.store.Gorm().Model(&models.Session{}).Where("id = ?", f.mia2.ID).Update("last_active_at", busyAt).Error; err != nil {
					t.Fatal(err)
				}
				wantIdle, wantLifetime, wantExcess := tc.want.idle(f), tc.want.lifetime(f), tc.want.excess(f)

				m := e.mark()
				impact, err := e.store.PreviewPolicy(e.ctx, f.accountID, tc.change)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range []struct {
					name      string
					got, want []models.Session
				}{{"idle", impact.Idle, wantIdle}, {"over the lifetime", impact.Lifetime, wantLifetime}, {"excess", impact.Excess, wantExcess}} {
					if got, want := sortedIDs(c.got), sortedIDs(c.want); !slices.Equal(got, want) {
						t.Errorf("preview %s: got %v, want %v", c.name, got, want)
					}
				}
				if got, want := impact.Count(), len(wantIdle)+len(wantLifetime)+len(wantExcess); got != want {
					t.Errorf("preview count: got %d, want %d", got, want)
				}
				if got := impact.UsersAffected(); got != tc.want.users {
					t.Errorf("preview users affected: got %d, want %d", got, tc.want.users)
				}
				e.wantEvents(m)
				for _, s := range f.all {
					wantActive(t, e.session(s.ID))
				}

				m = e.mark()
				now := e.clock.Now()
				p := e.setPolicy(f.accountID, f.admin.ID, tc.change)
				wantEv := []string{string(events.PolicyUpdated)}
				endedIDs := map[string]bool{}
				for _, s := range impact.Idle {
					since, _ := p.IdleSince(&s)
					wantEnded(t, e.session(s.ID), models.EndIdleTimeout, nil, since)
					wantEv, endedIDs[s.ID] = append(wantEv, ended(s, models.EndIdleTimeout)), true
				}
				for _, s := range impact.Lifetime {
					wantEnded(t, e.session(s.ID), models.EndMaxLifetime, nil, s.LoginAt.Add(p.LifetimeLimit()))
					wantEv, endedIDs[s.ID] = append(wantEv, ended(s, models.EndMaxLifetime)), true
				}
				if tc.change.EndExcessSessions {
					for _, s := range impact.Excess {
						wantEnded(t, e.session(s.ID), models.EndConcurrentLimit, nil, now)
						wantEv, endedIDs[s.ID] = append(wantEv, ended(s, models.EndConcurrentLimit)), true
					}
				}
				for _, s := range f.all {
					if !endedIDs[s.ID] {
						wantActive(t, e.session(s.ID))
					}
				}
				e.wantEvents(m, wantEv...)
			})
		}
	})
}

// withIdle adds a timeout of minutes to c.
func withIdle(c models.PolicyChange, minutes int) models.PolicyChange {
	i := idleAfter(minutes)
	c.IdleTimeoutEnabled, c.IdleTimeoutValue, c.IdleTimeoutUnit = i.IdleTimeoutEnabled, i.IdleTimeoutValue, i.IdleTimeoutUnit
	return c
}

func TestUpdatePolicyRejectsAnInvalidLifetime(t *testing.T) {
	cases := []struct {
		name       string
		change     models.PolicyChange
		wantFields []string
	}{
		{"0 hours", lifetimeOf(0, models.Hours), []string{"absoluteLifetimeValue"}},
		{"91 days", lifetimeOf(91, models.Days), []string{"absoluteLifetimeValue"}},
		{"2161 hours", lifetimeOf(2161, models.Hours), []string{"absoluteLifetimeValue"}},
		{"enabled with nothing stored or given", models.PolicyChange{AbsoluteLifetimeEnabled: ptr(true)},
			[]string{"absoluteLifetimeUnit", "absoluteLifetimeValue"}},
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
				change := tc.change
				change.LimitMultipleSessions, change.MaxConcurrentSessions = true, ptr(5)
				if _, err := e.store.PreviewPolicy(e.ctx, f.accountID, change); !slices.Equal(fieldsOf(t, err), tc.wantFields) {
					t.Errorf("preview: %v, want invalid fields %v", err, tc.wantFields)
				}
				if _, err := e.store.UpdatePolicy(e.ctx, f.accountID, f.admin.ID, change); !slices.Equal(fieldsOf(t, err), tc.wantFields) {
					t.Errorf("update: %v, want invalid fields %v", err, tc.wantFields)
				}
				after, err := e.store.Policy(e.ctx, f.accountID)
				if err != nil {
					t.Fatal(err)
				}
				if after.Version != before.Version || after.AbsoluteLifetimeEnabled || after.AbsoluteLifetime() != nil {
					t.Errorf("policy changed: before %+v after %+v", before, after)
				}
				e.wantEvents(m)
			})
		}
	})
}

// The lifetime is stored and read back by every path: the store's own read, the request
// cache's, and a policy change that omits it.
func TestTheLifetimeIsStored(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		e.setPolicy(acc.ID, admin.ID, lifetimeOf(12, models.Hours))
		e.setPolicy(acc.ID, admin.ID, idleAfter(30)) // omits the lifetime: unchanged
		stored, err := e.store.Policy(e.ctx, acc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if l := stored.AbsoluteLifetime(); !stored.AbsoluteLifetimeEnabled || l == nil || *l != (models.IdleTimeout{Value: 12, Unit: models.Hours}) {
			t.Errorf("stored lifetime: enabled %v %+v, want true 12 HOURS", stored.AbsoluteLifetimeEnabled, l)
		}
		// The request cache reads the same columns: a request at 12 hours is refused.
		s, token := e.login(e.user(acc.ID, "Mia"))
		e.busyUntil(t, token, s.LoginAt.Add(12*time.Hour-time.Minute))
		e.clock.Advance(s.LoginAt.Add(12 * time.Hour).Sub(e.clock.Now()))
		_, err = e.store.Authenticate(e.ctx, token)
		wantRefusedFor(t, err, models.EndMaxLifetime)
	})
}
