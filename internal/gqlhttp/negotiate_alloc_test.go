package gqlhttp

import (
	"net/http"
	"strings"
	"testing"
)

// Negotiating a long Accept header allocates nothing, however many ranges it lists: anyone may
// send one, with or without a login.
func TestNegotiationReadsALongAcceptWithoutAllocating(t *testing.T) {
	h := http.Header{"Accept": {strings.Repeat(",", 1<<20) + "text/html;q=0.9, application/graphql-response+json"}}
	var got mediaType
	var ok bool
	allocs := testing.AllocsPerRun(3, func() { got, ok = negotiate(h) })
	if !ok || got != mediaGraphQLResponse || allocs != 0 {
		t.Errorf("negotiate = %v, %v with %v allocations; want the GraphQL response type with none", got, ok, allocs)
	}
}
