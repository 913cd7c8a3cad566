package resolvers_test

import (
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/auth"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// A console refetching on its own must not keep its user signed in: requests marked as
// background are authenticated but record no activity; the same request unmarked does.
func TestBackgroundRequestsAreNotActivity(t *testing.T) {
	cases := []struct {
		name       string
		background string
		wantMoved  bool
	}{
		{"background request", "1", false},
		{"user request", "", true},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				srv := apitest.Start(t, url)
				client := srv.Login(t, srv.SeedAccount(t).Admin)
				before := srv.StoredSession(t, client.SessionID).LastActiveAt
				srv.Clock.Advance(models.ActivityWriteInterval + time.Second)
				if tc.background != "" {
					client.Header.Set(auth.BackgroundHeader, tc.background)
				}
				client.Do(t, `{ me { user { id } } }`, nil).MustDecode(t, &struct{}{})
				after := srv.StoredSession(t, client.SessionID).LastActiveAt
				if moved := after.After(before); moved != tc.wantMoved {
					t.Fatalf("last_active_at moved: %v, want %v (%s → %s)", moved, tc.wantMoved, before, after)
				}
			})
		}
	})
}
