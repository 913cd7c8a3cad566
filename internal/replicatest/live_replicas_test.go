package replicatest

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// Live events, websocket revocation, the idle reaper and graceful shutdown, across real server
// processes on one PostgreSQL schema.
// closeBound is how long a test waits for a socket to close before calling it a hang.
const closeBound = 5 * time.Second

func TestLiveAcrossReplicas(t *testing.T) {
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("TEST_DATABASE_URL must be set in CI: replica tests need PostgreSQL")
		}
		t.Skip("replica tests need PostgreSQL: set TEST_DATABASE_URL")
	}
	bin := buildServer(t)
	dbURL := freshSchema(t, base)
	env := liveEnv(dbURL)
	var a, b *process
	apitest.Parallel(2, func(i int) {
		if p := startProcess(t, bin, env); i == 0 {
			a = p
		} else {
			b = p
		}
	})
	if a == nil || b == nil {
		t.Fatal("a replica did not start")
	}
	db := openDB(t, dbURL)
	admin := a.login(t, adminEmail, adminPassword)
	m := createMember(t, a, admin)
	// Members may hold two sessions; a third login evicts the oldest.
	setLimit(t, b, admin, 2, models.EvictOldest)

	t.Run("a subscriber on one replica sees each change made on the other exactly once", func(t *testing.T) {
		endAllOf(t, a, admin, m.id)
		onA := watchSessions(t, dialAs(t, a, admin), m.id, b, m)

		t1, s1 := signIn(t, b, m.email, m.password)
		t2, s2 := signIn(t, b, m.email, m.password)
		mustQuery(t, b, t2, `mutation { logout }`)
		_, s3 := signIn(t, b, m.email, m.password)
		_, s4 := signIn(t, b, m.email, m.password) // evicts s1, the oldest
		if res := b.query(t1, `{ me { session { id } } }`); res.code != "UNAUTHENTICATED" {
			t.Fatalf("the evicted session still works on B: %q", res.code)
		}

		onA.expect(t, "subscriber on A", []sessionEvent{
			{"STARTED", s1, ""}, {"STARTED", s2, ""}, {"ENDED", s2, "LOGOUT"},
			{"STARTED", s3, ""}, {"ENDED", s1, "CONCURRENT_LIMIT"}, {"STARTED", s4, ""},
		}, 5*time.Second, time.Second)
	})

	t.Run("an audit subscriber on one replica gets each entry written on the other exactly once", func(t *testing.T) {
		entries, err := dialAs(t, a, admin).Subscribe(`subscription { auditEventAdded { id action } }`, nil)
		if err != nil {
			t.Fatal(err)
		}
		rename := func(name string) {
			mustQuery(t, b, admin, `mutation($id: ID!, $n: String!) { updateUser(id: $id, input: {name: $n}) { id } }`, map[string]any{"id": m.id, "n": name})
		}
		// The subscription is live once an entry written on B after it reaches A.
		for i := 0; ; i++ {
			rename(fmt.Sprintf("Marker %d", i))
			if _, ok := wstest.Next(t, entries, 200*time.Millisecond); ok {
				break
			}
			if i == 25 {
				t.Fatal("no audit entry reached the subscriber on A")
			}
		}
		for drained := false; !drained; {
			_, ok := wstest.Next(t, entries, 300*time.Millisecond)
			drained = !ok
		}
		rename("Member Renamed")
		setLimit(t, b, admin, 2, models.EvictOldest)
		var want []string
		err = db.Raw(`SELECT id FROM audit_events WHERE action IN ('USER_UPDATED', 'POLICY_UPDATED') ORDER BY id DESC LIMIT 2`).Scan(&want).Error
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); {
			res, ok := wstest.Next(t, entries, 500*time.Millisecond)
			if !ok {
				continue
			}
			var out struct{ AuditEventAdded struct{ ID string } }
			if err := json.Unmarshal(res.Data, &out); err != nil {
				t.Fatalf("bad entry %s", res.Data)
			}
			seen[out.AuditEventAdded.ID]++
		}
		if len(seen) != 2 || seen[want[0]] != 1 || seen[want[1]] != 1 {
			t.Errorf("A received %v, want the rename and the policy change written on B (%v), once each", seen, want)
		}
	})

	t.Run("an ended session's websockets close on every replica", func(t *testing.T) {
		cases := []struct {
			name       string
			end        func(t *testing.T, token, sessionID string) // run on replica A
			wantReason string
			wantClose  string
			// undo, when set, runs after the checks: it lets the member sign in again.
			undo func(t *testing.T)
		}{
			{"logout", func(t *testing.T, token, _ string) {
				mustQuery(t, a, token, `mutation { logout }`)
			}, "LOGOUT", "logged out", nil},
			{"an administrator logs it out", func(t *testing.T, _, id string) {
				mustQuery(t, a, admin, `mutation($id: ID!) { logoutSession(id: $id) { id } }`, map[string]any{"id": id})
			}, "ADMIN_LOGOUT", "logged out by an administrator", nil},
			{"all the user's sessions are terminated", func(t *testing.T, _, _ string) {
				endAllOf(t, a, admin, m.id)
			}, "TERMINATE_ALL", "all sessions were terminated", nil},
			{"a login elsewhere evicts it", func(t *testing.T, _, _ string) {
				signIn(t, a, m.email, m.password)
				signIn(t, a, m.email, m.password)
			}, "CONCURRENT_LIMIT", "signed in on another device", nil},
			{"the user is deactivated", func(t *testing.T, _, _ string) {
				mustQuery(t, a, admin, `mutation($id: ID!) { deactivateUser(id: $id) { id } }`, map[string]any{"id": m.id})
				// The other replica refuses the login at once, as it would a wrong password.
				if _, code := b.tryLogin(m.email, m.password); code != "INVALID_CREDENTIALS" {
					t.Errorf("login on B after deactivation on A: %q, want INVALID_CREDENTIALS", code)
				}
			}, "USER_DEACTIVATED", "your account was deactivated", func(t *testing.T) {
				mustQuery(t, a, admin, `mutation($id: ID!) { reactivateUser(id: $id) { id } }`, map[string]any{"id": m.id})
			}},
			{"an administrator resets the user's password", func(t *testing.T, _, _ string) {
				// To the same one, so that the member signs in as before in the next cases.
				mustQuery(t, a, admin, `mutation($id: ID!, $p: String!) { resetUserPassword(id: $id, newPassword: $p) { id } }`,
					map[string]any{"id": m.id, "p": m.password})
			}, "PASSWORD_CHANGED", "your password was changed", nil},
			{"the user's role changes", func(t *testing.T, _, _ string) {
				setRole(t, a, admin, m.id, "ADMIN")
			}, "ROLE_CHANGED", "your role changed", func(t *testing.T) {
				setRole(t, a, admin, m.id, "MEMBER")
			}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				endAllOf(t, a, admin, m.id)
				token, id := signIn(t, b, m.email, m.password)
				onB := dialAs(t, b, token)
				endedOnB, err := onB.Subscribe(`subscription { currentSessionEnded { id endReason } }`, nil)
				if err != nil {
					t.Fatal(err)
				}
				// The socket starts its operations in the order they arrive: once a later one
				// delivers an event, the one above has been running for a round trip at least.
				watchSessions(t, onB, "", b, m)
				// A socket is tracked from its connection_ack on; no subscription needed.
				onA := dialAs(t, a, token)

				tc.end(t, token, id)
				// Counted from the answer, not from the request: ending by a login elsewhere
				// includes a password hash, which takes seconds on a busy machine. How fast
				// sockets close is scripts/bench's figure (revocation); this is a bound for a hang.
				ended := time.Now()
				for name, c := range map[string]*wstest.Conn{"B (the other replica)": onB, "A (the replica that ended it)": onA} {
					select {
					case <-c.Closed():
					case <-time.After(closeBound - time.Since(ended)):
						t.Fatalf("the websocket on %s is still open %v after the session ended", name, closeBound)
					}
					if code, reason := c.CloseStatus(); code != 4401 || reason != tc.wantClose {
						t.Errorf("websocket on %s closed with %d %q, want 4401 %q", name, code, reason, tc.wantClose)
					}
				}
				// currentSessionEnded reached B's client before the close.
				var own struct {
					CurrentSessionEnded struct{ ID, EndReason string }
				}
				select {
				case res := <-endedOnB:
					if err := json.Unmarshal(res.Data, &own); err != nil || own.CurrentSessionEnded.ID != id ||
						own.CurrentSessionEnded.EndReason != tc.wantReason {
						t.Errorf("currentSessionEnded on B: %s %v, want %s %s", res.Data, res.Errors, id, tc.wantReason)
					}
				default:
					t.Errorf("currentSessionEnded was not delivered on B before its websocket closed")
				}
				if tc.undo != nil {
					tc.undo(t)
				}
			})
		}
	})

	t.Run("an API key revoked on one replica stops at once on the other, and its socket there closes", func(t *testing.T) {
		var created struct {
			CreateAPIKey struct {
				Secret string
				APIKey struct{ ID string } `json:"apiKey"`
			} `json:"createApiKey"`
		}
		raw := mustQuery(t, a, admin, `mutation { createApiKey(input: {name: "replica script", scopes: [SESSIONS_READ]}) { secret apiKey { id } } }`)
		if err := json.Unmarshal(raw, &created); err != nil {
			t.Fatal(err)
		}
		key := created.CreateAPIKey
		sock := dialAs(t, b, key.Secret)
		mustQuery(t, b, key.Secret, `{ viewer { kind } }`)
		mustQuery(t, a, admin, `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, map[string]any{"id": key.APIKey.ID})
		if res := b.query(key.Secret, `{ viewer { kind } }`); res.code != "UNAUTHENTICATED" {
			t.Errorf("the revoked key on B: %q, want UNAUTHENTICATED", res.code)
		}
		code, reason, ok := waitClosed(t, sock, 5*time.Second)
		if !ok || code != 4401 || reason != "API key revoked" {
			t.Errorf("the key's socket on B: closed %v %d %q, want 4401 \"API key revoked\"", ok, code, reason)
		}
	})

	t.Run("idle sessions are reaped once although every replica reaps", func(t *testing.T) {
		endAllOf(t, a, admin, m.id)
		mustQuery(t, a, admin, `mutation { updateSessionPolicy(input: {
		  limitMultipleSessions: true, maxConcurrentSessions: 5, whenLimitReached: EVICT_OLDEST,
		  idleTimeoutEnabled: true, idleTimeoutValue: 1, idleTimeoutUnit: MINUTES}) { idleTimeoutEnabled } }`)
		onA := watchSessions(t, dialAs(t, a, admin), m.id, a, m)
		onB := watchSessions(t, dialAs(t, b, admin), m.id, b, m)

		var ids []string
		var want []sessionEvent
		var live []string
		for i := range 4 {
			token, id := signIn(t, []*process{a, b}[i%2], m.email, m.password)
			want = append(want, sessionEvent{"STARTED", id, ""})
			if i == 3 {
				live = append(live, id) // stays in use
				continue
			}
			ids = append(ids, id)
			want = append(want, sessionEvent{"ENDED", id, "IDLE_TIMEOUT"})
			if i == 0 {
				// A websocket never keeps its session alive; it is closed when the reaper ends it.
				ws := dialAs(t, b, token)
				defer func() {
					if code, reason, ok := waitClosed(t, ws, 2*time.Second); !ok || code != 4401 || reason != "idle timeout" {
						t.Errorf("websocket of a reaped session: closed %v with %d %q, want 4401 \"idle timeout\"", ok, code, reason)
					}
				}()
			}
		}
		// Two minutes of silence, written straight into the database: nobody calls the API. The
		// reaper's probe goes back with it (it never passes last_active_at).
		if err := db.Exec(`UPDATE sessions SET last_active_at = now() - interval '2 minutes',
  idle_probe_at = now() - interval '2 minutes' WHERE id IN ?`, ids).Error; err != nil {
			t.Fatal(err)
		}
		pushed := time.Now()

		deadline := pushed.Add(3 * time.Second)
		var left int64
		for {
			if err := db.Model(&models.Session{}).Where("id IN ? AND status = ?", ids, models.SessionActive).Count(&left).Error; err != nil {
				t.Fatal(err)
			}
			if left == 0 || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if left != 0 {
			t.Fatalf("%d of %d idle sessions still active %v after going idle (REAPER_INTERVAL=1s)", left, len(ids), time.Since(pushed))
		}
		var wrong int64
		if err := db.Model(&models.Session{}).Where("id IN ?", ids).
			Where("end_reason IS DISTINCT FROM ? OR ended_at <> last_active_at + interval '1 minute'", models.EndIdleTimeout).
			Count(&wrong).Error; err != nil {
			t.Fatal(err)
		}
		if wrong != 0 {
			t.Errorf("%d reaped sessions did not end with IDLE_TIMEOUT at their last activity plus a minute", wrong)
		}
		var stillLive int64
		if err := db.Model(&models.Session{}).Where("id IN ? AND status = ?", live, models.SessionActive).Count(&stillLive).Error; err != nil {
			t.Fatal(err)
		}
		if stillLive != 1 {
			t.Errorf("the session in use was ended too")
		}
		onA.expect(t, "subscriber on A", want, 3*time.Second, 1500*time.Millisecond)
		onB.expect(t, "subscriber on B", want, time.Second, 0)
	})

	t.Run("sessions past the absolute lifetime end once although every replica reaps", func(t *testing.T) {
		endAllOf(t, a, admin, m.id)
		mustQuery(t, a, admin, `mutation { updateSessionPolicy(input: {
		  limitMultipleSessions: true, maxConcurrentSessions: 5, whenLimitReached: EVICT_OLDEST,
		  idleTimeoutEnabled: false, absoluteLifetimeEnabled: true, absoluteLifetimeValue: 1,
		  absoluteLifetimeUnit: MINUTES}) { absoluteLifetimeEnabled } }`)
		onA := watchSessions(t, dialAs(t, a, admin), m.id, a, m)
		onB := watchSessions(t, dialAs(t, b, admin), m.id, b, m)
		var ids []string
		var want []sessionEvent
		var sockets []*wstest.Conn
		for i := range 2 {
			token, id := signIn(t, []*process{a, b}[i], m.email, m.password)
			ids = append(ids, id)
			want = append(want, sessionEvent{"STARTED", id, ""})
			sockets = append(sockets, dialAs(t, []*process{b, a}[i], token))
		}
		for _, id := range ids {
			want = append(want, sessionEvent{"ENDED", id, "MAX_LIFETIME"})
		}
		// Logged in two minutes ago, written straight into the database: however busy since.
		if err := db.Exec(`UPDATE sessions SET login_at = now() - interval '2 minutes' WHERE id IN ?`, ids).Error; err != nil {
			t.Fatal(err)
		}
		for i, ws := range sockets {
			if code, reason, ok := waitClosed(t, ws, 3*time.Second); !ok || code != 4401 || reason != "the session reached its maximum lifetime" {
				t.Errorf("websocket %d of a session past its lifetime: closed %v with %d %q", i, ok, code, reason)
			}
		}
		var wrong int64
		if err := db.Model(&models.Session{}).Where("id IN ?", ids).
			Where("status <> ? OR end_reason IS DISTINCT FROM ? OR ended_at <> login_at + interval '1 minute'",
				models.SessionTerminated, models.EndMaxLifetime).
			Count(&wrong).Error; err != nil {
			t.Fatal(err)
		}
		if wrong != 0 {
			t.Errorf("%d sessions did not end with MAX_LIFETIME at their login plus a minute", wrong)
		}
		onA.expect(t, "subscriber on A", want, 3*time.Second, 1500*time.Millisecond)
		onB.expect(t, "subscriber on B", want, time.Second, 0)
		mustQuery(t, a, admin, `mutation { updateSessionPolicy(input: {limitMultipleSessions: true,
		  maxConcurrentSessions: 2, idleTimeoutEnabled: false, absoluteLifetimeEnabled: false}) { absoluteLifetimeEnabled } }`)
	})

	t.Run("SIGTERM closes websockets, finishes requests, exits 0 and loses nothing", func(t *testing.T) {
		c := startOwned(t, bin, env)
		token, id := signIn(t, c.process, m.email, m.password)
		// Activity recorded just before the shutdown must survive it.
		if err := db.Exec(`UPDATE sessions SET last_active_at = last_active_at - interval '10 seconds',
  idle_probe_at = least(idle_probe_at, last_active_at - interval '10 seconds') WHERE id = ?`, id).Error; err != nil {
			t.Fatal(err)
		}
		// The replica notes the request's activity in memory (and its journal), storing it on the
		// session within a minute: the shutdown must store it.
		requested := time.Now()
		mustQuery(t, c.process, token, `{ me { session { id } } }`)
		ws := dialAs(t, c.process, token)
		if _, err := ws.Subscribe(`subscription { currentSessionEnded { id } }`, nil); err != nil {
			t.Fatal(err)
		}
		adminWS := dialAs(t, c.process, admin)
		watchSessions(t, adminWS, "", c.process, m)
		// A login request in flight: its body is half sent when the signal arrives.
		inflight := startRequest(t, c.process, `{"query": "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }",
		  "variables": {"e": "`+m.email+`", "p": "`+m.password+`"}}`)

		c.terminate(t)
		for name, conn := range map[string]*wstest.Conn{"member": ws, "admin": adminWS} {
			if code, reason, ok := waitClosed(t, conn, 5*time.Second); !ok || code != 1001 {
				t.Errorf("%s websocket: closed %v with %d %q, want a 1001 close frame within 5s", name, ok, code, reason)
			}
		}
		var login struct {
			Data struct{ Login struct{ Token string } }
		}
		status, body := inflight.finish(t)
		if err := json.Unmarshal(body, &login); status != 200 || err != nil || login.Data.Login.Token == "" {
			t.Errorf("the request in flight at SIGTERM answered %d %s, want a completed login", status, body)
		}
		select {
		case <-c.exited:
			if c.err != nil {
				t.Errorf("the server exited with %v, want status 0", c.err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the server did not exit within 10s of SIGTERM")
		}

		var after models.Session
		if err := db.Where("id = ?", id).Take(&after).Error; err != nil {
			t.Fatal(err)
		}
		if !after.IsActive() || after.LastActiveAt.Before(requested.Add(-time.Second)) {
			t.Errorf("after shutdown the session is %s, last active %v: want ACTIVE, last active at its request (%v)",
				after.Status, after.LastActiveAt, requested)
		}
		// Only this replica served the session: no journal row may still hold it (the other
		// replicas' rows hold their own notes). Entries hold the session id's bytes as they are.
		var journaled int64
		if err := db.Table("activity_journal").Where("position(convert_to(?, 'UTF8') in entries) > 0", id).Count(&journaled).Error; err != nil {
			t.Fatal(err)
		}
		if journaled != 0 {
			t.Errorf("%d activity journal rows still hold the session after a clean shutdown, want 0", journaled)
		}

		d := startOwned(t, bin, env)
		for name, tok := range map[string]string{"issued before the restart": token, "issued during the shutdown": login.Data.Login.Token} {
			if tok == "" {
				continue
			}
			var me struct {
				Me struct{ Session struct{ ID, Status string } }
			}
			res := d.query(tok, `{ me { session { id status } } }`)
			if err := json.Unmarshal(res.data, &me); res.code != "" || err != nil || me.Me.Session.Status != "ACTIVE" {
				t.Errorf("token %s refused after the restart: %q %s", name, res.code, res.data)
			}
			if name == "issued before the restart" && me.Me.Session.ID != id {
				t.Errorf("token %s authenticates session %s, want %s", name, me.Me.Session.ID, id)
			}
		}
		if res := a.query(admin, `{ me { user { id } } }`); res.code != "" {
			t.Errorf("the other replica refused the admin after the restart: %s", res.code)
		}
	})
}
