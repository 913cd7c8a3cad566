package app

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"sessionguard/graph"
	"sessionguard/graph/model"
	"sessionguard/internal/gqlcost"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// Query cost limits: complexity counts a list field as its page size times its children, so a
// page of 100 sessions with their users costs about 2,000; depth stops deeply nested queries
// (user → account → ...) that complexity alone prices too cheaply.
const (
	maxComplexity = 10_000
	maxDepth      = 12
	// A GraphiQL or codegen introspection query uses one __schema; a few __type lookups are fine.
	maxIntrospections = 10
	// Introspection follows type references (ofType) deeper than any query of our own types:
	// GraphiQL's query nests 15 levels. The introspection types are few and fixed, so deep is
	// not expensive there.
	maxIntrospectionDepth = 20
)

// maxRequestBytes bounds a request's body (and a websocket message): a document of at most
// costLimits.Bytes with its variables. Nothing this API takes is larger, and decoding a JSON body
// is the largest cost of refusing one (20 ms for 1 MiB of variables).
const maxRequestBytes = 128 << 10

// costLimits bound every document before gqlgen parses, validates or prices it (see costCheck).
// Validation compares the fields of a selection set pairwise and suggests names for unknown
// ones at a cost of their length, so Fields and Bytes are what keep it fast; the others bound
// the linear work and the size of the answer. Chosen by measurement (BenchmarkCost and
// BenchmarkCostValidation): the worst documents that pass validate in about 15 ms; the
// console's operations (under 30 fields) pass with room to spare, and so does GraphiQL's
// introspection query (226 fields, 501 nodes, 2 KB, 15 levels under __schema).
var costLimits = gqlcost.Limits{
	Bytes:      64 << 10,
	Tokens:     20_000,
	Operations: 20,
	Fragments:  100,
	Directives: 100,
	Variables:  50,

	Depth:              maxDepth,
	IntrospectionDepth: maxIntrospectionDepth,
	Introspections:     maxIntrospections,
	// One login or signUp per request: aliases would otherwise pack hundreds of password
	// guesses (and argon2 hashes) into one request.
	Credentials:      1,
	CredentialFields: []string{"login", "signUp"},

	Fields:  500,
	Aliases: 200,
	Nodes:   2_000,
}

// complexity prices paginated fields by the page size they ask for.
func complexity() graph.ComplexityRoot {
	var c graph.ComplexityRoot
	c.Query.Sessions = func(child int, _ *model.SessionFilter, first *int, _ *string, _ *model.SessionOrder) int {
		return pageCost(child, first)
	}
	c.Query.MySessions = func(child int, _ *models.SessionStatus, first *int, _ *string, _ *model.SessionOrder) int {
		return pageCost(child, first)
	}
	c.Query.Users = func(child int, _ *string, first *int, _ *string) int {
		return pageCost(child, first)
	}
	return c
}

func pageCost(child int, first *int) int {
	n, err := store.PageSize(first)
	if err != nil || n == 0 {
		n = 1
	}
	return 1 + child*n
}

// costCheck refuses a document over its limits (internal/gqlcost) before gqlgen parses,
// validates or prices it: neither gqlparser's validator nor gqlgen's complexity count takes a
// context, so an unbounded document would keep a core busy long after its client has gone. It
// runs after the APQ extension, on the document APQ resolved. Documents in gqlgen's query cache
// passed already (the limits do not depend on the caller), so the hot path is not parsed twice.
type costCheck struct {
	limits gqlcost.Limits
	passed graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = costCheck{}

func (costCheck) ExtensionName() string                   { return "CostCheck" }
func (costCheck) Validate(graphql.ExecutableSchema) error { return nil }

func (c costCheck) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if p.Query == "" {
		return nil // gqlgen answers "no operation provided"
	}
	if _, ok := c.passed.Get(ctx, p.Query); ok {
		return nil
	}
	_, err := gqlcost.Check(p.Query, c.limits)
	return err
}
