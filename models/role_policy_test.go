package models_test

import (
	"slices"
	"testing"
	"time"

	"sessionguard/models"
)

// accountPolicy is an account's policy with every rule set, for overrides to differ from.
func accountPolicy() models.SessionPolicy {
	p := withIdle(true, 30, models.Minutes)
	p.LimitMultipleSessions, p.MaxConcurrentSessions, p.WhenLimitReached = true, 5, models.EvictOldest
	p.AbsoluteLifetimeEnabled, p.AbsoluteLifetimeValue, p.AbsoluteLifetimeUnit = true, ptr(30), ptr(models.Days)
	return p
}

func TestForRole(t *testing.T) {
	account := accountPolicy()
	cases := []struct {
		name     string
		override *models.RoleSessionPolicy // nil: the role has none
		role     models.Role
		wantMax  int
		wantWhen models.LimitBehavior
		wantIdle time.Duration
		wantLife time.Duration
	}{
		{name: "no override inherits everything", role: models.RoleAdmin,
			wantMax: 5, wantWhen: models.EvictOldest, wantIdle: 30 * time.Minute, wantLife: 30 * 24 * time.Hour},
		{name: "an empty override inherits everything", override: &models.RoleSessionPolicy{Role: models.RoleAdmin},
			role: models.RoleAdmin, wantMax: 5, wantWhen: models.EvictOldest, wantIdle: 30 * time.Minute, wantLife: 30 * 24 * time.Hour},
		{name: "another role's override does not apply",
			override: &models.RoleSessionPolicy{Role: models.RoleMember, MaxConcurrentSessions: ptr(2)},
			role:     models.RoleAdmin, wantMax: 5, wantWhen: models.EvictOldest, wantIdle: 30 * time.Minute, wantLife: 30 * 24 * time.Hour},
		{name: "limit and behaviour overridden",
			override: &models.RoleSessionPolicy{Role: models.RoleAdmin, MaxConcurrentSessions: ptr(2), WhenLimitReached: ptr(models.RejectNew)},
			role:     models.RoleAdmin, wantMax: 2, wantWhen: models.RejectNew, wantIdle: 30 * time.Minute, wantLife: 30 * 24 * time.Hour},
		{name: "limit switched off means one",
			override: &models.RoleSessionPolicy{Role: models.RoleAdmin, LimitMultipleSessions: ptr(false)},
			role:     models.RoleAdmin, wantMax: 1, wantWhen: models.EvictOldest, wantIdle: 30 * time.Minute, wantLife: 30 * 24 * time.Hour},
		{name: "own idle timeout",
			override: &models.RoleSessionPolicy{Role: models.RoleAdmin, IdleTimeoutValue: ptr(5), IdleTimeoutUnit: ptr(models.Minutes)},
			role:     models.RoleAdmin, wantMax: 5, wantWhen: models.EvictOldest, wantIdle: 5 * time.Minute, wantLife: 30 * 24 * time.Hour},
		{name: "idle timeout switched off, lifetime shortened",
			override: &models.RoleSessionPolicy{Role: models.RoleAdmin, IdleTimeoutEnabled: ptr(false),
				AbsoluteLifetimeValue: ptr(8), AbsoluteLifetimeUnit: ptr(models.Hours)},
			role: models.RoleAdmin, wantMax: 5, wantWhen: models.EvictOldest, wantIdle: 0, wantLife: 8 * time.Hour},
		{name: "a value without its unit is not half applied",
			override: &models.RoleSessionPolicy{Role: models.RoleAdmin, IdleTimeoutValue: ptr(5)},
			role:     models.RoleAdmin, wantMax: 5, wantWhen: models.EvictOldest, wantIdle: 30 * time.Minute, wantLife: 30 * 24 * time.Hour},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := account
			if tc.override != nil {
				p.RoleOverrides = []models.RoleSessionPolicy{*tc.override}
			}
			got := p.ForRole(tc.role)
			if n := got.EffectiveMaxConcurrentSessions(); n != tc.wantMax {
				t.Errorf("limit = %d, want %d", n, tc.wantMax)
			}
			if got.WhenLimitReached != tc.wantWhen {
				t.Errorf("whenLimitReached = %s, want %s", got.WhenLimitReached, tc.wantWhen)
			}
			if l := got.IdleLimit(); l != tc.wantIdle {
				t.Errorf("idle limit = %v, want %v", l, tc.wantIdle)
			}
			if l := got.LifetimeLimit(); l != tc.wantLife {
				t.Errorf("lifetime = %v, want %v", l, tc.wantLife)
			}
			if got.RoleOverrides != nil {
				t.Errorf("the effective policy keeps overrides %v", got.RoleOverrides)
			}
			if again := p.ForRole(tc.role); again.IdleLimit() != got.IdleLimit() || account.IdleLimit() != 30*time.Minute {
				t.Error("ForRole changed the account's policy")
			}
		})
	}
}

func TestForRoleAllocatesNothing(t *testing.T) {
	p := accountPolicy()
	p.RoleOverrides = []models.RoleSessionPolicy{
		{Role: models.RoleMember, IdleTimeoutEnabled: ptr(false)},
		{Role: models.RoleAdmin, IdleTimeoutValue: ptr(5), IdleTimeoutUnit: ptr(models.Minutes), MaxConcurrentSessions: ptr(1)},
	}
	var sink time.Duration
	allocs := testing.AllocsPerRun(100, func() {
		rp := p.ForRole(models.RoleAdmin)
		sink += rp.IdleLimit()
	})
	if allocs != 0 || sink == 0 {
		t.Errorf("ForRole allocates %v times per call (limit %v)", allocs, sink)
	}
}

func TestPolicyChangeApplyRoleOverrides(t *testing.T) {
	account := accountPolicy()
	noIdle := models.DefaultPolicy("acc") // no idle timeout or lifetime ever configured
	cases := []struct {
		name       string
		current    models.SessionPolicy
		overrides  []models.RoleSessionPolicy
		wantFields []string
	}{
		{name: "none", current: account, overrides: []models.RoleSessionPolicy{}},
		{name: "both roles, every field", current: account, overrides: []models.RoleSessionPolicy{
			{Role: models.RoleAdmin, LimitMultipleSessions: ptr(true), MaxConcurrentSessions: ptr(100), WhenLimitReached: ptr(models.RejectNew),
				IdleTimeoutEnabled: ptr(true), IdleTimeoutValue: ptr(2160), IdleTimeoutUnit: ptr(models.Hours),
				AbsoluteLifetimeEnabled: ptr(true), AbsoluteLifetimeValue: ptr(90), AbsoluteLifetimeUnit: ptr(models.Days)},
			{Role: models.RoleMember, IdleTimeoutEnabled: ptr(false)},
		}},
		{name: "enabled, inheriting the account's timeout", current: account,
			overrides: []models.RoleSessionPolicy{{Role: models.RoleAdmin, IdleTimeoutEnabled: ptr(true), AbsoluteLifetimeEnabled: ptr(true)}}},
		{name: "enabled with nothing to inherit", current: noIdle,
			overrides: []models.RoleSessionPolicy{{Role: models.RoleAdmin, IdleTimeoutEnabled: ptr(true), AbsoluteLifetimeEnabled: ptr(true)}},
			wantFields: []string{"roleOverrides[0].absoluteLifetimeUnit", "roleOverrides[0].absoluteLifetimeValue",
				"roleOverrides[0].idleTimeoutUnit", "roleOverrides[0].idleTimeoutValue"}},
		{name: "enabled with its own, nothing to inherit", current: noIdle, overrides: []models.RoleSessionPolicy{
			{Role: models.RoleAdmin, IdleTimeoutEnabled: ptr(true), IdleTimeoutValue: ptr(5), IdleTimeoutUnit: ptr(models.Minutes)}}},
		{name: "duplicate role", current: account, overrides: []models.RoleSessionPolicy{
			{Role: models.RoleMember}, {Role: models.RoleAdmin}, {Role: models.RoleMember}},
			wantFields: []string{"roleOverrides[2].role"}},
		{name: "limit out of range", current: account, overrides: []models.RoleSessionPolicy{
			{Role: models.RoleAdmin, MaxConcurrentSessions: ptr(0)}, {Role: models.RoleMember, MaxConcurrentSessions: ptr(101)}},
			wantFields: []string{"roleOverrides[0].maxConcurrentSessions", "roleOverrides[1].maxConcurrentSessions"}},
		{name: "durations out of range", current: account, overrides: []models.RoleSessionPolicy{
			{Role: models.RoleAdmin, IdleTimeoutValue: ptr(0), IdleTimeoutUnit: ptr(models.Minutes),
				AbsoluteLifetimeValue: ptr(91), AbsoluteLifetimeUnit: ptr(models.Days)}},
			wantFields: []string{"roleOverrides[0].absoluteLifetimeValue", "roleOverrides[0].idleTimeoutValue"}},
		{name: "a huge value does not wrap", current: account, overrides: []models.RoleSessionPolicy{
			{Role: models.RoleAdmin, IdleTimeoutValue: ptr(1 << 62), IdleTimeoutUnit: ptr(models.Days)}},
			wantFields: []string{"roleOverrides[0].idleTimeoutValue"}},
		{name: "value without unit and unit without value", current: account, overrides: []models.RoleSessionPolicy{
			{Role: models.RoleAdmin, IdleTimeoutValue: ptr(5), AbsoluteLifetimeUnit: ptr(models.Days)}},
			wantFields: []string{"roleOverrides[0].absoluteLifetimeValue", "roleOverrides[0].idleTimeoutUnit"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			change := models.PolicyChange{
				LimitMultipleSessions: tc.current.LimitMultipleSessions, IdleTimeoutEnabled: tc.current.IdleTimeoutEnabled,
				MaxConcurrentSessions: &tc.current.MaxConcurrentSessions, RoleOverrides: &tc.overrides,
				IdleTimeoutValue: tc.current.IdleTimeoutValue, IdleTimeoutUnit: tc.current.IdleTimeoutUnit,
			}
			next, err := change.Apply(tc.current)
			if got := fieldsOf(t, err); !slices.Equal(got, tc.wantFields) {
				t.Fatalf("invalid fields = %v, want %v (%v)", got, tc.wantFields, err)
			}
			if err != nil {
				if next.RoleOverrides != nil {
					t.Errorf("a refused change returned overrides %v", next.RoleOverrides)
				}
				return
			}
			if len(next.RoleOverrides) != len(tc.overrides) {
				t.Fatalf("overrides = %v, want %d", next.RoleOverrides, len(tc.overrides))
			}
			for _, o := range next.RoleOverrides {
				if o.AccountID != "acc" {
					t.Errorf("override of %s has account %q", o.Role, o.AccountID)
				}
			}
		})
	}
	t.Run("omitted keeps the stored overrides", func(t *testing.T) {
		current := account
		current.RoleOverrides = []models.RoleSessionPolicy{{AccountID: "acc", Role: models.RoleAdmin, MaxConcurrentSessions: ptr(1)}}
		next, err := models.PolicyChange{IdleTimeoutEnabled: false}.Apply(current)
		if err != nil || len(next.RoleOverrides) != 1 || *next.RoleOverrides[0].MaxConcurrentSessions != 1 {
			t.Fatalf("Apply = %v, %v; want the stored override kept", next.RoleOverrides, err)
		}
	})
}

func TestImpactOnByRole(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	p := models.DefaultPolicy("acc")
	p.LimitMultipleSessions, p.MaxConcurrentSessions = true, 3
	// Admins: one session, 10 minutes idle; members: the account's 3 sessions and no timeout.
	p.RoleOverrides = []models.RoleSessionPolicy{{Role: models.RoleAdmin, MaxConcurrentSessions: ptr(1),
		IdleTimeoutEnabled: ptr(true), IdleTimeoutValue: ptr(10), IdleTimeoutUnit: ptr(models.Minutes)}}
	session := func(id, user string, idle time.Duration) models.Session {
		return models.Session{ID: id, UserID: user, Status: models.SessionActive,
			LoginAt: now.Add(-time.Hour), LastActiveAt: now.Add(-idle)}
	}
	active := []models.Session{
		session("a1", "admin", time.Hour), // idle under the admins' timeout
		session("a2", "admin", time.Minute),
		session("a3", "admin", 0), // a2 is the excess one: over the admins' limit of one
		session("m1", "member", time.Hour),
		session("m2", "member", time.Hour),
		session("m3", "member", 0),
	}
	roles := map[string]models.Role{"admin": models.RoleAdmin, "member": models.RoleMember}
	impact := p.ImpactOn(active, roles, now)
	ids := func(ss []models.Session) (out []string) {
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return out
	}
	if got := ids(impact.Idle); !slices.Equal(got, []string{"a1"}) {
		t.Errorf("idle = %v, want [a1]", got)
	}
	if got := ids(impact.Excess); !slices.Equal(got, []string{"a2"}) {
		t.Errorf("excess = %v, want [a2]", got)
	}
	if impact.UsersAffected() != 1 {
		t.Errorf("users affected = %d, want 1", impact.UsersAffected())
	}
	// Without roles everyone obeys the account: nobody idle, nobody over three.
	if n := p.ImpactOn(active, nil, now).Count(); n != 0 {
		t.Errorf("without roles %d sessions would end, want 0", n)
	}
}

func TestShortestIdleLimitAndEndsByTime(t *testing.T) {
	p := models.DefaultPolicy("acc")
	if p.EndsByTime() || p.ShortestIdleLimit() != 0 {
		t.Fatal("the default policy ends sessions by time")
	}
	p.RoleOverrides = []models.RoleSessionPolicy{{Role: models.RoleAdmin, IdleTimeoutEnabled: ptr(true),
		IdleTimeoutValue: ptr(10), IdleTimeoutUnit: ptr(models.Minutes)}}
	if !p.EndsByTime() || p.ShortestIdleLimit() != 10*time.Minute {
		t.Errorf("with an admins' timeout: ends by time %v, shortest %v", p.EndsByTime(), p.ShortestIdleLimit())
	}
	p = withIdle(true, 1, models.Hours)
	p.RoleOverrides = []models.RoleSessionPolicy{{Role: models.RoleMember, IdleTimeoutEnabled: ptr(false)}}
	if p.ShortestIdleLimit() != time.Hour {
		t.Errorf("shortest = %v, want the admins' inherited hour", p.ShortestIdleLimit())
	}
}
