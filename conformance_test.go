//go:build linux

package socket_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// The conformance test runs each case in CPython's socket module and in this
// package and compares the outcomes, written the same way on both sides:
// "errno=N" for an OSError with an errno, "timeout" for a socket timeout,
// "gai=N" for a gaierror, "value" for ValueError/TypeError/OverflowError (or
// Python's message-only OSError for bad input), and otherwise the result in
// Python's repr, with ephemeral ports written as P.

// pyHarness runs the cases given as JSON {name: code} on stdin; each code
// sets r.
const pyHarness = `
import json, socket, sys, os, re, tempfile
cases = json.load(sys.stdin)
TMP = tempfile.mkdtemp()
def closed_port():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname(); s.close(); return p
def listener(family=socket.AF_INET, host='127.0.0.1'):
    l = socket.socket(family); l.bind((host, 0)); l.listen(); return l
out = {}
for name, code in cases.items():
    env = {'socket': socket, 'closed_port': closed_port, 'listener': listener, 'TMP': TMP, 'os': os}
    try:
        exec(code, env)
        r = repr(env['r'])
    except TimeoutError as e:
        r = 'timeout' if e.errno is None else 'errno=%d' % e.errno
    except socket.gaierror as e:
        r = 'gai=%d' % e.errno
    except OSError as e:
        r = 'value' if e.errno is None else 'errno=%d' % e.errno
    except (ValueError, TypeError, OverflowError):
        r = 'value'
    out[name] = re.sub(r"(\('[^']*', )[1-9]\d*", r'\1P', r)
print(json.dumps(out))
`

type confCase struct {
	name string
	py   string
	gofn func(t *testing.T, tmp string) (string, error)
}

func TestConformanceWithCPython(t *testing.T) {
	tmp := t.TempDir()
	cases := conformanceCases()
	in := map[string]string{}
	for _, c := range cases {
		in[c.name] = c.py
	}
	js, _ := json.Marshal(in)
	program := "import sys, io\nsys.stdin = io.StringIO(" + fmt.Sprintf("%q", string(js)) + ")\n" + pyHarness
	var want map[string]string
	if err := json.Unmarshal([]byte(python(t, program)), &want); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := c.gofn(t, tmp)
			got := outcome(r, err)
			if got != want[c.name] {
				t.Errorf("Go %s, CPython %s", got, want[c.name])
			}
		})
	}
}

// outcome writes a Go result the way the harness writes Python's.
func outcome(r string, err error) string {
	if err == nil {
		return r
	}
	var g *socket.GaiError
	var errno syscall.Errno
	switch {
	case errors.As(err, &g):
		return fmt.Sprintf("gai=%d", g.Code)
	case errors.Is(err, socket.ErrInvalid):
		return "value"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	case errors.Is(err, syscall.EBADF):
		return "errno=9"
	case errors.As(err, &errno):
		return fmt.Sprintf("errno=%d", int(errno))
	}
	return "unexpected " + err.Error()
}

// repr writes an address as Python's repr, with the port as P.
func repr(a socket.Addr) string {
	switch v := a.(type) {
	case nil:
		return "None"
	case socket.InetAddr:
		return fmt.Sprintf("('%s', %s)", v.Host, port(v.Port))
	case socket.Inet6Addr:
		return fmt.Sprintf("('%s', %s, %d, %d)", v.Host, port(v.Port), v.Flowinfo, v.ScopeID)
	case socket.UnixAddr:
		if v.Abstract() {
			return socket.PyBytes([]byte(v.Path))
		}
		return "'" + v.Path + "'"
	}
	return a.String()
}

func port(p int) string {
	if p == 0 {
		return "0"
	}
	return "P"
}

func newS(t *testing.T, f socket.AddressFamily, k socket.SocketKind) *socket.Socket {
	return mustNew(t, f, k, 0)
}

func lis(t *testing.T) (*socket.Socket, socket.Addr) {
	l := newS(t, socket.AF_INET, socket.SOCK_STREAM)
	l.Bind(socket.InetAddr{Host: "127.0.0.1"})
	l.Listen(128)
	a, _ := l.Getsockname()
	return l, a
}

func errOnly(err error) (string, error) { return "None", err }

func conformanceCases() []confCase {
	inet, inet6, unix := socket.AF_INET, socket.AF_INET6, socket.AF_UNIX
	stream, dgram := socket.SOCK_STREAM, socket.SOCK_DGRAM
	return []confCase{
		{"socket with an unknown family", "r = socket.socket(4242, 1, 0)", func(t *testing.T, _ string) (string, error) {
			_, err := socket.New(4242, stream, 0)
			return errOnly(err)
		}},
		{"socket with a bad type", "r = socket.socket(2, 4242, 0)", func(t *testing.T, _ string) (string, error) {
			_, err := socket.New(inet, 4242, 0)
			return errOnly(err)
		}},
		{"socket with a mismatched protocol", "r = socket.socket(2, 1, 17)", func(t *testing.T, _ string) (string, error) {
			_, err := socket.New(inet, stream, 17)
			return errOnly(err)
		}},
		{"socketpair of AF_INET", "r = socket.socketpair(socket.AF_INET)", func(t *testing.T, _ string) (string, error) {
			_, _, err := socket.Socketpair(inet, stream, 0)
			return errOnly(err)
		}},
		{"connect refused", "s = socket.socket(); r = s.connect(closed_port())", func(t *testing.T, _ string) (string, error) {
			return errOnly(newS(t, inet, stream).Connect(closedPort(t)))
		}},
		{"connect_ex refused", "s = socket.socket(); r = s.connect_ex(closed_port())", func(t *testing.T, _ string) (string, error) {
			e, err := newS(t, inet, stream).ConnectEx(closedPort(t))
			return fmt.Sprint(int(e)), err
		}},
		{"connect_ex when connected", "l = listener(); s = socket.socket(); s.connect(l.getsockname()); r = s.connect_ex(l.getsockname())", func(t *testing.T, _ string) (string, error) {
			_, la := lis(t)
			s := newS(t, inet, stream)
			s.Connect(la)
			e, err := s.ConnectEx(la)
			return fmt.Sprint(int(e)), err
		}},
		{"connect in timeout mode", "l = listener(); s = socket.socket(); s.settimeout(5); r = s.connect(l.getsockname())", func(t *testing.T, _ string) (string, error) {
			_, la := lis(t)
			s := newS(t, inet, stream)
			s.Settimeout(5 * time.Second)
			return errOnly(s.Connect(la))
		}},
		{"connect_ex non-blocking", "l = listener(); s = socket.socket(); s.setblocking(False); r = s.connect_ex(l.getsockname())", func(t *testing.T, _ string) (string, error) {
			_, la := lis(t)
			s := newS(t, inet, stream)
			s.Setblocking(false)
			e, err := s.ConnectEx(la)
			return fmt.Sprint(int(e)), err
		}},
		{"bind twice", "s = socket.socket(); s.bind(('127.0.0.1', 0)); r = s.bind(('127.0.0.1', 0))", func(t *testing.T, _ string) (string, error) {
			s := newS(t, inet, stream)
			s.Bind(socket.InetAddr{Host: "127.0.0.1"})
			return errOnly(s.Bind(socket.InetAddr{Host: "127.0.0.1"}))
		}},
		{"bind an address in use", "l = listener(); s = socket.socket(); r = s.bind(l.getsockname())", func(t *testing.T, _ string) (string, error) {
			_, la := lis(t)
			return errOnly(newS(t, inet, stream).Bind(la))
		}},
		{"bind a non-local address", "s = socket.socket(); r = s.bind(('192.0.2.1', 0))", func(t *testing.T, _ string) (string, error) {
			return errOnly(newS(t, inet, stream).Bind(socket.InetAddr{Host: "192.0.2.1"}))
		}},
		{"getpeername unconnected", "s = socket.socket(); r = s.getpeername()", func(t *testing.T, _ string) (string, error) {
			_, err := newS(t, inet, stream).Getpeername()
			return errOnly(err)
		}},
		{"accept not listening", "s = socket.socket(); s.bind(('127.0.0.1', 0)); r = s.accept()", func(t *testing.T, _ string) (string, error) {
			s := newS(t, inet, stream)
			s.Bind(socket.InetAddr{Host: "127.0.0.1"})
			_, _, err := s.Accept()
			return errOnly(err)
		}},
		{"accept on UDP", "s = socket.socket(2, 2); r = s.accept()", func(t *testing.T, _ string) (string, error) {
			_, _, err := newS(t, inet, dgram).Accept()
			return errOnly(err)
		}},
		{"accept non-blocking with nothing pending", "l = listener(); l.setblocking(False); r = l.accept()", func(t *testing.T, _ string) (string, error) {
			l, _ := lis(t)
			l.Setblocking(false)
			_, _, err := l.Accept()
			return errOnly(err)
		}},
		{"accept timeout", "l = listener(); l.settimeout(0.05); r = l.accept()", func(t *testing.T, _ string) (string, error) {
			l, _ := lis(t)
			l.Settimeout(50 * time.Millisecond)
			_, _, err := l.Accept()
			return errOnly(err)
		}},
		{"listen on UDP", "s = socket.socket(2, 2); r = s.listen()", func(t *testing.T, _ string) (string, error) {
			return errOnly(newS(t, inet, dgram).Listen(128))
		}},
		{"listen with a negative backlog", "s = socket.socket(); s.bind(('127.0.0.1', 0)); r = s.listen(-5)", func(t *testing.T, _ string) (string, error) {
			s := newS(t, inet, stream)
			s.Bind(socket.InetAddr{Host: "127.0.0.1"})
			return errOnly(s.Listen(-5))
		}},
		{"send on unconnected UDP", "s = socket.socket(2, 2); r = s.send(b'x')", func(t *testing.T, _ string) (string, error) {
			_, err := newS(t, inet, dgram).Send([]byte("x"))
			return errOnly(err)
		}},
		{"send on unconnected AF_UNIX datagram", "s = socket.socket(1, 2); r = s.send(b'x')", func(t *testing.T, _ string) (string, error) {
			_, err := newS(t, unix, dgram).Send([]byte("x"))
			return errOnly(err)
		}},
		{"send on a never-connected TCP socket", "s = socket.socket(); r = s.send(b'x')", func(t *testing.T, _ string) (string, error) {
			_, err := newS(t, inet, stream).Send([]byte("x"))
			return errOnly(err)
		}},
		{"send after SHUT_WR", "a, b = socket.socketpair(); a.shutdown(socket.SHUT_WR); r = a.send(b'x')", func(t *testing.T, _ string) (string, error) {
			a, _ := mustPair(t, unix, stream)
			a.Shutdown(socket.SHUT_WR)
			_, err := a.Send([]byte("x"))
			return errOnly(err)
		}},
		{"recv on unconnected TCP", "s = socket.socket(); r = s.recv(1)", func(t *testing.T, _ string) (string, error) {
			_, err := newS(t, inet, stream).Recv(1)
			return errOnly(err)
		}},
		{"recv non-blocking", "a, b = socket.socketpair(); a.setblocking(False); r = a.recv(1)", func(t *testing.T, _ string) (string, error) {
			a, _ := mustPair(t, unix, stream)
			a.Setblocking(false)
			_, err := a.Recv(1)
			return errOnly(err)
		}},
		{"recv timeout", "a, b = socket.socketpair(); a.settimeout(0.05); r = a.recv(1)", func(t *testing.T, _ string) (string, error) {
			a, _ := mustPair(t, unix, stream)
			a.Settimeout(50 * time.Millisecond)
			_, err := a.Recv(1)
			return errOnly(err)
		}},
		{"recv at EOF", "a, b = socket.socketpair(); b.close(); r = a.recv(10)", func(t *testing.T, _ string) (string, error) {
			a, b := mustPair(t, unix, stream)
			b.Close()
			d, err := a.Recv(10)
			return socket.PyBytes(d), err
		}},
		{"recv negative bufsize", "a, b = socket.socketpair(); r = a.recv(-1)", func(t *testing.T, _ string) (string, error) {
			a, _ := mustPair(t, unix, stream)
			_, err := a.Recv(-1)
			return errOnly(err)
		}},
		{"recv MSG_PEEK", "a, b = socket.socketpair(); b.send(b'hello'); r = (a.recv(3, socket.MSG_PEEK), a.recv(10))", func(t *testing.T, _ string) (string, error) {
			a, b := mustPair(t, unix, stream)
			b.Send([]byte("hello"))
			p, _ := a.Recv(3, socket.MSG_PEEK)
			d, err := a.Recv(10)
			return "(" + socket.PyBytes(p) + ", " + socket.PyBytes(d) + ")", err
		}},
		{"recvfrom on a stream", "a, b = socket.socketpair(); b.send(b'x'); r = a.recvfrom(10)", func(t *testing.T, _ string) (string, error) {
			a, b := mustPair(t, unix, stream)
			b.Send([]byte("x"))
			d, addr, err := a.Recvfrom(10)
			return "(" + socket.PyBytes(d) + ", " + repr(addr) + ")", err
		}},
		{"recvfrom on a TCP stream", "l = listener(); s = socket.create_connection(l.getsockname()); c, _ = l.accept(); s.send(b'x'); r = c.recvfrom(10)", func(t *testing.T, _ string) (string, error) {
			a, b := tcpPair(t, inet)
			a.Send([]byte("x"))
			d, addr, err := b.Recvfrom(10)
			return "(" + socket.PyBytes(d) + ", " + repr(addr) + ")", err
		}},
		{"shutdown unconnected", "s = socket.socket(); r = s.shutdown(socket.SHUT_RDWR)", func(t *testing.T, _ string) (string, error) {
			return errOnly(newS(t, inet, stream).Shutdown(socket.SHUT_RDWR))
		}},
		{"shutdown with a bad how", "a, b = socket.socketpair(); r = a.shutdown(42)", func(t *testing.T, _ string) (string, error) {
			a, _ := mustPair(t, unix, stream)
			return errOnly(a.Shutdown(42))
		}},
		{"getsockopt of an unknown option", "s = socket.socket(); r = s.getsockopt(socket.SOL_SOCKET, 4242)", func(t *testing.T, _ string) (string, error) {
			_, err := newS(t, inet, stream).Getsockopt(socket.SOL_SOCKET, 4242)
			return errOnly(err)
		}},
		{"getsockopt buflen out of range", "s = socket.socket(); r = s.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE, 2000)", func(t *testing.T, _ string) (string, error) {
			_, err := newS(t, inet, stream).GetsockoptBytes(socket.SOL_SOCKET, socket.SO_TYPE, 2000)
			return errOnly(err)
		}},
		{"getsockopt SO_TYPE, SO_DOMAIN, SO_PROTOCOL", "s = socket.socket(2, 2); r = (s.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE), s.getsockopt(socket.SOL_SOCKET, socket.SO_DOMAIN), s.getsockopt(socket.SOL_SOCKET, socket.SO_PROTOCOL))", func(t *testing.T, _ string) (string, error) {
			s := newS(t, inet, dgram)
			a, _ := s.Getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)
			b, _ := s.Getsockopt(socket.SOL_SOCKET, socket.SO_DOMAIN)
			c, err := s.Getsockopt(socket.SOL_SOCKET, socket.SO_PROTOCOL)
			return fmt.Sprintf("(%d, %d, %d)", a, b, c), err
		}},
		{"getsockopt SO_TYPE as bytes", "s = socket.socket(); r = s.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE, 4)", func(t *testing.T, _ string) (string, error) {
			b, err := newS(t, inet, stream).GetsockoptBytes(socket.SOL_SOCKET, socket.SO_TYPE, 4)
			return socket.PyBytes(b), err
		}},
		{"getsockname of an unbound INET socket", "s = socket.socket(); r = s.getsockname()", func(t *testing.T, _ string) (string, error) {
			a, err := newS(t, inet, stream).Getsockname()
			return repr(a), err
		}},
		{"getsockname of an unbound INET6 socket", "s = socket.socket(socket.AF_INET6); r = s.getsockname()", func(t *testing.T, _ string) (string, error) {
			a, err := newS(t, inet6, stream).Getsockname()
			return repr(a), err
		}},
		{"getsockname of an unbound UNIX socket", "s = socket.socket(1); r = s.getsockname()", func(t *testing.T, _ string) (string, error) {
			a, err := newS(t, unix, stream).Getsockname()
			return repr(a), err
		}},
		{"socketpair names", "a, b = socket.socketpair(); r = (a.getsockname(), a.getpeername())", func(t *testing.T, _ string) (string, error) {
			a, _ := mustPair(t, unix, stream)
			x, _ := a.Getsockname()
			y, err := a.Getpeername()
			return "(" + repr(x) + ", " + repr(y) + ")", err
		}},
		{"bind an abstract name", "s = socket.socket(1); s.bind(b'\\x00pysocket-conf-abs\\x00'); r = s.getsockname()", func(t *testing.T, _ string) (string, error) {
			s := newS(t, unix, stream)
			s.Bind(socket.UnixAddr{Path: "\x00pysocket-conf-abs\x00"})
			a, err := s.Getsockname()
			return repr(a), err
		}},
		{"bind a 107-byte path", "s = socket.socket(1); p = os.path.join(TMP, 'x' * (106 - len(TMP))); s.bind(p); r = len(s.getsockname())", func(t *testing.T, tmp string) (string, error) {
			s := newS(t, unix, stream)
			p := filepath.Join(tmp, strings.Repeat("x", 106-len(tmp)))
			if err := s.Bind(socket.UnixAddr{Path: p}); err != nil {
				return "", err
			}
			a, err := s.Getsockname()
			return fmt.Sprint(len(a.(socket.UnixAddr).Path)), err
		}},
		{"bind a 108-byte path", "s = socket.socket(1); r = s.bind('/' + 'x' * 107)", func(t *testing.T, _ string) (string, error) {
			return errOnly(newS(t, unix, stream).Bind(socket.UnixAddr{Path: "/" + strings.Repeat("x", 107)}))
		}},
		{"bind a 109-byte abstract name", "s = socket.socket(1); r = s.bind(b'\\x00' + b'x' * 108)", func(t *testing.T, _ string) (string, error) {
			return errOnly(newS(t, unix, stream).Bind(socket.UnixAddr{Path: "\x00" + strings.Repeat("x", 108)}))
		}},
		{"connect to a missing UNIX path", "s = socket.socket(1); r = s.connect(os.path.join(TMP, 'missing'))", func(t *testing.T, tmp string) (string, error) {
			return errOnly(newS(t, unix, stream).Connect(socket.UnixAddr{Path: filepath.Join(tmp, "missing")}))
		}},
		{"port 70000", "s = socket.socket(); r = s.bind(('127.0.0.1', 70000))", func(t *testing.T, _ string) (string, error) {
			return errOnly(newS(t, inet, stream).Bind(socket.InetAddr{Host: "127.0.0.1", Port: 70000}))
		}},
		{"port -1", "s = socket.socket(); r = s.connect(('127.0.0.1', -1))", func(t *testing.T, _ string) (string, error) {
			return errOnly(newS(t, inet, stream).Connect(socket.InetAddr{Host: "127.0.0.1", Port: -1}))
		}},
		{"flowinfo out of range", "s = socket.socket(socket.AF_INET6); r = s.bind(('::1', 0, 0x100000, 0))", func(t *testing.T, _ string) (string, error) {
			return errOnly(newS(t, inet6, stream).Bind(socket.Inet6Addr{Host: "::1", Flowinfo: 0x100000}))
		}},
		{"<broadcast> on INET6", "s = socket.socket(socket.AF_INET6); r = s.bind(('<broadcast>', 0))", func(t *testing.T, _ string) (string, error) {
			return errOnly(newS(t, inet6, stream).Bind(socket.Inet6Addr{Host: "<broadcast>"}))
		}},
		{"IPv6 literal on INET", "s = socket.socket(); r = s.bind(('::1', 0))", func(t *testing.T, _ string) (string, error) {
			return errOnly(newS(t, inet, stream).Bind(socket.InetAddr{Host: "::1"}))
		}},
		{"IPv4 literal on INET6", "s = socket.socket(socket.AF_INET6); r = s.bind(('127.0.0.1', 0))", func(t *testing.T, _ string) (string, error) {
			return errOnly(newS(t, inet6, stream).Bind(socket.Inet6Addr{Host: "127.0.0.1"}))
		}},
		{"bind localhost", "s = socket.socket(); s.bind(('localhost', 0)); r = s.getsockname()", func(t *testing.T, _ string) (string, error) {
			s := newS(t, inet, stream)
			err := s.Bind(socket.InetAddr{Host: "localhost"})
			a, _ := s.Getsockname()
			return repr(a), err
		}},
		{"bind the legacy form 127.1", "s = socket.socket(); s.bind(('127.1', 0)); r = s.getsockname()", func(t *testing.T, _ string) (string, error) {
			s := newS(t, inet, stream)
			err := s.Bind(socket.InetAddr{Host: "127.1"})
			a, _ := s.Getsockname()
			return repr(a), err
		}},
		{"sendto <broadcast> without SO_BROADCAST", "s = socket.socket(2, 2); r = s.sendto(b'x', ('<broadcast>', 9))", func(t *testing.T, _ string) (string, error) {
			_, err := newS(t, inet, dgram).Sendto([]byte("x"), socket.InetAddr{Host: "<broadcast>", Port: 9})
			return errOnly(err)
		}},
		{"sendto an oversized UDP datagram", "s = socket.socket(2, 2); r = s.sendto(b'x' * 70000, ('127.0.0.1', 9))", func(t *testing.T, _ string) (string, error) {
			_, err := newS(t, inet, dgram).Sendto(make([]byte, 70000), socket.InetAddr{Host: "127.0.0.1", Port: 9})
			return errOnly(err)
		}},
		{"dual-stack peer is v4-mapped", "l = socket.socket(socket.AF_INET6); l.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0); l.bind(('::', 0)); l.listen(); c = socket.create_connection(('127.0.0.1', l.getsockname()[1])); r = l.accept()[1]", func(t *testing.T, _ string) (string, error) {
			l := newS(t, inet6, stream)
			l.Setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
			l.Bind(socket.Inet6Addr{Host: "::"})
			l.Listen(1)
			la, _ := l.Getsockname()
			c := newS(t, inet, stream)
			c.Connect(socket.InetAddr{Host: "127.0.0.1", Port: la.(socket.Inet6Addr).Port})
			a, peer, err := l.Accept()
			if err == nil {
				a.Close()
			}
			return repr(peer), err
		}},
		{"timeouts of the modes", "s = socket.socket(); t = []\nfor v in (None, 0, 2.5):\n    s.settimeout(v); t.append((s.gettimeout(), s.getblocking()))\nr = t", func(t *testing.T, _ string) (string, error) {
			s := newS(t, inet, stream)
			var parts []string
			for _, v := range []time.Duration{socket.NoTimeout, 0, 2500 * time.Millisecond} {
				s.Settimeout(v)
				g := "None"
				if d := s.Gettimeout(); d >= 0 {
					g = fmt.Sprint(d.Seconds())
					if !strings.Contains(g, ".") {
						g += ".0"
					}
				}
				b := "False"
				if s.Getblocking() {
					b = "True"
				}
				parts = append(parts, "("+g+", "+b+")")
			}
			return "[" + strings.Join(parts, ", ") + "]", nil
		}},
		{"settimeout negative", "s = socket.socket(); r = s.settimeout(-1)", func(t *testing.T, _ string) (string, error) {
			return errOnly(newS(t, inet, stream).Settimeout(-time.Second))
		}},
		{"methods after close", "s = socket.socket(); s.close(); r = s.getsockname()", func(t *testing.T, _ string) (string, error) {
			s := newS(t, inet, stream)
			s.Close()
			_, err := s.Getsockname()
			return errOnly(err)
		}},
		{"fileno after close and detach", "a = socket.socket(); b = socket.socket(); a.close(); fd = b.detach(); os.close(fd); r = (a.fileno(), b.fileno(), a.detach())", func(t *testing.T, _ string) (string, error) {
			a, b := newS(t, inet, stream), newS(t, inet, stream)
			a.Close()
			fd, _ := b.Detach()
			socket.Close(fd)
			d, err := a.Detach()
			return fmt.Sprintf("(%d, %d, %d)", a.Fileno(), b.Fileno(), d), err
		}},
		{"type and proto after FromFileno", "s = socket.socket(); t = socket.socket(fileno=s.detach()); r = (int(t.family), int(t.type), t.proto)", func(t *testing.T, _ string) (string, error) {
			s := newS(t, inet, stream)
			fd, _ := s.Detach()
			n, err := socket.FromFileno(fd)
			if err != nil {
				return "", err
			}
			defer n.Close()
			return fmt.Sprintf("(%d, %d, %d)", n.Family(), n.Type(), n.Proto()), nil
		}},
		{"socket with SOCK_NONBLOCK", "s = socket.socket(2, socket.SOCK_STREAM | socket.SOCK_NONBLOCK); r = (int(s.type), s.gettimeout())", func(t *testing.T, _ string) (string, error) {
			s := newS(t, inet, stream|socket.SOCK_NONBLOCK)
			return fmt.Sprintf("(%d, %v.0)", s.Type(), s.Gettimeout().Seconds()), nil
		}},
		{"repr of a fresh socket", "s = socket.socket(); r = repr(s).split(' ', 2)[2]", func(t *testing.T, _ string) (string, error) {
			s := newS(t, inet, stream)
			// The Python side quotes the repr once more.
			return fmt.Sprintf("%q", strings.SplitN(s.String(), " ", 3)[2]), nil
		}},
	}
}

func TestConstantsMatchCPython(t *testing.T) {
	out := python(t, "import socket, json\nprint(json.dumps({n: int(getattr(socket, n)) for n in dir(socket) if not n.startswith('_') and isinstance(getattr(socket, n), int) and not isinstance(getattr(socket, n), bool)}))")
	var want map[string]int64
	if err := json.Unmarshal([]byte(out), &want); err != nil {
		t.Fatal(err)
	}
	var unsupported, newer []string
	for name, v := range want {
		got, ok := generatedConstants[name]
		switch {
		case !ok && unsupportedFamilyConstant(name):
			unsupported = append(unsupported, name)
		case !ok:
			t.Errorf("%s = %d in CPython, missing here", name, v)
		case got != v:
			t.Errorf("%s = %d here, %d in CPython", name, got, v)
		}
	}
	for name := range generatedConstants {
		if _, ok := want[name]; !ok {
			newer = append(newer, name)
		}
	}
	sort.Strings(unsupported)
	sort.Strings(newer)
	if len(unsupported) > 0 {
		t.Logf("this CPython has %d constants of families the package does not support: %v", len(unsupported), unsupported)
	}
	if len(newer) > 0 {
		t.Logf("this CPython lacks %d constants the package defines: %v", len(newer), newer)
	}
}

// unsupportedFamilyConstant reports whether a CPython constant belongs to a
// family the package does not support (Bluetooth), which a CPython built
// with it has and the package leaves out.
func unsupportedFamilyConstant(name string) bool {
	for _, p := range []string{"AF_BLUETOOTH", "BTPROTO_", "HCI_", "SOL_HCI", "BDADDR_"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
