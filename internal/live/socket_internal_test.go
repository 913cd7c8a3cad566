package live

import (
	"context"
	"testing"
	"time"
)

// closeRecorder records the close it receives.
type closeRecorder chan int

func (c closeRecorder) CloseWith(code int, _ string) { c <- code }

// A revoked socket closes at once when no currentSessionEnded subscription holds it, only once
// every holding subscription has ended otherwise, and after the bound when one never ends.
func TestSocketClosesWhenSettled(t *testing.T) {
	cases := []struct {
		name  string
		holds int
		end   int // holds whose subscriptions end after the close was asked for
	}{
		{name: "no subscription", holds: 0, end: 0},
		{name: "one subscription that ends", holds: 1, end: 1},
		{name: "two subscriptions that end", holds: 2, end: 2},
		{name: "a subscription that never ends", holds: 1, end: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			closed := make(closeRecorder, 1)
			s := &socket{conn: closed}
			ctx := context.WithValue(context.Background(), socketKey{}, s)
			cancels := make([]context.CancelFunc, tc.holds)
			for i := range cancels {
				var sub context.Context
				sub, cancels[i] = context.WithCancel(ctx)
				HoldCloseUntilDone(sub)
			}
			defer func() {
				for _, cancel := range cancels {
					cancel()
				}
			}()
			wait := time.Hour
			if tc.end < tc.holds {
				wait = 10 * time.Millisecond // the bound is what closes it
			}
			go s.closeWhenSettled(wait, CloseSessionEnded, "logged out")
			for i := range tc.end {
				select {
				case <-closed:
					t.Fatalf("closed with %d of %d subscriptions still running", tc.holds-i, tc.holds)
				case <-time.After(20 * time.Millisecond):
				}
				cancels[i]()
			}
			select {
			case code := <-closed:
				if code != CloseSessionEnded {
					t.Errorf("closed with %d, want %d", code, CloseSessionEnded)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("never closed")
			}
		})
	}
}
