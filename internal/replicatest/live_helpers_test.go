package replicatest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"sessionguard/internal/wstest"
)

// Helpers for the live tests: sessions with their ids, websocket subscribers that record what
// they receive, and a server process the test can stop itself.

// liveEnv is the environment of every live test process: a fast reaper.
func liveEnv(dbURL string) []string {
	return []string{
		"DATABASE_URL=" + dbURL, "REAPER_INTERVAL=1s",
		"BOOTSTRAP_ACCOUNT_NAME=Replica Co", "BOOTSTRAP_ADMIN_NAME=Ada Admin",
		"BOOTSTRAP_ADMIN_EMAIL=" + adminEmail, "BOOTSTRAP_ADMIN_PASSWORD=" + adminPassword,
	}
}

// signIn logs in on p and returns the token and the new session's id.
func signIn(t *testing.T, p *process, email, password string) (token, sessionID string) {
	t.Helper()
	res := p.query("", `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token session { id } } }`,
		map[string]any{"e": email, "p": password})
	var out struct {
		Login struct {
			Token   string
			Session struct{ ID string }
		}
	}
	if res.code != "" || json.Unmarshal(res.data, &out) != nil || out.Login.Token == "" {
		t.Fatalf("login of %s failed: %s", email, res.code)
	}
	return out.Login.Token, out.Login.Session.ID
}

// mustQuery runs q on p with token and fails on any error.
func mustQuery(t *testing.T, p *process, token, q string, vars ...map[string]any) json.RawMessage {
	t.Helper()
	res := p.query(token, q, vars...)
	if res.code != "" {
		t.Fatalf("%s: %s", q, res.code)
	}
	return res.data
}

// dialAs opens a graphql-transport-ws connection to p authenticated by token.
func dialAs(t *testing.T, p *process, token string) *wstest.Conn {
	t.Helper()
	c, err := wstest.Dial(p.url+"/graphql", wstest.Options{InitPayload: map[string]any{"authorization": "Bearer " + token}})
	if err != nil {
		t.Fatalf("websocket to %s: %v", p.url, err)
	}
	t.Cleanup(c.Close)
	return c
}

// sessionEvent is one sessionEvents result, reduced to what the tests compare.
type sessionEvent struct{ typ, session, reason string }

func (e sessionEvent) String() string { return e.typ + " " + e.session + " " + e.reason }

// recorder collects a subscription's session events as they arrive.
type recorder struct {
	mu   sync.Mutex
	got  []sessionEvent
	errs []string
	done chan struct{}
}

// markers holds the ids of sessions started only to show that a subscription is live: every
// recorder leaves them out of what it reports.
var markers sync.Map

// watchSessions subscribes c to sessionEvents of userID ("" for all the caller may see) and
// records them. It returns once the subscription is live: a marker session of m, signed in on p,
// has reached it.
func watchSessions(t *testing.T, c *wstest.Conn, userID string, p *process, m member) *recorder {
	t.Helper()
	vars := map[string]any{"u": userID}
	if userID == "" {
		vars["u"] = nil // an empty id is a user nobody has
	}
	ch, err := c.Subscribe(`subscription($u: ID) { sessionEvents(userId: $u) { type session { id endReason } } }`, vars)
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{done: make(chan struct{})}
	go func() {
		defer close(r.done)
		for res := range ch {
			var out struct {
				SessionEvents struct {
					Type    string
					Session struct{ ID, EndReason string }
				}
			}
			r.mu.Lock()
			if err := json.Unmarshal(res.Data, &out); err != nil || len(res.Errors) > 0 {
				r.errs = append(r.errs, fmt.Sprintf("%s %v", res.Data, res.Errors))
			} else {
				ev := out.SessionEvents
				reason := ""
				if ev.Type == "ENDED" {
					reason = ev.Session.EndReason
				}
				r.got = append(r.got, sessionEvent{ev.Type, ev.Session.ID, reason})
			}
			r.mu.Unlock()
		}
	}()
	r.awaitMarker(t, p, m)
	return r
}

// awaitMarker signs m in on p and logs the session out again until r has received one such
// session's start. A marker that went by before the subscription was live is missed for good
// (events have no replay), hence a new one each round.
func (r *recorder) awaitMarker(t *testing.T, p *process, m member) {
	t.Helper()
	for range 10 {
		token, id := signIn(t, p, m.email, m.password)
		markers.Store(id, true)
		seen := r.waitFor(sessionEvent{"STARTED", id, ""}, 2*time.Second)
		mustQuery(t, p, token, `mutation { logout }`)
		if seen {
			return
		}
	}
	t.Fatalf("the subscription delivered none of 10 marker logins of %s", m.email)
}

// waitFor reports whether r receives want within d.
func (r *recorder) waitFor(want sessionEvent, d time.Duration) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		r.mu.Lock()
		seen := slices.Contains(r.got, want)
		r.mu.Unlock()
		if seen {
			return true
		}
	}
	return false
}

// events returns what r received so far, markers left out.
func (r *recorder) events() []sessionEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.DeleteFunc(slices.Clone(r.got), func(e sessionEvent) bool {
		_, marker := markers.Load(e.session)
		return marker
	})
}

// expect waits until r holds at least len(want) events, then a further settle period for
// duplicates, and fails unless it received exactly want, in any order, and no error.
func (r *recorder) expect(t *testing.T, name string, want []sessionEvent, within, settle time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for len(r.events()) < len(want) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(settle)
	got := r.events()
	r.mu.Lock()
	errs := slices.Clone(r.errs)
	r.mu.Unlock()
	if len(errs) > 0 {
		t.Errorf("%s: subscription errors: %v", name, errs)
	}
	key := func(e sessionEvent) string { return e.String() }
	gotKeys, wantKeys := make([]string, len(got)), make([]string, len(want))
	for i := range got {
		gotKeys[i] = key(got[i])
	}
	for i := range want {
		wantKeys[i] = key(want[i])
	}
	slices.Sort(gotKeys)
	slices.Sort(wantKeys)
	if !slices.Equal(gotKeys, wantKeys) {
		t.Errorf("%s: received\n  %q\nwant each exactly once\n  %q", name, gotKeys, wantKeys)
	}
}

// waitClosed waits up to within for c to be closed by the server and returns its close status.
func waitClosed(t *testing.T, c *wstest.Conn, within time.Duration) (int, string, bool) {
	t.Helper()
	select {
	case <-c.Closed():
		code, reason := c.CloseStatus()
		return code, reason, true
	case <-time.After(within):
		return 0, "", false
	}
}

// ownedProcess is a server the test stops itself (startProcess keeps its process private).
type ownedProcess struct {
	*process
	cmd    *exec.Cmd
	exited chan struct{} // closed once the process exited
	err    error         // cmd.Wait's result, once exited
	mu     sync.Mutex
	logs   bytes.Buffer
}

// startOwned runs bin like startProcess does, and lets the test signal it.
func startOwned(t *testing.T, bin string, env []string) *ownedProcess {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), append(env, "LISTEN_ADDR=127.0.0.1:0")...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &ownedProcess{cmd: cmd, exited: make(chan struct{})}
	addr := make(chan string, 1)
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		scanner := bufio.NewScanner(stderr)
		for scanner.Scan() {
			line := scanner.Text()
			p.mu.Lock()
			p.logs.WriteString(line + "\n")
			p.mu.Unlock()
			if m := listening.FindStringSubmatch(line); m != nil {
				addr <- m[1]
			}
		}
	}()
	go func() {
		<-scanned // Wait closes the pipe: read it to the end first
		p.err = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = cmd.Process.Signal(os.Interrupt)
			select {
			case <-p.exited:
			case <-time.After(20 * time.Second):
				_ = cmd.Process.Kill()
				t.Error("server did not stop within 20s of SIGINT")
			}
		}
		if t.Failed() {
			t.Logf("server log:\n%s", p.log())
		}
	})
	select {
	case a := <-addr:
		p.process = &process{url: "http://" + a}
		return p
	case <-p.exited:
		t.Fatalf("server exited at start (%v); log:\n%s", p.err, p.log())
	case <-time.After(2 * time.Minute):
		t.Fatalf("server did not start; log:\n%s", p.log())
	}
	return nil
}

func (p *ownedProcess) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.logs.String()
}

// terminate sends SIGTERM.
func (p *ownedProcess) terminate(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
}

// request is a POST /graphql whose body is only half sent.
type request struct {
	conn net.Conn
	resp *bufio.Reader
	rest string
}

// startRequest sends the headers and the first half of body to p and returns once p is handling
// the request: asked to expect 100-continue, the server sends "100 Continue" as the handler first
// reads the body. The handler then waits for the rest until finish.
func startRequest(t *testing.T, p *process, body string) *request {
	t.Helper()
	u, err := url.Parse(p.url)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	half := len(body) / 2
	head := fmt.Sprintf("POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", u.Host, len(body))
	if _, err := io.WriteString(conn, head+body[:half]); err != nil {
		t.Fatal(err)
	}
	r := &request{conn: conn, resp: bufio.NewReader(conn), rest: body[half:]}
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	resp, err := http.ReadResponse(r.resp, nil)
	if err != nil || resp.StatusCode != http.StatusContinue {
		t.Fatalf("waiting for the handler to read the body: %v %v", resp, err)
	}
	return r
}

// finish sends the rest of the body and returns the response's status and body.
func (r *request) finish(t *testing.T) (int, []byte) {
	t.Helper()
	_ = r.conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(r.conn, r.rest); err != nil {
		t.Errorf("sending the rest of the request: %v", err)
		return 0, nil
	}
	resp, err := http.ReadResponse(r.resp, nil)
	if err != nil {
		t.Errorf("reading the response: %v", err)
		return 0, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}
