//go:build linux

package socket_test

import (
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"syscall"
	"testing"

	"github.com/pysocket/socket"
)

// exportedTypes lists every exported type of the package, for
// TestZeroAndNilReceivers; TestExportedTypesListed keeps it complete.
var exportedTypes = []reflect.Type{
	reflect.TypeFor[socket.Socket](), reflect.TypeFor[socket.File](),
	reflect.TypeFor[socket.PyTuple](),
	reflect.TypeFor[socket.Error](), reflect.TypeFor[socket.ValueError](),
	reflect.TypeFor[socket.PartialSendError](), reflect.TypeFor[socket.GaiError](),
	reflect.TypeFor[socket.HError](), reflect.TypeFor[socket.AddressFamily](),
	reflect.TypeFor[socket.SocketKind](), reflect.TypeFor[socket.RawAddr](),
	reflect.TypeFor[socket.InetAddr](), reflect.TypeFor[socket.Inet6Addr](),
	reflect.TypeFor[socket.UnixAddr](), reflect.TypeFor[socket.NetlinkAddr](),
	reflect.TypeFor[socket.PacketAddr](), reflect.TypeFor[socket.VsockAddr](),
	reflect.TypeFor[socket.CANAddr](), reflect.TypeFor[socket.CANISOTPAddr](),
	reflect.TypeFor[socket.CANJ1939Addr](), reflect.TypeFor[socket.ALGAddr](),
	reflect.TypeFor[socket.CANFrame](), reflect.TypeFor[socket.CANFDFrame](),
	reflect.TypeFor[socket.CANFilter](), reflect.TypeFor[socket.BCMMsgHead](),
	reflect.TypeFor[socket.ControlMessage](), reflect.TypeFor[socket.ConnectionOptions](),
	reflect.TypeFor[socket.ServerOptions](), reflect.TypeFor[socket.NameIndex](),
	reflect.TypeFor[socket.AddrInfo](), reflect.TypeFor[socket.Linger](),
	reflect.TypeFor[socket.CANISOTPOptions](), reflect.TypeFor[socket.CANISOTPFlowControl](),
	reflect.TypeFor[socket.J1939Filter](), reflect.TypeFor[socket.Ucred](),
	reflect.TypeFor[socket.TCPInfo](), reflect.TypeFor[socket.PacketMreq](),
	reflect.TypeFor[socket.PacketStats](), reflect.TypeFor[socket.Message](),
}

// TestExportedTypesListed checks that exportedTypes names every exported
// type that the package's Linux build declares (interfaces apart), so that
// a new type joins TestZeroAndNilReceivers.
func TestExportedTypesListed(t *testing.T) {
	t.Parallel()
	ctx := build.Default
	ctx.GOOS = "linux"
	pkg, err := ctx.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, typ := range exportedTypes {
		listed[typ.Name()] = true
	}
	fset := token.NewFileSet()
	var missing []string
	for _, name := range pkg.GoFiles {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, sp := range g.Specs {
				ts := sp.(*ast.TypeSpec)
				if _, iface := ts.Type.(*ast.InterfaceType); iface || !ts.Name.IsExported() {
					continue
				}
				if !listed[ts.Name.Name] {
					missing = append(missing, ts.Name.Name)
				}
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("exportedTypes lacks %v", missing)
	}
}

// TestZeroAndNilReceivers calls every exported method of every exported
// type on its zero value and, for pointer methods, on a nil pointer and a
// pointer to a zero value, with zero arguments. None may panic. On a zero
// or nil Socket or File, every method that returns an error returns one
// (the state reads as closed), and Fileno returns -1.
func TestZeroAndNilReceivers(t *testing.T) {
	t.Parallel()
	for _, typ := range exportedTypes {
		ptr := reflect.PointerTo(typ)
		receivers := []struct {
			name string
			v    reflect.Value
		}{
			{"zero " + typ.Name(), reflect.Zero(typ)},
			{"nil *" + typ.Name(), reflect.Zero(ptr)},
			{"&" + typ.Name() + "{}", reflect.New(typ)},
		}
		strict := typ == reflect.TypeFor[socket.Socket]() || typ == reflect.TypeFor[socket.File]()
		for _, r := range receivers {
			rt := r.v.Type()
			for i := 0; i < rt.NumMethod(); i++ {
				m := rt.Method(i)
				name := fmt.Sprintf("%s.%s", r.name, m.Name)
				if _, value := typ.MethodByName(m.Name); value && r.v.Kind() == reflect.Pointer && r.v.IsNil() {
					// A value method called through a nil pointer panics
					// in Go's own wrapper before the method runs, as
					// (*time.Time)(nil).String() does: no method can
					// prevent it.
					continue
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					fn := r.v.Method(i)
					ft := fn.Type()
					args := make([]reflect.Value, 0, ft.NumIn())
					for j := 0; j < ft.NumIn(); j++ {
						if ft.IsVariadic() && j == ft.NumIn()-1 {
							break
						}
						args = append(args, reflect.Zero(ft.In(j)))
					}
					var out []reflect.Value
					func() {
						defer func() {
							if p := recover(); p != nil {
								t.Fatalf("%s panicked: %v", name, p)
							}
						}()
						out = fn.Call(args)
					}()
					if !strict {
						return
					}
					if m.Name == "Fileno" && out[0].Int() != -1 {
						t.Errorf("%s = %d, want -1", name, out[0].Int())
					}
					if n := ft.NumOut(); n > 0 && ft.Out(n-1) == reflect.TypeFor[error]() {
						err, _ := out[n-1].Interface().(error)
						if err == nil {
							t.Errorf("%s returned no error", name)
						} else if !errors.Is(err, socket.ErrInvalid) && !errors.Is(err, syscall.EBADF) {
							t.Logf("%s: %v", name, err)
						}
					}
				})
			}
		}
	}
}
