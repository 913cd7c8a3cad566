package gctune

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// settler returns a burst's memory once the process has gone quiet. The collector runs only as
// the heap grows: after ten thousand websockets connected (or one event reached them all), the
// garbage they left, up to the headroom, stays resident for as long as the server idles, and
// so do the stacks their goroutines grew, which only a collection shrinks. So, after a
// collection the collector started by itself, it checks every interval how much was allocated
// since; the first interval that allocated less than quiet (pings and pongs, not requests) is
// followed by one forced collection that also returns free memory to the system. An idle server
// then holds what it uses, and its CPU does nothing: no check runs until the next collection.
type settler struct {
	every time.Duration
	quiet uint64 // bytes allocated in one interval below which the process is quiet
	// collect is the collection that settles: debug.FreeOSMemory when nil. Tests count their
	// own settler's collections with it, since the runtime's count is the whole process's.
	collect func()

	mu       sync.Mutex
	checking bool
	last     uint64 // allocated bytes at the last check
	auto     uint64 // collections the runtime started, at the last afterGC
}

var settleSamples = []metrics.Sample{
	{Name: "/gc/heap/allocs:bytes"},
	{Name: "/gc/cycles/total:gc-cycles"},
	{Name: "/gc/cycles/forced:gc-cycles"},
}

// read returns the bytes allocated so far and the collections the runtime started by itself.
func (s *settler) read() (allocated, auto uint64) {
	samples := make([]metrics.Sample, len(settleSamples))
	copy(samples, settleSamples)
	metrics.Read(samples)
	return samples[0].Value.Uint64(), samples[1].Value.Uint64() - samples[2].Value.Uint64()
}

// afterGC starts the checks after a collection the runtime started, unless they run already;
// a forced one (settle's own) starts nothing.
func (s *settler) afterGC() {
	allocated, auto := s.read()
	s.mu.Lock()
	defer s.mu.Unlock()
	if auto == s.auto || s.checking {
		s.auto = auto
		return
	}
	s.auto, s.checking, s.last = auto, true, allocated
	time.AfterFunc(s.every, s.check)
}

// check settles if the last interval was quiet, and checks again after the next otherwise.
func (s *settler) check() {
	allocated, auto := s.read()
	s.mu.Lock()
	busy := allocated-s.last >= s.quiet
	s.last = allocated
	if busy {
		s.mu.Unlock()
		time.AfterFunc(s.every, s.check)
		return
	}
	s.checking = false
	s.auto = auto // the runtime's collections so far are settled by this one
	s.mu.Unlock()
	if s.collect != nil {
		s.collect()
		return
	}
	debug.FreeOSMemory()
}
