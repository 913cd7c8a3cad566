// Package gqlcost bounds a GraphQL document before anything expands it. gqlparser's validation
// and gqlgen's complexity count walk a document with its fragment spreads expanded, and some
// validation rules compare the fields of a selection set pairwise: a few hundred bytes of
// fragments that each spread the next twice, or a few thousand repeats of one field, keep a core
// busy for seconds to minutes, and neither takes a context. Check parses with a token limit and
// measures the document in one pass that is linear in its size (each fragment is measured once
// and its measure reused at every spread, with saturating sums), then refuses it when a measure
// is over its limit, so that whatever runs next has bounded work to do.
package gqlcost

import (
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"sessionguard/internal/apperr"
)

// Limits bound a document. A zero limit refuses every document that has any of the thing it
// counts (Tokens zero means no token limit): set every field.
type Limits struct {
	// Bytes bounds the document's length. Besides parsing, validation's suggestions for unknown
	// names ("Did you mean ...?") cost the length of each name times the schema's names.
	Bytes      int
	Tokens     int // lexical tokens the parser reads before it gives up
	Operations int // operation definitions in the document
	Fragments  int // fragment definitions in the document
	Directives int // directives written in the document
	Variables  int // variable definitions of one operation (or fragment)

	Depth int // fields nested in one operation, fragments expanded, outside introspection
	// IntrospectionDepth bounds fields nested under __schema and __type (the field itself
	// included): clients' introspection queries follow type references (ofType) deeper than any
	// query of the schema's own types, through a finite, fixed set of types.
	IntrospectionDepth int
	Introspections     int // __schema and __type fields one operation yields, fragments expanded
	// Credentials is how many fields named in CredentialFields one operation may select at its
	// root, aliases, inline fragments and fragment spreads included.
	Credentials      int
	CredentialFields []string

	Fields  int // fields one operation or fragment yields once its fragments are expanded
	Aliases int // aliased fields one operation yields, fragments expanded
	// Nodes bounds the work of validation and complexity: the selections, directives,
	// arguments and values that all operations and fragments yield, fragments expanded.
	Nodes int
}

// Cost is what Measure finds in a document. Counts "yielded" are taken with fragment spreads
// expanded; every count saturates at Saturated.
type Cost struct {
	Operations int // operation definitions
	Fragments  int // fragment definitions
	Directives int // directives written
	Variables  int // most variable definitions of one operation or fragment

	Depth              int // deepest field nesting of an operation, outside introspection
	IntrospectionDepth int // deepest field nesting under __schema or __type, the field included
	Introspections     int // most __schema and __type fields one operation yields
	Credentials        int // most credential fields one operation yields at its root

	Fields  int // most fields one operation or fragment yields
	Aliases int // most aliased fields one operation yields
	Nodes   int // selections, directives, arguments and values yielded by every definition

	// Cycle names a fragment that spreads itself, directly or not; the other counts are then
	// incomplete.
	Cycle string
}

// Saturated is the ceiling of every count: 2^30 fields never overflow into a small number.
const Saturated = 1 << 30

// Check parses query with limits.Tokens and refuses it when its Cost is over limits. It returns
// the parsed document when it passes. A document that does not parse is refused with the
// parser's error (code GRAPHQL_PARSE_FAILED, or QUERY_TOO_LARGE at the token limit). Each
// refusal for a limit also names the limit and its value in extensions (e.g. "maxDepth": 12).
func Check(query string, limits Limits) (*ast.QueryDocument, *gqlerror.Error) {
	if len(query) > limits.Bytes {
		return nil, refuse(apperr.QueryTooLarge, "maxBytes", limits.Bytes, "the document is longer than %d bytes", limits.Bytes)
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, limits.Tokens)
	if err != nil {
		gqlErr, ok := err.(*gqlerror.Error)
		if !ok {
			gqlErr = gqlerror.Wrap(err)
		}
		if strings.HasPrefix(gqlErr.Message, "exceeded token limit") {
			return nil, refuse(apperr.QueryTooLarge, "maxTokens", limits.Tokens,
				"the document has more than %d tokens", limits.Tokens)
		}
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		gqlErr.Extensions["code"] = string(apperr.ParseFailed)
		return nil, gqlErr
	}
	// The cheap counts first: a document of thousands of fragments is refused before it is walked.
	if err := limits.Refuse(Cost{Operations: len(doc.Operations), Fragments: len(doc.Fragments)}); err != nil {
		return nil, err
	}
	if err := limits.Refuse(Measure(doc, limits.CredentialFields)); err != nil {
		return nil, err
	}
	return doc, nil
}

// Refuse returns the error for the first measure of c over its limit, or nil.
func (l Limits) Refuse(c Cost) *gqlerror.Error {
	switch {
	case c.Operations > l.Operations:
		return refuse(apperr.QueryTooLarge, "maxOperations", l.Operations, "the document has more than %d operations", l.Operations)
	case c.Fragments > l.Fragments:
		return refuse(apperr.QueryTooLarge, "maxFragments", l.Fragments, "the document has more than %d fragments", l.Fragments)
	case c.Directives > l.Directives:
		return refuse(apperr.QueryTooLarge, "maxDirectives", l.Directives, "the document has more than %d directives", l.Directives)
	case c.Variables > l.Variables:
		return refuse(apperr.QueryTooLarge, "maxVariables", l.Variables, "an operation declares more than %d variables", l.Variables)
	case c.Cycle != "":
		e := gqlerror.Errorf("Cannot spread fragment %q within itself.", c.Cycle)
		e.Extensions = map[string]any{"code": string(apperr.ValidationFailed)}
		return e
	case c.Depth > l.Depth:
		return refuse(apperr.QueryTooDeep, "maxDepth", l.Depth, "query is nested too deeply (more than %d levels of fields)", l.Depth)
	case c.IntrospectionDepth > l.IntrospectionDepth:
		return refuse(apperr.QueryTooDeep, "maxIntrospectionDepth", l.IntrospectionDepth,
			"introspection is nested too deeply (more than %d levels of fields)", l.IntrospectionDepth)
	case c.Introspections > l.Introspections:
		return refuse(apperr.IntrospectionLimitExceeded, "maxIntrospections", l.Introspections,
			"too many introspection fields in one operation (more than %d __schema and __type)", l.Introspections)
	case c.Credentials > l.Credentials:
		return refuse(apperr.TooManyCredentialAttempts, "maxCredentialAttempts", l.Credentials,
			"an operation may attempt %s at most %s, aliases and fragments included: send one request per attempt",
			strings.Join(l.CredentialFields, " or "), times(l.Credentials))
	case c.Fields > l.Fields:
		return refuse(apperr.ComplexityLimitExceeded, "maxFields", l.Fields,
			"an operation or fragment selects more than %d fields once its fragments are expanded", l.Fields)
	case c.Aliases > l.Aliases:
		return refuse(apperr.ComplexityLimitExceeded, "maxAliases", l.Aliases, "an operation has more than %d aliased fields", l.Aliases)
	case c.Nodes > l.Nodes:
		return refuse(apperr.ComplexityLimitExceeded, "maxNodes", l.Nodes,
			"the document is too complex: more than %d selections, arguments and directives once its fragments are expanded", l.Nodes)
	}
	return nil
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

func refuse(code apperr.Code, limitName string, limit int, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": string(code), limitName: limit},
	}
}

// Measure computes doc's Cost in one pass over its AST: each written node is visited once and
// each fragment's measure is reused at every spread of it. credentialFields names the root
// fields counted in Cost.Credentials.
func Measure(doc *ast.QueryDocument, credentialFields []string) Cost {
	m := &measurer{
		byName:      make(map[string]*ast.FragmentDefinition, len(doc.Fragments)),
		memo:        make(map[*ast.FragmentDefinition]*shape, len(doc.Fragments)),
		credentials: credentialFields,
	}
	for _, f := range doc.Fragments {
		if _, ok := m.byName[f.Name]; !ok { // the first of duplicate names, as the validator does
			m.byName[f.Name] = f
		}
	}
	c := Cost{Operations: len(doc.Operations), Fragments: len(doc.Fragments)}
	for _, op := range doc.Operations {
		c.Variables = max(c.Variables, len(op.VariableDefinitions))
		s := m.set(op.SelectionSet)
		nodes := add(add(s.nodes, m.directives(op.Directives)), m.variables(op.VariableDefinitions))
		c.Depth = max(c.Depth, s.depth)
		c.IntrospectionDepth = max(c.IntrospectionDepth, s.introspectionDepth)
		c.Introspections = max(c.Introspections, s.introspections)
		if op.Operation == ast.Mutation {
			c.Credentials = max(c.Credentials, s.credentials)
		}
		c.Fields = max(c.Fields, s.fields)
		c.Aliases = max(c.Aliases, s.aliases)
		c.Nodes = add(c.Nodes, nodes)
		if m.cycle != "" {
			break
		}
	}
	for _, f := range doc.Fragments {
		if m.cycle != "" {
			break
		}
		c.Variables = max(c.Variables, len(f.VariableDefinition))
		s := m.fragment(f)
		c.Fields = max(c.Fields, s.fields)
		c.Nodes = add(c.Nodes, s.nodes)
	}
	c.Directives = min(m.written, Saturated)
	c.Cycle = m.cycle
	return c
}

// shape is the measure of a selection set, its fragments expanded.
type shape struct {
	fields             int // field selections
	depth              int // levels of fields outside introspection
	introspectionDepth int // levels of fields under __schema or __type, the field included
	aliases            int // field selections with an alias other than their name
	introspections     int // __schema and __type fields
	credentials        int // credential fields at this level (not below a field)
	nodes              int // selections, directives, arguments and values
}

func (s *shape) merge(o *shape) {
	s.fields = add(s.fields, o.fields)
	s.depth = max(s.depth, o.depth)
	s.introspectionDepth = max(s.introspectionDepth, o.introspectionDepth)
	s.aliases = add(s.aliases, o.aliases)
	s.introspections = add(s.introspections, o.introspections)
	s.credentials = add(s.credentials, o.credentials)
	s.nodes = add(s.nodes, o.nodes)
}

type measurer struct {
	byName      map[string]*ast.FragmentDefinition
	memo        map[*ast.FragmentDefinition]*shape // nil value: being measured
	credentials []string
	written     int    // directives written, each counted once
	cycle       string // the first fragment found spreading itself
}

// fragment measures f once; a spread of a fragment still being measured is a cycle.
func (m *measurer) fragment(f *ast.FragmentDefinition) *shape {
	if s, ok := m.memo[f]; ok {
		if s == nil {
			if m.cycle == "" {
				m.cycle = f.Name
			}
			return &shape{}
		}
		return s
	}
	m.memo[f] = nil
	s := m.set(f.SelectionSet)
	s.nodes = add(add(s.nodes, m.directives(f.Directives)), m.variables(f.VariableDefinition))
	m.memo[f] = &s
	return &s
}

func (m *measurer) set(set ast.SelectionSet) shape {
	var out shape
	for _, sel := range set {
		if m.cycle != "" {
			return out
		}
		switch s := sel.(type) {
		case *ast.Field:
			sub := m.set(s.SelectionSet)
			sub.credentials = 0 // only the root level counts
			sub.depth++
			sub.fields = add(sub.fields, 1)
			sub.nodes = add(sub.nodes, 1+m.arguments(s.Arguments)+m.directives(s.Directives))
			if s.Alias != "" && s.Alias != s.Name {
				sub.aliases = add(sub.aliases, 1)
			}
			if s.Name == "__schema" || s.Name == "__type" {
				sub.introspections = add(sub.introspections, 1)
				// Everything below is introspection, measured by its own depth limit.
				sub.introspectionDepth = max(sub.introspectionDepth, sub.depth)
				sub.depth = 0
			}
			for _, name := range m.credentials {
				if s.Name == name {
					sub.credentials = 1
				}
			}
			out.merge(&sub)
		case *ast.InlineFragment:
			sub := m.set(s.SelectionSet)
			sub.nodes = add(sub.nodes, 1+m.directives(s.Directives))
			out.merge(&sub)
		case *ast.FragmentSpread:
			sub := shape{nodes: 1 + m.directives(s.Directives)}
			if f := m.byName[s.Name]; f != nil {
				sub.merge(m.fragment(f))
			}
			out.merge(&sub)
		}
	}
	return out
}

// directives counts the directives of one location and their arguments' values as nodes, and
// adds them to the written total.
func (m *measurer) directives(list ast.DirectiveList) int {
	n := 0
	for _, d := range list {
		m.written++
		n = add(n, 1+m.arguments(d.Arguments))
	}
	return n
}

// variables counts variable definitions with their default values and directives as nodes.
func (m *measurer) variables(list ast.VariableDefinitionList) int {
	n := 0
	for _, v := range list {
		n = add(n, 1+values(v.DefaultValue)+m.directives(v.Directives))
	}
	return n
}

func (m *measurer) arguments(args ast.ArgumentList) int {
	n := 0
	for _, a := range args {
		n = add(n, 1+values(a.Value))
	}
	return n
}

// values counts the nodes of a value (the parser bounds its nesting).
func values(v *ast.Value) int {
	if v == nil {
		return 0
	}
	n := 1
	for _, c := range v.Children {
		n = add(n, values(c.Value))
	}
	return n
}

// add is a + b saturating at Saturated, for a and b in [0, Saturated].
func add(a, b int) int {
	if a > Saturated-b {
		return Saturated
	}
	return a + b
}
