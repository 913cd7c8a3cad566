// Package workers runs short tasks on a bounded number of goroutines that exist only while
// there are tasks.
package workers

import "sync"

// Pool runs tasks on at most Max goroutines at once, in the order they came; tasks beyond wait
// in a queue. A goroutine leaves once the queue is empty, so an idle pool holds none.
//
// It bounds what a burst costs: one event reaching ten thousand subscriptions would otherwise
// start ten thousand goroutines at once, each growing a deep stack (tens of kilobytes) that the
// collector scans and the process keeps resident, to do work that two cores do one by one.
type Pool struct {
	Max int

	mu      sync.Mutex
	queue   []func()
	running int
}

// Go runs task on one of the pool's goroutines, now or once those before it have run. A task
// that blocks holds its goroutine: tasks must not wait for one another.
func (p *Pool) Go(task func()) {
	p.mu.Lock()
	if p.running >= p.Max {
		p.queue = append(p.queue, task)
		p.mu.Unlock()
		return
	}
	p.running++
	p.mu.Unlock()
	go p.work(task)
}

func (p *Pool) work(task func()) {
	for {
		task()
		p.mu.Lock()
		if len(p.queue) == 0 {
			p.queue = nil // a burst's queue is not kept
			p.running--
			p.mu.Unlock()
			return
		}
		task = p.queue[0]
		p.queue[0] = nil
		p.queue = p.queue[1:]
		p.mu.Unlock()
	}
}
