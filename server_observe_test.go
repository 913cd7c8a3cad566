package main

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var metricsOn = regexp.MustCompile(`metrics listening"? addr=(\S+)`)

// METRICS_ADDR serves /metrics on a listener of its own; the public listener has none.
func TestBinaryServesMetricsOnItsOwnListener(t *testing.T) {
	bin := buildBinary(t)
	srv := startBinary(t, bin, nil, []string{"DATABASE_URL=" + filepath.Join(t.TempDir(), "db"), "METRICS_ADDR=127.0.0.1:0"})
	srv.mu.Lock()
	m := metricsOn.FindStringSubmatch(srv.out.String()) // logged before "sessionguard listening"
	srv.mu.Unlock()
	if m == nil {
		t.Fatalf("no metrics address in the output:\n%s", srv.stop(t))
	}
	resp, err := http.Get("http://" + m[1] + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "sessionguard_requests_total") ||
		!strings.Contains(string(body), "go_sql_max_open_connections") {
		t.Errorf("GET /metrics: %d\n%.400s", resp.StatusCode, body)
	}
	public, err := http.Get(strings.TrimSuffix(srv.url, "/graphql") + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	public.Body.Close()
	if public.StatusCode == http.StatusOK {
		t.Errorf("GET /metrics on the public listener answered 200")
	}
	srv.stop(t)
}

// A LOG_LEVEL or LOG_FORMAT the server does not know stops it at start, naming the variable.
func TestBinaryRefusesUnknownLogSettings(t *testing.T) {
	bin := buildBinary(t)
	for _, env := range []string{"LOG_LEVEL=verbose", "LOG_FORMAT=xml"} {
		cmd := exec.Command(bin)
		cmd.Env = append(os.Environ(), "LISTEN_ADDR=127.0.0.1:0", "DATABASE_URL="+filepath.Join(t.TempDir(), "db"), env)
		out, err := cmd.CombinedOutput()
		name, _, _ := strings.Cut(env, "=")
		if err == nil || !strings.Contains(string(out), name+" must be") {
			t.Errorf("%s: exit %v, output:\n%s", env, err, out)
		}
	}
}
