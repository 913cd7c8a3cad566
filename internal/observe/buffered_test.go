package observe

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while the flusher writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// Lines reach the writer within FlushEvery, whole, from many goroutines at once; Close writes
// what is left at once.
func TestBufferedWriterFlushesWholeLines(t *testing.T) {
	out := &syncBuffer{}
	w := NewBufferedWriter(out)
	log := slog.New(slog.NewTextHandler(w, nil))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				log.Info("line", "g", g, "i", i)
			}
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(10 * FlushEvery)
	for strings.Count(out.String(), "\n") < 800 && time.Now().Before(deadline) {
		time.Sleep(FlushEvery / 4)
	}
	if n := strings.Count(out.String(), "\n"); n != 800 {
		t.Fatalf("%d lines after %v, want 800", n, 10*FlushEvery)
	}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !strings.HasPrefix(line, "time=") || !strings.Contains(line, " msg=line g=") {
			t.Fatalf("a torn line: %q", line)
		}
	}
	log.Info("last")
	if err := w.Close(); err != nil || !strings.Contains(out.String(), "msg=last") {
		t.Errorf("Close: %v; the last line written: %v", err, strings.Contains(out.String(), "msg=last"))
	}
}

// BenchmarkLogWriter is one access-shaped line to a file, written at once (a write system call
// each) or buffered.
func BenchmarkLogWriter(b *testing.B) {
	line := func(l *slog.Logger) {
		l.Info("request", "method", "POST", "path", "/graphql", "status", 200, "duration_ms", 1.2,
			"operation", "query", "client_ip", "127.0.0.1", "account_id", "01a23c1c-f330-7e11-b721-0dba8b671df5")
	}
	for _, buffered := range []bool{false, true} {
		name := "direct"
		f, err := os.Create(filepath.Join(b.TempDir(), "log"))
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		var w io.Writer = f
		if buffered {
			name = "buffered"
			bw := NewBufferedWriter(w)
			defer bw.Close()
			w = bw
		}
		b.Run(name, func(b *testing.B) {
			l := slog.New(slog.NewTextHandler(w, nil))
			for b.Loop() {
				line(l)
			}
		})
	}
}
