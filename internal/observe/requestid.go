package observe

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
)

// RequestIDHeader names the request id a trusted proxy may pass and every answer carries.
const RequestIDHeader = "X-Request-Id"

// maxRequestIDLen bounds an id taken from a proxy: it is logged on every line of its request.
const maxRequestIDLen = 128

type requestIDKey struct{}

// WithRequestID returns ctx carrying id, which loggers from NewLogger add to every line.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID is the id ctx carries, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// IncomingRequestID is the id to use for r: the X-Request-Id a trusted proxy sent (trusted
// says whether r came from one), if it is a plain token, else a new random one. A client's own
// id is not taken: it could pose as another request in the log.
func IncomingRequestID(r *http.Request, trusted bool) string {
	if trusted {
		if id := r.Header.Get(RequestIDHeader); plainToken(id) {
			return id
		}
	}
	return NewRequestID()
}

// NewRequestID is 16 random hex digits: short to read, and unique enough among one
// deployment's requests for a log search.
func NewRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// plainToken accepts ids that cannot forge a log line or a header: 1 to maxRequestIDLen
// letters, digits and -_.:/+=.
func plainToken(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '+' || c == '=':
		default:
			return false
		}
	}
	return true
}
