package socket_test

import (
	"errors"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// TestStdlibAddrParams passes the standard library's address types to
// Bind, Connect, ConnectEx, Sendto and Sendmsg, and checks that each call
// reached the address meant.
func TestStdlibAddrParams(t *testing.T) {
	t.Parallel()
	t.Run("Bind", func(t *testing.T) {
		dir := t.TempDir()
		for _, tc := range []struct {
			name   string
			family socket.AddressFamily
			kind   socket.SocketKind
			addr   net.Addr
			want   string // Getsockname's String, "" to skip the check
		}{
			{"TCPAddr", socket.AF_INET, socket.SOCK_STREAM, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}, ""},
			{"UDPAddr", socket.AF_INET, socket.SOCK_DGRAM, &net.UDPAddr{IP: net.ParseIP("127.0.0.1")}, ""},
			{"IPAddr", socket.AF_INET, socket.SOCK_DGRAM, &net.IPAddr{IP: net.ParseIP("127.0.0.1")}, ""},
			{"TCPAddr any", socket.AF_INET, socket.SOCK_STREAM, &net.TCPAddr{}, ""},
			{"UDPAddr v6", socket.AF_INET6, socket.SOCK_DGRAM, &net.UDPAddr{IP: net.IPv6loopback}, ""},
			{"AddrPort", socket.AF_INET, socket.SOCK_DGRAM, net.UDPAddrFromAddrPort(netip.MustParseAddrPort("127.0.0.1:0")), ""},
			{"UnixAddr", socket.AF_UNIX, socket.SOCK_STREAM, &net.UnixAddr{Name: filepath.Join(dir, "s"), Net: "unix"}, filepath.Join(dir, "s")},
			{"UnixAddr abstract", socket.AF_UNIX, socket.SOCK_DGRAM, &net.UnixAddr{Name: "@pysocket-test-" + filepath.Base(dir), Net: "unixgram"}, "\x00pysocket-test-" + filepath.Base(dir)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				skipUnless(t, tc.family, tc.kind, 0)
				s := mustNew(t, tc.family, tc.kind, 0)
				if err := s.Bind(tc.addr); err != nil {
					t.Fatalf("Bind(%v) = %v", tc.addr, err)
				}
				got, err := s.Getsockname()
				if err != nil {
					t.Fatal(err)
				}
				if tc.want != "" {
					if got != (socket.UnixAddr{Path: tc.want}) {
						t.Errorf("Getsockname = %#v, want %q", got, tc.want)
					}
					return
				}
				var ip net.IP
				switch a := tc.addr.(type) {
				case *net.TCPAddr:
					ip = a.IP
				case *net.UDPAddr:
					ip = a.IP
				case *net.IPAddr:
					ip = a.IP
				}
				host := "0.0.0.0"
				if ip != nil {
					host = ip.String()
				}
				switch g := got.(type) {
				case socket.InetAddr:
					if g.Host != host {
						t.Errorf("Getsockname = %v, want host %s", g, host)
					}
				case socket.Inet6Addr:
					if g.Host != host {
						t.Errorf("Getsockname = %v, want host %s", g, host)
					}
				default:
					t.Errorf("Getsockname = %#v", got)
				}
			})
		}
	})
	t.Run("Connect and ConnectEx", func(t *testing.T) {
		l, la := listenLoopback(t)
		port := la.(socket.InetAddr).Port
		c := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
		if err := c.Connect(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}); err != nil {
			t.Fatal(err)
		}
		d := mustNew(t, socket.AF_INET6, socket.SOCK_STREAM, 0)
		// An IPv4 address on an AF_INET6 socket is IPv4-mapped; the
		// listener is IPv4-only, so the mapped address reaches it.
		if e, err := d.ConnectEx(net.TCPAddrFromAddrPort(netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), uint16(port)))); err != nil || e != 0 {
			t.Fatalf("ConnectEx = %v, %v", e, err)
		}
		for i := 0; i < 2; i++ {
			s, _, err := l.Accept()
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
		}
	})
	t.Run("Sendto and Sendmsg", func(t *testing.T) {
		r := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
		r.Bind(socket.InetAddr{Host: "127.0.0.1"})
		ra, _ := r.Getsockname()
		to := &net.UDPAddr{IP: net.ParseIP("127.0.0.1"), Port: ra.(socket.InetAddr).Port}
		s := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
		if _, err := s.Sendto([]byte("to"), to); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Sendmsg([][]byte{[]byte("msg")}, nil, to); err != nil {
			t.Fatal(err)
		}
		r.Settimeout(5 * time.Second)
		for _, want := range []string{"to", "msg"} {
			if got, err := r.Recv(16); err != nil || string(got) != want {
				t.Fatalf("Recv = %q, %v; want %q", got, err, want)
			}
		}
	})
	t.Run("bad addresses", func(t *testing.T) {
		s := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
		for _, tc := range []struct {
			name string
			addr net.Addr
		}{
			{"nil", nil},
			{"typed nil TCPAddr", (*net.TCPAddr)(nil)},
			{"typed nil UnixAddr", (*net.UnixAddr)(nil)},
			{"UnixAddr on AF_INET", &net.UnixAddr{Name: "/x", Net: "unix"}},
			{"IPv6 on AF_INET", &net.UDPAddr{IP: net.IPv6loopback, Port: 1}},
			{"IP of 5 bytes", &net.UDPAddr{IP: net.IP{1, 2, 3, 4, 5}, Port: 1}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				for _, call := range []func() error{
					func() error { return s.Bind(tc.addr) },
					func() error { return s.Connect(tc.addr) },
					func() error { _, err := s.ConnectEx(tc.addr); return err },
					func() error { _, err := s.Sendto([]byte("x"), tc.addr); return err },
				} {
					if err := call(); !errors.Is(err, socket.ErrInvalid) {
						t.Errorf("%v: %v, want a *ValueError", tc.addr, err)
					}
				}
			})
		}
	})
}

// TestAddrNetworkDials dials an InetAddr and an Inet6Addr with package net,
// through their Network and String.
func TestAddrNetworkDials(t *testing.T) {
	t.Parallel()
	for _, family := range []socket.AddressFamily{socket.AF_INET, socket.AF_INET6} {
		t.Run(family.String(), func(t *testing.T) {
			skipUnless(t, family, socket.SOCK_STREAM, 0)
			l := mustNew(t, family, socket.SOCK_STREAM, 0)
			var a socket.Addr = socket.InetAddr{Host: "127.0.0.1"}
			if family == socket.AF_INET6 {
				a = socket.Inet6Addr{Host: "::1"}
			}
			if err := l.Bind(a); err != nil {
				t.Fatal(err)
			}
			l.Listen(1)
			la, _ := l.Getsockname()
			c, err := net.Dial(la.Network(), la.String())
			if err != nil {
				t.Fatalf("net.Dial(%q, %q) = %v", la.Network(), la.String(), err)
			}
			c.Close()
		})
	}
}

// TestErrorAsOpError matches the package's errors as *net.OpError, as code
// written against package net does.
func TestErrorAsOpError(t *testing.T) {
	t.Parallel()
	// A refused connection.
	l, la := listenLoopback(t)
	l.Close()
	c := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	err := c.Connect(la)
	skipQemuSOError(t, err)
	var oe *net.OpError
	if !errors.As(err, &oe) {
		t.Fatalf("errors.As(%v, *net.OpError) = false", err)
	}
	if oe.Op != "connect" || oe.Net != "tcp4" || oe.Addr == nil || oe.Addr.String() != la.String() || !errors.Is(oe, syscall.ECONNREFUSED) {
		t.Errorf("OpError = %+v", oe)
	}
	var se *socket.Error
	if !errors.As(err, &se) || se.Addr != la {
		t.Errorf("errors.As(*socket.Error) after *net.OpError = %v", se)
	}

	// A timeout reports Timeout through the *net.OpError too.
	a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	a.Settimeout(time.Millisecond)
	_, err = a.Recv(1)
	if !errors.As(err, &oe) || !oe.Timeout() || !errors.Is(oe, os.ErrDeadlineExceeded) || oe.Op != "recv" || oe.Addr != nil || oe.Net != "" {
		t.Errorf("timeout as *net.OpError = %+v (from %v)", oe, err)
	}
	// Other targets are not touched.
	var pe *os.PathError
	if errors.As(err, &pe) {
		t.Errorf("errors.As(*os.PathError) = true")
	}
}
