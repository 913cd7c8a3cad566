package workers

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Every task runs once, never more than Max at a time, in order on one goroutine (Max 1), and
// a pool that ran out of tasks holds no goroutine.
func TestPool(t *testing.T) {
	for _, max := range []int{1, 4} {
		before := runtime.NumGoroutine()
		p := &Pool{Max: max}
		var running, peak atomic.Int32
		var mu sync.Mutex
		var order []int
		var wg sync.WaitGroup
		const tasks = 200
		wg.Add(tasks)
		for i := range tasks {
			p.Go(func() {
				defer wg.Done()
				n := running.Add(1)
				for {
					m := peak.Load()
					if n <= m || peak.CompareAndSwap(m, n) {
						break
					}
				}
				mu.Lock()
				order = append(order, i)
				mu.Unlock()
				runtime.Gosched()
				running.Add(-1)
			})
		}
		wg.Wait()
		if got := peak.Load(); got > int32(max) {
			t.Errorf("Max %d: %d tasks ran at once", max, got)
		}
		if len(order) != tasks {
			t.Errorf("Max %d: %d tasks ran, want %d", max, len(order), tasks)
		}
		if max == 1 {
			for i, v := range order {
				if v != i {
					t.Fatalf("Max 1: task %d ran %dth", v, i)
				}
			}
		}
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			t.Errorf("Max %d: %d goroutines after the tasks, %d before", max, n, before)
		}
	}
}
