package resolvers

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"sessionguard/graph"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// A selection that reads the viewer, anywhere (a field, a fragment, an inline fragment), is
// never shared; one that does not is, within a class that names the caller's account and
// rights and what it asked.
func TestPayloadClass(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{Resolvers: &Resolver{}}).Schema()
	classOf := func(t *testing.T, query string, vars map[string]any, p *store.Principal) ([32]byte, bool) {
		t.Helper()
		doc, errs := gqlparser.LoadQuery(schema, query)
		if errs != nil {
			t.Fatalf("%s: %v", query, errs)
		}
		rc := &graphql.OperationContext{RawQuery: query, Doc: doc, Operation: doc.Operations[0], Variables: vars}
		return payloadClass(graphql.WithOperationContext(context.Background(), rc), p)
	}
	admin := &store.Principal{User: models.User{ID: "u1", AccountID: "a1", Role: models.RoleAdmin}}
	plain := `subscription { sessionEvents { type session { id user { name } } } }`

	for _, q := range []string{
		`subscription { sessionEvents { session { isCurrent } } }`,
		`subscription { sessionEvents { ...E } } fragment E on SessionEvent { session { id isCurrent } }`,
		`subscription { sessionEvents { session { ... on Session { isCurrent } } } }`,
		`subscription($u: ID) { sessionEvents(userId: $u) { session { isCurrent } } }`,
	} {
		if _, ok := classOf(t, q, nil, admin); ok {
			t.Errorf("%s: shared, but it reads the viewer", q)
		}
	}

	base, ok := classOf(t, plain, nil, admin)
	if !ok {
		t.Fatalf("%s: not shared", plain)
	}
	otherAdmin := &store.Principal{User: models.User{ID: "u2", AccountID: "a1", Role: models.RoleAdmin}}
	if c, _ := classOf(t, plain, nil, otherAdmin); c != base {
		t.Error("two administrators of one account asking alike: different classes, want one")
	}
	key := &store.Principal{User: models.User{AccountID: "a1", Role: models.RoleAdmin}, APIKey: &models.APIKey{ID: "k1"}}
	differs := map[string][32]byte{}
	differs["another account"], _ = classOf(t, plain, nil, &store.Principal{User: models.User{ID: "u1", AccountID: "a2", Role: models.RoleAdmin}})
	differs["a member"], _ = classOf(t, plain, nil, &store.Principal{User: models.User{ID: "u1", AccountID: "a1", Role: models.RoleMember}})
	differs["an API key"], _ = classOf(t, plain, nil, key)
	differs["another document"], _ = classOf(t, `subscription { sessionEvents { type } }`, nil, admin)
	differs["other variables"], _ = classOf(t, `subscription($u: ID) { sessionEvents(userId: $u) { type } }`, map[string]any{"u": "x"}, admin)
	for what, c := range differs {
		if c == base {
			t.Errorf("%s: the same class as an administrator's", what)
		}
	}
	m1, _ := classOf(t, plain, nil, &store.Principal{User: models.User{ID: "m1", AccountID: "a1", Role: models.RoleMember}})
	m2, _ := classOf(t, plain, nil, &store.Principal{User: models.User{ID: "m2", AccountID: "a1", Role: models.RoleMember}})
	if m1 == m2 {
		t.Error("two members: one class, want one each")
	}
}

// Every resolver below the root that reads who asks is listed in viewerFields, so that its
// payloads are never shared between subscribers. Found by reading the resolvers' source for
// direct calls to auth's request and caller accessors.
func TestViewerFieldsAreListed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	readers := map[string]bool{"RequestFrom": true, "CallerFrom": true, "PrincipalFrom": true, "AdminFrom": true, "Require": true, "RequireAdmin": true}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Body == nil {
				continue
			}
			object := receiverObject(fn)
			if object == "" || object == "Query" || object == "Mutation" || object == "Subscription" {
				continue
			}
			field := object + "." + string(unicode.ToLower(rune(fn.Name.Name[0]))) + fn.Name.Name[1:]
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				reads := false
				switch f := call.Fun.(type) {
				case *ast.SelectorExpr:
					pkg, ok := f.X.(*ast.Ident)
					reads = ok && pkg.Name == "auth" && readers[f.Sel.Name]
				case *ast.Ident:
					reads = f.Name == "caller"
				}
				if reads && !viewerFields[field] {
					t.Errorf("%s reads the viewer (%s) but is not in viewerFields", field, fset.Position(call.Pos()))
				}
				return true
			})
		}
	}
}

// receiverObject is the GraphQL object a resolver method's receiver resolves ("Session" for
// *sessionResolver), or "" for other methods.
func receiverObject(fn *ast.FuncDecl) string {
	typ := fn.Recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	id, ok := typ.(*ast.Ident)
	if !ok || !strings.HasSuffix(id.Name, "Resolver") || id.Name == "Resolver" {
		return ""
	}
	name := strings.TrimSuffix(id.Name, "Resolver")
	return string(unicode.ToUpper(rune(name[0]))) + name[1:]
}
