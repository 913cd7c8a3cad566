package store_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

var perMinute = models.LoginLimit{Burst: 2, Every: time.Minute}

func budget(value string) store.LoginBudget {
	return store.LoginBudget{Kind: "email", Value: value, Limit: perMinute}
}

func (e *env) reserve(s *store.Store, budgets ...store.LoginBudget) store.LoginReservation {
	e.t.Helper()
	r, err := s.ReserveLogin(e.ctx, budgets)
	if err != nil {
		e.t.Fatalf("ReserveLogin: %v", err)
	}
	return r
}

func (e *env) settle(s *store.Store, failed bool, budgets ...store.LoginBudget) {
	e.t.Helper()
	if err := s.SettleLogin(e.ctx, budgets, failed); err != nil {
		e.t.Fatalf("SettleLogin: %v", err)
	}
}

// Two replicas spend from one budget; attempts in flight make others wait instead of failing.
func TestLoginBudgetIsSharedAndSettled(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		a, b := e.store, e.open()
		ada := budget("ada@example.com")

		if e.reserve(a, ada) != store.LoginReserved || e.reserve(b, ada) != store.LoginReserved {
			t.Fatal("the first two attempts were not reserved")
		}
		if got := e.reserve(a, ada); got != store.LoginBusy {
			t.Fatalf("third attempt while two are in flight: %v, want LoginBusy", got)
		}
		e.settle(b, false, ada) // a success gives its token back
		if got := e.reserve(b, ada); got != store.LoginReserved {
			t.Fatalf("after a success settled: %v, want LoginReserved", got)
		}
		e.settle(a, true, ada)
		e.settle(b, true, ada)
		if got := e.reserve(a, ada); got != store.LoginRefused {
			t.Fatalf("after two failures with none in flight: %v, want LoginRefused", got)
		}
		e.clock.Advance(time.Minute)
		if got := e.reserve(b, ada); got != store.LoginReserved {
			t.Fatalf("a minute later: %v, want LoginReserved (one token refilled)", got)
		}
	})
}

// An attempt needs a token from every budget: refused by one, it spends none of the others.
func TestLoginBudgetsAreAllOrNone(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		spent, fresh := budget("spent@example.com"), budget("fresh@example.com")
		for range 2 {
			e.reserve(e.store, spent)
			e.settle(e.store, true, spent)
		}
		for range 3 {
			if got := e.reserve(e.store, fresh, spent); got != store.LoginRefused {
				t.Fatalf("attempt on a spent budget: %v, want LoginRefused", got)
			}
		}
		for i := range 2 {
			if got := e.reserve(e.store, fresh); got != store.LoginReserved {
				t.Fatalf("fresh budget, attempt %d: %v, want LoginReserved: refused attempts spent it", i+1, got)
			}
		}
	})
}

// However many attempts race on any number of replicas, no more than the burst get a token.
func TestLoginBudgetHoldsUnderParallelAttempts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		replicas := []*store.Store{e.store, e.open(), e.open()}
		target := store.LoginBudget{Kind: "address", Value: "203.0.113.7", Limit: models.LoginLimit{Burst: 5, Every: time.Hour}}
		var reserved, busy atomic.Int64
		apitest.Parallel(40, func(i int) {
			switch r, err := replicas[i%len(replicas)].ReserveLogin(e.ctx, []store.LoginBudget{target}); {
			case err != nil:
				t.Error(err)
			case r == store.LoginReserved:
				reserved.Add(1)
			case r == store.LoginBusy:
				busy.Add(1)
			}
		})
		if reserved.Load() != 5 || busy.Load() != 35 {
			t.Errorf("40 parallel attempts on a budget of 5: %d reserved, %d busy; want 5 and 35", reserved.Load(), busy.Load())
		}
	})
}

// Budgets are stored by hash, and the sweep deletes those that have filled up again, keeping
// those with attempts in flight unless abandoned for an hour.
func TestLoginBudgetStorageAndSweep(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		done, inFlight := budget("done@example.com"), budget("inflight@example.com")
		e.reserve(e.store, done)
		e.settle(e.store, true, done)
		e.reserve(e.store, inFlight)

		var rows []models.LoginThrottle
		if err := e.store.Gorm().Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if strings.Contains(r.Hash, "example.com") || len(r.Hash) != 64 {
				t.Errorf("budget stored under %q, want a SHA-256 hash", r.Hash)
			}
		}
		sweep := func() int64 {
			n, err := e.store.SweepLoginThrottles(e.ctx, 100)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := sweep(); n != 0 {
			t.Fatalf("swept %d budgets still refilling", n)
		}
		e.clock.Advance(time.Minute + time.Second)
		if n := sweep(); n != 1 {
			t.Fatalf("swept %d after the failed budget refilled, want 1 (the other has an attempt in flight)", n)
		}
		e.clock.Advance(time.Hour)
		if n := sweep(); n != 1 {
			t.Fatalf("swept %d an hour later, want the abandoned attempt's budget", n)
		}
		if got := e.reserve(e.store, done); got != store.LoginReserved {
			t.Errorf("a swept budget starts full: got %v", got)
		}
	})
}

// The sweep runs on every replica while logins come and go: a budget it deletes under an
// attempt's feet must neither fail the attempt nor lose the token the attempt holds.
func TestLoginBudgetSurvivesConcurrentSweeps(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		// A replica whose clock is a second ahead: full budgets are past their full_at for it.
		sweeper, err := store.Open(e.ctx, url, store.Options{Now: func() time.Time { return e.clock.Now().Add(time.Second) }})
		if err != nil {
			t.Fatal(err)
		}
		defer sweeper.Close()
		b := []store.LoginBudget{budget("busy@example.com"), {Kind: "address", Value: "192.0.2.9", Limit: perMinute}}
		stop := make(chan struct{})
		swept := make(chan struct{})
		go func() {
			defer close(swept)
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := sweeper.SweepLoginThrottles(e.ctx, 100); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		// Successful logins: each leaves its budgets full, so sweepable at once. Emails of their
		// own and one shared address: buckets appear and vanish under attempts that hold others.
		apitest.Parallel(8, func(i int) {
			b := b
			if i%2 == 1 {
				b = []store.LoginBudget{budget(fmt.Sprintf("user%d@example.com", i)), b[1]}
			}
			for range 50 {
				r, err := e.store.ReserveLogin(e.ctx, b)
				if err != nil {
					t.Error(err)
					return
				}
				if r != store.LoginReserved {
					continue // another attempt holds the last token for a moment
				}
				if err := e.store.SettleLogin(e.ctx, b, false); err != nil {
					t.Error(err)
					return
				}
			}
		})
		close(stop)
		<-swept
		// A held token is never swept away: two failures spend the budget of two.
		for range 2 {
			if r := e.reserve(e.store, b...); r != store.LoginReserved {
				t.Fatalf("reserve: %v", r)
			}
			if _, err := sweeper.SweepLoginThrottles(e.ctx, 100); err != nil {
				t.Fatal(err)
			}
			e.settle(e.store, true, b...)
		}
		if r := e.reserve(e.store, b...); r != store.LoginRefused {
			t.Errorf("after two failures with sweeps in between: %v, want LoginRefused", r)
		}
	})
}
