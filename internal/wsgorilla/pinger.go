package wsgorilla

import (
	"sync"
	"time"
)

// Pinger sends a message to each of its connections every interval, from one goroutine for all
// of them. gqlgen's transport runs a ticker goroutine per connection instead: with thousands of
// idle sockets their stacks are a large share of a server's memory, and their timers wake it.
//
// Connections are spread over pingSlots slots, one pinged per tick, so that a server with many
// sockets writes a steady trickle of pings rather than all of them at once.
type Pinger struct {
	// Every is how often each connection gets Message.
	Every time.Duration
	// Message is written as JSON: {"type":"ping"} for graphql-transport-ws, {"type":"ka"} for
	// the legacy graphql-ws.
	Message any
	// AwaitReply: the peer must answer (graphql-transport-ws's pong) within 2*Every, or its
	// connection is closed: that is how a dead peer is noticed. The answer reaches the reader
	// (gqlws), which clears the read deadline (SetReadDeadline with the zero time).
	AwaitReply bool

	mu    sync.Mutex
	slots [pingSlots]map[*Conn]struct{}
	next  int // the slot the next tick pings
	count int
	stop  chan struct{} // non-nil while the pinging goroutine runs; closed to stop it
}

const pingSlots = 16

// add starts pinging c, about Every from now, unless c is closed already.
func (p *Pinger) add(c *Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c.closed.Load() { // closed before its pings started: remove came first
		return
	}
	slot := (p.next + pingSlots - 1) % pingSlots // the slot pinged last: its next turn is the furthest
	if p.slots[slot] == nil {
		p.slots[slot] = map[*Conn]struct{}{}
	}
	p.slots[slot][c] = struct{}{}
	c.pingSlot = slot
	p.count++
	if p.stop == nil {
		p.stop = make(chan struct{})
		go p.run(p.stop)
	}
}

// remove stops pinging c; it does nothing if c is not pinged.
func (p *Pinger) remove(c *Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.slots[c.pingSlot][c]; ok {
		delete(p.slots[c.pingSlot], c)
		if p.count--; p.count == 0 {
			close(p.stop)
			p.stop = nil
		}
	}
}

// run pings one slot a tick until stop is closed, as soon as no connection is left: a server
// without sockets has neither a timer running nor this goroutine.
func (p *Pinger) run(stop <-chan struct{}) {
	ticker := time.NewTicker(p.Every / pingSlots)
	defer ticker.Stop()
	for {
		select {
		case <-stop:
			return
		case <-ticker.C:
		}
		p.mu.Lock()
		due := make([]*Conn, 0, len(p.slots[p.next]))
		for c := range p.slots[p.next] {
			due = append(due, c)
		}
		p.next = (p.next + 1) % pingSlots
		p.mu.Unlock()
		// In the background: a peer that stops reading may hold a write for writeTimeout, and
		// must delay neither the ticks nor (much) the other pings.
		go p.ping(due)
	}
}

func (p *Pinger) ping(conns []*Conn) {
	for _, c := range conns {
		if p.AwaitReply && c.awaitingReply.CompareAndSwap(false, true) {
			// Armed before the write, so that the reply cannot clear it first. Not moved while
			// a reply is awaited: a peer that never answers is closed 2*Every after the first
			// ping it missed.
			_ = c.ws.SetReadDeadline(time.Now().Add(2 * p.Every))
		}
		if err := c.WriteJSON(p.Message); err != nil {
			_ = c.Close() // the reader then fails, and ends the connection
		}
	}
}
