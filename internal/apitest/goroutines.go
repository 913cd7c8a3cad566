package apitest

import (
	"runtime"
	"strings"
	"time"
)

// Goroutines is a goroutine count: all of them, and those running the product's code, gqlgen's
// or gorilla/websocket's (the database drivers' pool housekeeping, which comes and goes by
// itself, runs none of these).
type Goroutines struct{ All, App int }

// CountGoroutines counts the process's goroutines.
func CountGoroutines() Goroutines {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	c := Goroutines{All: runtime.NumGoroutine()}
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "sessionguard/") || strings.Contains(g, "99designs/gqlgen") || strings.Contains(g, "gorilla/websocket") {
			c.App++
		}
	}
	return c
}

// GoroutineSlack is how many goroutines beyond the baseline the database pools may hold (a pgx
// background reader, database/sql's connection cleaner); the app count gets none.
const GoroutineSlack = 2

// GoroutinesBackTo waits for the goroutines to fall back to baseline and returns the last count.
func GoroutinesBackTo(baseline Goroutines) Goroutines {
	deadline := time.Now().Add(Deadline(2 * time.Second))
	for {
		c := CountGoroutines()
		if c.App <= baseline.App && c.All <= baseline.All+GoroutineSlack || !time.Now().Before(deadline) {
			return c
		}
		time.Sleep(20 * time.Millisecond)
	}
}
