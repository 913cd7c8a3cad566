package gqlhttp

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"sessionguard/internal/apperr"
)

// DefaultMaxBodyBytes caps POST bodies when Transport.MaxBodyBytes is zero,
// so a client cannot make the server buffer an unbounded JSON document.
const DefaultMaxBodyBytes = 1 << 20

// requestError is a failure detected before gqlgen sees the request; it is
// answered with a fixed HTTP status regardless of the response media type.
type requestError struct {
	status  int
	code    apperr.Code
	message string
}

func badRequest(message string) *requestError {
	return &requestError{status: http.StatusBadRequest, code: apperr.BadRequest, message: message}
}

// postBody mirrors the spec's JSON encoding. Pointers and maps distinguish an
// absent or null parameter from a present one, and the concrete Go types make
// encoding/json reject wrongly typed parameters for us.
type postBody struct {
	Query         *string        `json:"query"`
	OperationName *string        `json:"operationName"`
	Variables     map[string]any `json:"variables"`
	Extensions    map[string]any `json:"extensions"`
}

// isJSONContentType accepts "application/json" with an optional UTF-8
// charset (the only request encoding the spec requires). Anything else,
// including the CORS-safelisted form and text types, is refused so that a
// cross-site form post can never reach the executor.
func isJSONContentType(ct string) bool {
	mt, params, _ := strings.Cut(ct, ";")
	if !strings.EqualFold(strings.TrimSpace(mt), MediaTypeJSON) {
		return false
	}
	for params != "" {
		var param string
		param, params, _ = strings.Cut(params, ";")
		name, value, _ := strings.Cut(param, "=")
		value = strings.Trim(strings.TrimSpace(value), `"`)
		if strings.EqualFold(strings.TrimSpace(name), "charset") && !isUTF8(value) {
			return false
		}
	}
	return true
}

// decodePOST reads the JSON request body into gqlgen's RawParams.
func decodePOST(w http.ResponseWriter, r *http.Request, limit int64) (*graphql.RawParams, *requestError) {
	body := r.Body
	if limit > 0 {
		body = http.MaxBytesReader(w, body, limit)
	}
	dec := json.NewDecoder(body)
	dec.UseNumber() // keep large integers exact, as gqlgen does
	var in postBody
	if err := dec.Decode(&in); err != nil {
		return nil, bodyError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err != nil {
			return nil, bodyError(err)
		}
		return nil, badRequest("request body must contain a single JSON object")
	}
	p := &graphql.RawParams{Variables: in.Variables, Extensions: in.Extensions}
	if in.Query != nil {
		p.Query = *in.Query
	}
	if in.OperationName != nil {
		p.OperationName = *in.OperationName
	}
	return p, checkQuery(p)
}

// bodyError turns a decoding failure into the matching request error.
func bodyError(err error) *requestError {
	var tooLarge *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooLarge):
		return &requestError{
			status:  http.StatusRequestEntityTooLarge,
			code:    apperr.PayloadTooLarge,
			message: "request body is too large",
		}
	case errors.Is(err, io.EOF):
		return badRequest("request body is empty")
	case errors.As(err, &typeErr):
		switch typeErr.Field {
		case "query", "operationName":
			return badRequest(`"` + typeErr.Field + `" must be a string`)
		case "variables", "extensions":
			return badRequest(`"` + typeErr.Field + `" must be an object`)
		}
		return badRequest("request body must be a JSON object")
	}
	return badRequest("request body is not valid JSON: " + err.Error())
}

// decodeGET reads the parameters from the URL query component. variables and
// extensions are JSON-encoded strings there; an empty value counts as absent.
func decodeGET(r *http.Request) (*graphql.RawParams, *requestError) {
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, badRequest("URL query is malformed: " + err.Error())
	}
	p := &graphql.RawParams{}
	var rerr *requestError
	get := func(name string) string {
		v := values[name]
		if len(v) > 1 && rerr == nil {
			rerr = badRequest(`"` + name + `" must be given at most once`)
		}
		if len(v) == 0 {
			return ""
		}
		return v[0]
	}
	p.Query = get("query")
	p.OperationName = get("operationName")
	variables, extensions := get("variables"), get("extensions")
	if rerr != nil {
		return nil, rerr
	}
	if p.Variables, rerr = decodeObjectParam("variables", variables); rerr != nil {
		return nil, rerr
	}
	if p.Extensions, rerr = decodeObjectParam("extensions", extensions); rerr != nil {
		return nil, rerr
	}
	return p, checkQuery(p)
}

func decodeObjectParam(name, raw string) (map[string]any, *requestError) {
	if raw == "" {
		return nil, nil
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, badRequest(`"` + name + `" must be a JSON-encoded object`)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, badRequest(`"` + name + `" must be a JSON-encoded object`)
	}
	return m, nil
}

// checkQuery rejects a missing or empty query. The one exception is an
// automatic persisted query (extensions.persistedQuery), where the client
// sends only a hash and gqlgen's APQ extension supplies the document.
func checkQuery(p *graphql.RawParams) *requestError {
	if p.Query != "" {
		return nil
	}
	if _, ok := p.Extensions["persistedQuery"]; ok {
		return nil
	}
	return badRequest(`"query" must be a non-empty string`)
}
