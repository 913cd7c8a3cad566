package resolvers_test

import (
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
)

// `me` answers from the request check's principal when the query asks only for what it holds,
// and loads the user or session row for anything more, however the query asks for it: fields,
// inline fragments or named fragments. Nothing is ever answered empty.
func TestMeLoadsWhatThePrincipalDoesNotHold(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback, apitest.NoReaper)
		w := apitest.AddWorld(t, srv)
		counter := srv.CountQueries(t)
		type me struct {
			Me struct {
				User struct {
					ID, Name, Email, Role string
				}
				Session struct {
					ID, LoginIP string
					UserAgent   *string
					IsCurrent   bool
				}
			}
		}
		cases := []struct {
			name, query string
			wantLoads   bool
		}{
			{"ids only: no query", `{ me { user { id role } session { id isCurrent } } }`, false},
			{"the user's name and email", `{ me { user { id name email } session { id } } }`, true},
			{"the session's login address", `{ me { user { id } session { id loginIp userAgent } } }`, true},
			{"an inline fragment", `{ me { user { id ... on User { name email } } session { id ... on Session { loginIp } } } }`, true},
			{"a named fragment", `{ me { user { ...who } session { ...where } } }
fragment who on User { id name email }
fragment where on Session { id loginIp }`, true},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				counter.Reset()
				var out me
				w.MemberA1.Do(t, tc.query, nil).MustDecode(t, &out)
				u, s := out.Me.User, out.Me.Session
				if u.ID != w.MemberA.ID || s.ID != w.MemberA1.SessionID {
					t.Fatalf("me: %+v", out.Me)
				}
				if tc.wantLoads {
					if u.Name == "" && u.Email == "" && s.LoginIP == "" {
						t.Errorf("asked for more than ids, got none of it: %+v", out.Me)
					}
					if u.Name != "" && (u.Name != "Mia Member" || u.Email != w.MemberA.Email) {
						t.Errorf("user %+v, want Mia Member %s", u, w.MemberA.Email)
					}
					if s.LoginIP != "" && s.LoginIP != "10.0.0.3" {
						t.Errorf("session login address %q, want 10.0.0.3", s.LoginIP)
					}
				}
				if loads := counter.Reads.Load(); tc.wantLoads != (loads > 0) {
					t.Errorf("%d reads, want some: %v", loads, tc.wantLoads)
				}
			})
		}
	})
}
