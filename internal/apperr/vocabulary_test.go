package apperr_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql/errcode"

	"sessionguard/internal/apperr"
)

// root is the module's root, where README.md and every package live.
const root = "../.."

// declaredCodes reads this package's source for every constant of type Code, by value, so that
// no list kept by hand can forget one.
func declaredCodes(t *testing.T) map[string]string {
	t.Helper()
	pkgs, err := parser.ParseDir(token.NewFileSet(), ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	for _, f := range pkgs["apperr"].Files {
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				v := spec.(*ast.ValueSpec)
				if typ, ok := v.Type.(*ast.Ident); !ok || typ.Name != "Code" {
					continue
				}
				for i, name := range v.Names {
					codes[stringLit(t, v.Values[i])] = name.Name
				}
			}
		}
	}
	if len(codes) < 20 {
		t.Fatalf("found %d codes in apperr's source, want every one of them", len(codes))
	}
	return codes
}

func stringLit(t *testing.T, e ast.Expr) string {
	t.Helper()
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		t.Fatalf("a code's value is not a string literal: %#v", e)
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var readmeRow = regexp.MustCompile("^\\| `([A-Z_]+)` \\| ([^|]+) \\| ([^|]+) \\|$")

// TestREADMEListsEveryCode: the README's Errors table has one row for each code, saying when it
// happens and its HTTP status, and no row for a code that does not exist.
func TestREADMEListsEveryCode(t *testing.T) {
	codes := declaredCodes(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Errors\n")
	if !ok {
		t.Fatal("README.md has no Errors section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	rows := map[string]int{}
	for line := range strings.SplitSeq(section, "\n") {
		m := readmeRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		rows[m[1]]++
		if _, ok := codes[m[1]]; !ok {
			t.Errorf("README.md lists %s, which apperr does not declare", m[1])
		}
		if strings.TrimSpace(m[2]) == "" || strings.TrimSpace(m[3]) == "" {
			t.Errorf("README.md's row for %s does not say when it happens and its status", m[1])
		}
	}
	for code, name := range codes {
		if rows[code] != 1 {
			t.Errorf("README.md's Errors table has %d rows for %s (apperr.%s), want 1", rows[code], code, name)
		}
	}
}

// TestCodesAreWrittenOnlyInApperr: no production Go file outside apperr writes a code as a
// string literal, nor puts a literal in an extensions "code", so every code a client can see is
// one of apperr's, and so in the README. Test-support packages are not production: like the
// tests, they assert codes as clients read them, literally.
func TestCodesAreWrittenOnlyInApperr(t *testing.T) {
	codes := declaredCodes(t)
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", "frontend", "testdata", "apperr", "apitest", "wstest", "testdb":
				return filepath.SkipDir
			}
			if strings.HasPrefix(d.Name(), ".") && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, err := strconv.Unquote(n.Value); n.Kind == token.STRING && err == nil && codes[s] != "" {
					t.Errorf("%s: the code %s is written out; use apperr.%s", fset.Position(n.Pos()), s, codes[s])
				}
			case *ast.KeyValueExpr:
				key, ok := n.Key.(*ast.BasicLit)
				_, literal := n.Value.(*ast.BasicLit)
				if ok && key.Value == `"code"` && literal {
					t.Errorf("%s: an extensions code is a literal; declare it in apperr", fset.Position(n.Pos()))
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestApperrIsALeaf: apperr imports nothing of the project, so every package can use it.
func TestApperrIsALeaf(t *testing.T) {
	pkgs, err := parser.ParseDir(token.NewFileSet(), ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range pkgs["apperr"].Files {
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); strings.Contains(path, ".") || strings.HasPrefix(path, "sessionguard") {
				t.Errorf("%s imports %s; apperr imports the standard library only", name, path)
			}
		}
	}
}

// TestGqlgenCodes: the codes gqlgen raises itself are spelled as gqlgen spells them.
func TestGqlgenCodes(t *testing.T) {
	if apperr.ParseFailed != errcode.ParseFailed || apperr.ValidationFailed != errcode.ValidationFailed {
		t.Errorf("apperr has %s and %s, gqlgen %s and %s",
			apperr.ParseFailed, apperr.ValidationFailed, errcode.ParseFailed, errcode.ValidationFailed)
	}
}
