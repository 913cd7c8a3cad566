package apitest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"sessionguard/models"
)

// State is a comparable picture of every row a mutation could change (but not last_active_at,
// which any authenticated request may move), so a test can prove a refused request changed nothing.
type State struct {
	Accounts []string
	Users    []string
	Sessions map[string]SessionRow
	Policies []string
}

// SessionRow is what "nothing changed" compares about one session.
type SessionRow struct {
	Status    string
	EndReason string
	EndedAt   string
	EndedBy   string
}

// Snapshot captures the state of the database.
func (s *Server) Snapshot(t testing.TB) State {
	t.Helper()
	db := s.Store().Gorm().WithContext(context.Background())
	st := State{Sessions: map[string]SessionRow{}}
	var accounts []models.Account
	if err := db.Order("id").Find(&accounts).Error; err != nil {
		t.Fatalf("snapshot accounts: %v", err)
	}
	for _, a := range accounts {
		st.Accounts = append(st.Accounts, a.ID+"|"+a.Name)
	}
	var users []models.User
	if err := db.Order("id").Find(&users).Error; err != nil {
		t.Fatalf("snapshot users: %v", err)
	}
	for _, u := range users {
		st.Users = append(st.Users, strings.Join([]string{u.ID, u.AccountID, u.Email, string(u.Role), u.Name,
			string(u.Status), fmt.Sprint(deref(u.DeactivatedAt))}, "|"))
	}
	var sessions []models.Session
	if err := db.Find(&sessions).Error; err != nil {
		t.Fatalf("snapshot sessions: %v", err)
	}
	for _, m := range sessions {
		r := SessionRow{Status: string(m.Status)}
		if m.EndReason != nil {
			r.EndReason = string(*m.EndReason)
		}
		if m.EndedAt != nil {
			r.EndedAt = m.EndedAt.UTC().Format(time.RFC3339Nano)
		}
		if m.EndedByID != nil {
			r.EndedBy = *m.EndedByID
		}
		st.Sessions[m.ID] = r
	}
	var policies []models.SessionPolicy
	if err := db.Order("account_id").Find(&policies).Error; err != nil {
		t.Fatalf("snapshot policies: %v", err)
	}
	for _, p := range policies {
		st.Policies = append(st.Policies, fmt.Sprintf("%s v%d %v %d %s %v %v %v",
			p.AccountID, p.Version, p.LimitMultipleSessions, p.MaxConcurrentSessions, p.WhenLimitReached,
			p.IdleTimeoutEnabled, deref(p.IdleTimeoutValue), deref(p.IdleTimeoutUnit)))
	}
	var overrides []models.RoleSessionPolicy
	if err := db.Order("account_id, role").Find(&overrides).Error; err != nil {
		t.Fatalf("snapshot role policies: %v", err)
	}
	for _, o := range overrides {
		st.Policies = append(st.Policies, fmt.Sprintf("%s %s %v %v %v %v %v %v %v %v %v", o.AccountID, o.Role,
			deref(o.LimitMultipleSessions), deref(o.MaxConcurrentSessions), deref(o.WhenLimitReached),
			deref(o.IdleTimeoutEnabled), deref(o.IdleTimeoutValue), deref(o.IdleTimeoutUnit),
			deref(o.AbsoluteLifetimeEnabled), deref(o.AbsoluteLifetimeValue), deref(o.AbsoluteLifetimeUnit)))
	}
	return st
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// String lists the state line by line (sessions in id order), for comparing and for messages.
func (st State) String() string {
	var b strings.Builder
	for _, part := range [][]string{st.Accounts, st.Users, st.sessionLines(), st.Policies} {
		b.WriteString(strings.Join(part, "\n"))
		b.WriteString("\n--\n")
	}
	return b.String()
}

func (st State) sessionLines() []string {
	var out []string
	for id, r := range st.Sessions {
		out = append(out, strings.Join([]string{id, r.Status, r.EndReason, r.EndedAt, r.EndedBy}, "|"))
	}
	sort.Strings(out)
	return out
}

// AssertUnchanged checks that nothing in the database changed between two snapshots.
func AssertUnchanged(t testing.TB, before, after State) {
	t.Helper()
	if !reflect.DeepEqual(before, after) {
		t.Errorf("state changed:\nbefore %s\nafter  %s", before, after)
	}
}

// EndedBetween lists, sorted, the sessions active in before and terminated in after.
func EndedBetween(before, after State) []string {
	var out []string
	for id, a := range after.Sessions {
		if b, ok := before.Sessions[id]; ok && b.Status == string(models.SessionActive) && a.Status == string(models.SessionTerminated) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// Sorted returns ids sorted, never nil (so empty sets compare equal).
func Sorted(ids ...string) []string {
	out := append([]string{}, ids...)
	sort.Strings(out)
	return out
}

// SameSet compares two id lists as sets.
func SameSet(a, b []string) bool {
	return slices.Equal(Sorted(a...), Sorted(b...))
}
