package app_test

import (
	"encoding/json"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// liveFresh is an account whose admin watches and whose member is renamed behind the API's back.
type liveFresh struct {
	srv          *apitest.Server
	acc          apitest.Account
	admin        *apitest.Client
	member       apitest.User
	memberClient *apitest.Client
}

// A websocket is one long request: each payload is loaded when it is sent, so a rename made
// straight in the database between two events shows in the second (no per-connection cache).
func TestLivePayloadsAreFresh(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		query string
		// watcher is whose socket subscribes.
		watcher func(f *liveFresh) *apitest.Client
		// first and second cause an event each (first may be nil: the dial itself is the first
		// look at the data); renamed is the user renamed between them.
		first, second func(t *testing.T, f *liveFresh)
		renamed       func(f *liveFresh) string
		oldName       func(f *liveFresh) string
		nameIn        func(t *testing.T, r wstest.Result) string
	}{
		{name: "sessionEvents session.user",
			query:   liveEventsQuery,
			watcher: func(f *liveFresh) *apitest.Client { return f.admin },
			first:   func(t *testing.T, f *liveFresh) { f.memberClient = f.srv.Login(t, f.member) },
			second:  func(t *testing.T, f *liveFresh) { liveDo(t, f.memberClient, liveLogout, nil) },
			renamed: func(f *liveFresh) string { return f.member.ID },
			oldName: func(f *liveFresh) string { return f.member.Name },
			nameIn: func(t *testing.T, r wstest.Result) string {
				return liveDecodeEvent(t, r).Session.User.Name
			}},
		{name: "sessionPolicyUpdated updatedBy",
			query:   livePolicyQuery,
			watcher: func(f *liveFresh) *apitest.Client { return f.memberClient },
			first:   func(t *testing.T, f *liveFresh) { liveSetPolicy(t, f.admin, liveLimit(4)) },
			second:  func(t *testing.T, f *liveFresh) { liveSetPolicy(t, f.admin, liveLimit(3)) },
			renamed: func(f *liveFresh) string { return f.acc.Admin.ID },
			oldName: func(f *liveFresh) string { return f.acc.Admin.Name },
			nameIn: func(t *testing.T, r wstest.Result) string {
				p := liveDecodePolicy(t, r)
				if p.UpdatedBy == nil {
					t.Fatalf("updatedBy is null in %s", r.Data)
				}
				return p.UpdatedBy.Name
			}},
		{name: "currentSessionEnded user (the connection's own user)",
			query:   liveEndedQuery,
			watcher: func(f *liveFresh) *apitest.Client { return f.memberClient },
			second: func(t *testing.T, f *liveFresh) {
				liveDo(t, f.admin, liveLogoutSession, map[string]any{"id": f.memberClient.SessionID})
			},
			renamed: func(f *liveFresh) string { return f.member.ID },
			nameIn: func(t *testing.T, r wstest.Result) string {
				return liveDecodeEnded(t, r).User.Name
			}},
	}
	liveEach(t, func(t *testing.T, proto, url string) {
		srv := liveStart(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				f := &liveFresh{srv: srv, acc: srv.SeedAccount(t)}
				f.admin = srv.Login(t, f.acc.Admin)
				liveSetPolicy(t, f.admin, liveLimit(5))
				f.member = srv.AddUser(t, f.acc, models.RoleMember, "Mia Member")
				f.memberClient = srv.Login(t, f.member)

				conn := liveDial(t, srv, proto, tc.watcher(f).Token)
				results := liveCollect(liveSubscribe(t, srv, conn, tc.query, nil))
				if tc.first != nil {
					tc.first(t, f)
					got := results.waitCount(1, liveWait)
					if len(got) != 1 {
						t.Fatalf("first event: %d results, want 1", len(got))
					}
					if name := tc.nameIn(t, got[0]); name != tc.oldName(f) {
						t.Fatalf("first event names %q, want %q", name, tc.oldName(f))
					}
				}
				const newName = "Renamed Behind The API"
				liveRename(t, srv, tc.renamed(f), newName)
				tc.second(t, f)
				want := 1
				if tc.first != nil {
					want = 2
				}
				got := results.waitCount(want, liveWait)
				if len(got) != want {
					t.Fatalf("second event: %d results in all, want %d", len(got), want)
				}
				if name := tc.nameIn(t, got[want-1]); name != newName {
					raw, _ := json.Marshal(got[want-1])
					t.Fatalf("second event names %q, want the new name %q (stale cache?): %s", name, newName, raw)
				}
			})
		}
	})
}
