package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"sessionguard/internal/auth"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
)

// Secrets never reach the server's output: not a bootstrap password from the environment, not a
// session token or its hash, not a password hash, whatever the requests do. The demo prints its
// login only when -demo chose the password itself.
func TestSecretsStayOutOfTheServersOutput(t *testing.T) {
	bin := buildBinary(t)
	const operatorPassword = "operator-chose-this-1"
	cases := []struct {
		name      string
		args      []string
		env       []string
		password  string
		wantShown bool // the startup banner shows the password
	}{
		{"operator's bootstrap password", nil, []string{"BOOTSTRAP_ADMIN_EMAIL=ops@example.test", "BOOTSTRAP_ADMIN_PASSWORD=" + operatorPassword}, operatorPassword, false},
		{"-demo with the operator's password", []string{"-demo"}, []string{"BOOTSTRAP_ADMIN_PASSWORD=" + operatorPassword}, operatorPassword, false},
		{"-demo choosing its own", []string{"-demo"}, nil, "sessionguard-demo", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, url string) {
				email := "ops@example.test"
				if len(tc.args) > 0 {
					email = "admin@demo.test"
				}
				srv := startBinary(t, bin, tc.args, append(tc.env, "DATABASE_URL="+url))
				token := srv.login(t, email, tc.password)
				if token == "" {
					t.Fatalf("the bootstrap login failed:\n%s", srv.stop(t))
				}
				srv.login(t, email, "a-wrong-password")
				srv.post(t, token, `mutation { createUser(input: {name: "Bo", email: "bo@example.test", role: MEMBER, password: "bo-password-1"}) { id } }`)
				srv.post(t, token, `mutation { createUser(input: {name: "Bo", email: "bo@example.test", role: MEMBER, password: "bo-password-2"}) { id } }`)
				srv.post(t, token, `mutation { logout }`)
				output := srv.stop(t)

				if shown := strings.Contains(output, tc.password); shown != tc.wantShown {
					t.Errorf("password shown: %v, want %v; output:\n%s", shown, tc.wantShown, output)
				}
				secrets := []string{token, hex.EncodeToString(auth.HashToken(token)), "bo-password-1", "bo-password-2", "$argon2id$", "a-wrong-password"}
				for _, s := range secrets {
					if strings.Contains(output, s) {
						t.Errorf("the output holds a secret (%.12s…):\n%s", s, output)
					}
				}
				if !strings.Contains(output, "log in as "+email) {
					t.Errorf("the banner does not name the login %s:\n%s", email, output)
				}
			})
		})
	}
}

// A bootstrap administrator who could never log in through the API stops the start, saying which
// rule failed without echoing the value.
func TestBootstrapCredentialsFollowTheAPIsRules(t *testing.T) {
	bin := buildBinary(t)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "LISTEN_ADDR=127.0.0.1:0", "DATABASE_URL="+filepath.Join(t.TempDir(), "db"),
		"BOOTSTRAP_ADMIN_EMAIL=ops@example.test", "BOOTSTRAP_ADMIN_PASSWORD=short7!")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the server started with a 7-character bootstrap password:\n%s", out)
	}
	if !strings.Contains(string(out), "password must be 8 to 256 characters") || strings.Contains(string(out), "short7!") {
		t.Errorf("the refusal should name the rule and not the password:\n%s", out)
	}
}

// A server told to stop closes every websocket with 1001 "server shutting down" (README, Live
// updates) before it exits 0, and ends no session on the way: the subscription waiting for the
// session's end closes without firing.
func TestShutdownClosesWebsocketsWith1001(t *testing.T) {
	bin := buildBinary(t)
	testdb.Each(t, func(t *testing.T, url string) {
		srv := startBinary(t, bin, []string{"-demo"}, []string{"DATABASE_URL=" + url})
		token := srv.login(t, "admin@demo.test", "sessionguard-demo")
		if token == "" {
			t.Fatalf("the demo login failed:\n%s", srv.stop(t))
		}
		ws, err := wstest.Dial(srv.url, wstest.Options{InitPayload: map[string]any{"authorization": "Bearer " + token}})
		if err != nil {
			t.Fatalf("websocket: %v\n%s", err, srv.stop(t))
		}
		defer ws.Close()
		ended, err := ws.Subscribe(`subscription { currentSessionEnded { id endReason } }`, nil)
		if err != nil {
			t.Fatal(err)
		}

		output := srv.stop(t)
		select {
		case <-ws.Closed():
		case <-time.After(5 * time.Second):
			t.Fatalf("the websocket is still open 5s after the server stopped:\n%s", output)
		}
		if code, reason := ws.CloseStatus(); code != 1001 || reason != "server shutting down" {
			t.Errorf("the websocket closed with %d %q, want 1001 \"server shutting down\"", code, reason)
		}
		if res, ok := <-ended; ok {
			t.Errorf("currentSessionEnded fired at shutdown: %s %v", res.Data, res.Errors)
		}
		if code := srv.cmd.ProcessState.ExitCode(); code != 0 {
			t.Errorf("the server exited with status %d, want 0:\n%s", code, output)
		}
	})
}

// buildBinary compiles the server into a temporary directory (Go's build cache makes repeats cheap).
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sessionguard")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("unable to build the server: %v\n%s", err, out)
	}
	return bin
}

// binary is a running server process and everything it printed.
type binary struct {
	cmd  *exec.Cmd
	url  string
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

var listeningOn = regexp.MustCompile(`sessionguard listening"? addr=(\S+)`) // LOG_FORMAT=text quotes the message

func startBinary(t *testing.T, bin string, args, env []string) *binary {
	t.Helper()
	b := &binary{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	b.cmd.Env = append(os.Environ(), append(env, "LISTEN_ADDR=127.0.0.1:0")...)
	pr, pw := io.Pipe()
	b.cmd.Stdout, b.cmd.Stderr = pw, pw
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		defer close(b.done)
		scanner := bufio.NewScanner(pr)
		for scanner.Scan() {
			b.mu.Lock()
			b.out.WriteString(scanner.Text() + "\n")
			b.mu.Unlock()
			if m := listeningOn.FindStringSubmatch(scanner.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	go func() { _ = b.cmd.Wait(); pw.Close() }()
	t.Cleanup(func() { _ = b.cmd.Process.Kill() })
	select {
	case a := <-addr:
		b.url = "http://" + a + "/graphql"
	case <-time.After(time.Minute):
		_ = b.cmd.Process.Kill()
		<-b.done
		t.Fatalf("the server did not start:\n%s", b.out.String())
	}
	return b
}

func (b *binary) post(t *testing.T, token, query string, vars ...map[string]any) map[string]any {
	t.Helper()
	body := map[string]any{"query": query}
	if len(vars) > 0 {
		body["variables"] = vars[0]
	}
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, b.url, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// login returns the new session's token, or "" when the login failed.
func (b *binary) login(t *testing.T, email, password string) string {
	t.Helper()
	out := b.post(t, "", `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }`,
		map[string]any{"e": email, "p": password})
	data, _ := out["data"].(map[string]any)
	login, _ := data["login"].(map[string]any)
	token, _ := login["token"].(string)
	return token
}

// stop interrupts the server, waits for it to exit and returns everything it printed.
func (b *binary) stop(t *testing.T) string {
	t.Helper()
	_ = b.cmd.Process.Signal(os.Interrupt)
	select {
	case <-b.done:
	case <-time.After(30 * time.Second):
		t.Error("the server did not stop within 30s of SIGINT")
		_ = b.cmd.Process.Kill()
		<-b.done
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.out.String()
}
