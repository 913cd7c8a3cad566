package gqlhttp

import (
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"sessionguard/internal/apperr"
)

// Transport serves GraphQL over HTTP GET and POST (one type, because it must
// also answer every other method with 405 rather than letting gqlgen reply
// with its generic 400 "transport not supported").
//
// Status codes:
//   - 405 for methods other than GET/POST (Allow: GET, POST) and for a
//     mutation over GET (Allow: POST); 406 when Accept allows neither media
//     type; 415 for a POST that is not application/json; 413 for a body over
//     MaxBodyBytes; 400 for a malformed request (both media types).
//   - A response with a data entry (even data: null) is 200.
//   - A response without data (parse/validation errors, errors returned by
//     gqlgen extensions or operation middleware before execution) is 200 as
//     application/json and 4xx/5xx as application/graphql-response+json:
//     the error's extensions.code is looked up in CodeStatus, then in the
//     defaults (parse/validation 400, UNAUTHENTICATED 401, FORBIDDEN 403),
//     else 400.
//
// The zero value is ready to use.
type Transport struct {
	// MaxBodyBytes limits the POST body. Zero means DefaultMaxBodyBytes;
	// a negative value disables the limit.
	MaxBodyBytes int64

	// MaxTokens is the parser token limit for the one document this transport parses itself
	// (to tell a refused GET mutation, which gets 405). Zero means DefaultMaxTokens; give it
	// the limit the executor parses with.
	MaxTokens int

	// CodeStatus adds or overrides extensions.code → HTTP status mappings
	// for responses without data served as application/graphql-response+json
	// (e.g. {"RATE_LIMITED": 429}). Values outside 400-599 are ignored
	// because the spec requires an error status there.
	CodeStatus map[string]int
}

var _ graphql.Transport = Transport{}

// Supports claims every request except websocket upgrades, which belong to
// gqlgen's websocket transport. Claiming non-JSON POSTs and other methods is
// what lets Do answer them with 415 and 405.
func (t Transport) Supports(r *http.Request) bool {
	return !IsWebsocketUpgrade(r)
}

// Do handles one request. Checks run in the order method, Accept,
// Content-Type, body, so each failure gets the most specific status.
func (t Transport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		mt, _ := negotiate(r.Header)
		w.Header().Set("Allow", "GET, POST")
		writeRequestError(w, mt, http.StatusMethodNotAllowed, apperr.MethodNotAllowed,
			"GraphQL requests must use GET or POST")
		return
	}
	mt, ok := negotiate(r.Header)
	if !ok {
		writeRequestError(w, mediaJSON, http.StatusNotAcceptable, apperr.NotAcceptable,
			"Accept must allow "+MediaTypeGraphQLResponse+" or "+MediaTypeJSON)
		return
	}

	var params *graphql.RawParams
	var rerr *requestError
	if r.Method == http.MethodGet {
		params, rerr = decodeGET(r)
	} else if !isJSONContentType(r.Header.Get("Content-Type")) {
		rerr = &requestError{
			status:  http.StatusUnsupportedMediaType,
			code:    apperr.UnsupportedMediaType,
			message: "Content-Type must be " + MediaTypeJSON,
		}
	} else {
		params, rerr = decodePOST(w, r, t.maxBodyBytes())
	}
	if rerr != nil {
		writeRequestError(w, mt, rerr.status, rerr.code, rerr.message)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	t.execute(w, r, exec, mt, params)
}

// DefaultMaxTokens bounds the re-parse in isMutation when Transport.MaxTokens is zero.
const DefaultMaxTokens = 20_000

func (t Transport) maxTokens() int {
	if t.MaxTokens <= 0 {
		return DefaultMaxTokens
	}
	return t.MaxTokens
}

func (t Transport) maxBodyBytes() int64 {
	if t.MaxBodyBytes == 0 {
		return DefaultMaxBodyBytes
	}
	return t.MaxBodyBytes
}

// execute runs the operation through gqlgen and writes its single result.
func (t Transport) execute(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, mt mediaType, params *graphql.RawParams) {
	ctx := r.Context()
	isGET := r.Method == http.MethodGet
	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		if isGET && isMutation(opCtx, params, t.maxTokens()) {
			writeMutationOverGET(w, mt)
			return
		}
		t.writeResult(w, mt, exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs))
		return
	}

	switch opCtx.Operation.Operation {
	case ast.Mutation:
		if isGET {
			writeMutationOverGET(w, mt)
			return
		}
	case ast.Subscription:
		// A single HTTP response cannot carry a stream; answering would
		// block until the first event. Subscriptions use websocket/SSE.
		err := &gqlerror.Error{
			Message:    "subscriptions are not supported over this transport",
			Extensions: map[string]any{"code": string(apperr.OperationNotSupported)},
		}
		t.writeResult(w, mt, exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), gqlerror.List{err}))
		return
	}

	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	t.writeResult(w, mt, responses(ctx))
}

// writeResult chooses the status for a gqlgen response and writes it. A
// response without data never reached execution (or was stopped before it),
// which the spec treats as a request error.
func (t Transport) writeResult(w http.ResponseWriter, mt mediaType, resp *graphql.Response) {
	switch {
	case resp == nil || (len(resp.Data) == 0 && len(resp.Errors) == 0):
		// The context was cancelled or a middleware returned nothing.
		writeRequestError(w, mt, http.StatusInternalServerError, apperr.Internal,
			"the operation produced no response")
	case len(resp.Data) > 0 || mt == mediaJSON:
		writeResponse(w, mt, http.StatusOK, resp)
	default:
		writeResponse(w, mt, t.requestErrorStatus(resp.Errors), resp)
	}
}

func writeMutationOverGET(w http.ResponseWriter, mt mediaType) {
	w.Header().Set("Allow", "POST")
	writeRequestError(w, mt, http.StatusMethodNotAllowed, apperr.MethodNotAllowed,
		"mutations must use POST")
}

// isMutation reports whether query and operationName select a mutation even
// though gqlgen rejected the request (e.g. a GET mutation that also fails
// validation): the spec's 405 depends only on the operation type. gqlgen
// drops the document when validation fails, so it is re-parsed here; this
// only happens on the error path, and with a token limit, since the request
// may have been refused for being too large to parse: past the limit, that
// refusal is the answer rather than 405.
func isMutation(opCtx *graphql.OperationContext, params *graphql.RawParams, tokenLimit int) bool {
	var doc *ast.QueryDocument
	if opCtx != nil {
		doc = opCtx.Doc
	}
	if doc == nil {
		var err error
		if doc, err = parser.ParseQueryWithTokenLimit(&ast.Source{Input: params.Query}, tokenLimit); err != nil {
			return false
		}
	}
	op := doc.Operations.ForName(params.OperationName)
	return op != nil && op.Operation == ast.Mutation
}
