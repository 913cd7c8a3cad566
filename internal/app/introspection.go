package app

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"sessionguard/internal/apperr"
	"sessionguard/internal/auth"
)

// IntrospectionMode says who may read the schema by introspection (__schema, __type). __typename
// is not introspection and always works: clients such as urql add it to every selection.
type IntrospectionMode string

const (
	// IntrospectionAuthenticated allows callers with a valid session (the default).
	IntrospectionAuthenticated IntrospectionMode = "authenticated"
	// IntrospectionPublic allows everyone.
	IntrospectionPublic IntrospectionMode = "public"
	// IntrospectionOff allows nobody; the schema is published as graph/*.graphqls.
	IntrospectionOff IntrospectionMode = "off"
)

// ParseIntrospectionMode reads a mode as configured (INTROSPECTION), ignoring case and spaces.
func ParseIntrospectionMode(s string) (IntrospectionMode, bool) {
	switch m := IntrospectionMode(strings.ToLower(strings.TrimSpace(s))); m {
	case IntrospectionPublic, IntrospectionAuthenticated, IntrospectionOff:
		return m, true
	}
	return "", false
}

// introspection replaces gqlgen's extension.Introspection, which enables it for everyone. It
// decides per operation, from the caller the auth middleware (HTTP) or the websocket InitFunc
// (connection_init) attached, and refuses an operation that introspects with a coded error before
// anything runs: gqlgen would otherwise answer __schema with an uncoded "introspection disabled".
type introspection struct{ mode IntrospectionMode }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = introspection{}

func (introspection) ExtensionName() string                   { return "Introspection" }
func (introspection) Validate(graphql.ExecutableSchema) error { return nil }

func (i introspection) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	var refusal string
	switch i.mode {
	case IntrospectionPublic:
	case IntrospectionAuthenticated, "":
		if auth.RequestFrom(ctx).Principal == nil {
			refusal = "introspection requires a session: log in, then send the session cookie or an Authorization: Bearer token"
		}
	default: // IntrospectionOff, and any mode this version does not know: fail closed
		refusal = "introspection is disabled on this server; the schema is published with its source"
	}
	oc.DisableIntrospection = refusal != ""
	if refusal == "" || !introspects(oc.Doc, oc.Operation.SelectionSet, map[string]bool{}) {
		return nil
	}
	return &gqlerror.Error{Message: refusal, Extensions: map[string]any{"code": string(apperr.IntrospectionDisabled)}}
}

// introspects reports whether set selects __schema or __type, directly or through fragments.
// Validation has passed, so both can only be fields of the query root.
func introspects(doc *ast.QueryDocument, set ast.SelectionSet, seen map[string]bool) bool {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			if sel.Name == "__schema" || sel.Name == "__type" {
				return true
			}
		case *ast.InlineFragment:
			if introspects(doc, sel.SelectionSet, seen) {
				return true
			}
		case *ast.FragmentSpread:
			if seen[sel.Name] {
				continue
			}
			seen[sel.Name] = true
			def := sel.Definition
			if def == nil {
				def = doc.Fragments.ForName(sel.Name)
			}
			if def != nil && introspects(doc, def.SelectionSet, seen) {
				return true
			}
		}
	}
	return false
}
