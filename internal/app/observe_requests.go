package app

import (
	"bufio"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"sessionguard/internal/auth"
	"sessionguard/internal/clientinfo"
	"sessionguard/internal/observe"
)

// requestInfo is what the layers below the access log learn of an HTTP request and the log
// line reports: the GraphQL operation (set by operationObserver) and who sent it.
type requestInfo struct {
	op     observe.Operation
	label  string // the operation-name label: observe.OtherName unless a known document
	name   string // the name the client gave, for the log only
	caller *auth.Request
	// ids of the caller as the operation started: a logout's are gone from caller by the end.
	accountID, userID, sessionID string
	apiKeyID                     string // when an API key is the caller
}

type requestInfoKey struct{}

func requestInfoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return info
}

// observeRequests gives every request its id (a trusted proxy's X-Request-Id, or a new one),
// echoed in the answer and tagged on every log line about the request, then counts, times and
// logs it in one access line. The line names the caller by ids only: never a token, a
// password, a cookie or the query string (a GET's variables). A websocket upgrade gets no
// access line: its socket logs its own opening and closing.
func (a *App) observeRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := observe.IncomingRequestID(r, clientinfo.FromTrustedProxy(r, a.cfg.TrustedProxies))
		w.Header()[observe.RequestIDHeader] = []string{id} // canonical already: Set would check it again
		info := &requestInfo{label: observe.OtherName}
		ctx := context.WithValue(observe.WithRequestID(r.Context(), id), requestInfoKey{}, info)
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if rec.hijacked {
			return
		}
		took := time.Since(start)
		a.metrics.Request(observe.HTTP, info.op, info.label, took)
		level := accessLevel(r, rec.statusCode())
		if !a.log.Enabled(ctx, level) {
			return // a passing probe at LOG_LEVEL=info: no line to build
		}
		attrs := [12]slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.statusCode()),
			slog.Float64("duration_ms", float64(took.Microseconds())/1000),
			slog.String("operation", info.op.String()),
			slog.String("operation_name", info.name),
			slog.String("client_ip", info.clientIP(r, a.cfg.TrustedProxies).String()),
			slog.String("account_id", info.callerAccountID()),
			slog.String("user_id", info.callerUserID()),
			slog.String("session_id", info.callerSessionID()),
		}
		n := 10
		if info.apiKeyID != "" {
			attrs[n] = slog.String("api_key_id", info.apiKeyID)
			n++
		}
		attrs[n] = slog.String("request_id", id)
		// The record is built here rather than by LogAttrs, which asks the runtime for the caller
		// of every line (no handler here reports it), and it carries request_id already, so
		// observe's handler, given a context without it, does not copy the attributes to add it.
		// Together about 1.4 % of the hot path's CPU.
		line := slog.NewRecord(start.Add(took), level, "request", 0)
		line.AddAttrs(attrs[:n+1]...)
		_ = a.log.Handler().Handle(context.Background(), line) // a failed write has nowhere better to go
	})
}

// accessLevel is info, but debug for a probe that passed: a load balancer probing every few
// seconds would otherwise bury the requests worth reading.
func accessLevel(r *http.Request, status int) slog.Level {
	if status == http.StatusOK && (r.URL.Path == "/healthz" || r.URL.Path == "/readyz") {
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

// clientIP is the caller's address: as the auth middleware read it, when the request reached
// it (the hot path parses the headers once), else read from r.
func (i *requestInfo) clientIP(r *http.Request, trusted []netip.Prefix) netip.Addr {
	if i.caller != nil && i.caller.ClientIP.IsValid() {
		return i.caller.ClientIP
	}
	return clientinfo.ClientIP(r, trusted)
}

// The caller's ids: as the operation started, else as it ended (a login's new session).
func (i *requestInfo) callerAccountID() string {
	if i.accountID == "" && i.caller != nil && i.caller.Principal != nil {
		return i.caller.Principal.User.AccountID
	}
	return i.accountID
}

func (i *requestInfo) callerUserID() string {
	if i.userID == "" && i.caller != nil && i.caller.Principal != nil {
		return i.caller.Principal.User.ID
	}
	return i.userID
}

func (i *requestInfo) callerSessionID() string {
	if i.sessionID == "" && i.caller != nil {
		return i.caller.SessionID
	}
	return i.sessionID
}

// noteCaller keeps the ids of the caller as the operation starts.
func (i *requestInfo) noteCaller(caller *auth.Request) {
	i.caller = caller
	if p := caller.Principal; p != nil {
		i.accountID, i.userID, i.sessionID = p.User.AccountID, p.User.ID, p.Session.ID
		if p.APIKey != nil {
			i.apiKeyID = p.APIKey.ID
		}
	}
}

// statusRecorder remembers the status written, and lets the websocket upgrader hijack.
type statusRecorder struct {
	http.ResponseWriter
	status   int
	hijacked bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) statusCode() int {
	if s.status == 0 {
		return http.StatusOK
	}
	return s.status
}

// Unwrap lets http.ResponseController reach the writer's Flush and deadlines.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Hijack hands the connection to the websocket upgrader, which asks for http.Hijacker itself.
func (s *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := s.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("app: the response writer cannot be hijacked")
	}
	s.hijacked = true
	return h.Hijack()
}
