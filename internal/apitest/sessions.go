package apitest

import (
	"testing"

	"sessionguard/models"
)

// LimitInput is a policy input allowing max sessions with behaviour when and no idle timeout.
func LimitInput(max int, when models.LimitBehavior) map[string]any {
	return map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": max,
		"whenLimitReached": string(when), "idleTimeoutEnabled": false}
}

// IdleInput allows max sessions, evicting the oldest, with an idle timeout of minutes.
func IdleInput(max, minutes int) map[string]any {
	in := LimitInput(max, models.EvictOldest)
	in["idleTimeoutEnabled"], in["idleTimeoutValue"], in["idleTimeoutUnit"] = true, minutes, "MINUTES"
	return in
}

// SetPolicy replaces the caller's account policy, failing the test on any error.
func SetPolicy(t testing.TB, admin *Client, in map[string]any) Policy {
	t.Helper()
	var out struct{ UpdateSessionPolicy Policy }
	admin.Do(t, MutationUpdatePolicy, map[string]any{"in": in}).MustDecode(t, &out)
	return out.UpdateSessionPolicy
}

// ReadPolicy reads the caller's account policy through the API.
func ReadPolicy(t testing.TB, c *Client) Policy {
	t.Helper()
	var out struct{ SessionPolicy Policy }
	c.Do(t, QueryPolicy, nil).MustDecode(t, &out)
	return out.SessionPolicy
}

// GetSession reads session id through the API as c; nil when the API answers null.
func GetSession(t testing.TB, c *Client, id string) *Session {
	t.Helper()
	var out struct{ Session *Session }
	c.Do(t, QuerySession, map[string]any{"id": id}).MustDecode(t, &out)
	return out.Session
}

// MustGetSession is GetSession for a session the caller must see.
func MustGetSession(t testing.TB, c *Client, id string) Session {
	t.Helper()
	s := GetSession(t, c, id)
	if s == nil {
		t.Fatalf("session %s: got null, want the session", id)
	}
	return *s
}

// AssertWorks checks that c's token is still accepted.
func AssertWorks(t testing.TB, c *Client, who string) {
	t.Helper()
	if res := c.Do(t, QueryMe, nil); res.Code() != "" || len(res.Errors) > 0 {
		t.Errorf("%s: token refused (%v), want it accepted", who, res.Codes())
	}
}

// AssertRefused checks that c's token is refused with UNAUTHENTICATED.
func AssertRefused(t testing.TB, c *Client, who string) {
	t.Helper()
	if res := c.Do(t, QueryMe, nil); res.Code() != "UNAUTHENTICATED" {
		t.Errorf("%s: got %v (status %d), want UNAUTHENTICATED", who, res.Codes(), res.Status)
	}
}

// AssertCode checks that res failed and that every error carries the code want.
func AssertCode(t testing.TB, res Response, want string) {
	t.Helper()
	codes := res.Codes()
	if len(codes) == 0 {
		t.Fatalf("got success %s, want %s", res.Data, want)
	}
	for _, c := range codes {
		if c != want {
			t.Errorf("got codes %v, want only %s (body %s)", codes, want, res.Body)
			return
		}
	}
}
