package resolvers_test

import (
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
)

// idleExpiresAt tells a console when to warn its user: lastActiveAt plus the timeout while one is
// set, null otherwise.
func TestIdleExpiresAt(t *testing.T) {
	const policy = `mutation($on: Boolean!) { updateSessionPolicy(input: {limitMultipleSessions: false,
	  idleTimeoutEnabled: $on, idleTimeoutValue: 5, idleTimeoutUnit: MINUTES}) { idleTimeoutEnabled } }`
	cases := []struct {
		name      string
		timeoutOn bool
		want      time.Duration // after lastActiveAt; 0: null
	}{
		{"with a five minute timeout", true, 5 * time.Minute},
		{"without a timeout", false, 0},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				srv := apitest.Start(t, url)
				admin := srv.Login(t, srv.SeedAccount(t).Admin)
				admin.Do(t, policy, map[string]any{"on": tc.timeoutOn}).MustDecode(t, &struct{}{})
				var out struct {
					Me struct {
						Session struct {
							LastActiveAt  time.Time
							IdleExpiresAt *time.Time
						}
					}
				}
				admin.Do(t, `{ me { session { lastActiveAt idleExpiresAt } } }`, nil).MustDecode(t, &out)
				s := out.Me.Session
				switch {
				case tc.want == 0 && s.IdleExpiresAt != nil:
					t.Fatalf("idleExpiresAt %v, want null", s.IdleExpiresAt)
				case tc.want != 0 && (s.IdleExpiresAt == nil || !s.IdleExpiresAt.Equal(s.LastActiveAt.Add(tc.want))):
					t.Fatalf("idleExpiresAt %v, want %v", s.IdleExpiresAt, s.LastActiveAt.Add(tc.want))
				}
			})
		}
	})
}
