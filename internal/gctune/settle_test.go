package gctune

import (
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"
)

// After a collection the runtime started, a quiet interval brings one forced collection (which
// returns free memory), and that one starts nothing more: an idle process stays idle, each
// forced collection follows one the runtime started.
func TestSettlerCollectsOnceQuiet(t *testing.T) {
	var settles atomic.Int64 // this settler's own collections: other tests may force some too
	s := &settler{every: 20 * time.Millisecond, quiet: 1 << 20}
	s.collect = func() { settles.Add(1); debug.FreeOSMemory() }
	_, s.auto = s.read()

	var garbage [][]byte
	for range 256 { // a burst: the runtime collects by itself along the way
		garbage = append(garbage, make([]byte, 1<<20))
		if len(garbage) > 8 {
			garbage = garbage[1:]
		}
	}
	runtime.KeepAlive(garbage)
	s.afterGC() // what capGarbage's cleanup does after the runtime's collection

	deadline := time.Now().Add(5 * time.Second)
	for settles.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if settles.Load() == 0 {
		t.Fatal("no collection once the process went quiet")
	}
	for s.busy() {
		time.Sleep(time.Millisecond)
	}
	settled := settles.Load()
	_, auto := s.read()
	s.afterGC() // after the forced one
	time.Sleep(10 * s.every)
	_, autoAfter := s.read()
	if n := uint64(settles.Load() - settled); n > autoAfter-auto {
		t.Errorf("%d more forced collections after settling, and %d the runtime started", n, autoAfter-auto)
	}
	for deadline := time.Now().Add(5 * time.Second); s.busy() && time.Now().Before(deadline); {
		time.Sleep(s.every) // no check left running into the next test
	}
}

func (s *settler) busy() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.checking
}
