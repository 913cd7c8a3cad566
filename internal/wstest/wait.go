package wstest

import (
	"errors"
	"testing"
	"time"
)

// Codes lists the extensions.code of each of r's errors.
func (r Result) Codes() []string {
	var out []string
	for _, e := range r.Errors {
		code, _ := e.Extensions["code"].(string)
		out = append(out, code)
	}
	return out
}

// IsOpen reports whether c is still open.
func (c *Conn) IsOpen() bool {
	select {
	case <-c.closed:
		return false
	default:
		return true
	}
}

// WaitClosed waits until the server closed c, by deadline, and returns the close status.
func WaitClosed(t testing.TB, c *Conn, deadline time.Time, who string) (int, string) {
	t.Helper()
	select {
	case <-c.Closed():
		return c.CloseStatus()
	case <-time.After(time.Until(deadline)):
		t.Fatalf("%s: socket still open at the deadline", who)
		return 0, ""
	}
}

// Refusal returns the close status of a refused Dial, failing the test unless err is one.
func Refusal(t testing.TB, err error) *CloseError {
	t.Helper()
	var ce *CloseError
	if !errors.As(err, &ce) {
		t.Fatalf("dial: got %v, want the connection closed with a code and reason", err)
	}
	return ce
}
