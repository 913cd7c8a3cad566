package gqlhttp_test

import (
	"net/http"
	"net/url"
	"testing"
)

func getURL(params ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		v.Add(params[i], params[i+1])
	}
	return "/graphql?" + v.Encode()
}

// TestGET covers URL-encoded parameters and the rule that mutations must not
// execute over GET (405, Allow: POST).
func TestGET(t *testing.T) {
	get := func(name string, params ...string) tcase {
		return tcase{name: name, method: http.MethodGet, target: getURL(params...), contentType: noHdr}
	}
	ok := func(ct string) want {
		return want{status: http.StatusOK, contentType: ct, data: `{"name":"test"}`, executed: 1}
	}
	mutation := func(ct string) want {
		return want{status: http.StatusMethodNotAllowed, contentType: ct, code: "METHOD_NOT_ALLOWED", allow: "POST"}
	}
	bad := func(c tcase) []tcase {
		return both(c, requestError(http.StatusBadRequest, ctGR, "BAD_REQUEST"),
			requestError(http.StatusBadRequest, ctJSON, "BAD_REQUEST"))
	}
	const doc = `query Q { name } mutation M { rename(name: "x") }`
	run(t, flatten(
		both(get("query", "query", "{ name }"), ok(ctGR), ok(ctJSON)),
		both(get("variables and extensions", "query", "query($id: Int!) { find(id: $id) }",
			"variables", `{"id":1}`, "extensions", `{"x":true}`), ok(ctGR), ok(ctJSON)),
		both(get("empty operationName is absent", "query", "{ name }", "operationName", ""), ok(ctGR), ok(ctJSON)),
		both(get("operationName selects query", "query", doc, "operationName", "Q"), ok(ctGR), ok(ctJSON)),
		both(get("mutation", "query", `mutation { rename(name: "x") }`), mutation(ctGR), mutation(ctJSON)),
		both(get("operationName selects mutation", "query", doc, "operationName", "M"), mutation(ctGR), mutation(ctJSON)),
		both(get("invalid mutation still 405", "query", `mutation { nope }`), mutation(ctGR), mutation(ctJSON)),
		both(get("mutation with bad variables still 405", "query", `mutation($n: String!) { rename(name: $n) }`),
			mutation(ctGR), mutation(ctJSON)),
		both(get("subscription", "query", "subscription { tick }"),
			requestError(http.StatusBadRequest, ctGR, "OPERATION_NOT_SUPPORTED"),
			requestError(http.StatusOK, ctJSON, "OPERATION_NOT_SUPPORTED")),
		bad(get("missing query")),
		bad(get("empty query", "query", "")),
		bad(get("repeated query", "query", "{ name }", "query", "{ name }")),
		bad(get("variables not json", "query", "{ name }", "variables", "{")),
		bad(get("variables array", "query", "{ name }", "variables", "[1]")),
		bad(get("variables trailing data", "query", "{ name }", "variables", "{} 1")),
		bad(get("extensions string", "query", "{ name }", "extensions", `"x"`)),
		bad(tcase{name: "malformed url query", method: http.MethodGet, target: "/graphql?query=%zz", contentType: noHdr}),
	))
}
