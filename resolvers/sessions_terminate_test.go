package resolvers_test

import (
	"slices"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

func TestSessionsTerminateAll(t *testing.T) {
	t.Parallel()
	keep := func(v bool) *bool { return &v }
	cases := []struct {
		name        string
		as          func(w *apitest.World) *apitest.Client
		noInput     bool // omit the input argument altogether
		userID      func(w *apitest.World) string
		keepCurrent *bool
		wantEnded   func(w *apitest.World) []string
	}{
		{name: "admin without input ends the whole account but the caller", as: sgAsAdminA, noInput: true,
			wantEnded: sgIDs(sgAdminA1, sgMemberA1, sgMemberA2, sgColleagueA1)},
		{name: "admin with empty input keeps the caller by default", as: sgAsAdminA,
			wantEnded: sgIDs(sgAdminA1, sgMemberA1, sgMemberA2, sgColleagueA1)},
		{name: "admin with keepCurrent true", as: sgAsAdminA, keepCurrent: keep(true),
			wantEnded: sgIDs(sgAdminA1, sgMemberA1, sgMemberA2, sgColleagueA1)},
		{name: "admin with keepCurrent false ends the caller too", as: sgAsAdminA, keepCurrent: keep(false),
			wantEnded: sgIDs(sgAdminA1, sgAdminA2, sgMemberA1, sgMemberA2, sgColleagueA1)},
		{name: "admin scoped to a member ends only theirs", as: sgAsAdminA, userID: sgUserMemberA,
			wantEnded: sgIDs(sgMemberA1, sgMemberA2)},
		{name: "admin scoped to a member with keepCurrent false keeps the caller", as: sgAsAdminA,
			userID: sgUserMemberA, keepCurrent: keep(false), wantEnded: sgIDs(sgMemberA1, sgMemberA2)},
		{name: "admin scoped to themselves keeps the current session", as: sgAsAdminA, userID: sgUserAdminA,
			wantEnded: sgIDs(sgAdminA1)},
		{name: "admin scoped to themselves with keepCurrent false", as: sgAsAdminA, userID: sgUserAdminA,
			keepCurrent: keep(false), wantEnded: sgIDs(sgAdminA1, sgAdminA2)},
		{name: "member without input ends only their own others", as: sgAsMemberA, noInput: true,
			wantEnded: sgIDs(sgMemberA1)},
		{name: "member with empty input ends only their own others", as: sgAsMemberA,
			wantEnded: sgIDs(sgMemberA1)},
		{name: "member scoped to themselves", as: sgAsMemberA, userID: sgUserMemberA,
			wantEnded: sgIDs(sgMemberA1)},
		{name: "member with keepCurrent false ends all their own", as: sgAsMemberA, keepCurrent: keep(false),
			wantEnded: sgIDs(sgMemberA1, sgMemberA2)},
		{name: "colleague with a single session ends nothing", as: func(w *apitest.World) *apitest.Client { return w.ColleagueA1 },
			wantEnded: sgIDs()},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				w := apitest.AddWorld(t, srv)
				caller := tc.as(w)
				vars := map[string]any{}
				if !tc.noInput {
					in := map[string]any{}
					if tc.userID != nil {
						in["userId"] = tc.userID(w)
					}
					if tc.keepCurrent != nil {
						in["keepCurrent"] = *tc.keepCurrent
					}
					vars["in"] = in
				}
				before, nEvents := w.Srv.Snapshot(t), len(w.Srv.Events.Events())
				var out struct{ TerminateAllSessions struct{ TerminatedCount int } }
				caller.Do(t, apitest.MutationTerminateAll, vars).MustDecode(t, &out)
				after := w.Srv.Snapshot(t)

				want := tc.wantEnded(w)
				if got := out.TerminateAllSessions.TerminatedCount; got != len(want) {
					t.Errorf("terminatedCount: got %d, want %d", got, len(want))
				}
				if got := apitest.EndedBetween(before, after); !apitest.SameSet(got, want) {
					t.Errorf("ended: got %v, want %v", got, apitest.Sorted(want...))
				}
				callerID := w.UserOf[caller.SessionID]
				for _, id := range want {
					row := after.Sessions[id]
					if row.EndReason != string(models.EndTerminateAll) || row.EndedBy != callerID {
						t.Errorf("session %s: ended %s by %q, want TERMINATE_ALL by %q", id, row.EndReason, row.EndedBy, callerID)
					}
				}
				apitest.AssertEndEvents(t, w.Srv.EventsSince(nEvents), models.EndTerminateAll, want...)
				for name, c := range w.Clients() {
					if slices.Contains(want, c.SessionID) {
						apitest.AssertRefused(t, c, name)
					} else {
						apitest.AssertWorks(t, c, name)
					}
				}
			})
		}
	})
}

func TestSessionsTerminateAllTwiceEndsNothingMore(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		counts := make([]int, 2)
		for i := range counts {
			var out struct{ TerminateAllSessions struct{ TerminatedCount int } }
			w.AdminA2.Do(t, apitest.MutationTerminateAll, nil).MustDecode(t, &out)
			counts[i] = out.TerminateAllSessions.TerminatedCount
		}
		if counts[0] != 4 || counts[1] != 0 {
			t.Errorf("terminatedCount of two calls: got %v, want [4 0]", counts)
		}
		if n := apitest.CountKind(w.Srv.Events.Events(), "SESSION_ENDED"); n != 4 {
			t.Errorf("SESSION_ENDED events: got %d, want 4", n)
		}
	})
}
