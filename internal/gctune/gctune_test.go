package gctune

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// The soft limit follows what is in use: it is set at once to in use plus the headroom, and set
// again after a collection once what is in use has changed.
func TestCapGarbageFollowsWhatIsInUse(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1)) // restore the test binary's limit
	const headroom = 64 << 20
	stop := capGarbage(headroom, nil)
	defer stop() // before the limit is restored: the deferred calls run last first
	first := debug.SetMemoryLimit(-1)
	if first <= headroom || first > headroom+1<<30 {
		t.Fatalf("limit %d right after capGarbage, want in use plus %d", first, headroom)
	}

	kept := make([][]byte, 0, 64) // 64 MiB more in use, kept across the collections below
	for range 64 {
		kept = append(kept, make([]byte, 1<<20))
	}
	for range 3 { // the cleanup that re-arms the limit runs after a collection, on its own goroutine
		runtime.GC()
		runtime.Gosched()
	}
	var later int64
	for range 100 {
		if later = debug.SetMemoryLimit(-1); later >= first+32<<20 {
			break
		}
		runtime.GC()
	}
	if later < first+32<<20 {
		t.Errorf("limit %d after collections with 64 MiB more in use, want at least %d: not re-armed", later, first+32<<20)
	}
	runtime.KeepAlive(kept)
}
