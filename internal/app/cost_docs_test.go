package app_test

import (
	"fmt"
	"strings"

	"sessionguard/internal/app"
	"sessionguard/internal/gqlhttp"
)

// costAttack is a request built to make a GraphQL server work hard before it answers, and the
// code it must be refused with.
type costAttack struct {
	name  string
	query string
	vars  map[string]any
	code  string
	limit string // the extension naming the limit hit, when the cost check refuses it
}

// repeatDoc is "{" + n times sel + " }".
func repeatDoc(n int, sel string) string {
	return "{" + strings.Repeat(" "+sel, n) + " }"
}

// numberedDoc is prefix, then n times format with i, then suffix.
func numberedDoc(prefix string, n int, format, suffix string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	b.WriteString(suffix)
	return b.String()
}

// doublingFragments spreads F0 from the operation; each of n fragments spreads the next twice,
// so the operation yields 2^n fields in well under a kilobyte.
func doublingFragments(n int) string {
	var b strings.Builder
	b.WriteString("{ ...F0 }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { __typename }\n", n)
	return b.String()
}

// costAttacks lists the worst documents we know how to build, each near the body limit or at the
// size where it does the most harm, with the refusal every one must get without a login.
func costAttacks() []costAttack {
	body := app.MaxRequestBytes - 1024 // room for the JSON envelope
	typenames := func(bytes int) int { return bytes / len(" __typename") }
	manyKeys := map[string]any{"search": "a"}
	for i := range body / 16 {
		manyKeys[fmt.Sprintf("x%07d", i)] = 0
	}
	return []costAttack{
		{"fragments spreading the next twice, 30 levels", doublingFragments(30), nil, "COMPLEXITY_LIMIT_EXCEEDED", "maxFields"},
		{"fragments spreading each other twice in a cycle",
			"{ ...A } fragment A on Query { ...B ...B } fragment B on Query { ...A ...A }", nil, "GRAPHQL_VALIDATION_FAILED", ""},
		{"__typename repeated to the body limit", repeatDoc(typenames(body), "__typename"), nil, "QUERY_TOO_LARGE", "maxBytes"},
		{"__typename repeated 16,000 times (176 KB)", repeatDoc(16_000, "__typename"), nil, "PAYLOAD_TOO_LARGE", ""},
		{"1 MiB of __typename", repeatDoc(gqlhttp.DefaultMaxBodyBytes/len(" __typename"), "__typename"), nil, "PAYLOAD_TOO_LARGE", ""},
		{"__typename repeated 5,000 times", repeatDoc(5_000, "__typename"), nil, "COMPLEXITY_LIMIT_EXCEEDED", "maxFields"},
		{"nested fields repeated", repeatDoc(1_500, "me { user { id } }"), nil, "COMPLEXITY_LIMIT_EXCEEDED", "maxFields"},
		{"aliases", numberedDoc("{", 400, " a%d: __typename", " }"), nil, "COMPLEXITY_LIMIT_EXCEEDED", "maxAliases"},
		{"aliased logins", numberedDoc("mutation {", 500, ` a%d: login(input: {email: "a@b.c", password: "guess"}) { token }`, " }"),
			nil, "TOO_MANY_CREDENTIAL_ATTEMPTS", "maxCredentialAttempts"},
		{"nesting at the parser's limit", strings.Repeat("{ a ", 999) + strings.Repeat("}", 999), nil, "QUERY_TOO_DEEP", "maxDepth"},
		{"many operations", numberedDoc("", 1_000, "query Q%d { __typename }\n", ""), nil, "QUERY_TOO_LARGE", "maxOperations"},
		{"many fragments", numberedDoc("{ __typename }\n", 1_000, "fragment F%d on Query { __typename }\n", ""), nil, "QUERY_TOO_LARGE", "maxFragments"},
		{"a string to the body limit", `{ __typename(a: "` + strings.Repeat("x", body-64) + `") }`, nil, "QUERY_TOO_LARGE", "maxBytes"},
		{"many directives", repeatDoc(1, "__typename"+strings.Repeat(" @skip(if: false)", 2_000)), nil, "QUERY_TOO_LARGE", "maxDirectives"},
		{"many variables", numberedDoc("query(", 3_000, "$v%d: Int ", ") { __typename }"), nil, "QUERY_TOO_LARGE", "maxVariables"},
		{"many tokens", repeatDoc(25_000, "a"), nil, "QUERY_TOO_LARGE", "maxTokens"},
		{"many introspections", numberedDoc("{", 11, " s%d: __schema { queryType { name } }", " }"), nil, "INTROSPECTION_LIMIT_EXCEEDED", "maxIntrospections"},
		// Within every limit: the names cost validation's suggestions their length.
		{"a name of 60 KB", "{ " + strings.Repeat("a", 60_000) + " }", nil, "GRAPHQL_VALIDATION_FAILED", ""},
		{"variables to the body limit", `query($f: SessionFilter) { sessions(filter: $f) { totalCount } }`,
			map[string]any{"f": manyKeys}, "GRAPHQL_VALIDATION_FAILED", ""},
		{"variables nested deeply", `query($f: SessionFilter) { sessions(filter: $f) { totalCount } }`,
			map[string]any{"f": map[string]any{"search": nestedList(5_000)}}, "GRAPHQL_VALIDATION_FAILED", ""},
	}
}

// costWorstPassing lists the documents that cost validation the most while passing the cost
// check, each at one of its limits.
func costWorstPassing() []costAttack {
	reversedArgs := func(from, to, step int) string {
		var b strings.Builder
		for i := from; i != to; i += step {
			fmt.Fprintf(&b, " a%d: 0", i)
		}
		return b.String()
	}
	const args = 498
	return []costAttack{
		{name: "__typename 500 times", query: repeatDoc(500, "__typename")},
		{name: "nested fields 166 times", query: repeatDoc(166, "me { user { id } }")},
		{name: "22 fields of 20 ids", query: repeatDoc(22, "me { user {"+strings.Repeat(" id", 20)+" } }")},
		{name: "100 fragments compared pairwise", query: numberedDoc("{", 100, " ...F%d", " }\n") +
			numberedDoc("", 100, "fragment F%d on Query {"+strings.Repeat(" __typename", 5)+" }\n", "")},
		{name: "arguments compared pairwise", query: "{ __typename(" + reversedArgs(0, args, 1) + ") __typename(" +
			reversedArgs(args-1, -1, -1) + ") }"},
	}
}

// nestedList is [[[...]]] n levels deep.
func nestedList(n int) any {
	var v any = []any{}
	for range n - 1 {
		v = []any{v}
	}
	return v
}
