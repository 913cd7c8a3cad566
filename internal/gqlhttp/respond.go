package gqlhttp

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"sessionguard/internal/apperr"
)

// WriteRequestError answers with a GraphQL request error: the given HTTP
// status and a body {"errors":[{"message":...,"extensions":{"code":...}}]}
// without a data entry. The media type is negotiated from r's Accept header
// exactly as the transport does (application/json when nothing matches,
// since the caller has already chosen the status). Middleware in front of the
// GraphQL handler uses it, e.g. for a CSRF rejection with 403.
func WriteRequestError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	mt, _ := negotiate(r.Header)
	writeRequestError(w, mt, status, apperr.Code(code), message)
}

func writeRequestError(w http.ResponseWriter, mt mediaType, status int, code apperr.Code, message string) {
	resp := graphql.Response{Errors: gqlerror.List{{
		Message:    message,
		Extensions: map[string]any{"code": string(code)},
	}}}
	writeResponse(w, mt, status, &resp)
}

// bufPool recycles response buffers; the hot path builds each body once and
// writes it with a single Write and an exact Content-Length.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer keeps one huge response from pinning memory in the pool.
const maxPooledBuffer = 64 << 10

// writeResponse encodes resp without re-encoding its data: gqlgen already
// produced data as JSON, and json.Marshal on a json.RawMessage would scan
// and compact it a second time. The data entry is written only when resp has
// data, so request errors carry no data entry, as the spec requires.
func writeResponse(w http.ResponseWriter, mt mediaType, status int, resp *graphql.Response) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			bufPool.Put(buf)
		}
	}()

	if err := encodeResponse(buf, resp); err != nil {
		buf.Reset()
		status = http.StatusInternalServerError
		_ = encodeResponse(buf, &graphql.Response{Errors: gqlerror.List{{
			Message:    "response could not be encoded",
			Extensions: map[string]any{"code": string(apperr.Internal)},
		}}})
	}

	// Assigned under canonical keys, with shared values where they are fixed: Header.Set and Add
	// canonicalise the key and make a slice each time, on every answer.
	h := w.Header()
	h["Content-Type"] = mt.contentTypeHeader()
	h["Content-Length"] = []string{strconv.Itoa(buf.Len())}
	// The media type, and so the status, depend on Accept.
	if vary, ok := h["Vary"]; ok {
		h["Vary"] = append(vary, "Accept")
	} else {
		h["Vary"] = varyAccept
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// encodeResponse writes errors first (as the GraphQL spec recommends), then
// data and extensions. Incremental-delivery fields (label, path, hasNext)
// are not part of a single-result HTTP response and are not written.
func encodeResponse(buf *bytes.Buffer, resp *graphql.Response) error {
	buf.WriteByte('{')
	sep := false
	field := func(name string) {
		if sep {
			buf.WriteByte(',')
		}
		sep = true
		buf.WriteString(name)
	}
	if len(resp.Errors) > 0 {
		b, err := json.Marshal(resp.Errors)
		if err != nil {
			return err
		}
		field(`"errors":`)
		buf.Write(b)
	}
	if len(resp.Data) > 0 {
		field(`"data":`)
		buf.Write(resp.Data)
	}
	if len(resp.Extensions) > 0 {
		b, err := json.Marshal(resp.Extensions)
		if err != nil {
			return err
		}
		field(`"extensions":`)
		buf.Write(b)
	}
	buf.WriteByte('}')
	return nil
}
