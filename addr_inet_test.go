package socket_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

func TestInetAddresses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		family socket.AddressFamily
		kind   socket.SocketKind
		bind   socket.Addr // nil: leave unbound
		want   socket.Addr // port 0 means "any port"
	}{
		{"unbound INET", socket.AF_INET, socket.SOCK_STREAM, nil, socket.InetAddr{Host: "0.0.0.0"}},
		{"unbound INET6", socket.AF_INET6, socket.SOCK_STREAM, nil, socket.Inet6Addr{Host: "::"}},
		{"'' is INADDR_ANY", socket.AF_INET, socket.SOCK_DGRAM, socket.InetAddr{Host: ""}, socket.InetAddr{Host: "0.0.0.0"}},
		{"'' is ::", socket.AF_INET6, socket.SOCK_DGRAM, socket.Inet6Addr{Host: ""}, socket.Inet6Addr{Host: "::"}},
		{"loopback", socket.AF_INET, socket.SOCK_DGRAM, socket.InetAddr{Host: "127.0.0.1"}, socket.InetAddr{Host: "127.0.0.1"}},
		{"localhost resolves", socket.AF_INET, socket.SOCK_DGRAM, socket.InetAddr{Host: "localhost"}, socket.InetAddr{Host: "127.0.0.1"}},
		{"IPv6 loopback", socket.AF_INET6, socket.SOCK_DGRAM, socket.Inet6Addr{Host: "::1"}, socket.Inet6Addr{Host: "::1"}},
		{"upper-case IPv6 comes back lower", socket.AF_INET6, socket.SOCK_DGRAM, socket.Inet6Addr{Host: "0:0:0:0:0:0:0:1"}, socket.Inet6Addr{Host: "::1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := mustNew(t, tt.family, tt.kind, 0)
			if tt.bind != nil {
				if err := s.Bind(tt.bind); err != nil {
					t.Fatal(err)
				}
			}
			got, err := s.Getsockname()
			if err != nil {
				t.Fatal(err)
			}
			switch g := got.(type) {
			case socket.InetAddr:
				if tt.bind != nil && g.Port == 0 {
					t.Errorf("bound to port 0")
				}
				g.Port = 0
				got = g
			case socket.Inet6Addr:
				if tt.bind != nil && g.Port == 0 {
					t.Errorf("bound to port 0")
				}
				g.Port = 0
				got = g
			}
			if got != tt.want {
				t.Errorf("Getsockname = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestDualStackPeerIsV4Mapped(t *testing.T) {
	t.Parallel()
	l := mustNew(t, socket.AF_INET6, socket.SOCK_STREAM, 0)
	l.Setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
	if err := l.Bind(socket.Inet6Addr{Host: "::"}); err != nil {
		t.Fatal(err)
	}
	l.Listen(1)
	la, _ := l.Getsockname()
	c := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	if err := c.Connect(socket.InetAddr{Host: "127.0.0.1", Port: la.(socket.Inet6Addr).Port}); err != nil {
		t.Fatal(err)
	}
	a, peer, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p := peer.(socket.Inet6Addr)
	if p.Host != "::ffff:127.0.0.1" || p.Flowinfo != 0 || p.ScopeID != 0 {
		t.Fatalf("peer %#v, want ('::ffff:127.0.0.1', port, 0, 0)", p)
	}
}

func TestUDPRoundTrip(t *testing.T) {
	t.Parallel()
	for _, family := range []socket.AddressFamily{socket.AF_INET, socket.AF_INET6} {
		t.Run(family.String(), func(t *testing.T) {
			t.Parallel()
			var bind socket.Addr = socket.InetAddr{Host: "127.0.0.1"}
			if family == socket.AF_INET6 {
				bind = socket.Inet6Addr{Host: "::1"}
			}
			a := mustNew(t, family, socket.SOCK_DGRAM, 0)
			b := mustNew(t, family, socket.SOCK_DGRAM, 0)
			a.Bind(bind)
			b.Bind(bind)
			ba, _ := b.Getsockname()
			aa, _ := a.Getsockname()
			if n, err := a.Sendto([]byte("datagram"), ba); err != nil || n != 8 {
				t.Fatalf("Sendto = %d, %v", n, err)
			}
			data, from, err := b.Recvfrom(100)
			if err != nil || string(data) != "datagram" || from != aa {
				t.Fatalf("Recvfrom = %q %#v %v; want from %#v", data, from, err, aa)
			}
			if _, err := a.Send([]byte("x")); !errors.Is(err, syscall.EDESTADDRREQ) {
				t.Fatalf("Send unconnected UDP: %v, want EDESTADDRREQ", err)
			}
		})
	}
}

func TestBroadcastNeedsSOBroadcast(t *testing.T) {
	t.Parallel()
	s := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	_, err := s.Sendto([]byte("x"), socket.InetAddr{Host: "<broadcast>", Port: 9})
	if !errors.Is(err, syscall.EACCES) {
		t.Fatalf("Sendto <broadcast>: %v, want EACCES", err)
	}
}

func TestBadAddresses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		family socket.AddressFamily
		addr   socket.Addr
		arg    string // the argument a *ValueError names; "" for another error
		check  func(error) bool
	}{
		{name: "port -1", family: socket.AF_INET, addr: socket.InetAddr{Port: -1}, arg: "port"},
		{name: "port 65536", family: socket.AF_INET, addr: socket.InetAddr{Port: 65536}, arg: "port"},
		{name: "IPv6 port 70000", family: socket.AF_INET6, addr: socket.Inet6Addr{Port: 70000}, arg: "port"},
		{name: "flowinfo over 20 bits", family: socket.AF_INET6, addr: socket.Inet6Addr{Flowinfo: 0x100000}, arg: "flowinfo"},
		{name: "nil address", family: socket.AF_INET, addr: nil, arg: "addr"},
		{name: "INET6 address on an INET socket", family: socket.AF_INET, addr: socket.Inet6Addr{Host: "::1"}, arg: "addr"},
		{name: "UNIX address on an INET socket", family: socket.AF_INET, addr: socket.UnixAddr{Path: "/x"}, arg: "addr"},
		{name: "INET address on a UNIX socket", family: socket.AF_UNIX, addr: socket.InetAddr{}, arg: "addr"},
		{name: "<broadcast> on INET6", family: socket.AF_INET6, addr: socket.Inet6Addr{Host: "<broadcast>"}, arg: "host"},
		{name: "embedded NUL in host", family: socket.AF_INET, addr: socket.InetAddr{Host: "a\x00b"}, arg: "host"},
		{name: "IPv6 literal on INET", family: socket.AF_INET, addr: socket.InetAddr{Host: "::1"}, check: func(err error) bool {
			var g *socket.GaiError
			return errors.As(err, &g) && g.Code == socket.EAI_ADDRFAMILY
		}},
		{name: "IPv4 literal on INET6", family: socket.AF_INET6, addr: socket.Inet6Addr{Host: "127.0.0.1"}, check: func(err error) bool {
			var g *socket.GaiError
			return errors.As(err, &g) && g.Code == socket.EAI_ADDRFAMILY
		}},
		{name: "unknown host", family: socket.AF_INET, addr: socket.InetAddr{Host: "no-such-host.invalid"}, check: func(err error) bool {
			var g *socket.GaiError
			return errors.As(err, &g)
		}},
		{name: "raw address too long", family: socket.AF_INET, addr: socket.RawAddr{SaFamily: socket.AF_INET, Data: make([]byte, 500)}, arg: "addr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := mustNew(t, tt.family, socket.SOCK_DGRAM, 0)
			for _, call := range []struct {
				op string
				fn func() error
			}{
				{"bind", func() error { return s.Bind(tt.addr) }},
				{"connect", func() error { return s.Connect(tt.addr) }},
				{"sendto", func() error { _, err := s.Sendto([]byte("x"), tt.addr); return err }},
			} {
				err := call.fn()
				var e *socket.Error
				if !errors.As(err, &e) || e.Op != call.op {
					t.Fatalf("%s: %#v is not a *socket.Error with Op %q", call.op, err, call.op)
				}
				if tt.check != nil {
					if !tt.check(err) {
						t.Fatalf("%s: unexpected error %v", call.op, err)
					}
					continue
				}
				var ve *socket.ValueError
				if !errors.As(err, &ve) || ve.Arg != tt.arg || !errors.Is(err, socket.ErrInvalid) {
					t.Fatalf("%s: %v; want a *ValueError naming %q", call.op, err, tt.arg)
				}
			}
		})
	}
}

func TestBadArguments(t *testing.T) {
	t.Parallel()
	s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	tests := []struct {
		name string
		arg  string
		err  error
	}{
		{"listen backlog over INT_MAX", "backlog", s.Listen(1 << 40)},
		{"setsockopt value over INT_MAX", "value", s.Setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1<<40)},
		{"getsockopt buflen 0", "buflen", func() error { _, err := s.GetsockoptBytes(socket.SOL_SOCKET, socket.SO_TYPE, 0); return err }()},
		{"getsockopt buflen 1025", "buflen", func() error { _, err := s.GetsockoptBytes(socket.SOL_SOCKET, socket.SO_TYPE, 1025); return err }()},
		{"shutdown how over INT_MAX", "how", s.Shutdown(1 << 40)},
		{"fromfd negative", "fd", func() error { _, err := socket.Fromfd(-3, socket.AF_INET, socket.SOCK_STREAM, 0); return err }()},
	}
	for _, tt := range tests {
		var ve *socket.ValueError
		if !errors.As(tt.err, &ve) || ve.Arg != tt.arg {
			t.Errorf("%s: %v; want a *ValueError naming %q", tt.name, tt.err, tt.arg)
		}
	}
}

func TestSockopts(t *testing.T) {
	t.Parallel()
	s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	if v, err := s.Getsockopt(socket.SOL_SOCKET, socket.SO_TYPE); err != nil || v != int(socket.SOCK_STREAM) {
		t.Fatalf("SO_TYPE = %d, %v", v, err)
	}
	if b, err := s.GetsockoptBytes(socket.SOL_SOCKET, socket.SO_TYPE, 4); err != nil || len(b) != 4 {
		t.Fatalf("SO_TYPE bytes = %v, %v", b, err)
	}
	if err := s.Setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR); v != 1 {
		t.Fatalf("SO_REUSEADDR = %d", v)
	}
	if err := s.SetsockoptBytes(socket.SOL_SOCKET, socket.SO_LINGER, make([]byte, 8)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Getsockopt(socket.SOL_SOCKET, 4242); !errors.Is(err, syscall.ENOPROTOOPT) {
		t.Fatalf("unknown option: %v, want ENOPROTOOPT", err)
	}
}

// TestLinkLocalScope binds a link-local address with its scope inside a
// network namespace of the test's own, sends to it and checks that the
// scope comes back in the sender's address.
func TestLinkLocalScope(t *testing.T) {
	skipUnlessRoot(t, "a network namespace for the link-local test")
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("the ip command (iproute2) is missing; install iproute2")
	}
	ns := fmt.Sprintf("pysock-ll-%d", os.Getpid())
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("netns", "add", ns)
	t.Cleanup(func() { exec.Command("ip", "netns", "del", ns).Run() })
	run("-n", ns, "link", "add", "ll0", "type", "veth", "peer", "name", "ll1")
	run("-n", ns, "link", "set", "lo", "up")
	run("-n", ns, "link", "set", "ll0", "up")
	run("-n", ns, "link", "set", "ll1", "up")
	run("-n", ns, "addr", "add", "fe80::1/64", "dev", "ll0", "nodad")

	var s *socket.Socket
	var ifindex int
	inNetns(t, ns, func() {
		var err error
		s, err = socket.New(socket.AF_INET6, socket.SOCK_DGRAM, 0)
		if err != nil {
			t.Error(err)
			return
		}
	})
	if s == nil {
		t.FailNow()
	}
	out, err := exec.Command("ip", "-n", ns, "-o", "link", "show", "ll0").Output()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Sscanf(string(out), "%d:", &ifindex)
	defer s.Close()
	s.Settimeout(5 * time.Second)
	if err := s.Bind(socket.Inet6Addr{Host: "fe80::1", ScopeID: uint32(ifindex)}); err != nil {
		t.Fatal(err)
	}
	me, _ := s.Getsockname()
	m := me.(socket.Inet6Addr)
	if m.Host != "fe80::1" || m.ScopeID != uint32(ifindex) {
		t.Fatalf("Getsockname %#v, want scope %d", m, ifindex)
	}
	// Without a scope the kernel refuses a link-local bind, as in Python.
	s2 := mustNew(t, socket.AF_INET6, socket.SOCK_DGRAM, 0)
	if err := s2.Bind(socket.Inet6Addr{Host: "fe80::1"}); err == nil {
		t.Fatal("link-local bind without a scope succeeded")
	}
	if _, err := s.Sendto([]byte("ll"), m); err != nil {
		t.Fatal(err)
	}
	data, from, err := s.Recvfrom(10)
	if err != nil || string(data) != "ll" {
		t.Fatalf("Recvfrom = %q, %v", data, err)
	}
	if f := from.(socket.Inet6Addr); f.ScopeID != uint32(ifindex) || f.Host != "fe80::1" {
		t.Fatalf("from %#v, want scope %d", f, ifindex)
	}
	// A %zone in the host fills in a zero ScopeID.
	if _, err := s.Sendto([]byte("zone"), socket.Inet6Addr{Host: fmt.Sprintf("fe80::1%%%d", ifindex), Port: m.Port}); err != nil {
		t.Fatal(err)
	}
	if data, _, err := s.Recvfrom(10); err != nil || string(data) != "zone" {
		t.Fatalf("Recvfrom = %q, %v", data, err)
	}
}

// inNetns runs fn on an OS thread switched into the network namespace ns;
// sockets fn opens stay in that namespace. The thread is thrown away if it
// cannot switch back.
func inNetns(t *testing.T, ns string, fn func()) {
	t.Helper()
	target, err := os.Open("/var/run/netns/" + ns)
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		orig, err := os.Open("/proc/thread-self/ns/net")
		if err != nil {
			done <- err
			return
		}
		defer orig.Close()
		if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
			done <- err
			return
		}
		fn()
		if err := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); err != nil {
			done <- err // the goroutine ends locked, so the thread goes too
			return
		}
		runtime.UnlockOSThread()
		done <- nil
	}()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
