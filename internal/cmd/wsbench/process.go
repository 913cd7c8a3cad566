package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The bootstrap administrator every server process starts with.
const (
	adminEmail    = "wsbench@example.test"
	adminPassword = "wsbench-password"
)

// server is one running process of the binary under test.
type server struct {
	cmd  *exec.Cmd
	addr string // host:port
}

// startServers starts n processes of bin on databaseURL, one after the other (the first
// migrates), logging to a temporary directory; stop stops them and removes it.
func startServers(ctx context.Context, bin, databaseURL string, n int) (servers []*server, stop func(), err error) {
	dir, err := os.MkdirTemp("", "wsbench")
	if err != nil {
		return nil, nil, fmt.Errorf("wsbench: unable to create a log directory: %w", err)
	}
	stop = func() {
		for _, s := range servers {
			s.stop()
		}
		_ = os.RemoveAll(dir)
	}
	for i := range n {
		s, err := startServer(ctx, bin, databaseURL, filepath.Join(dir, fmt.Sprintf("server%d.log", i)))
		if err != nil {
			stop()
			return nil, nil, err
		}
		servers = append(servers, s)
	}
	return servers, stop, nil
}

// startServer starts bin on databaseURL and waits until it answers /healthz.
func startServer(ctx context.Context, bin, databaseURL, logPath string) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("wsbench: unable to create server log: %w", err)
	}
	defer logFile.Close()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "LISTEN_ADDR="+addr, "DATABASE_URL="+databaseURL,
		"BOOTSTRAP_ADMIN_EMAIL="+adminEmail, "BOOTSTRAP_ADMIN_PASSWORD="+adminPassword)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("wsbench: unable to start %s: %w", bin, err)
	}
	s := &server{cmd: cmd, addr: addr}
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if ctx.Err() != nil {
			break
		}
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
	}
	s.stop()
	return nil, fmt.Errorf("wsbench: %s did not become healthy (log: %s)", bin, logPath)
}

// stop asks the server to shut down, and kills it if it has not within ten seconds.
func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// rssKB reads the process's resident set (VmRSS) and its peak (VmHWM), in kB.
func (s *server) rssKB() (rss, hwm int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0, fmt.Errorf("wsbench: unable to read status: %w", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "VmRSS:":
			rss, _ = strconv.ParseInt(f[1], 10, 64)
		case "VmHWM:":
			hwm, _ = strconv.ParseInt(f[1], 10, 64)
		}
	}
	return rss, hwm, nil
}

// cpuTicks reads the process's user plus system CPU time, in clock ticks (USER_HZ, 100 a second).
func (s *server) cpuTicks() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0, fmt.Errorf("wsbench: unable to read stat: %w", err)
	}
	// The command name, in parentheses, may hold spaces: fields count from after it.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64) // field 14 of proc(5)
	stime, _ := strconv.ParseInt(f[12], 10, 64) // field 15
	return utime + stime, nil
}

// freeAddr finds a loopback port nobody listens on.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("wsbench: no free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
