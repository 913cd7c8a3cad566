package live_test

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
			query:   apitest.SubscriptionEvents,
			watcher: func(f *liveFresh) *apitest.Client { return f.admin },
			first:   func(t *testing.T, f *liveFresh) { f.memberClient = f.srv.Login(t, f.member) },
			second:  func(t *testing.T, f *liveFresh) { f.memberClient.MustDo(t, apitest.MutationLogout, nil) },
			renamed: func(f *liveFresh) string { return f.member.ID },
			oldName: func(f *liveFresh) string { return f.member.Name },
			nameIn: func(t *testing.T, r wstest.Result) string {
				return apitest.DecodeEvent(t, r).Session.User.Name
			}},
		{name: "sessionPolicyUpdated updatedBy",
			query:   apitest.SubscriptionPolicy,
			watcher: func(f *liveFresh) *apitest.Client { return f.memberClient },
			first: func(t *testing.T, f *liveFresh) {
				apitest.SetPolicy(t, f.admin, apitest.LimitInput(4, models.EvictOldest))
			},
			second: func(t *testing.T, f *liveFresh) {
				apitest.SetPolicy(t, f.admin, apitest.LimitInput(3, models.EvictOldest))
			},
			renamed: func(f *liveFresh) string { return f.acc.Admin.ID },
			oldName: func(f *liveFresh) string { return f.acc.Admin.Name },
			nameIn: func(t *testing.T, r wstest.Result) string {
				p := apitest.DecodePolicy(t, r)
				if p.UpdatedBy == nil {
					t.Fatalf("updatedBy is null in %s", r.Data)
				}
				return p.UpdatedBy.Name
			}},
		{name: "currentSessionEnded user (the connection's own user)",
			query:   apitest.SubscriptionEnded,
			watcher: func(f *liveFresh) *apitest.Client { return f.memberClient },
			second: func(t *testing.T, f *liveFresh) {
				f.admin.MustDo(t, apitest.MutationLogoutSession, map[string]any{"id": f.memberClient.SessionID})
			},
			renamed: func(f *liveFresh) string { return f.member.ID },
			nameIn: func(t *testing.T, r wstest.Result) string {
				return apitest.DecodeEnded(t, r).User.Name
			}},
	}
	apitest.EachProtocol(t, func(t *testing.T, proto, url string) {
		srv := apitest.StartLive(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				f := &liveFresh{srv: srv, acc: srv.SeedAccount(t)}
				f.admin = srv.Login(t, f.acc.Admin)
				apitest.SetPolicy(t, f.admin, apitest.LimitInput(5, models.EvictOldest))
				f.member = srv.AddUser(t, f.acc, models.RoleMember, "Mia Member")
				f.memberClient = srv.Login(t, f.member)

				conn := srv.Dial(t, proto, tc.watcher(f).Token)
				results := apitest.Collect(srv.Subscribe(t, conn, tc.query, nil))
				if tc.first != nil {
					tc.first(t, f)
					got := results.WaitCount(1, apitest.Wait)
					if len(got) != 1 {
						t.Fatalf("first event: %d results, want 1", len(got))
					}
					if name := tc.nameIn(t, got[0]); name != tc.oldName(f) {
						t.Fatalf("first event names %q, want %q", name, tc.oldName(f))
					}
				}
				const newName = "Renamed Behind The API"
				srv.Rename(t, tc.renamed(f), newName)
				tc.second(t, f)
				want := 1
				if tc.first != nil {
					want = 2
				}
				got := results.WaitCount(want, apitest.Wait)
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
