package apitest

import (
	"testing"
	"time"
)

// Deadline scales a wait for the race detector, which slows the server several times over while
// dozens of parallel tests share two cores: a bound that holds on a quiet machine must not fail
// a correct server on a loaded one.
func Deadline(d time.Duration) time.Duration { return d * raceFactor }

// Bounds on every wait: Wait for what must happen, Quiet for proving that nothing more does,
// CloseWithin for the "closed within a second".
var (
	Wait        = Deadline(3 * time.Second)
	Quiet       = Deadline(300 * time.Millisecond)
	CloseWithin = Deadline(time.Second)
)

// Eventually waits up to within for cond, polling, and fails the test with what it waited for.
func Eventually(t testing.TB, within time.Duration, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %v waiting for %s", within, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
