package resolvers_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// Login budgets live in the database, so every case gets a database of its own, and a frozen
// clock.

func TestFailedLoginsAreRateLimitedPerEmail(t *testing.T) {
	cases := []struct {
		name string
		// email returns the address to fail with on attempt i, given the user's stored email.
		email func(stored string, i int) string
	}{
		{"same spelling", func(stored string, _ int) string { return stored }},
		{"changing case does not reset the count", func(stored string, i int) string {
			if i%2 == 0 {
				return strings.ToUpper(stored)
			}
			return " " + stored
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, url string) {
				srv := apitest.Start(t, url, apitest.TrustLoopback)
				srv.Clock.Freeze() // budgets refill with time: only Advance may refill them
				acc := srv.SeedAccount(t)
				victim := srv.AddUser(t, acc, models.RoleMember, "Vic Victim")
				other := srv.AddUser(t, acc, models.RoleMember, "Otto Other")

				// Each attempt from a different address: the per-email limit must hold on its own.
				for i := range 5 {
					res := apitest.LoginFull(t, srv.From(fmt.Sprintf("203.0.113.%d", i+1)), tc.email(victim.Email, i), "wrong-password")
					if res.Code() != "INVALID_CREDENTIALS" {
						t.Fatalf("failure %d: code %q, want INVALID_CREDENTIALS", i+1, res.Code())
					}
				}
				res := apitest.LoginFull(t, srv.From("203.0.113.50"), tc.email(victim.Email, 5), "wrong-password")
				if res.Code() != "RATE_LIMITED" {
					t.Fatalf("6th failure: code %q, want RATE_LIMITED (%s)", res.Code(), res.Body)
				}
				before := srv.Snapshot(t).String()
				res = apitest.LoginFull(t, srv.From("203.0.113.51"), victim.Email, victim.Password)
				if res.Code() != "RATE_LIMITED" {
					t.Errorf("right password while limited: code %q, want RATE_LIMITED", res.Code())
				}
				if res.SessionCookie() != nil || srv.Snapshot(t).String() != before {
					t.Error("a rate-limited login started a session")
				}

				// Other emails, even from the same address, are unaffected.
				apitest.MustLoginFull(t, srv.From("203.0.113.50"), other.Email, other.Password)

				// One failure is refilled per minute.
				srv.Clock.Advance(61 * time.Second)
				if login := apitest.MustLoginFull(t, srv.From("203.0.113.51"), victim.Email, victim.Password); login.User.ID != victim.ID {
					t.Errorf("logged in as %s, want %s", login.User.ID, victim.ID)
				}
			})
		})
	}
}

func TestUnknownEmailsAreRateLimitedLikeKnownOnes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback)
		srv.Clock.Freeze() // budgets refill with time: only Advance may refill them
		var codes []string
		for i := range 6 {
			codes = append(codes, apitest.LoginFull(t, srv.From(fmt.Sprintf("198.51.100.%d", i+1)), "ghost@example.test", "guess").Code())
		}
		want := "INVALID_CREDENTIALS INVALID_CREDENTIALS INVALID_CREDENTIALS INVALID_CREDENTIALS INVALID_CREDENTIALS RATE_LIMITED"
		if got := strings.Join(codes, " "); got != want {
			t.Errorf("codes for an unknown email:\n got %s\nwant %s", got, want)
		}
	})
}

func TestFailedLoginsAreRateLimitedPerAddress(t *testing.T) {
	cases := []struct {
		name    string
		trusted bool   // behind a trusted proxy, the forwarded address is the key
		from    string // X-Forwarded-For of the attacker; "" sends none
		other   string // another client's X-Forwarded-For
		// otherLimited: whether the other client shares the attacker's budget.
		otherLimited bool
	}{
		{"direct clients share the socket address", false, "", "", true},
		{"spoofed forwarded address from an untrusted peer is ignored", false, "203.0.113.9", "198.51.100.7", true},
		{"forwarded addresses behind a trusted proxy are separate", true, "203.0.113.9", "198.51.100.7", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, url string) {
				var opts []func(*app.Config)
				if tc.trusted {
					opts = append(opts, apitest.TrustLoopback)
				}
				srv := apitest.Start(t, url, opts...)
				srv.Clock.Freeze() // budgets refill with time: only Advance may refill them
				acc := srv.SeedAccount(t)
				u := srv.AddUser(t, acc, models.RoleMember, "Una User")
				attacker, other := srv.Client(), srv.Client()
				if tc.from != "" {
					attacker.Header.Set("X-Forwarded-For", tc.from)
				}
				if tc.other != "" {
					other.Header.Set("X-Forwarded-For", tc.other)
				}
				// 50 failures over 50 emails: no email reaches its own limit.
				for i := range 50 {
					if code := apitest.LoginFull(t, attacker, fmt.Sprintf("spray%d@example.test", i), "password1").Code(); code != "INVALID_CREDENTIALS" {
						t.Fatalf("failure %d: code %q, want INVALID_CREDENTIALS", i+1, code)
					}
				}
				if code := apitest.LoginFull(t, attacker, "spray-last@example.test", "password1").Code(); code != "RATE_LIMITED" {
					t.Fatalf("51st failure from one address: code %q, want RATE_LIMITED", code)
				}
				if code := apitest.LoginFull(t, attacker, u.Email, u.Password).Code(); code != "RATE_LIMITED" {
					t.Errorf("right password from the limited address: code %q, want RATE_LIMITED", code)
				}
				code := apitest.LoginFull(t, other, u.Email, u.Password).Code()
				if tc.otherLimited && code != "RATE_LIMITED" {
					t.Errorf("another client on the same address: code %q, want RATE_LIMITED", code)
				}
				if !tc.otherLimited && code != "" {
					t.Errorf("another client address: code %q, want a successful login", code)
				}
			})
		})
	}
}

// An exhausted address budget refills one attempt every 6 seconds, as documented: none a moment
// before, one at the mark, and only as many as the time passed pays for.
func TestFailedLoginsPerAddressRefill(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		srv.Clock.Freeze() // only Advance may refill the budget
		c := srv.Client()
		attempt := 0
		fail := func() string { // a fresh email each time: no email reaches its own limit
			attempt++
			return apitest.LoginFull(t, c, fmt.Sprintf("refill%d@example.test", attempt), "password1").Code()
		}
		for i := range 50 {
			if code := fail(); code != "INVALID_CREDENTIALS" {
				t.Fatalf("failure %d: code %q, want INVALID_CREDENTIALS", i+1, code)
			}
		}
		steps := []struct {
			advance time.Duration
			want    []string
		}{
			{0, []string{"RATE_LIMITED"}},
			{6*time.Second - time.Millisecond, []string{"RATE_LIMITED"}},
			{time.Millisecond, []string{"INVALID_CREDENTIALS", "RATE_LIMITED"}},
			{12 * time.Second, []string{"INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "RATE_LIMITED"}},
		}
		elapsed := time.Duration(0)
		for _, step := range steps {
			srv.Clock.Advance(step.advance)
			elapsed += step.advance
			for i, want := range step.want {
				if code := fail(); code != want {
					t.Fatalf("%v after the burst, attempt %d: code %q, want %q", elapsed, i+1, code, want)
				}
			}
		}
	})
}

func TestSuccessfulLoginsFromOneAddressAreNeverThrottled(t *testing.T) {
	const users, perUser = 10, 30 // 300 logins
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		srv.Clock.Freeze() // budgets refill with time: only Advance may refill them
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		admin.Do(t, setLimit, map[string]any{"max": 100, "when": models.EvictOldest}).MustDecode(t, &struct{}{})
		office := make([]apitest.User, users)
		for i := range office {
			office[i] = srv.AddUser(t, acc, models.RoleMember, fmt.Sprintf("Office %d", i))
		}

		// Each user logs in perUser times, the users at once, as an office does at nine.
		var ok atomic.Int64
		codes := make([]string, users*perUser)
		apitest.Parallel(users, func(u int) {
			for j := range perUser {
				i := u*perUser + j
				res := srv.Client().Do(t, loginQuery, map[string]any{"e": office[u].Email, "p": office[u].Password})
				codes[i] = res.Code()
				if res.Code() == "" {
					ok.Add(1)
				}
			}
		})
		if ok.Load() != users*perUser {
			counts := map[string]int{}
			for _, c := range codes {
				counts[c]++
			}
			t.Fatalf("%d of %d logins from one address succeeded; codes: %v", ok.Load(), users*perUser, counts)
		}
		if n := srv.Count(t, "sessions", ""); n != users*perUser+1 {
			t.Errorf("sessions stored: %d, want %d", n, users*perUser+1)
		}

		// The successes spent none of the address's budget for failures...
		for i := range 50 {
			if code := apitest.LoginFull(t, srv.Client(), fmt.Sprintf("typo%d@example.test", i), "nope-nope").Code(); code != "INVALID_CREDENTIALS" {
				t.Fatalf("failure %d after 300 successes: code %q, want INVALID_CREDENTIALS", i+1, code)
			}
		}
		// ...and that budget exists.
		if code := apitest.LoginFull(t, srv.Client(), "typo-last@example.test", "nope-nope").Code(); code != "RATE_LIMITED" {
			t.Errorf("51st failure: code %q, want RATE_LIMITED", code)
		}
	})
}

// Guesses sent at once must not get past the limit: the check and the spending of a failure
// have to be one step, or an attacker simply sends many guesses in parallel.
func TestParallelFailedLoginsRespectTheLimits(t *testing.T) {
	cases := []struct {
		name    string
		email   func(i int) string
		allowed int // failures the limit lets through
	}{
		{"per email", func(int) string { return "" }, 5},
		{"per address", func(i int) string { return fmt.Sprintf("parallel%d@example.test", i) }, 50},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, url string) {
				srv := apitest.Start(t, url)
				srv.Clock.Freeze() // budgets refill with time: only Advance may refill them
				acc := srv.SeedAccount(t)
				victim := srv.AddUser(t, acc, models.RoleMember, "Vic Victim")
				const guesses = 120
				var invalid, limited atomic.Int64
				apitest.Parallel(guesses, func(i int) {
					email := tc.email(i)
					if email == "" {
						email = victim.Email
					}
					switch code := apitest.LoginFull(t, srv.Client(), email, fmt.Sprintf("guess-%d", i)).Code(); code {
					case "INVALID_CREDENTIALS":
						invalid.Add(1)
					case "RATE_LIMITED":
						limited.Add(1)
					default:
						t.Errorf("guess %d: code %q", i, code)
					}
				})
				if invalid.Load() > int64(tc.allowed) {
					t.Errorf("%d of %d parallel guesses were checked (%d limited), want at most %d",
						invalid.Load(), guesses, limited.Load(), tc.allowed)
				}
			})
		})
	}
}
