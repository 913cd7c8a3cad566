package gqlhttp_test

import (
	"net/http"
	"testing"
)

// TestNegotiation covers response media type selection from Accept.
func TestNegotiation(t *testing.T) {
	const query = `{"query":"{ name }"}`
	ok := func(ct string) want {
		return want{status: http.StatusOK, contentType: ct, data: `{"name":"test"}`, executed: 1}
	}
	notAcceptable := requestError(http.StatusNotAcceptable, ctJSON, "NOT_ACCEPTABLE")
	run(t, []tcase{
		{name: "graphql-response+json", accept: acGR, body: query, want: ok(ctGR)},
		{name: "json", accept: acJSON, body: query, want: ok(ctJSON)},
		{name: "no Accept is legacy json", accept: noHdr, body: query, want: ok(ctJSON)},
		{name: "empty Accept is legacy json", accept: "", body: query, want: ok(ctJSON)},
		{name: "any type", accept: "*/*", body: query, want: ok(ctJSON)},
		{name: "any application type", accept: "application/*", body: query, want: ok(ctJSON)},
		{name: "browser default", accept: "text/html,application/xhtml+xml,*/*;q=0.8", body: query, want: ok(ctJSON)},
		{name: "both listed prefers graphql-response", accept: "application/json, application/graphql-response+json", body: query, want: ok(ctGR)},
		{name: "spec recommended header", accept: "application/graphql-response+json, application/json;q=0.9", body: query, want: ok(ctGR)},
		{name: "higher q wins", accept: "application/graphql-response+json;q=0.5, application/json", body: query, want: ok(ctJSON)},
		{name: "named type beats wildcard", accept: "*/*, application/graphql-response+json", body: query, want: ok(ctGR)},
		{name: "wildcard q beats low named q", accept: "application/graphql-response+json;q=0.1, */*;q=0.5", body: query, want: ok(ctJSON)},
		{name: "q=0 excludes a type", accept: "application/json;q=0, */*", body: query, want: ok(ctGR)},
		{name: "utf-8 charset param", accept: "application/graphql-response+json; charset=utf-8", body: query, want: ok(ctGR)},
		{name: "case insensitive", accept: "Application/GraphQL-Response+JSON", body: query, want: ok(ctGR)},
		{name: "other charset is not acceptable", accept: "application/json; charset=iso-8859-1", body: query, want: notAcceptable},
		{name: "html only", accept: "text/html", body: query, want: notAcceptable},
		{name: "event stream only", accept: "text/event-stream", body: query, want: notAcceptable},
		{name: "both refused", accept: "application/json;q=0, application/graphql-response+json;q=0", body: query, want: notAcceptable},
		{name: "406 on GET too", method: http.MethodGet, target: "/graphql?query={name}", accept: "image/png", want: notAcceptable},
	})
}
