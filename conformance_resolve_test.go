//go:build linux

package socket_test

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"

	"github.com/pysocket/socket"
)

// resolveCase is one line of testdata/resolve_cases.json: a module function
// of Python's socket and its arguments (null for None; packed bytes in
// hex). The expected answer is what CPython gives on this machine.
type resolveCase struct {
	Name string `json:"name"`
	Fn   string `json:"fn"`
	Args []any  `json:"args"`
}

// resolveOutcome is a call's result or error in a shape both sides produce.
type resolveOutcome struct {
	OK    any         `json:"ok,omitempty"`
	Error *resolveErr `json:"error,omitempty"`
}

type resolveErr struct {
	// Kind is gaierror, herror, errno (an OSError with an errno) or msg:
	// an error that is only its text, which Python raises as an OSError
	// without errno or as ValueError, TypeError or OverflowError, and the
	// package as a *ValueError (bad input) or a not-found cause.
	Kind string `json:"kind"`
	Code *int   `json:"code"`
	Msg  string `json:"msg"`
}

// pyConformance runs every case in CPython and prints the outcomes.
const pyConformance = `
import json, socket, sys
cases = json.load(open(sys.argv[1], encoding="utf-8"))
def unhex(s): return bytes.fromhex(s)
def sa(a): return list(a)
def call(fn, a):
    f = getattr(socket, fn)
    if fn == "getaddrinfo":
        return [[int(r[0]), int(r[1]), r[2], r[3], sa(r[4])] for r in f(*a)]
    if fn == "getnameinfo":
        return list(f(tuple(a[0]), a[1]))
    if fn in ("gethostbyname_ex", "gethostbyaddr"):
        return list(f(*a))
    if fn in ("getservbyname", "getservbyport"):
        return f(a[0]) if a[1] is None else f(a[0], a[1])
    if fn in ("inet_aton",):
        return f(*a).hex()
    if fn == "inet_ntoa":
        return f(unhex(a[0]))
    if fn == "inet_pton":
        return f(a[0], a[1]).hex()
    if fn == "inet_ntop":
        return f(a[0], unhex(a[1]))
    if fn == "if_nameindex":
        return [list(x) for x in f()]
    return f(*a)
out = []
for c in cases:
    try:
        out.append({"ok": call(c["fn"], c["args"])})
    except socket.gaierror as e:
        out.append({"error": {"kind": "gaierror", "code": e.errno, "msg": e.strerror}})
    except socket.herror as e:
        out.append({"error": {"kind": "herror", "code": e.errno, "msg": e.strerror}})
    except OSError as e:
        if e.errno is None:
            out.append({"error": {"kind": "msg", "code": None, "msg": str(e)}})
        else:
            out.append({"error": {"kind": "errno", "code": e.errno, "msg": e.strerror}})
    except (ValueError, TypeError, OverflowError) as e:
        out.append({"error": {"kind": "msg", "code": None, "msg": str(e)}})
print(json.dumps(out))
`

func TestResolveConformance(t *testing.T) {
	path := filepath.Join("testdata", "resolve_cases.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []resolveCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 150 {
		t.Fatalf("%d cases; the suite needs at least 150", len(cases))
	}
	compareResolveCases(t, cases, python(t, pyConformance, path))
}

// compareResolveCases runs each case here and compares it with CPython's
// outcomes, given as the JSON that pyConformance prints.
func compareResolveCases(t *testing.T, cases []resolveCase, pyOut string) {
	t.Helper()
	var want []resolveOutcome
	if err := json.Unmarshal([]byte(pyOut), &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(cases) {
		t.Fatalf("python3 answered %d cases of %d", len(want), len(cases))
	}
	for i, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			got := runResolveCase(t, c)
			// Both sides through JSON, so that numbers and lists compare alike.
			g, w := normalizeOutcome(t, got), normalizeOutcome(t, want[i])
			if ge, we := g.Error, w.Error; ge != nil && we != nil && ge.Kind == "errno" && we.Kind == "errno" {
				// An errno: Go's strerror text is lower-case; the number is the contract.
				ge.Msg, we.Msg = "", ""
			}
			if os.Getenv("SHOW_CASES") != "" {
				t.Logf("%s%v = %s", c.Fn, c.Args, jsonText(g))
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s%v\n got  %s\n want %s", c.Fn, c.Args, jsonText(g), jsonText(w))
			}
		})
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func normalizeOutcome(t *testing.T, o resolveOutcome) resolveOutcome {
	t.Helper()
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var n resolveOutcome
	if err := json.Unmarshal(b, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Argument helpers for the JSON cases.
func argStr(a any) string {
	if a == nil {
		return ""
	}
	return a.(string)
}

func argInt(a any) int { return int(a.(float64)) }

func argBytes(t *testing.T, a any) []byte {
	b, err := hex.DecodeString(a.(string))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sockaddrOut(a socket.Addr) []any {
	switch a := a.(type) {
	case socket.InetAddr:
		return []any{a.Host, a.Port}
	case socket.Inet6Addr:
		return []any{a.Host, a.Port, a.Flowinfo, a.ScopeID}
	}
	return []any{fmt.Sprint(a)}
}

// runResolveCase calls the package's function for c.
func runResolveCase(t *testing.T, c resolveCase) resolveOutcome {
	a := c.Args
	var v any
	var err error
	switch c.Fn {
	case "getaddrinfo":
		var res []socket.AddrInfo
		res, err = socket.Getaddrinfo(argStr(a[0]), argStr(a[1]), socket.AddressFamily(argInt(a[2])),
			socket.SocketKind(argInt(a[3])), argInt(a[4]), argInt(a[5]))
		list := []any{}
		for _, r := range res {
			list = append(list, []any{int(r.Family), int(r.Type), r.Proto, r.Canonname, sockaddrOut(r.Sockaddr)})
		}
		v = list
	case "getnameinfo":
		t := a[0].([]any)
		var sa socket.Addr
		if len(t) == 2 {
			sa = socket.InetAddr{Host: t[0].(string), Port: argInt(t[1])}
		} else {
			sa = socket.Inet6Addr{Host: t[0].(string), Port: argInt(t[1]), Flowinfo: uint32(argInt(t[2])), ScopeID: uint32(argInt(t[3]))}
		}
		var h, p string
		h, p, err = socket.Getnameinfo(sa, argInt(a[1]))
		v = []any{h, p}
	case "gethostbyname":
		v, err = socket.Gethostbyname(argStr(a[0]))
	case "gethostbyname_ex", "gethostbyaddr":
		f := socket.GethostbynameEx
		if c.Fn == "gethostbyaddr" {
			f = socket.Gethostbyaddr
		}
		var n string
		var al, ad []string
		n, al, ad, err = f(argStr(a[0]))
		v = []any{n, al, ad}
	case "getfqdn":
		v = socket.Getfqdn(argStr(a[0]))
	case "gethostname":
		v, err = socket.Gethostname()
	case "getservbyname":
		v, err = socket.Getservbyname(argStr(a[0]), argStr(a[1]))
	case "getservbyport":
		v, err = socket.Getservbyport(argInt(a[0]), argStr(a[1]))
	case "getprotobyname":
		v, err = socket.Getprotobyname(argStr(a[0]))
	case "inet_aton":
		var b []byte
		b, err = socket.InetAton(argStr(a[0]))
		v = hex.EncodeToString(b)
	case "inet_ntoa":
		v, err = socket.InetNtoa(argBytes(t, a[0]))
	case "inet_pton":
		var b []byte
		b, err = socket.InetPton(socket.AddressFamily(argInt(a[0])), argStr(a[1]))
		v = hex.EncodeToString(b)
	case "inet_ntop":
		v, err = socket.InetNtop(socket.AddressFamily(argInt(a[0])), argBytes(t, a[1]))
	case "htons":
		v = socket.Htons(uint16(argInt(a[0])))
	case "ntohs":
		v = socket.Ntohs(uint16(argInt(a[0])))
	case "htonl":
		v = socket.Htonl(uint32(argInt(a[0])))
	case "ntohl":
		v = socket.Ntohl(uint32(argInt(a[0])))
	case "if_nameindex":
		var l []socket.NameIndex
		l, err = socket.IfNameindex()
		list := []any{}
		for _, x := range l {
			list = append(list, []any{x.Index, x.Name})
		}
		v = list
	case "if_nametoindex":
		v, err = socket.IfNametoindex(argStr(a[0]))
	case "if_indextoname":
		v, err = socket.IfIndextoname(argInt(a[0]))
	case "has_dualstack_ipv6":
		v = socket.HasDualstackIpv6()
	default:
		t.Fatalf("unknown function %q in the case list", c.Fn)
	}
	if err != nil {
		return resolveOutcome{Error: resolveErrOut(t, err)}
	}
	return resolveOutcome{OK: v}
}

// resolveErrOut classifies an error as Python's exception classes.
func resolveErrOut(t *testing.T, err error) *resolveErr {
	var se *socket.Error
	if !errors.As(err, &se) {
		t.Errorf("error %v (%T) is not a *socket.Error", err, err)
	}
	var gai *socket.GaiError
	var he *socket.HError
	var ve *socket.ValueError
	var errno syscall.Errno
	switch {
	case errors.As(err, &gai):
		return &resolveErr{Kind: "gaierror", Code: &gai.Code, Msg: gai.Msg}
	case errors.As(err, &he):
		return &resolveErr{Kind: "herror", Code: &he.Code, Msg: he.Msg}
	case errors.As(err, &ve):
		return &resolveErr{Kind: "msg", Msg: ve.Msg}
	case errors.As(err, &errno):
		n := int(errno)
		return &resolveErr{Kind: "errno", Code: &n, Msg: errno.Error()}
	}
	if !errors.Is(err, socket.ErrNotFound) {
		t.Errorf("message error %v matches neither ErrInvalid nor ErrNotFound", err)
	}
	return &resolveErr{Kind: "msg", Msg: se.Err.Error()}
}
