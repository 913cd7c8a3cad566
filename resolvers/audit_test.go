package resolvers_test

import (
	"encoding/json"
	"slices"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
)

const auditEventsQuery = `query($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id action actor { id } actorSession { id } targetUser { id } endReason endedSessionCount endedSessionIds ip details }
  }
}`

type auditEntry struct {
	ID                string
	Action            string
	Actor             *struct{ ID string }
	ActorSession      *struct{ ID string }
	TargetUser        *struct{ ID string }
	EndReason         *string
	EndedSessionCount *int
	EndedSessionIds   []string
	IP                *string
	Details           *string
}

type auditPage struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage bool
		EndCursor   *string
	}
	Nodes []auditEntry
}

func auditEvents(t *testing.T, c *apitest.Client, vars map[string]any) auditPage {
	t.Helper()
	res := c.Do(t, auditEventsQuery, vars)
	if len(res.Errors) > 0 {
		t.Fatalf("auditEvents: %s", res.Body)
	}
	var out struct{ AuditEvents auditPage }
	if err := json.Unmarshal(res.Data, &out); err != nil {
		t.Fatal(err)
	}
	return out.AuditEvents
}

// involves reports whether userID acted in e or was its target.
func involves(e auditEntry, userID string) bool {
	return (e.Actor != nil && e.Actor.ID == userID) || (e.TargetUser != nil && e.TargetUser.ID == userID)
}

// Admins read their account's whole log, newest first and in pages; members only what they
// took part in; nobody another account's.
func TestAuditEventsVisibility(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		apitest.DeactivateUser(t, w.AdminA1, w.ColleagueA.ID)

		all := auditEvents(t, w.AdminA1, map[string]any{"first": 100})
		if all.TotalCount != len(all.Nodes) || all.TotalCount == 0 {
			t.Fatalf("admin sees %d entries of %d", len(all.Nodes), all.TotalCount)
		}
		deactivated := all.Nodes[:2] // newest first: the sessions it ended, then the deactivation
		if deactivated[0].Action != "SESSIONS_ENDED" || deref(deactivated[0].EndReason) != "USER_DEACTIVATED" ||
			deactivated[1].Action != "USER_DEACTIVATED" || deactivated[1].Actor.ID != w.AdminA.ID ||
			deactivated[1].ActorSession == nil || deactivated[1].TargetUser.ID != w.ColleagueA.ID || deref(deactivated[1].IP) == "" {
			t.Errorf("newest entries %+v, want the deactivation of ColleagueA by AdminA and its ended sessions", deactivated)
		}
		if n := deref(deactivated[0].EndedSessionCount); n != len(deactivated[0].EndedSessionIds) || n == 0 {
			t.Errorf("ended %d sessions listing %v", n, deactivated[0].EndedSessionIds)
		}

		mine := auditEvents(t, w.MemberA1, map[string]any{"first": 100})
		if len(mine.Nodes) == 0 || len(mine.Nodes) >= len(all.Nodes) {
			t.Errorf("member sees %d of the account's %d entries", len(mine.Nodes), len(all.Nodes))
		}
		for _, e := range mine.Nodes {
			if !involves(e, w.MemberA.ID) {
				t.Errorf("member sees %+v, which does not involve them", e)
			}
		}
		for _, e := range auditEvents(t, w.AdminB1, map[string]any{"first": 100}).Nodes {
			for _, a := range all.Nodes {
				if e.ID == a.ID {
					t.Errorf("account B's admin sees account A's entry %s", a.ID)
				}
			}
		}

		// Pages of two walk the same list.
		var walked []string
		vars := map[string]any{"first": 2}
		for {
			page := auditEvents(t, w.AdminA1, vars)
			for _, e := range page.Nodes {
				walked = append(walked, e.ID)
			}
			if !page.PageInfo.HasNextPage {
				break
			}
			vars["after"] = *page.PageInfo.EndCursor
		}
		var ids []string
		for _, e := range all.Nodes {
			ids = append(ids, e.ID)
		}
		if !slices.Equal(walked, ids) {
			t.Errorf("pages of two gave %v, want %v", walked, ids)
		}

		// Filters narrow it.
		only := auditEvents(t, w.AdminA1, map[string]any{"filter": map[string]any{"actions": []string{"USER_DEACTIVATED"}, "targetUserId": w.ColleagueA.ID}})
		if len(only.Nodes) != 1 || only.Nodes[0].ID != deactivated[1].ID {
			t.Errorf("filtered to %+v, want only the deactivation", only.Nodes)
		}
		theirs := auditEvents(t, w.AdminA1, map[string]any{"first": 100, "filter": map[string]any{"userId": w.ColleagueA.ID}})
		if len(theirs.Nodes) < 3 { // created, logged in, deactivated (and their sessions ended)
			t.Errorf("ColleagueA's entries: %+v", theirs.Nodes)
		}
		for _, e := range theirs.Nodes {
			if !involves(e, w.ColleagueA.ID) {
				t.Errorf("userId filter kept %+v, which does not involve ColleagueA", e)
			}
		}
	})
}

// Bad arguments are named; an anonymous caller gets nothing.
func TestAuditEventsRefusals(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		for _, tc := range []struct {
			name string
			c    *apitest.Client
			vars map[string]any
			code string
		}{
			{"page too large", w.AdminA1, map[string]any{"first": 101}, "BAD_USER_INPUT"},
			{"bad cursor", w.AdminA1, map[string]any{"after": "nonsense"}, "BAD_USER_INPUT"},
			{"unknown action", w.AdminA1, map[string]any{"filter": map[string]any{"actions": []string{"NOPE"}}}, "GRAPHQL_VALIDATION_FAILED"},
			{"anonymous", w.Srv.Client(), nil, "UNAUTHENTICATED"},
		} {
			if got := tc.c.Do(t, auditEventsQuery, tc.vars).Code(); got != tc.code {
				t.Errorf("%s: code %q, want %s", tc.name, got, tc.code)
			}
		}
	})
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// Admins read and change retention within its bounds; members may do neither.
func TestRetentionSettings(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		const read = `{ retentionSettings { terminatedSessionsDays auditEventsDays } }`
		const update = `mutation($input: RetentionSettingsInput!) { updateRetentionSettings(input: $input) { terminatedSessionsDays auditEventsDays } }`
		if res := w.AdminA1.Do(t, read, nil); string(res.Data) != `{"retentionSettings":{"terminatedSessionsDays":90,"auditEventsDays":365}}` {
			t.Errorf("defaults: %s", res.Body)
		}
		res := w.AdminA1.Do(t, update, map[string]any{"input": map[string]any{"terminatedSessionsDays": 7}})
		if string(res.Data) != `{"updateRetentionSettings":{"terminatedSessionsDays":7,"auditEventsDays":365}}` {
			t.Errorf("update: %s", res.Body)
		}
		res = w.AdminA1.Do(t, update, map[string]any{"input": map[string]any{"auditEventsDays": 3651}})
		if res.Code() != "BAD_USER_INPUT" || !slices.Equal(res.Fields(), []string{"auditEventsDays"}) {
			t.Errorf("too long: %s", res.Body)
		}
		if res := w.MemberA1.Do(t, read, nil); res.Code() != "FORBIDDEN" {
			t.Errorf("member read: %s", res.Body)
		}
		if res := w.MemberA1.Do(t, update, map[string]any{"input": map[string]any{"terminatedSessionsDays": 1}}); res.Code() != "FORBIDDEN" {
			t.Errorf("member update: %s", res.Body)
		}
		if res := w.AdminB1.Do(t, read, nil); string(res.Data) != `{"retentionSettings":{"terminatedSessionsDays":90,"auditEventsDays":365}}` {
			t.Errorf("account B changed with A: %s", res.Body)
		}
	})
}

// A wrong password for an existing user is one LOGIN_FAILED entry on that user, with no actor; an
// unknown email is recorded nowhere.
func TestAuditFailedLogins(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		failed := map[string]any{"first": 100, "filter": map[string]any{"actions": []string{"LOGIN_FAILED"}}}
		before := len(auditEvents(t, w.AdminA1, failed).Nodes)
		apitest.LoginFull(t, w.Srv.From("198.51.100.40"), w.MemberA.Email, "not-"+w.MemberA.Password)
		apitest.LoginFull(t, w.Srv.From("198.51.100.41"), "nobody@example.test", "whatever-password")
		got := auditEvents(t, w.AdminA1, failed).Nodes
		if len(got) != before+1 {
			t.Fatalf("%d LOGIN_FAILED entries after one wrong password and one unknown email, want %d", len(got), before+1)
		}
		if e := got[0]; e.TargetUser == nil || e.TargetUser.ID != w.MemberA.ID || e.Actor != nil || deref(e.IP) != "198.51.100.40" {
			t.Errorf("entry %+v, want MemberA as target, no actor, from 198.51.100.40", e)
		}
	})
}
