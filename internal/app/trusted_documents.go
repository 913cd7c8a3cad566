package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"sessionguard/internal/apperr"
	"sessionguard/internal/auth"
)

// TrustedDocumentsMode says whether cookie-authenticated requests may run any document.
type TrustedDocumentsMode string

const (
	// TrustedDocumentsAllow runs any document (the default).
	TrustedDocumentsAllow TrustedDocumentsMode = "allow"
	// TrustedDocumentsEnforce runs only the console's own documents on the session cookie; bearer
	// tokens, which scripts and integrators use, stay free.
	TrustedDocumentsEnforce TrustedDocumentsMode = "enforce"
)

// ParseTrustedDocumentsMode reads TRUSTED_DOCUMENTS, in any case and spacing.
func ParseTrustedDocumentsMode(s string) (TrustedDocumentsMode, bool) {
	switch m := TrustedDocumentsMode(strings.ToLower(strings.TrimSpace(s))); m {
	case TrustedDocumentsAllow, TrustedDocumentsEnforce:
		return m, true
	}
	return "", false
}

// trustedDocuments knows the console's documents, from GraphQL Code Generator's
// persisted-documents.json (hash → document), by their canonical form: urql adds __typename to
// every selection set and prints the document its own way, so the text it sends is not the text
// codegen hashed. The canonical form drops unaliased __typename (harmless to allow) and sorts
// selections and definitions, so it matches exactly the documents that select the same fields.
type trustedDocuments struct {
	hashes map[string]string // canonical form → codegen's hash
	names  map[string]bool   // the console's operation names
}

// parseTrustedDocuments reads a persisted-documents.json manifest; none is an empty set.
func parseTrustedDocuments(manifest []byte) (trustedDocuments, error) {
	var byHash map[string]string
	if len(manifest) == 0 {
		return trustedDocuments{}, nil
	}
	if err := json.Unmarshal(manifest, &byHash); err != nil {
		return trustedDocuments{}, fmt.Errorf("app: unable to read the console's persisted documents: %w", err)
	}
	t := trustedDocuments{hashes: make(map[string]string, len(byHash)), names: map[string]bool{}}
	for hash, text := range byHash {
		doc, err := parser.ParseQuery(&ast.Source{Input: text})
		if err != nil {
			return trustedDocuments{}, fmt.Errorf("app: persisted document %s does not parse: %w", hash, err)
		}
		t.hashes[canonicalDocument(doc)] = hash
		for _, op := range doc.Operations {
			t.names[op.Name] = true
		}
	}
	return t, nil
}

// hash names doc by codegen's hash when it is one of the console's documents: a bounded label
// for what runs (operation names alone are whatever a client writes).
func (t trustedDocuments) hash(doc *ast.QueryDocument) (string, bool) {
	h, ok := t.hashes[canonicalDocument(doc)]
	return h, ok
}

// knownName is the operation-name label of rc in metrics: its name when rc runs one of the
// console's documents, so the label takes at most as many values as the console has operations.
// The name is looked up first: a request that does not even borrow a console name (scripts,
// the hot path's anonymous queries) pays a map lookup, not the document's canonical form.
func (t trustedDocuments) knownName(rc *graphql.OperationContext) (string, bool) {
	if rc.Operation == nil || !t.names[rc.Operation.Name] || rc.Doc == nil {
		return "", false
	}
	if _, ok := t.hash(rc.Doc); !ok {
		return "", false
	}
	return rc.Operation.Name, true
}

// enforceTrustedDocuments is the gqlgen extension that refuses, before anything runs, a document the console
// does not hold when the caller stands on the session cookie.
type enforceTrustedDocuments struct{ trustedDocuments }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = enforceTrustedDocuments{}

func (enforceTrustedDocuments) ExtensionName() string                   { return "TrustedDocuments" }
func (enforceTrustedDocuments) Validate(graphql.ExecutableSchema) error { return nil }

func (e enforceTrustedDocuments) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if !auth.RequestFrom(ctx).CookieAuthenticated() {
		return nil
	}
	if _, ok := e.hash(oc.Doc); ok {
		return nil
	}
	return &gqlerror.Error{
		Message:    "this server runs only the console's own operations with the session cookie (TRUSTED_DOCUMENTS=enforce); send other operations with an Authorization: Bearer token",
		Extensions: map[string]any{"code": string(apperr.Forbidden)},
	}
}

// canonicalDocument prints doc with sorted definitions and selections and without unaliased
// __typename fields.
func canonicalDocument(doc *ast.QueryDocument) string {
	defs := make([]string, 0, len(doc.Operations)+len(doc.Fragments))
	for _, op := range doc.Operations {
		var b strings.Builder
		b.WriteString(string(op.Operation) + " " + op.Name)
		if len(op.VariableDefinitions) > 0 {
			vars := make([]string, len(op.VariableDefinitions))
			for i, v := range op.VariableDefinitions {
				vars[i] = "$" + v.Variable + ":" + v.Type.String()
				if v.DefaultValue != nil {
					vars[i] += "=" + canonicalValue(v.DefaultValue)
				}
				vars[i] += canonicalDirectives(v.Directives)
			}
			slices.Sort(vars)
			b.WriteString("(" + strings.Join(vars, ",") + ")")
		}
		b.WriteString(canonicalDirectives(op.Directives) + canonicalSelections(op.SelectionSet))
		defs = append(defs, b.String())
	}
	for _, f := range doc.Fragments {
		defs = append(defs, "fragment "+f.Name+" on "+f.TypeCondition+canonicalDirectives(f.Directives)+canonicalSelections(f.SelectionSet))
	}
	slices.Sort(defs)
	return strings.Join(defs, " ")
}

func canonicalSelections(set ast.SelectionSet) string {
	if len(set) == 0 {
		return ""
	}
	parts := make([]string, 0, len(set))
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			alias := ""
			if s.Alias != "" && s.Alias != s.Name {
				alias = s.Alias + ":"
			} else if s.Name == "__typename" && len(s.Directives) == 0 {
				continue
			}
			parts = append(parts, alias+s.Name+canonicalArguments(s.Arguments)+canonicalDirectives(s.Directives)+canonicalSelections(s.SelectionSet))
		case *ast.FragmentSpread:
			parts = append(parts, "..."+s.Name+canonicalDirectives(s.Directives))
		case *ast.InlineFragment:
			on := ""
			if s.TypeCondition != "" {
				on = " on " + s.TypeCondition
			}
			parts = append(parts, "..."+on+canonicalDirectives(s.Directives)+canonicalSelections(s.SelectionSet))
		}
	}
	slices.Sort(parts)
	return "{" + strings.Join(parts, " ") + "}"
}

func canonicalDirectives(list ast.DirectiveList) string {
	var b strings.Builder
	for _, d := range list {
		b.WriteString(" @" + d.Name + canonicalArguments(d.Arguments))
	}
	return b.String()
}

func canonicalArguments(args ast.ArgumentList) string {
	if len(args) == 0 {
		return ""
	}
	list := make([]string, len(args))
	for i, a := range args {
		list[i] = a.Name + ":" + canonicalValue(a.Value)
	}
	slices.Sort(list)
	return "(" + strings.Join(list, ",") + ")"
}

func canonicalValue(v *ast.Value) string {
	switch v.Kind {
	case ast.ObjectValue:
		fields := make([]string, len(v.Children))
		for i, c := range v.Children {
			fields[i] = c.Name + ":" + canonicalValue(c.Value)
		}
		slices.Sort(fields)
		return "{" + strings.Join(fields, ",") + "}"
	case ast.ListValue:
		items := make([]string, len(v.Children))
		for i, c := range v.Children {
			items[i] = canonicalValue(c.Value)
		}
		return "[" + strings.Join(items, ",") + "]"
	}
	return v.String()
}
