package app_test

// Helpers shared by the sessions_* and policy_* tests. Package-level names start with "sg" so they
// never collide with the helpers of other test files in this package.

import (
	"context"
	"fmt"
	"net/netip"
	"reflect"
	"slices"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/events"
	"sessionguard/models"
)

// sgSessionFields selects everything sgSession decodes.
const sgSessionFields = `id status loginIp loginAt lastActiveAt endedAt endReason isCurrent
  user { id } endedBy { id }`

const (
	sgMe            = `{ me { user { id } session { id } } }`
	sgSessionQuery  = `query($id: ID!) { session(id: $id) { ` + sgSessionFields + ` } }`
	sgLogoutSession = `mutation($id: ID!) { logoutSession(id: $id) { ` + sgSessionFields + ` } }`
	sgTerminateAll  = `mutation($in: TerminateAllSessionsInput) { terminateAllSessions(input: $in) { terminatedCount } }`
	sgUpdatePolicy  = `mutation($in: SessionPolicyInput!) { updateSessionPolicy(input: $in) { ` + sgPolicyFields + ` } }`
	sgPolicyQuery   = `{ sessionPolicy { ` + sgPolicyFields + ` } }`
	sgPolicyPreview = `query($in: SessionPolicyInput!) { sessionPolicyPreview(input: $in) {
  sessionsToEnd excessSessions idleSessions usersAffected } }`
	sgLoginMutation = `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) {
  token session { id } } }`
)

// sgPolicyFields selects everything sgPolicy decodes.
const sgPolicyFields = `limitMultipleSessions maxConcurrentSessions effectiveMaxConcurrentSessions
  whenLimitReached idleTimeoutEnabled idleTimeout { value unit } updatedAt updatedBy { id }`

// sgSession is a Session as the API returns it; times decode only if they are RFC 3339.
type sgSession struct {
	ID           string
	Status       string
	LoginIP      string `json:"loginIp"`
	LoginAt      time.Time
	LastActiveAt time.Time
	EndedAt      *time.Time
	EndReason    *string
	IsCurrent    bool
	User         struct{ ID string }
	EndedBy      *struct{ ID string }
}

// endedByID is the id of who ended the session, or "".
func (s sgSession) endedByID() string {
	if s.EndedBy == nil {
		return ""
	}
	return s.EndedBy.ID
}

// reason is the end reason, or "".
func (s sgSession) reason() string {
	if s.EndReason == nil {
		return ""
	}
	return *s.EndReason
}

// sgPolicy is a SessionPolicy as the API returns it.
type sgPolicy struct {
	LimitMultipleSessions          bool
	MaxConcurrentSessions          int
	EffectiveMaxConcurrentSessions int
	WhenLimitReached               string
	IdleTimeoutEnabled             bool
	IdleTimeout                    *struct {
		Value int
		Unit  string
	}
	UpdatedAt *time.Time
	UpdatedBy *struct{ ID string }
}

// sgStart starts a server on url whose clients may name their address in X-Forwarded-For.
func sgStart(t *testing.T, url string) *apitest.Server {
	t.Helper()
	return apitest.Start(t, url, func(c *app.Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	})
}

// sgLogin logs u in through the API; a non-empty ip is sent as X-Forwarded-For (it only counts on
// servers started with sgStart). The client keeps the token and the session id.
func sgLogin(t testing.TB, srv *apitest.Server, u apitest.User, ip string) *apitest.Client {
	t.Helper()
	c := srv.Client()
	if ip != "" {
		c.Header.Set("X-Forwarded-For", ip)
	}
	return apitest.LoginWith(t, c, u)
}

// sgTryLogin attempts a login and returns the response and, on success, a client holding the token.
func sgTryLogin(t testing.TB, srv *apitest.Server, u apitest.User) (apitest.Response, *apitest.Client) {
	t.Helper()
	c := srv.Client()
	res := c.Do(t, sgLoginMutation, map[string]any{"e": u.Email, "p": u.Password})
	if res.Code() != "" {
		return res, nil
	}
	var out struct {
		Login struct {
			Token   string
			Session struct{ ID string }
		}
	}
	res.MustDecode(t, &out)
	c.Token, c.SessionID = out.Login.Token, out.Login.Session.ID
	return res, c
}

// sgSetPolicy replaces the caller's account policy, failing the test on any error.
func sgSetPolicy(t testing.TB, admin *apitest.Client, in map[string]any) sgPolicy {
	t.Helper()
	var out struct{ UpdateSessionPolicy sgPolicy }
	admin.Do(t, sgUpdatePolicy, map[string]any{"in": in}).MustDecode(t, &out)
	return out.UpdateSessionPolicy
}

// sgLimitInput is a policy input allowing max sessions with behaviour when and no idle timeout.
func sgLimitInput(max int, when models.LimitBehavior) map[string]any {
	return map[string]any{"limitMultipleSessions": true, "maxConcurrentSessions": max,
		"whenLimitReached": string(when), "idleTimeoutEnabled": false}
}

// sgReadPolicy reads the caller's account policy through the API.
func sgReadPolicy(t testing.TB, c *apitest.Client) sgPolicy {
	t.Helper()
	var out struct{ SessionPolicy sgPolicy }
	c.Do(t, sgPolicyQuery, nil).MustDecode(t, &out)
	return out.SessionPolicy
}

// sgGetSession reads session id through the API as c; nil when the API answers null.
func sgGetSession(t testing.TB, c *apitest.Client, id string) *sgSession {
	t.Helper()
	var out struct{ Session *sgSession }
	c.Do(t, sgSessionQuery, map[string]any{"id": id}).MustDecode(t, &out)
	return out.Session
}

// sgMustGetSession is sgGetSession for a session the caller must see.
func sgMustGetSession(t testing.TB, c *apitest.Client, id string) sgSession {
	t.Helper()
	s := sgGetSession(t, c, id)
	if s == nil {
		t.Fatalf("session %s: got null, want the session", id)
	}
	return *s
}

// sgDBSession reads session id straight from the database.
func sgDBSession(t testing.TB, srv *apitest.Server, id string) models.Session {
	t.Helper()
	var s models.Session
	if err := srv.Store().Gorm().WithContext(context.Background()).Where("id = ?", id).Take(&s).Error; err != nil {
		t.Fatalf("unable to read session %s: %v", id, err)
	}
	return s
}

// sgAssertWorks checks that c's token is still accepted.
func sgAssertWorks(t testing.TB, c *apitest.Client, who string) {
	t.Helper()
	if res := c.Do(t, sgMe, nil); res.Code() != "" || len(res.Errors) > 0 {
		t.Errorf("%s: token refused (%v), want it accepted", who, res.Codes())
	}
}

// sgAssertRefused checks that c's token is refused with UNAUTHENTICATED.
func sgAssertRefused(t testing.TB, c *apitest.Client, who string) {
	t.Helper()
	if res := c.Do(t, sgMe, nil); res.Code() != "UNAUTHENTICATED" {
		t.Errorf("%s: got %v (status %d), want UNAUTHENTICATED", who, res.Codes(), res.Status)
	}
}

// sgAssertCode checks that res failed and that every error carries the code want.
func sgAssertCode(t testing.TB, res apitest.Response, want string) {
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

// sgFields lists the extensions.field of every error, sorted.
func sgFields(res apitest.Response) []string {
	var out []string
	for _, e := range res.Errors {
		f, _ := e.Extensions["field"].(string)
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// sgRow is what "nothing changed" compares about one session.
type sgRow struct {
	Status    string
	EndReason string
	EndedAt   string
	EndedBy   string
}

// sgState is a comparable picture of the whole database's sessions, users and policies.
type sgState struct {
	Sessions map[string]sgRow
	Users    []string
	Policies []string
}

// sgSnapshot captures the state of the database.
func sgSnapshot(t testing.TB, srv *apitest.Server) sgState {
	t.Helper()
	db := srv.Store().Gorm().WithContext(context.Background())
	var sessions []models.Session
	if err := db.Find(&sessions).Error; err != nil {
		t.Fatal(err)
	}
	st := sgState{Sessions: map[string]sgRow{}}
	for _, s := range sessions {
		r := sgRow{Status: string(s.Status)}
		if s.EndReason != nil {
			r.EndReason = string(*s.EndReason)
		}
		if s.EndedAt != nil {
			r.EndedAt = s.EndedAt.UTC().Format(time.RFC3339Nano)
		}
		if s.EndedByID != nil {
			r.EndedBy = *s.EndedByID
		}
		st.Sessions[s.ID] = r
	}
	var users []models.User
	if err := db.Order("id").Find(&users).Error; err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		st.Users = append(st.Users, u.ID+"/"+u.Email+"/"+string(u.Role))
	}
	var policies []models.SessionPolicy
	if err := db.Order("account_id").Find(&policies).Error; err != nil {
		t.Fatal(err)
	}
	for _, p := range policies {
		st.Policies = append(st.Policies, fmt.Sprintf("%s v%d %v %d %s %v %v %v",
			p.AccountID, p.Version, p.LimitMultipleSessions, p.MaxConcurrentSessions, p.WhenLimitReached,
			p.IdleTimeoutEnabled, sgDeref(p.IdleTimeoutValue), sgDeref(p.IdleTimeoutUnit)))
	}
	return st
}

func sgDeref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// sgAssertUnchanged checks that nothing in the database changed between two snapshots.
func sgAssertUnchanged(t testing.TB, before, after sgState) {
	t.Helper()
	if !reflect.DeepEqual(before, after) {
		t.Errorf("state changed:\nbefore %+v\nafter  %+v", before, after)
	}
}

// sgEnded lists, sorted, the sessions active in before and terminated in after.
func sgEnded(before, after sgState) []string {
	var out []string
	for id, a := range after.Sessions {
		if b, ok := before.Sessions[id]; ok && b.Status == string(models.SessionActive) && a.Status == string(models.SessionTerminated) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// sgSorted returns ids sorted, never nil (so empty sets compare equal).
func sgSorted(ids ...string) []string {
	out := append([]string{}, ids...)
	sort.Strings(out)
	return out
}

// sgEqualSets compares two id lists as sets.
func sgEqualSets(a, b []string) bool {
	return slices.Equal(sgSorted(a...), sgSorted(b...))
}

// sgEventsSince returns the events published after the first n.
func sgEventsSince(srv *apitest.Server, n int) []events.Event {
	return srv.Events.Events()[n:]
}

// sgEndEvents counts SESSION_ENDED events per session id.
func sgEndEvents(evs []events.Event) map[string][]events.Event {
	out := map[string][]events.Event{}
	for _, e := range evs {
		if e.Kind == events.SessionEnded {
			out[e.SessionID] = append(out[e.SessionID], e)
		}
	}
	return out
}

// sgCountKind counts events of kind.
func sgCountKind(evs []events.Event, kind events.Kind) int {
	n := 0
	for _, e := range evs {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// sgAssertEndEvents checks that exactly the sessions in ids got one SESSION_ENDED event each,
// with reason, and that no other session did.
func sgAssertEndEvents(t testing.TB, evs []events.Event, reason models.SessionEndReason, ids ...string) {
	t.Helper()
	byID := sgEndEvents(evs)
	for _, id := range ids {
		got := byID[id]
		if len(got) != 1 {
			t.Errorf("session %s: %d SESSION_ENDED events, want exactly 1", id, len(got))
			continue
		}
		if got[0].Reason != reason {
			t.Errorf("session %s: event reason %s, want %s", id, got[0].Reason, reason)
		}
	}
	for id := range byID {
		if !slices.Contains(ids, id) {
			t.Errorf("session %s: unexpected SESSION_ENDED event", id)
		}
	}
}

// sgWorld is two accounts with admins and members, each holding sessions:
//
//	account A: adminA (sessions adminA1, adminA2), memberA (memberA1, memberA2), colleagueA (colleagueA1)
//	account B: adminB (adminB1), memberB (memberB1)
//
// Both accounts allow five sessions per user and no idle timeout. Logins are a second apart, in
// the order listed; each client's SessionID is its session.
type sgWorld struct {
	srv                                       *apitest.Server
	a, b                                      apitest.Account
	adminA, memberA, colleagueA               apitest.User
	adminB, memberB                           apitest.User
	adminA1, adminA2, memberA1, memberA2      *apitest.Client
	colleagueA1, adminB1, memberB1            *apitest.Client
	loginOrder                                []*apitest.Client
	userOf                                    map[string]string // session id → user id
	sessionsOfA, sessionsOfB                  []string
	adminAName, memberAName, colleagueAName   string
	memberAEmail, colleagueAEmail, adminEmail string
}

// sgNewWorld builds an sgWorld on a fresh server.
func sgNewWorld(t *testing.T, url string) *sgWorld {
	t.Helper()
	return sgAddWorld(t, sgStart(t, url))
}

// sgAddWorld builds another sgWorld, with accounts of its own, on srv (started with sgStart).
// Worlds on one server never see each other, so tests share a server to save its start-up.
func sgAddWorld(t *testing.T, srv *apitest.Server) *sgWorld {
	t.Helper()
	w := &sgWorld{srv: srv, userOf: map[string]string{}}
	w.a, w.b = srv.SeedAccount(t), srv.SeedAccount(t)
	w.adminA, w.adminB = w.a.Admin, w.b.Admin
	w.memberA = srv.AddUser(t, w.a, models.RoleMember, "Mia Member")
	w.colleagueA = srv.AddUser(t, w.a, models.RoleMember, "Carl Colleague")
	w.memberB = srv.AddUser(t, w.b, models.RoleMember, "Bea Other")
	login := func(u apitest.User, ip string) *apitest.Client {
		srv.Clock.Advance(time.Second)
		c := sgLogin(t, srv, u, ip)
		w.loginOrder = append(w.loginOrder, c)
		w.userOf[c.SessionID] = u.ID
		return c
	}
	w.adminA1 = login(w.adminA, "10.0.0.1")
	sgSetPolicy(t, w.adminA1, sgLimitInput(5, models.EvictOldest))
	w.adminB1 = login(w.adminB, "10.0.1.1")
	sgSetPolicy(t, w.adminB1, sgLimitInput(5, models.EvictOldest))
	w.adminA2 = login(w.adminA, "10.0.0.2")
	w.memberA1 = login(w.memberA, "10.0.0.3")
	w.memberA2 = login(w.memberA, "10.0.0.4")
	w.colleagueA1 = login(w.colleagueA, "10.0.0.5")
	w.memberB1 = login(w.memberB, "10.0.1.2")
	w.sessionsOfA = []string{w.adminA1.SessionID, w.adminA2.SessionID, w.memberA1.SessionID,
		w.memberA2.SessionID, w.colleagueA1.SessionID}
	w.sessionsOfB = []string{w.adminB1.SessionID, w.memberB1.SessionID}
	return w
}

// clients lists every client of the world with a name for messages.
func (w *sgWorld) clients() map[string]*apitest.Client {
	return map[string]*apitest.Client{
		"adminA1": w.adminA1, "adminA2": w.adminA2, "memberA1": w.memberA1, "memberA2": w.memberA2,
		"colleagueA1": w.colleagueA1, "adminB1": w.adminB1, "memberB1": w.memberB1,
	}
}

// sgQueryCounter counts the SQL statements a GORM connection runs, by kind.
type sgQueryCounter struct {
	reads  atomic.Int64 // queries, rows and raw reads
	writes atomic.Int64 // creates, updates, deletes and Exec
}

// sgStartAlone starts a server without the idle reaper, so the test's requests are the only users
// of its database (sgCountQueries counts every statement; registering callbacks while a worker
// queries would also race).
func sgStartAlone(t *testing.T, url string) *apitest.Server {
	t.Helper()
	return apitest.Start(t, url, func(c *app.Config) { c.ReaperInterval = -1 })
}

// sgCountQueries registers counting callbacks on srv's GORM connection. Start srv with
// sgStartAlone: then every statement counted was run for the test's requests.
func sgCountQueries(t testing.TB, srv *apitest.Server) *sgQueryCounter {
	t.Helper()
	c := &sgQueryCounter{}
	db := srv.Store().Gorm()
	read := func(tx *gorm.DB) { c.reads.Add(1) }
	write := func(tx *gorm.DB) { c.writes.Add(1) }
	name := fmt.Sprintf("sgtest:count:%p", c)
	regs := []error{
		db.Callback().Query().After("gorm:query").Register(name, read),
		db.Callback().Row().After("gorm:row").Register(name, read),
		db.Callback().Raw().After("gorm:raw").Register(name, write),
		db.Callback().Create().After("gorm:create").Register(name, write),
		db.Callback().Update().After("gorm:update").Register(name, write),
		db.Callback().Delete().After("gorm:delete").Register(name, write),
	}
	for _, err := range regs {
		if err != nil {
			t.Fatalf("unable to register query counter: %v", err)
		}
	}
	return c
}

// reset zeroes the counts.
func (c *sgQueryCounter) reset() { c.reads.Store(0); c.writes.Store(0) }
