package resolvers_test

import (
	"fmt"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
)

// signUp is limited per client address: five an hour, then one every 12 minutes, counting
// attempts that fail on a taken email (each tells whether the email is registered).
func TestSignUpIsLimitedPerAddress(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.AllowSignUp, apitest.TrustLoopback)
		srv.Clock.Freeze()
		taken := srv.SeedAccount(t).Admin.Email
		signUp := func(from, email string) apitest.Response {
			return srv.From(from).Do(t, apitest.MutationSignUp, map[string]any{"a": "Acme", "n": "Ann", "e": email, "p": "password-123"})
		}
		var codes []string
		for i := range 4 {
			codes = append(codes, signUp("203.0.113.1", fmt.Sprintf("ann%d@acme.test", i)).Code())
		}
		codes = append(codes, signUp("203.0.113.1", taken).Code())
		want := "[    BAD_USER_INPUT]"
		if got := fmt.Sprint(codes); got != want {
			t.Fatalf("first five sign-ups: %s, want %s", got, want)
		}
		before := srv.Snapshot(t).String()
		if res := signUp("203.0.113.1", "ann-late@acme.test"); res.Code() != "RATE_LIMITED" || res.SessionCookie() != nil {
			t.Fatalf("sixth sign-up from the address: %s, want RATE_LIMITED and no cookie", res.Body)
		}
		if code := signUp("203.0.113.1", taken).Code(); code != "RATE_LIMITED" {
			t.Errorf("a taken email once limited: code %q, want RATE_LIMITED (no answer about the email)", code)
		}
		if after := srv.Snapshot(t).String(); after != before {
			t.Errorf("a refused sign-up changed the database:\n%s\nthen\n%s", before, after)
		}
		// Another address has its own budget; 12 minutes give this one another try.
		signUp("203.0.113.2", "bo@acme.test").MustDecode(t, &struct{}{})
		srv.Clock.Advance(12*time.Minute + time.Second)
		signUp("203.0.113.1", "ann-later@acme.test").MustDecode(t, &struct{}{})
	})
}

// createUser's "email is already in use" answers whether anyone, in any account, has the email:
// such answers spend budgets per account and per client address, as failed logins do. Creating
// users with new emails never spends.
func TestEmailTakenAnswersAreBudgeted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback)
		srv.Clock.Freeze()
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		admin.Header.Set("X-Forwarded-For", "203.0.113.1")
		taken := srv.SeedAccount(t).Admin.Email // a user of another account
		create := func(c *apitest.Client, email string) string {
			return c.Do(t, apitest.MutationCreateUser, map[string]any{"n": "New", "e": email, "r": "MEMBER", "p": "password-123"}).Code()
		}
		for i := range 15 {
			if code := create(admin, fmt.Sprintf("fresh%d@acme.test", i)); code != "" {
				t.Fatalf("new user %d: code %q", i, code)
			}
		}
		for i := range 10 {
			if code := create(admin, taken); code != "BAD_USER_INPUT" {
				t.Fatalf("taken email, answer %d: code %q, want BAD_USER_INPUT", i+1, code)
			}
		}
		before := srv.Snapshot(t).String()
		if code := create(admin, taken); code != "RATE_LIMITED" {
			t.Errorf("11th taken-email answer: code %q, want RATE_LIMITED", code)
		}
		if code := create(admin, "fresh-late@acme.test"); code != "RATE_LIMITED" {
			t.Errorf("a new email while the budget is spent: code %q, want RATE_LIMITED", code)
		}
		// The account's budget holds from another address too.
		elsewhere := srv.Bearer(admin.Token)
		elsewhere.Header.Set("X-Forwarded-For", "203.0.113.2")
		if code := create(elsewhere, taken); code != "RATE_LIMITED" {
			t.Errorf("the same account from another address: code %q, want RATE_LIMITED", code)
		}
		if after := srv.Snapshot(t).String(); after != before {
			t.Errorf("a refused createUser changed the database:\n%s\nthen\n%s", before, after)
		}
		// Another account, from another address, is unaffected; a minute refills one answer.
		other := srv.Login(t, srv.SeedAccount(t).Admin)
		other.Header.Set("X-Forwarded-For", "203.0.113.3")
		if code := create(other, taken); code != "BAD_USER_INPUT" {
			t.Errorf("another account: code %q, want BAD_USER_INPUT", code)
		}
		srv.Clock.Advance(61 * time.Second)
		if code := create(admin, "fresh-later@acme.test"); code != "" {
			t.Errorf("after a minute: code %q", code)
		}
	})
}
