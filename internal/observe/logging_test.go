package observe_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"sessionguard/internal/observe"
)

func TestParseLogConfig(t *testing.T) {
	cases := []struct {
		format, level string
		want          observe.LogConfig
		wantErr       string
	}{
		{"", "", observe.LogConfig{Level: slog.LevelInfo}, ""},
		{"text", "info", observe.LogConfig{Level: slog.LevelInfo}, ""},
		{"JSON", "debug", observe.LogConfig{JSON: true, Level: slog.LevelDebug}, ""},
		{"json", "warn", observe.LogConfig{JSON: true, Level: slog.LevelWarn}, ""},
		{"text", "Error", observe.LogConfig{Level: slog.LevelError}, ""},
		{"yaml", "", observe.LogConfig{}, `LOG_FORMAT must be text or json, got "yaml"`},
		{"", "trace", observe.LogConfig{}, `LOG_LEVEL must be debug, info, warn or error, got "trace"`},
	}
	for _, tc := range cases {
		got, err := observe.ParseLogConfig(tc.format, tc.level)
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("(%q, %q): error %v, want %q", tc.format, tc.level, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("(%q, %q) = %+v, %v; want %+v", tc.format, tc.level, got, err, tc.want)
		}
	}
}

// Lines logged with a request's context carry its id, in either format and through With.
func TestLoggerTagsRequestID(t *testing.T) {
	ctx := observe.WithRequestID(context.Background(), "req-1")
	var buf bytes.Buffer
	observe.NewLogger(&buf, observe.LogConfig{JSON: true}).With("part", "x").InfoContext(ctx, "hello")
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatal(err)
	}
	if line["request_id"] != "req-1" || line["part"] != "x" || line["msg"] != "hello" {
		t.Errorf("json line %v", line)
	}
	buf.Reset()
	text := observe.NewLogger(&buf, observe.LogConfig{Level: slog.LevelWarn})
	text.InfoContext(ctx, "dropped")
	text.WarnContext(ctx, "kept")
	text.Warn("no request")
	if got := buf.String(); strings.Contains(got, "dropped") || !strings.Contains(got, "msg=kept request_id=req-1\n") ||
		!strings.Contains(got, "msg=\"no request\"\n") {
		t.Errorf("text lines:\n%s", got)
	}
}

func TestIncomingRequestID(t *testing.T) {
	cases := []struct {
		name    string
		header  string
		trusted bool
		keep    bool
	}{
		{"a trusted proxy's id", "5f0c-ab:1/2+3=", true, true},
		{"a client's id", "5f0c", false, false},
		{"a trusted proxy's empty id", "", true, false},
		{"a trusted proxy's id with a space", "a b", true, false},
		{"a trusted proxy's id with a newline", "a\nlevel=ERROR", true, false},
		{"a trusted proxy's id of 129 bytes", strings.Repeat("x", 129), true, false},
		{"a trusted proxy's id of 128 bytes", strings.Repeat("x", 128), true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.Header[observe.RequestIDHeader] = []string{tc.header}
			got := observe.IncomingRequestID(r, tc.trusted)
			if tc.keep && got != tc.header {
				t.Fatalf("id %q, want the proxy's %q", got, tc.header)
			}
			if !tc.keep && (got == tc.header || len(got) != 16) {
				t.Fatalf("id %q, want a new 16-digit one", got)
			}
		})
	}
	if a, b := observe.NewRequestID(), observe.NewRequestID(); a == b {
		t.Errorf("two new ids alike: %s", a)
	}
}
