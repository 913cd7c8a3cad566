package store_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sessionguard/internal/apperr"
	"sessionguard/internal/events"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// start is the first instant of every test clock. Its sub-second part is deliberately odd so a
// time that loses precision on its way through a database shows up.
var start = time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.UTC)

// clock is a test clock that only moves when told. Once armed, it runs a hook at the next
// reading, which lets a test interleave another request at a precise point of a store call.
type clock struct {
	mu   sync.Mutex
	now  time.Time
	hook func()
}

func newClock() *clock { return &clock{now: start} }

// Now returns the frozen time and runs the armed hook, if any, exactly once.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	now, hook := c.now, c.hook
	c.hook = nil
	c.mu.Unlock()
	if hook != nil {
		hook()
	}
	return now
}

// Advance moves the clock forward by d.
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// onNextRead runs fn (with the clock unarmed) the next time anything reads the clock.
func (c *clock) onNextRead(fn func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hook = fn
}

// env is one test's store on one engine, with its clock and the events it published.
type env struct {
	t      testing.TB
	ctx    context.Context
	url    string
	store  *store.Store
	clock  *clock
	events *events.Recorder
	seq    *atomic.Int64

	writeCount *atomic.Int64 // see writes
	writeOnce  *sync.Once
}

func newEnv(t testing.TB, url string) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), url: url, clock: newClock(), events: &events.Recorder{},
		seq: &atomic.Int64{}, writeCount: &atomic.Int64{}, writeOnce: &sync.Once{}}
	e.store = e.open()
	return e
}

// with returns e reporting to t, for use in t's subtests: the store, clock and events stay shared.
func (e *env) with(t *testing.T) *env {
	c := *e
	c.t = t
	return &c
}

// open opens another Store on the same database, sharing the clock and the recorder: a second
// replica.
func (e *env) open() *store.Store {
	e.t.Helper()
	s, err := store.Open(e.ctx, e.url, store.Options{Now: e.clock.Now, Delivery: e.events})
	if err != nil {
		e.t.Fatalf("store.Open: %v", err)
	}
	e.t.Cleanup(func() { s.Close() })
	return s
}

// unique returns a number no other call in this test returns.
func (e *env) unique() int64 { return e.seq.Add(1) }

// account creates an account with its administrator.
func (e *env) account(name string) (models.Account, models.User) {
	e.t.Helper()
	n := e.unique()
	acc, admin, err := e.store.CreateAccount(e.ctx, store.NewAccount{
		AccountName: name, AdminName: fmt.Sprintf("Admin %d", n),
		AdminEmail: fmt.Sprintf("admin%d@example.com", n), PasswordHash: "hash",
	})
	if err != nil {
		e.t.Fatalf("CreateAccount: %v", err)
	}
	return acc, admin
}

// user adds a member named name to accountID.
func (e *env) user(accountID, name string) models.User {
	e.t.Helper()
	return e.userWithEmail(accountID, name, fmt.Sprintf("user%d@example.com", e.unique()))
}

func (e *env) userWithEmail(accountID, name, email string) models.User {
	e.t.Helper()
	u, err := e.store.CreateUser(e.ctx, models.User{
		AccountID: accountID, Name: name, Email: email, Role: models.RoleMember, PasswordHash: "hash",
	})
	if err != nil {
		e.t.Fatalf("CreateUser %s: %v", email, err)
	}
	return u
}

// newToken returns a fresh token hash.
func (e *env) newToken() []byte {
	h := sha256.Sum256(fmt.Appendf(nil, "token-%s-%d", e.t.Name(), e.unique()))
	return h[:]
}

// login starts a session for u and returns it with its token hash.
func (e *env) login(u models.User) (models.Session, []byte) {
	e.t.Helper()
	return e.loginWith(u, store.NewSession{LoginIP: "192.0.2.1"})
}

func (e *env) loginWith(u models.User, n store.NewSession) (models.Session, []byte) {
	e.t.Helper()
	if n.TokenHash == nil {
		n.TokenHash = e.newToken()
	}
	s, err := e.store.StartSession(e.ctx, u, n)
	if err != nil {
		e.t.Fatalf("StartSession: %v", err)
	}
	return s, n.TokenHash
}

// setPolicy updates accountID's policy, failing the test on error.
func (e *env) setPolicy(accountID, actorID string, c models.PolicyChange) models.SessionPolicy {
	e.t.Helper()
	p, err := e.store.UpdatePolicy(e.ctx, accountID, actorID, c)
	if err != nil {
		e.t.Fatalf("UpdatePolicy: %v", err)
	}
	return p
}

// limitTo sets a concurrent session limit of n with behaviour b.
func (e *env) limitTo(accountID, actorID string, n int, b models.LimitBehavior) {
	e.t.Helper()
	e.setPolicy(accountID, actorID, models.PolicyChange{LimitMultipleSessions: true, MaxConcurrentSessions: &n, WhenLimitReached: &b})
}

// session re-reads session id from the database.
func (e *env) session(id string) models.Session {
	e.t.Helper()
	var s models.Session
	if err := e.store.Gorm().WithContext(e.ctx).Where("id = ?", id).Take(&s).Error; err != nil {
		e.t.Fatalf("reading session %s: %v", id, err)
	}
	return s
}

// countSessions counts userID's sessions with status (any status when empty).
func (e *env) countSessions(userID string, status models.SessionStatus) int64 {
	e.t.Helper()
	q := e.store.Gorm().WithContext(e.ctx).Model(&models.Session{}).Where("user_id = ?", userID)
	if status != "" {
		q = q.Where("status = ?", status)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

// mark returns how many events were published so far, for since.
func (e *env) mark() int { return len(e.events.Events()) }

// since describes the session events published after mark m, in order, as
// "STARTED <id>" and "ENDED <id> <reason>".
func (e *env) since(m int) []string {
	var out []string
	for _, ev := range e.events.Events()[m:] {
		switch ev.Kind {
		case events.SessionStarted:
			out = append(out, "STARTED "+ev.SessionID)
		case events.SessionEnded:
			out = append(out, "ENDED "+ev.SessionID+" "+string(ev.Reason))
		default:
			out = append(out, string(ev.Kind))
		}
	}
	return out
}

// wantEvents fails unless the events after mark m are want, in order.
func (e *env) wantEvents(m int, want ...string) {
	e.t.Helper()
	if got := e.since(m); !slices.Equal(got, want) {
		e.t.Errorf("events:\n got  %q\n want %q", got, want)
	}
}

func started(s models.Session) string { return "STARTED " + s.ID }

func ended(s models.Session, r models.SessionEndReason) string {
	return "ENDED " + s.ID + " " + string(r)
}

// wantEnded fails unless s ended with reason, by actor (nil: the system), at at.
func wantEnded(t *testing.T, s models.Session, reason models.SessionEndReason, by *string, at time.Time) {
	t.Helper()
	if s.Status != models.SessionTerminated {
		t.Errorf("session %s: status %s, want TERMINATED", s.ID, s.Status)
		return
	}
	if s.EndReason == nil || *s.EndReason != reason {
		t.Errorf("session %s: end reason %v, want %s", s.ID, deref(s.EndReason), reason)
	}
	if s.EndedAt == nil || !s.EndedAt.Equal(at) {
		t.Errorf("session %s: ended at %v, want %v", s.ID, deref(s.EndedAt), at)
	}
	if (s.EndedByID == nil) != (by == nil) || (by != nil && *s.EndedByID != *by) {
		t.Errorf("session %s: ended by %v, want %v", s.ID, deref(s.EndedByID), deref(by))
	}
}

// wantActive fails unless s is active and carries no end data.
func wantActive(t *testing.T, s models.Session) {
	t.Helper()
	if s.Status != models.SessionActive || s.EndedAt != nil || s.EndReason != nil || s.EndedByID != nil {
		t.Errorf("session %s: status %s ended %v reason %v by %v, want ACTIVE and no end data",
			s.ID, s.Status, deref(s.EndedAt), deref(s.EndReason), deref(s.EndedByID))
	}
}

// wantCode fails unless err carries code.
func wantCode(t testing.TB, err error, code apperr.Code) {
	t.Helper()
	if got := apperr.CodeOf(err); got != code {
		t.Errorf("error %v: code %q, want %q", err, got, code)
	}
}

// fieldsOf returns the fields a FieldErrors names, failing when err is not one.
func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var fe models.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a models.FieldErrors", err, err)
	}
	var fields []string
	for _, f := range fe {
		fields = append(fields, f.Field)
	}
	slices.Sort(fields)
	return fields
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func ptr[T any](v T) *T { return &v }

func idsOf(ss []models.Session) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

// parallel runs fn(i) for i in [0, n) at once and waits for all.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	ready := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-ready
			fn(i)
		}()
	}
	close(ready)
	wg.Wait()
}
