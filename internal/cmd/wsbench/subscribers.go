package main

import (
	"context"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"sessionguard/models"
)

const (
	subscriptionEvents = `subscription { sessionEvents { type occurredAt session { id status user { id name } } } }`
	mutationLogoutSelf = `mutation { logout }`
	// socketsPerSession stays under the server's per-session socket limit (32).
	socketsPerSession = 25
	dialers           = 16
	idleWindow        = 10 * time.Second
	clockTicksPerSec  = 100 // USER_HZ
)

// subscribers opens n sessionEvents subscribers on one server, administrators of the bootstrap
// administrator's account, then measures the server's memory and idle CPU, and the time from
// the request and the answer of a member's logout to its event reaching the last subscriber.
// A logout rather than a login: a login spends most of its time hashing the password, before
// the commit, which made the time from the request a loose bound.
func subscribers(ctx context.Context, bin, databaseURL string, n int, hold time.Duration) (string, error) {
	servers, stop, err := startServers(ctx, bin, databaseURL, 1)
	if err != nil {
		return "", err
	}
	defer stop()
	srv := servers[0]
	tokens, leaving, err := seedAdmins(ctx, databaseURL, (n+socketsPerSession-1)/socketsPerSession)
	if err != nil {
		return "", err
	}

	f := &fanout{}
	conns, err := f.open(ctx, srv.addr, tokens, n)
	defer func() {
		for _, ws := range conns {
			ws.Close()
		}
	}()
	if err != nil {
		return "", err
	}
	time.Sleep(3 * time.Second) // the last subscriptions register
	rssIdle, _, err := srv.rssKB()
	if err != nil {
		return "", err
	}
	before, err := srv.cpuTicks()
	if err != nil {
		return "", err
	}
	time.Sleep(idleWindow)
	after, err := srv.cpuTicks()
	if err != nil {
		return "", err
	}
	idleCPU := float64(after-before) / clockTicksPerSec / idleWindow.Seconds() * 100

	// The commit falls between the request and its answer: the time from the answer to the
	// last delivery is a lower bound of the time after the commit, from the request an upper
	// bound. A busy server may deliver before it answers, which makes the first 0.
	busyBefore, err := srv.cpuTicks()
	if err != nil {
		return "", err
	}
	sent := time.Now()
	if _, err := post(ctx, srv.addr, leaving, mutationLogoutSelf, nil); err != nil {
		return "", err
	}
	answered := time.Now()
	if err := f.wait(int64(n), 60*time.Second); err != nil {
		return "", err
	}
	delivered := time.Unix(0, f.last.Load())
	// The server's CPU time from the request to the last delivery: unlike the times, it hardly
	// depends on what else the machine runs.
	busyAfter, err := srv.cpuTicks()
	if err != nil {
		return "", err
	}
	rssAfter, hwm, err := srv.rssKB()
	if err != nil {
		return "", err
	}
	log.Printf("VmRSS idle %d MB, after the event %d MB, VmHWM %d MB; %d subscriptions ended early",
		rssIdle/1024, rssAfter/1024, hwm/1024, f.ended.Load())
	if hold > 0 {
		log.Printf("holding the server (pid %d, %s) for %v", srv.cmd.Process.Pid, srv.addr, hold)
		time.Sleep(hold)
	}
	return fmt.Sprintf("subscribers n=%d rss_mb=%d rss_idle_mb=%d fanout_ms=%.0f fanout_from_request_ms=%.0f fanout_cpu_ms=%d idle_cpu_pct=%.1f", n,
		max(rssIdle, rssAfter)/1024, rssIdle/1024, ms(max(delivered.Sub(answered), 0)), ms(delivered.Sub(sent)),
		(busyAfter-busyBefore)*1000/clockTicksPerSec, idleCPU), nil
}

// seedAdmins adds count administrators with one session each and returns their tokens, and a
// member with one session, whose token is leaving.
func seedAdmins(ctx context.Context, databaseURL string, count int) (tokens []string, leaving string, err error) {
	sd, err := openSeeder(ctx, databaseURL)
	if err != nil {
		return nil, "", err
	}
	defer sd.close()
	tokens = make([]string, count)
	for i := range tokens {
		u, err := sd.user(ctx, models.RoleAdmin)
		if err != nil {
			return nil, "", err
		}
		if tokens[i], _, err = sd.session(ctx, u); err != nil {
			return nil, "", err
		}
	}
	member, err := sd.user(ctx, models.RoleMember)
	if err != nil {
		return nil, "", err
	}
	leaving, _, err = sd.session(ctx, member)
	return tokens, leaving, err
}

// fanout counts the events its subscribers receive.
type fanout struct {
	received atomic.Int64
	last     atomic.Int64 // unix nanoseconds of the latest event received
	ended    atomic.Int64 // subscriptions the server ended or errored
}

// open dials n subscribers, socketsPerSession to a token, and follows each in a goroutine.
func (f *fanout) open(ctx context.Context, addr string, tokens []string, n int) ([]*websocket.Conn, error) {
	conns := make([]*websocket.Conn, n)
	next := make(chan int)
	errs := make(chan error, dialers)
	var wg sync.WaitGroup
	for range dialers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				ws, err := dial(ctx, addr, tokens[i/socketsPerSession], subscriptionEvents)
				if err != nil {
					errs <- err
					return
				}
				conns[i] = ws
				go f.follow(ws)
			}
		}()
	}
	var err error
	start := time.Now()
	for i := 0; i < n && err == nil; i++ {
		select {
		case next <- i:
		case err = <-errs:
		}
		if (i+1)%2000 == 0 {
			log.Printf("%d sockets open after %v", i+1, time.Since(start).Round(time.Millisecond))
		}
	}
	close(next)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errs:
		default:
		}
	}
	opened := conns[:0]
	for _, ws := range conns {
		if ws != nil {
			opened = append(opened, ws)
		}
	}
	return opened, err
}

func (f *fanout) follow(ws *websocket.Conn) {
	_ = read(ws, func(m message) {
		switch m.Type {
		case "next":
			now := time.Now().UnixNano()
			for {
				last := f.last.Load()
				if now <= last || f.last.CompareAndSwap(last, now) {
					break
				}
			}
			f.received.Add(1)
		case "error", "complete":
			f.ended.Add(1)
		}
	})
}

// wait waits until want events were received.
func (f *fanout) wait(want int64, within time.Duration) error {
	for deadline := time.Now().Add(within); f.received.Load() < want; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			return fmt.Errorf("wsbench: %d of %d subscribers received the event within %v", f.received.Load(), want, within)
		}
	}
	return nil
}
