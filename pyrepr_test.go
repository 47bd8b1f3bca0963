//go:build linux

package socket_test

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// pyReprCase is one value built the same way in Go and in Python: v here,
// the expression py there.
type pyReprCase struct {
	name string
	v    any
	py   string
}

// pyReprProgram evaluates each expression and prints its repr() and str();
// err(f) is the exception that f raises.
const pyReprProgram = `
import errno, json, os, socket, sys
def err(f):
    try:
        f()
    except BaseException as e:
        return e
    raise AssertionError("no exception")
def pair(): return socket.socketpair()
def nonblocking_recv():
    a, b = pair()
    a.setblocking(False)
    try:
        a.recv(1)
    finally:
        a.close(); b.close()
def timed_recv():
    a, b = pair()
    a.settimeout(0.001)
    try:
        a.recv(1)
    finally:
        a.close(); b.close()
def closed_recv():
    a, b = pair()
    a.close(); b.close()
    a.recv(1)
def refused(port):
    s = socket.socket()
    try:
        s.connect(("127.0.0.1", port))
    finally:
        s.close()
out = []
for expr in json.load(sys.stdin):
    v = eval(expr)
    out.append([repr(v).encode('utf-8', 'surrogateescape').hex(), str(v).encode('utf-8', 'surrogateescape').hex()])
print(json.dumps(out))
`

// freePort returns a TCP port on 127.0.0.1 that nothing listens on.
func freePort(t *testing.T) int {
	s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	if err := s.Bind(socket.InetAddr{Host: "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	a, err := s.Getsockname()
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return a.(socket.InetAddr).Port
}

func pyReprCases(t *testing.T) []pyReprCase {
	var cs []pyReprCase
	add := func(name string, v any, py string) { cs = append(cs, pyReprCase{name, v, py}) }

	// Scalars.
	add("None", nil, "None")
	add("True", true, "True")
	add("False", false, "False")
	add("int", 50444, "50444")
	add("negative int", -2, "-2")
	add("int64", int64(1)<<40, "2**40")
	add("uint32", uint32(math.MaxUint32), "2**32-1")
	for _, s := range []string{"", "abc", "it's", `say "hi"`, `both ' and "`, "\t\n\r\\", "\x00\x1f\x7f",
		"é😀", "a\u200bb", "\u0085", "\u00a0x", "\u2028", "\U000e0001", "caf\xe9"} {
		add(fmt.Sprintf("str %q", s), s, pyStrLiteral(s))
	}
	for _, b := range [][]byte{{}, []byte("abc"), []byte("it's"), []byte(`"`), []byte(`'"`),
		{0, 0xff, '\t', '\n', '\r', '\\', 0x7f, 0x80, ' '}, allBytes()} {
		add(fmt.Sprintf("bytes %q", b), b, pyBytesLiteral(b))
	}
	for _, f := range []float64{0, 1, -1.5, 0.1 + 0.2, 1e16, 1e15 + 0.3, 123456789012345678, 1e22, 1e-4, 1e-5,
		0.0025, 123.456, 5e-324, math.MaxFloat64, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN()} {
		add(fmt.Sprintf("float %v", f), f, fmt.Sprintf("float.fromhex(%q)", hexFloat(f)))
	}
	// Timeouts, as Gettimeout returns them and Python's gettimeout does.
	for _, d := range []time.Duration{socket.NoTimeout, 0, 5 * time.Second, 2500 * time.Millisecond, 2500 * time.Microsecond,
		time.Nanosecond, 10 * time.Microsecond, 100 * time.Microsecond, 333 * time.Millisecond, 1000 * time.Hour, math.MaxInt64} {
		py := "None"
		if d != socket.NoTimeout {
			py = fmt.Sprintf("%d/1e9", int64(d))
			// Python divides exactly; Go's Seconds adds the whole and the
			// fractional seconds: the same double for these values.
		}
		add(fmt.Sprintf("timeout %v", d), d, py)
	}
	// Enums.
	for _, f := range []socket.AddressFamily{socket.AF_UNSPEC, socket.AF_UNIX, socket.AF_INET, socket.AF_INET6,
		socket.AF_NETLINK, socket.AF_PACKET, socket.AF_CAN, socket.AF_ALG, socket.AF_VSOCK} {
		add("family "+f.String(), f, "socket."+f.String())
	}
	add("family without a member", socket.AddressFamily(255), "255")
	for _, k := range []socket.SocketKind{socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_RAW, socket.SOCK_SEQPACKET,
		socket.SOCK_RDM, socket.SOCK_NONBLOCK, socket.SOCK_CLOEXEC} {
		add("kind "+k.String(), k, "socket."+k.String())
	}
	add("kind without a member", socket.SocketKind(99), "99")

	// Addresses, as the tuples Python's socket returns.
	add("InetAddr", socket.InetAddr{Host: "127.0.0.1", Port: 50444}, "('127.0.0.1', 50444)")
	add("Inet6Addr", socket.Inet6Addr{Host: "fe80::1", Port: 80, Flowinfo: 5, ScopeID: 2}, "('fe80::1', 80, 5, 2)")
	add("UnixAddr path", socket.UnixAddr{Path: "/tmp/s"}, "'/tmp/s'")
	add("UnixAddr abstract", socket.UnixAddr{Path: "\x00name"}, `b'\x00name'`)
	add("UnixAddr unnamed", socket.UnixAddr{}, "''")
	add("UnixAddr undecodable", socket.UnixAddr{Path: "/tmp/\xff"}, `os.fsdecode(b'/tmp/\xff')`)
	add("NetlinkAddr", socket.NetlinkAddr{PID: 1234, Groups: 5}, "(1234, 5)")
	add("PacketAddr", socket.PacketAddr{Ifname: "lo", Proto: 2048, PktType: 4, HAType: 772, Addr: []byte{0, 0, 0, 0, 0, 0}},
		`('lo', 2048, 4, 772, b'\x00\x00\x00\x00\x00\x00')`)
	add("CANAddr", socket.CANAddr{Interface: "vcan0"}, "('vcan0',)")
	add("CANISOTPAddr", socket.CANISOTPAddr{Interface: "vcan0", RxAddr: 0x123, TxAddr: 0x456}, "('vcan0', 291, 1110)")
	add("CANJ1939Addr", socket.CANJ1939Addr{Interface: "vcan0", Name: 1 << 40, PGN: 0x3ffff, Addr: 0xff}, "('vcan0', 2**40, 262143, 255)")
	add("ALGAddr", socket.ALGAddr{Type: "hash", Name: "sha256"}, "('hash', 'sha256', 0, 0)")
	add("VsockAddr", socket.VsockAddr{CID: 2, Port: 1234}, "(2, 1234)")
	add("RawAddr", socket.RawAddr{SaFamily: socket.AF_APPLETALK, Data: []byte{1, 2, 0, 0}}, `(5, b'\x01\x02\x00\x00')`)
	add("nil Addr", socket.Addr(nil), "None")

	// What the module functions return.
	ai, err := socket.Getaddrinfo("127.0.0.1", "80", socket.AF_INET, socket.SOCK_STREAM, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	add("getaddrinfo", ai, "socket.getaddrinfo('127.0.0.1', 80, socket.AF_INET, socket.SOCK_STREAM)")
	ai, err = socket.Getaddrinfo("::1", "", 0, 0, 0, socket.AI_NUMERICHOST)
	if err != nil {
		t.Fatal(err)
	}
	add("getaddrinfo all kinds", ai, "socket.getaddrinfo('::1', None, 0, 0, 0, socket.AI_NUMERICHOST)")
	ni, err := socket.IfNameindex()
	skipQemu(t, "netlink's RTM_GETLINK dump (Go's net.Interfaces), whose attributes it does not byte-swap", err)
	if err != nil {
		t.Fatal(err)
	}
	add("if_nameindex", ni, "socket.if_nameindex()")
	add("recvmsg tuple", socket.PyTuple{[]byte("x"), []socket.ControlMessage{{Level: socket.SOL_SOCKET, Type: socket.SCM_RIGHTS, Data: []byte{5, 0, 0, 0}}}, 0, socket.Addr(nil)},
		`(b'x', [(socket.SOL_SOCKET, socket.SCM_RIGHTS, b'\x05\x00\x00\x00')], 0, None)`)
	add("recvfrom tuple", socket.PyTuple{[]byte("hi"), socket.InetAddr{Host: "127.0.0.1", Port: 5}}, "(b'hi', ('127.0.0.1', 5))")
	add("empty tuple", socket.PyTuple{}, "()")
	add("one-tuple", socket.PyTuple{"a"}, "('a',)")
	add("list", []any{1, "a", nil, []byte{}}, "[1, 'a', None, b'']")
	add("string list", []string{"a", "b'"}, `['a', "b'"]`)
	add("gethostbyname_ex tuple", socket.PyTuple{"localhost", []string{}, []string{"127.0.0.1"}}, "('localhost', [], ['127.0.0.1'])")

	// Errors from real calls, beside the same calls in Python.
	call := func(name, py string, f func() error) {
		err := f()
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		add(name, err, "err(lambda: "+py+")")
	}
	call("non-blocking recv", "nonblocking_recv()", func() error {
		a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
		a.Setblocking(false)
		_, err := a.Recv(1)
		return err
	})
	call("recv timeout", "timed_recv()", func() error {
		a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
		a.Settimeout(time.Millisecond)
		_, err := a.Recv(1)
		return err
	})
	call("closed socket", "closed_recv()", func() error {
		a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
		a.Close()
		b.Close()
		_, err := a.Recv(1)
		return err
	})
	port := freePort(t)
	call("connection refused", fmt.Sprintf("refused(%d)", port), func() error {
		return mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0).Connect(socket.InetAddr{Host: "127.0.0.1", Port: port})
	})
	call("gaierror", "socket.getaddrinfo('127.0.0.1', 'no-such-service')", func() error {
		_, err := socket.Getaddrinfo("127.0.0.1", "no-such-service", 0, 0, 0, 0)
		return err
	})
	call("gaierror numeric host", "socket.getaddrinfo('not a host', 80, flags=socket.AI_NUMERICHOST)", func() error {
		_, err := socket.Getaddrinfo("not a host", "80", 0, 0, 0, socket.AI_NUMERICHOST)
		return err
	})
	call("OSError without errno", "socket.getservbyname('no-such-service')", func() error {
		_, err := socket.Getservbyname("no-such-service", "")
		return err
	})
	add("herror", &socket.Error{Op: "gethostbyaddr", Err: &socket.HError{Code: 1, Msg: "Unknown host"}}, "socket.herror(1, 'Unknown host')")
	add("bare errno", syscall.ECONNRESET, "OSError(errno.ECONNRESET, os.strerror(errno.ECONNRESET))")
	add("unknown errno", &socket.Error{Op: "recv", Err: syscall.Errno(4000)}, "OSError(4000, os.strerror(4000))")
	// Every errno of the table, as the OSError subclass Python makes of it.
	for _, e := range socket.ErrnoTable() {
		name := e.Name
		add("errno "+name, &socket.Error{Op: "send", Err: e.Errno}, fmt.Sprintf("OSError(errno.%s, os.strerror(errno.%s))", name, name))
	}
	return cs
}

// TestPyReprMatchesCPython compares PyRepr and PyStr with Python's repr()
// and str() over a table of values built alike on both sides.
func TestPyReprMatchesCPython(t *testing.T) {
	cases := pyReprCases(t)
	exprs := make([]string, len(cases))
	for i, c := range cases {
		exprs[i] = c.py
	}
	in, _ := json.Marshal(exprs)
	out := pythonStdin(t, pyReprProgram, string(in))
	var want [][2]string
	if err := json.Unmarshal([]byte(out), &want); err != nil || len(want) != len(cases) {
		t.Fatalf("python3 answered %d values of %d: %v\n%s", len(want), len(cases), err, out)
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wr, _ := hex.DecodeString(want[i][0])
			ws, _ := hex.DecodeString(want[i][1])
			if got := socket.PyRepr(c.v); got != string(wr) {
				t.Errorf("PyRepr = %s, python's repr = %s", got, wr)
			}
			if got := socket.PyStr(c.v); got != string(ws) {
				t.Errorf("PyStr = %q, python's str = %q", got, ws)
			}
		})
	}
	t.Logf("%d values compared with python3's repr() and str()", len(cases))
}

// TestPyReprGoOnly covers what Python cannot build alike: the socket
// object, errors that are Go's own, hostile values.
func TestPyReprGoOnly(t *testing.T) {
	s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	var nilSock *socket.Socket
	var nilErr *socket.Error
	for _, tc := range []struct {
		name       string
		v          any
		repr, str_ string
	}{
		{"socket", s, s.String(), s.String()},
		{"typed nil socket", nilSock, "None", "None"},
		{"typed nil error", nilErr, "None", "None"},
		{"ValueError", &socket.Error{Op: "connect", Err: &socket.ValueError{Arg: "port", Msg: "port must be 0-65535."}},
			"ValueError('port must be 0-65535.')", "port must be 0-65535."},
		{"partial send timeout", &socket.Error{Op: "sendall", Err: &socket.PartialSendError{Sent: 3, Err: os.ErrDeadlineExceeded}},
			"TimeoutError('timed out')", "timed out"},
		{"other error", errors.New("boom"), "OSError('boom')", "boom"},
		{"named byte array", [4]byte{1, 2, 3, 4}, `b'\x01\x02\x03\x04'`, `b'\x01\x02\x03\x04'`},
		{"nested tuple", socket.PyTuple{socket.PyTuple{}, socket.PyTuple{1}}, "((), (1,))", "((), (1,))"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := socket.PyRepr(tc.v); got != tc.repr {
				t.Errorf("PyRepr = %s, want %s", got, tc.repr)
			}
			if got := socket.PyStr(tc.v); got != tc.str_ {
				t.Errorf("PyStr = %s, want %s", got, tc.str_)
			}
		})
	}
}

// TestListenDefaultBacklog checks Listen() against Python's listen(): the
// listener's backlog that the kernel reports (tcpi_sacked of TCP_INFO).
func TestListenDefaultBacklog(t *testing.T) {
	s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	if err := s.Bind(socket.InetAddr{Host: "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	const readBacklog = "import struct\nprint(struct.unpack_from('I', s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104), 28)[0])"
	got := pythonOnSocket(t, s, readBacklog)
	want := strings.TrimSpace(python(t, "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen()\n"+readBacklog))
	if got != want || got != fmt.Sprint(min(socket.SOMAXCONN, 128)) {
		t.Errorf("backlog after Listen() = %s, Python's listen() gives %s, want min(SOMAXCONN, 128)", got, want)
	}
	if err := s.Listen(1, 2); !errors.Is(err, socket.ErrInvalid) {
		t.Errorf("Listen(1, 2) = %v, want ErrInvalid", err)
	}
}

// pythonStdin runs a python3 program with input on its standard input.
func pythonStdin(t *testing.T, program, input string) string {
	t.Helper()
	exe := needTool(t, "python3", "python3 (CPython is the reference)")
	skipUnlessPythonArch(t, exe)
	cmd := exec.Command(exe, "-c", program)
	cmd.Stdin = strings.NewReader(input)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, stderr.String())
	}
	return string(out)
}

func allBytes() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

// pyStrLiteral writes s as a Python str literal without relying on the
// code under test: every character as a \U escape, bytes that are not UTF-8
// through surrogateescape.
func pyStrLiteral(s string) string {
	var b strings.Builder
	b.WriteString("os.fsdecode(bytes.fromhex('")
	fmt.Fprintf(&b, "%x", s)
	b.WriteString("'))")
	return b.String()
}

func pyBytesLiteral(p []byte) string { return fmt.Sprintf("bytes.fromhex('%x')", p) }

func hexFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	return fmt.Sprintf("%x", f)
}
