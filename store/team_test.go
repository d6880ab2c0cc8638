package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Every exported method of *Store has a capability in the one table, and
// the table names no method that is not there. A method added without one
// fails here, before anyone could call it in a role that should not.
func TestEveryStoreMethodHasACapability(t *testing.T) {
	typ := reflect.TypeOf(&Store{})
	have := map[string]bool{}
	var missing []string
	for i := 0; i < typ.NumMethod(); i++ {
		name := typ.Method(i).Name
		have[name] = true
		if _, ok := methodCapability[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("these methods of *Store have no capability in methodCapability (store/capabilities.go): %s", strings.Join(missing, ", "))
	}
	var stale []string
	for name, c := range methodCapability {
		if !have[name] {
			stale = append(stale, name)
		}
		if c != CapAnyone && c.what() == "This" {
			t.Errorf("capability %q of %s has no description (Capability.what)", c, name)
		}
	}
	sort.Strings(stale)
	if len(stale) > 0 {
		t.Errorf("methodCapability names methods *Store does not have: %s", strings.Join(stale, ", "))
	}
	for role, grants := range roleGrants {
		if !role.Valid() {
			t.Errorf("roleGrants has a role that is not one: %q", role)
		}
		for c := range grants {
			if c.what() == "This" {
				t.Errorf("roleGrants[%s] grants an unknown capability %q", role, c)
			}
		}
	}
}

// storeMethods parses the package's own files (not tests) and returns
// every method of *Store, by name.
func storeMethods(t *testing.T) (map[string]*ast.FuncDecl, []*ast.File, *token.FileSet) {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	methods := map[string]*ast.FuncDecl{}
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 {
				continue
			}
			if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); ok {
				if id, ok := star.X.(*ast.Ident); ok && id.Name == "Store" {
					methods[fn.Name.Name] = fn
				}
			}
		}
	}
	return methods, files, fset
}

// Every exported method that needs a capability checks it first thing,
// under its own name: `if err := s.allow(ctx, "Name", ...); err != nil`.
// A method cannot be added and forgotten.
func TestEveryStoreMethodChecksFirst(t *testing.T) {
	methods, _, fset := storeMethods(t)
	for name, fn := range methods {
		if !ast.IsExported(name) {
			continue
		}
		c, ok := methodCapability[name]
		if !ok || c == CapAnyone {
			continue
		}
		where := fset.Position(fn.Pos())
		if fn.Body == nil || len(fn.Body.List) == 0 {
			t.Errorf("%s (%s) has no body to check in", name, where)
			continue
		}
		if !startsWithAllow(fn, name) {
			t.Errorf("%s (%s) does not start with `if err := %s.allow(ctx, %q); err != nil { return ... }`",
				name, where, recvName(fn), name)
		}
	}
}

func recvName(fn *ast.FuncDecl) string {
	if names := fn.Recv.List[0].Names; len(names) == 1 {
		return names[0].Name
	}
	return ""
}

func startsWithAllow(fn *ast.FuncDecl, name string) bool {
	stmt, ok := fn.Body.List[0].(*ast.IfStmt)
	if !ok || stmt.Init == nil {
		return false
	}
	as, ok := stmt.Init.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 {
		return false
	}
	call, ok := as.Rhs[0].(*ast.CallExpr)
	if !ok || len(call.Args) < 2 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "allow" {
		return false
	}
	if x, ok := sel.X.(*ast.Ident); !ok || x.Name != recvName(fn) {
		return false
	}
	lit, ok := call.Args[1].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return false
	}
	got, err := strconv.Unquote(lit.Value)
	return err == nil && got == name
}

// Inside the store, one method calls another exported one only through
// inner(): called directly, the inner call would be checked against the
// caller's role with the wrong capability (finance's ledger reads a name
// through Person), or, worse, a check would be skipped by a change.
func TestStoreCallsItsMethodsThroughInner(t *testing.T) {
	methods, files, fset := storeMethods(t)
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Body == nil {
				continue
			}
			recv := ""
			if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); ok {
				if id, ok := star.X.(*ast.Ident); ok && id.Name == "Store" {
					recv = recvName(fn)
				}
			}
			if recv == "" {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				x, ok := sel.X.(*ast.Ident)
				if !ok || x.Name != recv || !ast.IsExported(sel.Sel.Name) || methods[sel.Sel.Name] == nil {
					return true
				}
				if methodCapability[sel.Sel.Name] == CapAnyone {
					return true
				}
				t.Errorf("%s: %s calls %s.%s directly: call %s.inner().%s", fset.Position(call.Pos()), fn.Name.Name, recv, sel.Sel.Name, recv, sel.Sel.Name)
				return true
			})
		}
	}
}
