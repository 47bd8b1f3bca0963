package socket_test

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// portOf returns the port of an INET or INET6 address.
func portOf(t testing.TB, a socket.Addr) int {
	t.Helper()
	switch a := a.(type) {
	case socket.InetAddr:
		return a.Port
	case socket.Inet6Addr:
		return a.Port
	}
	t.Fatalf("%v is not an INET address", a)
	return 0
}

// listener opens a TCP server on loopback and returns it and its port.
func listener(t testing.TB, opts *socket.ServerOptions) (*socket.Socket, int) {
	t.Helper()
	l, err := socket.CreateServer("127.0.0.1", 0, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	a, err := l.Getsockname()
	if err != nil {
		t.Fatal(err)
	}
	return l, portOf(t, a)
}

// refusedPort returns a loopback port where connections are refused: a
// bound socket that does not listen, kept open until t ends.
func refusedPort(t testing.TB) int {
	t.Helper()
	s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	if err := s.Bind(socket.InetAddr{Host: "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	a, err := s.Getsockname()
	if err != nil {
		t.Fatal(err)
	}
	return portOf(t, a)
}

// blockingPort returns a loopback port where a connect waits: a listener
// with a backlog of 0 whose one place is taken.
func blockingPort(t testing.TB) int {
	t.Helper()
	l := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	if err := l.Bind(socket.InetAddr{Host: "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Listen(0); err != nil {
		t.Fatal(err)
	}
	a, err := l.Getsockname()
	if err != nil {
		t.Fatal(err)
	}
	filler := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	if err := filler.Connect(a); err != nil {
		t.Fatal(err)
	}
	probe := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	probe.Settimeout(200 * time.Millisecond)
	if err := probe.Connect(a); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Skipf("a connect to a full backlog does not wait on this kernel (%v)", err)
	}
	return portOf(t, a)
}

func TestCreateConnection(t *testing.T) {
	checkLeaks(t)
	l, port := listener(t, nil)
	tests := []struct {
		name string
		host string
		opts *socket.ConnectionOptions
		want time.Duration
	}{
		{"defaults", "127.0.0.1", nil, socket.Getdefaulttimeout()},
		{"None tries ::1 first", "", nil, socket.Getdefaulttimeout()},
		{"name", "localhost", &socket.ConnectionOptions{Timeout: 5 * time.Second}, 5 * time.Second},
		{"blocking", "127.0.0.1", &socket.ConnectionOptions{Timeout: socket.NoTimeout}, socket.NoTimeout},
		{"source", "127.0.0.1", &socket.ConnectionOptions{SourceAddress: socket.InetAddr{Host: "127.0.0.1"}}, socket.Getdefaulttimeout()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := socket.CreateConnection(tt.host, port, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if got := c.Gettimeout(); got != tt.want {
				t.Errorf("timeout %v; want %v", got, tt.want)
			}
			srv, peer, err := l.Accept()
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			local, _ := c.Getsockname()
			if local.String() != peer.String() {
				t.Errorf("client %v, server saw %v", local, peer)
			}
			if err := c.Sendall([]byte("ping")); err != nil {
				t.Fatal(err)
			}
			if b, err := srv.Recv(4); err != nil || string(b) != "ping" {
				t.Fatalf("Recv = %q, %v", b, err)
			}
		})
	}
}

func TestCreateConnectionErrors(t *testing.T) {
	checkLeaks(t)
	port := refusedPort(t)
	t.Run("last error", func(t *testing.T) {
		_, err := socket.CreateConnection("", port, nil)
		if !errors.Is(err, syscall.ECONNREFUSED) {
			skipQemuSOError(t, err)
			t.Fatalf("err = %v; want ECONNREFUSED", err)
		}
		var se *socket.Error
		if !errors.As(err, &se) || se.Op != "connect" || se.Addr == nil || se.Addr.Family() != socket.AF_INET {
			t.Fatalf("err = %#v; want the connect to 127.0.0.1, the last address", err)
		}
	})
	t.Run("all errors", func(t *testing.T) {
		_, err := socket.CreateConnection("", port, &socket.ConnectionOptions{AllErrors: true})
		var se *socket.Error
		if !errors.As(err, &se) || se.Op != "create_connection" {
			t.Fatalf("err = %v; want a create_connection error", err)
		}
		j, ok := se.Err.(interface{ Unwrap() []error })
		if !ok || len(j.Unwrap()) != 2 {
			t.Fatalf("cause %v; want the errors of ::1 and 127.0.0.1 joined", se.Err)
		}
		for _, e := range j.Unwrap() {
			if !errors.Is(e, syscall.ECONNREFUSED) {
				skipQemuSOError(t, e)
				t.Errorf("%v; want ECONNREFUSED", e)
			}
		}
	})
	bad := []struct {
		name string
		host string
		port int
		opts *socket.ConnectionOptions
		want func(error) bool
	}{
		{"port", "127.0.0.1", 70000, nil, func(err error) bool { return errors.Is(err, socket.ErrInvalid) }},
		{"negative port", "127.0.0.1", -1, nil, func(err error) bool { return errors.Is(err, socket.ErrInvalid) }},
		{"timeout", "127.0.0.1", 1, &socket.ConnectionOptions{Timeout: -5}, func(err error) bool { return errors.Is(err, socket.ErrInvalid) }},
		{"unknown host", "nonexistent.invalid", 1, nil, func(err error) bool {
			var g *socket.GaiError
			return errors.As(err, &g) && g.Code == socket.EAI_NONAME
		}},
		{"nul", "127.0.0.1\x00", 1, nil, func(err error) bool { return errors.Is(err, socket.ErrInvalid) }},
		{"source family", "127.0.0.1", port, &socket.ConnectionOptions{SourceAddress: socket.Inet6Addr{Host: "::1"}},
			func(err error) bool { return errors.Is(err, socket.ErrInvalid) }},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			s, err := socket.CreateConnection(tt.host, tt.port, tt.opts)
			if s != nil {
				s.Close()
			}
			if !tt.want(err) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestCreateConnectionContext(t *testing.T) {
	checkLeaks(t)
	port := blockingPort(t)
	t.Run("cancel wakes the connect", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		_, err := socket.CreateConnectionContext(ctx, "127.0.0.1", port, nil)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v; want context.Canceled", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("the cancelled connect returned after %v", d)
		}
	})
	t.Run("deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
		defer cancel()
		_, err := socket.CreateConnectionContext(ctx, "127.0.0.1", port, nil)
		if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("err = %v; want a deadline error", err)
		}
		var ne interface{ Timeout() bool }
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("err = %v; want Timeout() true", err)
		}
	})
	t.Run("timeout before the deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, err := socket.CreateConnectionContext(ctx, "127.0.0.1", port, &socket.ConnectionOptions{Timeout: 100 * time.Millisecond})
		if !errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v; want the socket's timeout", err)
		}
	})
	t.Run("done before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := socket.CreateConnectionContext(ctx, "127.0.0.1", port, nil)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v; want context.Canceled", err)
		}
	})
}

// TestCreateConnectionContextNoDone checks that the deadline of a
// successful connect is cleared and that a context without a Done channel
// costs nothing over CreateConnection.
func TestCreateConnectionContextNoDone(t *testing.T) {
	checkLeaks(t)
	l, port := listener(t, &socket.ServerOptions{Backlog: 64})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := socket.CreateConnectionContext(ctx, "127.0.0.1", port, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv, _, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cancel()
	time.Sleep(10 * time.Millisecond)
	if err := c.Sendall([]byte("x")); err != nil {
		t.Fatalf("send after the context ended: %v", err)
	}
	c.Close()

	connect := func(f func() (*socket.Socket, error)) {
		c, err := f()
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		s, _, err := l.Accept()
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	plain := testing.AllocsPerRun(20, func() {
		connect(func() (*socket.Socket, error) { return socket.CreateConnection("127.0.0.1", port, nil) })
	})
	withCtx := testing.AllocsPerRun(20, func() {
		connect(func() (*socket.Socket, error) {
			return socket.CreateConnectionContext(context.Background(), "127.0.0.1", port, nil)
		})
	})
	if withCtx > plain {
		t.Errorf("context.Background costs %v allocations over CreateConnection's %v", withCtx, plain)
	}
}

func TestCreateServer(t *testing.T) {
	checkLeaks(t)
	skipUnless(t, socket.AF_INET6, socket.SOCK_STREAM, 0)
	tests := []struct {
		name      string
		host      string
		opts      *socket.ServerOptions
		reusePort int
		v6only    int // -1: not an IPv6 socket
	}{
		{"defaults", "127.0.0.1", nil, 0, -1},
		{"reuse port", "127.0.0.1", &socket.ServerOptions{ReusePort: true}, 1, -1},
		{"ipv6", "::1", &socket.ServerOptions{Family: socket.AF_INET6}, 0, 1},
		{"dual stack", "", &socket.ServerOptions{Family: socket.AF_INET6, DualstackIPv6: true, Backlog: 5}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := socket.CreateServer(tt.host, 0, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if v, err := s.Getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR); err != nil || v != 1 {
				t.Errorf("SO_REUSEADDR = %d, %v", v, err)
			}
			if v, err := s.Getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT); err != nil || v != tt.reusePort {
				t.Errorf("SO_REUSEPORT = %d, %v; want %d", v, err, tt.reusePort)
			}
			if tt.v6only >= 0 {
				if v, err := s.Getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY); err != nil || v != tt.v6only {
					t.Errorf("IPV6_V6ONLY = %d, %v; want %d", v, err, tt.v6only)
				}
			}
			if v, err := s.Getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN); err != nil || v != 1 {
				t.Errorf("SO_ACCEPTCONN = %d, %v", v, err)
			}
			a, _ := s.Getsockname()
			if tt.v6only == 0 {
				// The dual-stack socket takes IPv4 connections.
				c, err := socket.CreateConnection("127.0.0.1", portOf(t, a), nil)
				if err != nil {
					t.Fatal(err)
				}
				c.Close()
			}
		})
	}
}

func TestCreateServerErrors(t *testing.T) {
	checkLeaks(t)
	_, port := listener(t, nil)
	tests := []struct {
		name string
		host string
		port int
		opts *socket.ServerOptions
		is   error
	}{
		{"dualstack needs AF_INET6", "", 0, &socket.ServerOptions{DualstackIPv6: true}, socket.ErrInvalid},
		{"family", "", 0, &socket.ServerOptions{Family: socket.AF_UNIX}, socket.ErrInvalid},
		{"port", "", 65536, nil, socket.ErrInvalid},
		{"in use", "127.0.0.1", port, nil, syscall.EADDRINUSE},
		{"ipv6 host on AF_INET", "::1", 0, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := socket.CreateServer(tt.host, tt.port, tt.opts)
			if err == nil {
				s.Close()
				t.Fatal("no error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("err = %v; want %v", err, tt.is)
			}
		})
	}
}

// TestCreateServerBindMessage compares the text of a bind failure with
// CPython's create_server.
func TestCreateServerBindMessage(t *testing.T) {
	checkLeaks(t)
	_, port := listener(t, nil)
	tests := []struct {
		name string
		host string
		port int
	}{
		{"in use", "127.0.0.1", port},
		{"unknown host", "nonexistent.invalid", 0},
		{"ipv6 literal", "::1", 0},
		{"not local", "192.0.2.77", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := strings.TrimSpace(python(t, `
import socket, sys
try:
    socket.create_server((sys.argv[1], int(sys.argv[2])))
except OSError as e:
    print(e)
`, tt.host, strconv.Itoa(tt.port)))
			_, err := socket.CreateServer(tt.host, tt.port, nil)
			var se *socket.Error
			if !errors.As(err, &se) {
				t.Fatalf("err = %v", err)
			}
			if got := se.Err.Error(); got != want {
				t.Errorf("cause %q\nwant      %q", got, want)
			}
		})
	}
}

func TestHasDualstackIpv6(t *testing.T) {
	t.Parallel()
	want := strings.TrimSpace(python(t, "import socket; print(socket.has_dualstack_ipv6())"))
	if got := socket.HasDualstackIpv6(); strconv.FormatBool(got) != strings.ToLower(want) {
		t.Errorf("HasDualstackIpv6() = %v; python3 says %s", got, want)
	}
	if !socket.HasIpv6 {
		t.Error("HasIpv6 is false")
	}
}
