package socket_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// TestDocComments fails for every exported identifier of the package whose
// doc comment is missing or does not open with the identifier's name. It
// reads every non-test Go file of the package, whatever its build tags, so
// the darwin and freebsd files are held to the same rule. Constants and
// variables in a documented group may go without a comment of their own.
func TestDocComments(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var problems []string
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name != "socket" {
			continue
		}
		report := func(pos token.Pos, ident, why string) {
			problems = append(problems, fset.Position(pos).String()+": "+ident+" "+why)
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				ident := d.Name.Name
				if d.Recv != nil {
					recv := receiverName(d.Recv.List[0].Type)
					if !ast.IsExported(recv) {
						continue
					}
					ident = recv + "." + ident
				}
				checked++
				if why := docProblem(d.Doc, d.Name.Name); why != "" {
					report(d.Pos(), ident, why)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if !s.Name.IsExported() {
							continue
						}
						checked++
						doc := s.Doc
						if doc == nil && len(d.Specs) == 1 {
							doc = d.Doc
						}
						if why := docProblem(doc, s.Name.Name); why != "" {
							report(s.Pos(), s.Name.Name, why)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if !n.IsExported() {
								continue
							}
							checked++
							switch {
							case d.Lparen.IsValid() && (d.Doc != nil || s.Doc != nil || s.Comment != nil):
								// A documented group, or a commented entry in a group.
							case !d.Lparen.IsValid():
								if why := docProblem(d.Doc, n.Name); why != "" {
									report(n.Pos(), n.Name, why)
								}
							default:
								report(n.Pos(), n.Name, "has no comment and its group has no doc comment")
							}
						}
					}
				}
			}
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
	if checked < 50 {
		t.Fatalf("checked only %d exported identifiers; is the test reading the package?", checked)
	}
	t.Logf("%d exported identifiers checked", checked)
}

// docProblem says what is wrong with doc for name, or "" when it opens with
// the name.
func docProblem(doc *ast.CommentGroup, name string) string {
	if doc == nil {
		return "has no doc comment"
	}
	text := doc.Text()
	if !strings.HasPrefix(text, name) {
		return "doc comment does not open with its name: " + firstLine(text)
	}
	if rest := text[len(name):]; rest != "" {
		if r := []rune(rest)[0]; unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			return "doc comment does not open with its name: " + firstLine(text)
		}
	}
	return ""
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func receiverName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return receiverName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return receiverName(t.X)
	case *ast.IndexListExpr:
		return receiverName(t.X)
	}
	return ""
}

// TestDocTableComplete fails for every exported function of the package and
// every exported method of Socket that the porting guide in doc.go does not
// name: the guide's table must list them all.
func TestDocTableComplete(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	docFile, err := parser.ParseFile(fset, "doc.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	guide := docFile.Doc.Text()
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(guide, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_'
	}) {
		words[w] = true
	}
	files, _ := filepath.Glob("*.go")
	var missing []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			d, ok := decl.(*ast.FuncDecl)
			if !ok || !d.Name.IsExported() {
				continue
			}
			if d.Recv != nil && receiverName(d.Recv.List[0].Type) != "Socket" {
				continue
			}
			if !words[d.Name.Name] {
				missing = append(missing, name+": "+d.Name.Name)
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("doc.go's table does not name %s", m)
	}
}
