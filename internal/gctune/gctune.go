// Package gctune sets the Go collector for a server that answers many small requests and may hold
// many websockets at once.
package gctune

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// Tune trades memory for CPU unless GOGC or GOMEMLIMIT say otherwise. Each request allocates
// a little and keeps nothing, so the live heap is small: collecting at 5x it rather than 2x cuts
// the collector's share of CPU (about a fifth of the hot path) for tens of megabytes.
//
// GOGC multiplies goroutine stacks too, though, and a server holding 10,000 websockets keeps
// well over 100 MB of stacks and buffers that are not garbage: at 5x, garbage alone would take
// hundreds of megabytes. So garbage is also capped, by a soft memory limit set after every
// collection to what that collection left in use plus gcHeadroom. A small heap keeps GOGC=400
// (its 5x stays under the cap, so the hot path pays nothing); a large one is collected more
// often, more CPU per allocation for less memory. Because the limit follows what is in use, a
// server that needs more never collects continuously, as under a fixed limit it outgrew. Once
// the process goes quiet after a burst, a settler collects once more and returns free memory to
// the system (see settler): measured with 10,000 idle subscribers, 221 MB RSS rather than 273.
func Tune() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		s := &settler{every: time.Second, quiet: gcHeadroom / 32}
		_ = capGarbage(gcHeadroom, s.afterGC) // for the process's life
	}
}

// gcHeadroom is the garbage a collection may leave to grow before the next: at least what
// GOGC=400 allows the hot path's small heap. Measured with 10,000 sessionEvents subscribers
// (internal/cmd/wsbench), 64 MiB made one event's fan-out collect so often (each collection
// scans every socket's stacks) that it took twice as long; 128 MiB kept it as fast as without
// a cap, for about 25 MB more at the peak. Measured again with internal/gqlws (fewer, shallower
// goroutines): 64 MiB still spent about twice the CPU on one event's fan-out (one collection
// in it) for 50 MB less at the peak.
const gcHeadroom = 128 << 20

// capGarbage sets the memory limit to what is in use plus headroom, now and after each
// collection (a cleanup on an object nothing references runs once per cycle), then calls
// afterGC, if any. stop ends that after the next collection (the server never calls it; a test
// must, or the limit it set outlives it).
func capGarbage(headroom int64, afterGC func()) (stop func()) {
	var stopped atomic.Bool
	samples := []metrics.Sample{
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/gc/heap/live:bytes"},
	}
	var rearm func(struct{})
	rearm = func(struct{}) {
		if stopped.Load() {
			return
		}
		metrics.Read(samples)
		v := func(i int) int64 { return int64(samples[i].Value.Uint64()) }
		garbage := max(v(3)-v(4), 0) // heap objects the last collection did not find live
		inUse := v(0) - v(1) - v(2) - garbage
		debug.SetMemoryLimit(inUse + headroom)
		runtime.AddCleanup(&gcSentinel{}, rearm, struct{}{})
		if afterGC != nil {
			afterGC()
		}
	}
	rearm(struct{}{})
	return func() { stopped.Store(true) }
}

// gcSentinel holds a pointer so that it is not batched with other tiny objects, whose cleanups
// may never run.
type gcSentinel struct{ _ *byte }
