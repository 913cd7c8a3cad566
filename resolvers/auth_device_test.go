package resolvers_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// authBrowserFrom is a client with a cookie jar (a browser) whose requests come from addr.
func authBrowserFrom(t testing.TB, srv *apitest.Server, addr string) *apitest.Client {
	t.Helper()
	c := srv.Browser(t)
	c.Header.Set("X-Forwarded-For", addr)
	return c
}

// authDeviceCookie returns the sg_device cookie res set, or nil.
func authDeviceCookie(res apitest.Response) *http.Cookie {
	for _, line := range res.Header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err == nil && (c.Name == "sg_device" || c.Name == "__Host-sg_device") {
			return c
		}
	}
	return nil
}

// A browser that has signed its user in before is budgeted apart: strangers failing against the
// user's email, from anywhere, cannot lock it out; everyone else is as slow to guess as ever.
func TestStrangersCannotLockAUserOutOfTheirTrustedBrowser(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback)
		srv.Clock.Freeze() // budgets refill with time: only Advance may refill them
		acc := srv.SeedAccount(t)
		victim := srv.AddUser(t, acc, models.RoleAdmin, "Vic Victim")

		browser := authBrowserFrom(t, srv, "198.51.100.7")
		res := apitest.LoginFull(t, browser, victim.Email, victim.Password)
		ck := authDeviceCookie(res)
		if res.Code() != "" || ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.MaxAge <= 0 {
			t.Fatalf("a successful login set device cookie %v (%s)", ck, res.Body)
		}
		if stored := srv.Count(t, "trusted_devices", "user_id = ?", victim.ID); stored != 1 {
			t.Fatalf("trusted devices stored for the user: %d, want 1", stored)
		}

		// A stranger exhausts the email's budget from many addresses.
		var codes []string
		for i := range 6 {
			codes = append(codes, apitest.LoginFull(t, srv.From(fmt.Sprintf("203.0.113.%d", i+1)), victim.Email, "guess").Code())
		}
		if codes[4] != "INVALID_CREDENTIALS" || codes[5] != "RATE_LIMITED" {
			t.Fatalf("the stranger's attempts: %v, want 5 INVALID_CREDENTIALS then RATE_LIMITED", codes)
		}
		// A new browser is as locked out as the stranger ...
		if code := apitest.LoginFull(t, authBrowserFrom(t, srv, "198.51.100.8"), victim.Email, victim.Password).Code(); code != "RATE_LIMITED" {
			t.Errorf("a browser without a device cookie: code %q, want RATE_LIMITED", code)
		}
		// ... but the trusted browser signs in, even after a typo of its own.
		if code := apitest.LoginFull(t, browser, victim.Email, "typo").Code(); code != "INVALID_CREDENTIALS" {
			t.Errorf("a typo on the trusted browser: code %q, want INVALID_CREDENTIALS", code)
		}
		if login := apitest.MustLoginFull(t, browser, victim.Email, victim.Password); login.User.ID != victim.ID {
			t.Errorf("the trusted browser logged in as %s, want %s", login.User.ID, victim.ID)
		}
	})
}

// A device cookie only proves earlier logins of its own user, and its holder guesses no faster
// than anyone: 5 failures, then one a minute.
func TestTrustedBrowserGuessesAreBudgeted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback)
		srv.Clock.Freeze()
		acc := srv.SeedAccount(t)
		owner := srv.AddUser(t, acc, models.RoleMember, "Olga Owner")
		other := srv.AddUser(t, acc, models.RoleMember, "Otto Other")
		browser := authBrowserFrom(t, srv, "198.51.100.7")
		apitest.MustLoginFull(t, browser, owner.Email, owner.Password)

		// Its device budget: five failures, then refused even with the right password.
		for i := range 5 {
			if code := apitest.LoginFull(t, browser, owner.Email, "guess").Code(); code != "INVALID_CREDENTIALS" {
				t.Fatalf("failure %d: code %q, want INVALID_CREDENTIALS", i+1, code)
			}
		}
		if code := apitest.LoginFull(t, browser, owner.Email, owner.Password).Code(); code != "RATE_LIMITED" {
			t.Errorf("after five failures on the device: code %q, want RATE_LIMITED", code)
		}
		// The device's failures were its own: a new browser still has the email's budget.
		apitest.MustLoginFull(t, authBrowserFrom(t, srv, "198.51.100.9"), owner.Email, owner.Password)

		// For another user's email the cookie proves nothing: the email's budget applies.
		for i := range 5 {
			apitest.LoginFull(t, srv.From(fmt.Sprintf("203.0.113.%d", i+1)), other.Email, "guess")
		}
		if code := apitest.LoginFull(t, browser, other.Email, other.Password).Code(); code != "RATE_LIMITED" {
			t.Errorf("another user's email from the owner's browser: code %q, want RATE_LIMITED", code)
		}

		// A minute refills one try.
		srv.Clock.Advance(61 * time.Second)
		apitest.MustLoginFull(t, browser, owner.Email, owner.Password)
	})
}

// An expired device is forgotten: its browser is budgeted with everyone again, and the sweep
// deletes the row. Each user keeps at most MaxTrustedDevices.
func TestTrustedDevicesExpireAndAreBounded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback)
		srv.Clock.Freeze()
		acc := srv.SeedAccount(t)
		user := srv.AddUser(t, acc, models.RoleMember, "Ursula User")
		for range models.MaxTrustedDevices + 5 {
			apitest.MustLoginFull(t, srv.Client(), user.Email, user.Password)
			srv.Clock.Advance(time.Second) // distinct creation times: the oldest go first
		}
		if n := srv.Count(t, "trusted_devices", "user_id = ?", user.ID); n != models.MaxTrustedDevices {
			t.Errorf("trusted devices after %d fresh logins: %d, want %d", models.MaxTrustedDevices+5, n, models.MaxTrustedDevices)
		}

		browser := authBrowserFrom(t, srv, "198.51.100.7")
		apitest.MustLoginFull(t, browser, user.Email, user.Password)
		srv.Clock.Advance(models.TrustedDeviceLifetime + time.Minute)
		for i := range 5 {
			apitest.LoginFull(t, srv.From(fmt.Sprintf("203.0.113.%d", i+1)), user.Email, "guess")
		}
		if code := apitest.LoginFull(t, browser, user.Email, user.Password).Code(); code != "RATE_LIMITED" {
			t.Errorf("an expired device while the email is limited: code %q, want RATE_LIMITED", code)
		}
		n, err := srv.Store().SweepTrustedDevices(t.Context(), 1000)
		if err != nil || n != models.MaxTrustedDevices {
			t.Errorf("sweep deleted %d (err %v), want all %d expired devices", n, err, models.MaxTrustedDevices)
		}
	})
}
