package replicatest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// buildServer compiles the real binary once per test run, with the race detector.
func buildServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sessionguard")
	cmd := exec.Command("go", "build", "-race", "-o", bin, "sessionguard")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("unable to build the server: %v", err)
	}
	return bin
}

// freshSchema returns a PostgreSQL URL with an empty schema of its own.
func freshSchema(t *testing.T, _ string) string {
	for _, e := range testdb.Engines(t) {
		if e.Name == "postgres" {
			return e.New(t)
		}
	}
	t.Fatal("no PostgreSQL engine configured")
	return ""
}

func openDB(t *testing.T, url string) *gorm.DB {
	db, err := gorm.Open(postgres.Open(url), &gorm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return db
}

// process is one running server.
type process struct {
	url string
}

var listening = regexp.MustCompile(`sessionguard listening"? addr=(\S+)`) // LOG_FORMAT=text quotes the message

// startProcess runs bin with env on a free port and waits until it serves.
func startProcess(t *testing.T, bin string, env []string) *process {
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), append(env, "LISTEN_ADDR=127.0.0.1:0")...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Error(err)
		return nil
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Error(err)
		return nil
	}
	var logs bytes.Buffer
	var mu sync.Mutex
	addr := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stderr)
		for scanner.Scan() {
			line := scanner.Text()
			mu.Lock()
			logs.WriteString(line + "\n")
			mu.Unlock()
			if m := listening.FindStringSubmatch(line); m != nil {
				addr <- m[1]
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			t.Error("server did not stop within 20s of SIGINT")
		}
		if t.Failed() {
			mu.Lock()
			t.Logf("server log:\n%s", logs.String())
			mu.Unlock()
		}
	})
	select {
	case a := <-addr:
		return &process{url: "http://" + a}
	case <-time.After(2 * time.Minute):
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("server did not start; log:\n%s", logs.String())
		return nil
	}
}

type result struct {
	data json.RawMessage
	code string
}

// query runs a GraphQL operation with token; code is the first error's code.
func (p *process) query(token, q string, vars ...map[string]any) result {
	body := map[string]any{"query": q}
	if len(vars) > 0 {
		body["variables"] = vars[0]
	}
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, p.url+"/graphql", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return result{code: "TRANSPORT: " + err.Error()}
	}
	defer resp.Body.Close()
	var out struct {
		Data   json.RawMessage
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return result{code: "DECODE: " + err.Error()}
	}
	if len(out.Errors) > 0 {
		code, _ := out.Errors[0].Extensions["code"].(string)
		return result{data: out.Data, code: code}
	}
	return result{data: out.Data}
}

// tryLogin returns the token, or the error code.
func (p *process) tryLogin(email, password string) (string, string) {
	res := p.query("", `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }`,
		map[string]any{"e": email, "p": password})
	if res.code != "" {
		return "", res.code
	}
	var out struct{ Login struct{ Token string } }
	if err := json.Unmarshal(res.data, &out); err != nil {
		return "", err.Error()
	}
	return out.Login.Token, ""
}

func (p *process) login(t *testing.T, email, password string) string {
	t.Helper()
	token, code := p.tryLogin(email, password)
	if code != "" {
		t.Fatalf("login of %s failed: %s", email, code)
	}
	return token
}

type member struct{ id, email, password string }

// storeAtTestCost replaces m's password hash, in the database, with one of the same password at
// apitest.FastPasswords' cost, as in-process tests store theirs (a hash carries its own cost, so
// the replicas verify it at that cost). Logins still take every step of the real binaries. At
// the production cost, a race-built binary took up to 1.5 s a check on a host whose page faults
// are slow, and 50 logins of one user at once waited past loginWait for the ones ahead of them.
func storeAtTestCost(t *testing.T, db *gorm.DB, m member) {
	t.Helper()
	hash, err := argon2id.CreateHash(m.password, &apitest.FastPasswords)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Model(&models.User{}).Where("id = ?", m.id).Update("password_hash", hash).Error; err != nil {
		t.Fatal(err)
	}
}

func createMember(t *testing.T, p *process, adminToken string) member {
	t.Helper()
	m := member{email: "member@replicas.test", password: "member-password"}
	res := p.query(adminToken, `mutation($e: String!, $p: String!) {
	  createUser(input: {name: "Max Member", email: $e, role: MEMBER, password: $p}) { id } }`,
		map[string]any{"e": m.email, "p": m.password})
	var out struct{ CreateUser struct{ ID string } }
	if res.code != "" || json.Unmarshal(res.data, &out) != nil {
		t.Fatalf("createUser failed: %s", res.code)
	}
	m.id = out.CreateUser.ID
	return m
}

func setLimit(t *testing.T, p *process, adminToken string, max int, when models.LimitBehavior) {
	t.Helper()
	res := p.query(adminToken, fmt.Sprintf(`mutation { updateSessionPolicy(input: {
	  limitMultipleSessions: true, maxConcurrentSessions: %d, whenLimitReached: %s,
	  idleTimeoutEnabled: false}) { effectiveMaxConcurrentSessions } }`, max, when))
	if res.code != "" {
		t.Fatalf("updateSessionPolicy failed: %s", res.code)
	}
}

func endAllOf(t *testing.T, p *process, adminToken, userID string) {
	t.Helper()
	res := p.query(adminToken, `mutation($u: ID!) { terminateAllSessions(input: {userId: $u}) { terminatedCount } }`,
		map[string]any{"u": userID})
	if res.code != "" {
		t.Fatalf("terminateAllSessions failed: %s", res.code)
	}
}

// setRole changes a user's role, which ends their sessions (ROLE_CHANGED).
func setRole(t *testing.T, p *process, adminToken, userID, role string) {
	t.Helper()
	mustQuery(t, p, adminToken, `mutation($id: ID!, $role: Role!) { updateUser(id: $id, input: {role: $role}) { id } }`,
		map[string]any{"id": userID, "role": role})
}
