package observe

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// LogConfig is how the process logs: LOG_FORMAT (text or json) and LOG_LEVEL.
type LogConfig struct {
	JSON  bool
	Level slog.Level
}

// ParseLogConfig reads LOG_FORMAT ("" or text, json) and LOG_LEVEL ("" or info, debug, warn,
// error); anything else is an error naming the variable, so a typo fails startup rather than
// silently logging in a shape the collector cannot parse.
func ParseLogConfig(format, level string) (LogConfig, error) {
	var c LogConfig
	switch strings.ToLower(format) {
	case "", "text":
	case "json":
		c.JSON = true
	default:
		return c, fmt.Errorf("LOG_FORMAT must be text or json, got %q", format)
	}
	switch strings.ToLower(level) {
	case "", "info":
		c.Level = slog.LevelInfo
	case "debug":
		c.Level = slog.LevelDebug
	case "warn", "warning":
		c.Level = slog.LevelWarn
	case "error":
		c.Level = slog.LevelError
	default:
		return c, fmt.Errorf("LOG_LEVEL must be debug, info, warn or error, got %q", level)
	}
	return c, nil
}

// NewLogger logs to w as c says, adding the request id of the context to every line logged
// with one (slog.InfoContext and the like).
func NewLogger(w io.Writer, c LogConfig) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.Level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if c.JSON {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(requestIDHandler{h})
}

// requestIDHandler adds request_id to records logged with a context that carries one.
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(attrs)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}
