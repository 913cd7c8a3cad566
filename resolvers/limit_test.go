package resolvers_test

import (
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

const setLimit = `mutation($max: Int!, $when: LimitBehavior!) {
  updateSessionPolicy(input: {limitMultipleSessions: true, maxConcurrentSessions: $max,
    whenLimitReached: $when, idleTimeoutEnabled: false}) { effectiveMaxConcurrentSessions }
}`

const loginQuery = `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }`

func TestConcurrentLoginsRespectTheLimit(t *testing.T) {
	cases := []struct {
		name       string
		when       models.LimitBehavior
		wantOK     int
		wantActive int64
	}{
		{"evict oldest keeps the newest three", models.EvictOldest, 50, 3},
		{"reject new lets exactly three in", models.RejectNew, 3, 3},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				srv := apitest.Start(t, url)
				acc := srv.SeedAccount(t)
				admin := srv.Login(t, acc.Admin)
				member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
				admin.Do(t, setLimit, map[string]any{"max": 3, "when": tc.when}).MustDecode(t, &struct{}{})

				results := make([]string, 50)
				apitest.Parallel(50, func(i int) {
					res := srv.Client().Do(t, loginQuery, map[string]any{"e": member.Email, "p": member.Password})
					results[i] = res.Code()
				})
				ok, limited := 0, 0
				for _, code := range results {
					switch code {
					case "":
						ok++
					case "SESSION_LIMIT_REACHED":
						limited++
					default:
						t.Errorf("unexpected login error code %q", code)
					}
				}
				if ok != tc.wantOK || ok+limited != 50 {
					t.Errorf("logins succeeded: got %d, want %d (limited %d)", ok, tc.wantOK, limited)
				}
				if active := srv.ActiveSessions(t, member.ID); active != tc.wantActive {
					t.Errorf("active sessions: got %d, want %d", active, tc.wantActive)
				}
			})
		}
	})
}
