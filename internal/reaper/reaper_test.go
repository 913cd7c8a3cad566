package reaper_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sessionguard/internal/reaper"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// clock is a test clock that moves only when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

var seq atomic.Int64

// fixture is a store with one account whose sessions go idle after a minute, and one member.
type fixture struct {
	store  *store.Store
	clock  *clock
	member models.User
}

func newFixture(t *testing.T, url string) *fixture {
	t.Helper()
	ctx := context.Background()
	c := &clock{now: time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.UTC)}
	s, err := store.Open(ctx, url, store.Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	n := seq.Add(1)
	acc, admin, err := s.CreateAccount(ctx, store.NewAccount{AccountName: "Acme", AdminName: "Ada",
		AdminEmail: fmt.Sprintf("admin%d@example.com", n), PasswordHash: "hash"})
	if err != nil {
		t.Fatal(err)
	}
	one, ten, unit := 1, 10, models.Minutes
	if _, err := s.UpdatePolicy(ctx, acc.ID, admin.ID, models.PolicyChange{
		LimitMultipleSessions: true, MaxConcurrentSessions: &ten,
		IdleTimeoutEnabled: true, IdleTimeoutValue: &one, IdleTimeoutUnit: &unit,
	}); err != nil {
		t.Fatal(err)
	}
	member, err := s.CreateUser(ctx, models.User{AccountID: acc.ID, Name: "Mia", Role: models.RoleMember,
		Email: fmt.Sprintf("member%d@example.com", n), PasswordHash: "hash"})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{store: s, clock: c, member: member}
}

// login starts a session for the member at the current (test) time.
func (f *fixture) login(t *testing.T) models.Session {
	t.Helper()
	h := sha256.Sum256(fmt.Appendf(nil, "token-%d", seq.Add(1)))
	s, err := f.store.StartSession(context.Background(), f.member, store.NewSession{TokenHash: h[:], LoginIP: "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (f *fixture) session(t *testing.T, id string) models.Session {
	t.Helper()
	var s models.Session
	if err := f.store.Gorm().Where("id = ?", id).Take(&s).Error; err != nil {
		t.Fatal(err)
	}
	return s
}

// run starts reaper.Run and returns a stop function that cancels it and reports how long Run
// took to return.
func run(t *testing.T, s *store.Store, interval time.Duration) (stop func() time.Duration) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		reaper.Run(ctx, s, interval, nil)
	}()
	var once sync.Once
	var took time.Duration
	stop = func() time.Duration {
		once.Do(func() {
			begin := time.Now()
			cancel()
			select {
			case <-done:
				took = time.Since(begin)
			case <-time.After(10 * time.Second):
				t.Fatal("reaper.Run did not return within 10s of its context ending")
			}
		})
		return took
	}
	t.Cleanup(func() { stop() })
	return stop
}

func TestRunEndsIdleSessionsWithinAFewIntervals(t *testing.T) {
	const interval = 50 * time.Millisecond
	cases := []struct {
		name string
		idle time.Duration // how far the clock moves past the session's last activity
		want bool          // whether the reaper must end it
	}{
		{"idle beyond timeout plus grace", time.Minute + models.IdleGrace + time.Millisecond, true},
		{"idle for days", 72 * time.Hour, true},
		{"idle for the timeout only", time.Minute, false},
		{"just short of timeout plus grace", time.Minute + models.IdleGrace - time.Millisecond, false},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				f := newFixture(t, url)
				s := f.login(t)
				stop := run(t, f.store, interval)

				// Several passes over a live session change nothing.
				time.Sleep(3 * interval)
				if got := f.session(t, s.ID); !got.IsActive() {
					t.Fatalf("a live session was ended: %+v", got)
				}

				f.clock.Advance(tc.idle)
				moved := time.Now()
				// An end is expected within a few intervals; a loaded CI machine gets seconds
				// (the promise is timeout + REAPER_INTERVAL + a few seconds). A wrong end
				// would show in the first passes.
				deadline := moved.Add(6 * interval)
				if tc.want {
					deadline = moved.Add(5 * time.Second)
				}
				var got models.Session
				for {
					got = f.session(t, s.ID)
					if !got.IsActive() || time.Now().After(deadline) {
						break
					}
					time.Sleep(interval / 5)
				}
				if !tc.want {
					if !got.IsActive() {
						t.Fatalf("ended after %v idle, before timeout plus grace: %+v", tc.idle, got)
					}
					return
				}
				if got.IsActive() {
					t.Fatalf("still active %v after the clock moved %v: want it ended within a few %v intervals",
						time.Since(moved), tc.idle, interval)
				}
				if got.EndReason == nil || *got.EndReason != models.EndIdleTimeout ||
					got.EndedAt == nil || !got.EndedAt.Equal(s.LastActiveAt.Add(time.Minute)) {
					t.Errorf("ended with %v at %v, want IDLE_TIMEOUT at %v", got.EndReason, got.EndedAt, s.LastActiveAt.Add(time.Minute))
				}
				if took := stop(); took > 2*time.Second {
					t.Errorf("Run took %v to return after cancel", took)
				}
			})
		}
	})
}

// Login budgets that have filled up again are deleted by the same loop.
func TestRunSweepsRefilledLoginBudgets(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		b := []store.LoginBudget{{Kind: "email", Value: "guess@example.com",
			Limit: models.LoginLimit{Burst: 5, Every: time.Minute}}}
		if r, err := f.store.ReserveLogin(ctx, b); err != nil || r != store.LoginReserved {
			t.Fatalf("ReserveLogin: %v, %v", r, err)
		}
		if err := f.store.SettleLogin(ctx, b, true); err != nil {
			t.Fatal(err)
		}
		count := func() (n int64) {
			if err := f.store.Gorm().Model(&models.LoginThrottle{}).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		run(t, f.store, 50*time.Millisecond)
		time.Sleep(200 * time.Millisecond)
		if n := count(); n != 1 {
			t.Fatalf("%d budgets after passes before it refilled, want 1", n)
		}
		f.clock.Advance(time.Minute + time.Second)
		for deadline := time.Now().Add(5 * time.Second); count() != 0; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("a refilled login budget is still stored 5s later")
			}
		}
	})
}

func TestRunReturnsWhenItsContextEnds(t *testing.T) {
	cases := []struct {
		name     string
		interval time.Duration
		wait     time.Duration // how long Run runs before the cancel
	}{
		{"right after starting", 50 * time.Millisecond, 0},
		{"between passes", 50 * time.Millisecond, 120 * time.Millisecond},
		{"with an hour until the next pass", time.Hour, 100 * time.Millisecond},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		for range 10 {
			f.login(t)
		}
		f.clock.Advance(time.Hour) // the first pass has work to do
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := runtime.NumGoroutine()
				stop := run(t, f.store, tc.interval)
				time.Sleep(tc.wait)
				if took := stop(); took > 2*time.Second {
					t.Errorf("Run took %v to return after cancel, want promptly", took)
				}
				if !settles(before) {
					t.Errorf("goroutines: %d before, %d after Run returned", before, runtime.NumGoroutine())
				}
			})
		}
	})
}

// settles waits up to a second for the goroutine count to fall back to at most n.
func settles(n int) bool {
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if runtime.NumGoroutine() <= n {
			return true
		}
	}
	return false
}
