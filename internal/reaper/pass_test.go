package reaper_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"testing"
	"time"

	"sessionguard/internal/reaper"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// A pass stores the activity its replica noted before it looks for idle sessions: a session whose
// latest request waits in memory is not reaped, and its stored activity is that request's time.
func TestPassStoresNotedActivityFirst(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		f := newFixture(t, url)
		replica, err := store.Open(ctx, url, store.Options{Now: f.clock.Now, BatchActivity: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { replica.Close() })
		h := sha256.Sum256(fmt.Appendf(nil, "token-%d", seq.Add(1)))
		s, err := f.store.StartSession(ctx, f.member, store.NewSession{TokenHash: h[:], LoginIP: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(30 * time.Second)
		if _, err := replica.Authenticate(ctx, h[:]); err != nil {
			t.Fatal(err)
		}
		seen := f.clock.Now()
		// Idle by the login (a one-minute timeout), not by the request.
		f.clock.Advance(time.Minute + models.IdleGrace - time.Second)
		n, err := reaper.Pass(ctx, replica)
		if err != nil {
			t.Fatal(err)
		}
		got := f.session(t, s.ID)
		if n != 0 || !got.IsActive() || !got.LastActiveAt.Equal(seen) {
			t.Errorf("reaped %d, session %s last active %v; want 0, ACTIVE, %v", n, got.Status, got.LastActiveAt, seen)
		}
	})
}
