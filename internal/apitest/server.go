// Package apitest runs a real sessionguard (the whole HTTP handler on a real database) on a
// loopback port for tests, with a clock tests can move and a small GraphQL client.
package apitest

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sessionguard/internal/app"
	"sessionguard/internal/auth"
	"sessionguard/internal/events"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// FastPasswords keeps argon2id but at a cost that suits hundreds of logins under -race.
var FastPasswords = auth.PasswordParams{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Clock is real time plus an offset that tests advance instead of sleeping.
type Clock struct {
	offset atomic.Int64
	frozen atomic.Int64 // the frozen instant in Unix nanoseconds; 0 while the clock runs
}

// Now is the current time, advanced.
func (c *Clock) Now() time.Time {
	if f := c.frozen.Load(); f != 0 {
		return time.Unix(0, f).Add(time.Duration(c.offset.Load()))
	}
	return time.Now().Add(time.Duration(c.offset.Load()))
}

// Freeze stops the clock where it is; Advance still moves it. For tests whose limits refill
// with time, so that a slow machine cannot refill them behind the test's back.
func (c *Clock) Freeze() { c.frozen.Store(time.Now().UnixNano()) }

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) { c.offset.Add(int64(d)) }

// Server is a running sessionguard for one test.
type Server struct {
	*httptest.Server
	App    *app.App
	Clock  *Clock
	Events *events.Recorder
	seq    atomic.Int64
}

// Start runs sessionguard on databaseURL; configure adjusts the Config before it starts.
func Start(t testing.TB, databaseURL string, configure ...func(*app.Config)) *Server {
	t.Helper()
	clock := &Clock{}
	rec := &events.Recorder{}
	// Tests send dozens of logins at once on purpose: no queue limit unless a test sets one.
	// Activity is written through: a test's clock jumps hours at once, faster than any flush
	// (BatchedActivity turns batching back on).
	cfg := app.Config{
		DatabaseURL: databaseURL, Passwords: FastPasswords, HashLimits: auth.HashLimits{Queue: 1 << 20},
		Now: clock.Now, Recorder: rec, WriteThroughActivity: true,
	}
	for _, c := range configure {
		c(&cfg)
	}
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("apitest: unable to start: %v", err)
	}
	s := &Server{App: a, Clock: clock, Events: rec}
	s.Server = httptest.NewServer(a.Handler())
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		a.Run(ctx, ready)
	}()
	<-ready
	t.Cleanup(func() {
		a.CloseWebsockets()
		s.Server.Close()
		cancel()
		<-done
		a.Close()
	})
	return s
}

// Store is the server's store, for arranging data and checking what a request did.
func (s *Server) Store() *store.Store { return s.App.Store }

// Account is a seeded account with its administrator.
type Account struct {
	ID    string
	Admin User
}

// User is a seeded user and the password they log in with.
type User struct {
	models.User
	Password string
}

// SeedAccount creates an account and its administrator directly in the store.
func (s *Server) SeedAccount(t testing.TB) Account {
	t.Helper()
	n := s.seq.Add(1)
	password := fmt.Sprintf("password-%d", n)
	hash, err := s.App.Auth.Passwords.Hash(context.Background(), password)
	if err != nil {
		t.Fatal(err)
	}
	acc, admin, err := s.Store().CreateAccount(context.Background(), store.NewAccount{
		AccountName: fmt.Sprintf("Account %d", n), AdminName: fmt.Sprintf("Admin %d", n),
		AdminEmail: fmt.Sprintf("admin%d-%d@example.test", n, time.Now().UnixNano()), PasswordHash: hash,
	})
	if err != nil {
		t.Fatalf("apitest: unable to seed account: %v", err)
	}
	return Account{ID: acc.ID, Admin: User{User: admin, Password: password}}
}

// AddUser creates a user with role in account.
func (s *Server) AddUser(t testing.TB, account Account, role models.Role, name string) User {
	t.Helper()
	n := s.seq.Add(1)
	password := fmt.Sprintf("password-%d", n)
	u, err := s.App.Auth.CreateUser(context.Background(), account.ID, name,
		fmt.Sprintf("user%d-%d@example.test", n, time.Now().UnixNano()), role, password)
	if err != nil {
		t.Fatalf("apitest: unable to add user: %v", err)
	}
	return User{User: u, Password: password}
}

// Login logs u in through the API and returns a client holding the token.
func (s *Server) Login(t testing.TB, u User) *Client {
	t.Helper()
	return LoginWith(t, s.Client(), u)
}

// LoginWith logs u in through c (whose headers, e.g. X-Forwarded-For, the login carries) and
// returns c holding the new session's token.
func LoginWith(t testing.TB, c *Client, u User) *Client {
	t.Helper()
	if res := attemptLogin(t, c, u); res.Code() != "" {
		t.Fatalf("apitest: login of %s refused: %s", u.Email, res.Body)
	}
	return c
}

// attemptLogin logs u in through c; when the login succeeds, c holds the new session's token.
func attemptLogin(t testing.TB, c *Client, u User) Response {
	t.Helper()
	res := c.Do(t, MutationLogin, map[string]any{"e": u.Email, "p": u.Password})
	if res.Code() != "" {
		return res
	}
	var out struct {
		Login struct {
			Token   string
			Session struct{ ID string }
		}
	}
	res.MustDecode(t, &out)
	c.Token, c.SessionID = out.Login.Token, out.Login.Session.ID
	return res
}

// Parallel runs fn n times at once and waits for all.
func Parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(i)
		}()
	}
	wg.Wait()
}
