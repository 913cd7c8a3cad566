package gqlhttp_test

import (
	"net/http"
	"testing"

	"sessionguard/internal/gqlhttp"
)

// TestPOSTContentType: only JSON bodies are accepted; in particular the
// form and text types a cross-site form can send get 415 and never execute.
func TestPOSTContentType(t *testing.T) {
	const query = `{"query":"{ name }"}`
	ok := func(ct string) want {
		return want{status: http.StatusOK, contentType: ct, data: `{"name":"test"}`, executed: 1}
	}
	unsupported := func(name, contentType string) []tcase {
		return both(tcase{name: name, contentType: contentType, body: query},
			requestError(http.StatusUnsupportedMediaType, ctGR, "UNSUPPORTED_MEDIA_TYPE"),
			requestError(http.StatusUnsupportedMediaType, ctJSON, "UNSUPPORTED_MEDIA_TYPE"))
	}
	run(t, flatten(
		both(tcase{name: "json", body: query}, ok(ctGR), ok(ctJSON)),
		both(tcase{name: "json utf-8", contentType: "application/json; charset=utf-8", body: query}, ok(ctGR), ok(ctJSON)),
		both(tcase{name: "json uppercase", contentType: "Application/JSON;Charset=UTF-8", body: query}, ok(ctGR), ok(ctJSON)),
		unsupported("missing", noHdr),
		unsupported("text/plain", "text/plain"),
		unsupported("form urlencoded", "application/x-www-form-urlencoded"),
		unsupported("multipart", "multipart/form-data; boundary=x"),
		unsupported("application/graphql", "application/graphql"),
		unsupported("application/graphql+json", "application/graphql+json"),
		unsupported("json in latin1", "application/json; charset=iso-8859-1"),
	))
}

// TestPOSTMalformed: a request that is not a well-formed GraphQL-over-HTTP
// request is 400 with no data entry, whatever the media type.
func TestPOSTMalformed(t *testing.T) {
	bad := func(name, body string) []tcase {
		return both(tcase{name: name, body: body},
			requestError(http.StatusBadRequest, ctGR, "BAD_REQUEST"),
			requestError(http.StatusBadRequest, ctJSON, "BAD_REQUEST"))
	}
	ok := func(ct string) want {
		return want{status: http.StatusOK, contentType: ct, data: `{"name":"test"}`, executed: 1}
	}
	run(t, flatten(
		bad("invalid json", `{"query":`),
		bad("not json", `NONSENSE`),
		bad("empty body", ``),
		bad("null body", `null`),
		bad("batch array", `[{"query":"{ name }"}]`),
		bad("string body", `"{ name }"`),
		bad("trailing data", `{"query":"{ name }"} {}`),
		bad("missing query", `{"qeury":"{ name }"}`),
		bad("null query", `{"query":null}`),
		bad("empty query", `{"query":""}`),
		bad("number query", `{"query":1}`),
		bad("object query", `{"query":{"a":1}}`),
		bad("array query", `{"query":["{ name }"]}`),
		bad("boolean operationName", `{"query":"{ name }","operationName":false}`),
		bad("string variables", `{"query":"{ name }","variables":"{}"}`),
		bad("array variables", `{"query":"{ name }","variables":[7]}`),
		bad("number extensions", `{"query":"{ name }","extensions":0}`),
		both(tcase{name: "null optionals", body: `{"query":"{ name }","operationName":null,"variables":null,"extensions":null}`}, ok(ctGR), ok(ctJSON)),
		both(tcase{name: "unknown keys ignored", body: `{"query":"{ name }","extra":1}`}, ok(ctGR), ok(ctJSON)),
		both(tcase{name: "body over limit", body: `{"query":"{ name }","pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}`,
			tr: gqlhttp.Transport{MaxBodyBytes: 32}},
			requestError(http.StatusRequestEntityTooLarge, ctGR, "PAYLOAD_TOO_LARGE"),
			requestError(http.StatusRequestEntityTooLarge, ctJSON, "PAYLOAD_TOO_LARGE")),
		both(tcase{name: "negative limit disables cap", body: `{"query":"{ name }","pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}`,
			tr: gqlhttp.Transport{MaxBodyBytes: -1}}, ok(ctGR), ok(ctJSON)),
	))
}
