package socket_test

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

func TestNew(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		family socket.AddressFamily
		kind   socket.SocketKind
		proto  int
		want   socket.SocketKind
		errno  syscall.Errno
	}{
		{name: "tcp4", family: socket.AF_INET, kind: socket.SOCK_STREAM, want: socket.SOCK_STREAM},
		{name: "udp4", family: socket.AF_INET, kind: socket.SOCK_DGRAM, want: socket.SOCK_DGRAM},
		{name: "tcp6", family: socket.AF_INET6, kind: socket.SOCK_STREAM, proto: socket.IPPROTO_TCP, want: socket.SOCK_STREAM},
		{name: "unix stream", family: socket.AF_UNIX, kind: socket.SOCK_STREAM, want: socket.SOCK_STREAM},
		{name: "unix seqpacket", family: socket.AF_UNIX, kind: socket.SOCK_SEQPACKET, want: socket.SOCK_SEQPACKET},
		{name: "unknown family", family: 4242, kind: socket.SOCK_STREAM, errno: syscall.EAFNOSUPPORT},
		{name: "bad type", family: socket.AF_INET, kind: 4242, errno: syscall.EINVAL},
		{name: "bad protocol", family: socket.AF_INET, kind: socket.SOCK_STREAM, proto: socket.IPPROTO_UDP, errno: syscall.EPROTONOSUPPORT},
		{name: "unknown protocol", family: socket.AF_INET, kind: socket.SOCK_STREAM, proto: 4242, errno: syscall.EINVAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := socket.New(tt.family, tt.kind, tt.proto)
			if tt.errno != 0 && err == nil {
				s.Close()
				skipQemu(t, "socket(2)'s check of the type argument", fmt.Errorf("type %d accepted", tt.kind))
			}
			if tt.errno != 0 {
				if !errors.Is(err, tt.errno) {
					t.Fatalf("New: got %v, want %v", err, tt.errno)
				}
				var e *socket.Error
				if !errors.As(err, &e) || e.Op != "socket" {
					t.Fatalf("New: error %#v is not a *socket.Error with Op socket", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Family() != tt.family || s.Type() != tt.want || s.Proto() != tt.proto {
				t.Errorf("got family %v type %v proto %d", s.Family(), s.Type(), s.Proto())
			}
			if s.Fileno() < 0 {
				t.Errorf("Fileno = %d", s.Fileno())
			}
			inh, err := s.GetInheritable()
			if err != nil || inh {
				t.Errorf("GetInheritable = %v, %v; want false (close-on-exec)", inh, err)
			}
		})
	}
}

func TestEnumNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"AF_INET", socket.AF_INET.String(), "AF_INET"},
		{"AF_UNIX", socket.AF_UNIX.String(), "AF_UNIX"},
		{"AF_ROUTE is AF_NETLINK's alias", socket.AF_ROUTE.String(), "AF_NETLINK"},
		{"unknown family", socket.AddressFamily(4242).String(), "4242"},
		{"SOCK_STREAM", socket.SOCK_STREAM.String(), "SOCK_STREAM"},
		{"SOCK_SEQPACKET", socket.SOCK_SEQPACKET.String(), "SOCK_SEQPACKET"},
		{"unknown kind", socket.SocketKind(77).String(), "77"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestFromFileno(t *testing.T) {
	t.Parallel()
	t.Run("takes ownership and reads family, type, protocol", func(t *testing.T) {
		t.Parallel()
		s, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
		if err != nil {
			t.Fatal(err)
		}
		fd, err := s.Detach()
		if err != nil {
			t.Fatal(err)
		}
		s2, err := socket.FromFileno(fd)
		if err != nil {
			socket.Close(fd)
			t.Fatal(err)
		}
		defer s2.Close()
		// As in Python, an adopted TCP socket reports proto 6.
		if s2.Family() != socket.AF_INET || s2.Type() != socket.SOCK_STREAM || s2.Proto() != socket.IPPROTO_TCP {
			t.Errorf("got %v %v %d", s2.Family(), s2.Type(), s2.Proto())
		}
		if s2.Fileno() != fd {
			t.Errorf("Fileno %d, want %d (no duplicate)", s2.Fileno(), fd)
		}
	})
	t.Run("negative descriptor", func(t *testing.T) {
		t.Parallel()
		_, err := socket.FromFileno(-1)
		if !errors.Is(err, socket.ErrInvalid) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("not a socket", func(t *testing.T) {
		t.Parallel()
		f, err := os.Open(os.DevNull)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		// f's descriptor stays f's: FromFileno fails before taking it.
		raw, _ := f.SyscallConn()
		var err2 error
		raw.Control(func(fd uintptr) { _, err2 = socket.FromFileno(int(fd)) })
		if !errors.Is(err2, syscall.ENOTSOCK) {
			t.Fatalf("got %v, want ENOTSOCK", err2)
		}
	})
}

func TestFromfdDuplicates(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	c, err := socket.Fromfd(a.Fileno(), socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Fileno() == a.Fileno() {
		t.Fatal("Fromfd did not duplicate")
	}
	if err := c.Sendall([]byte("via dup")); err != nil {
		t.Fatal(err)
	}
	got, err := b.Recv(100)
	if err != nil || string(got) != "via dup" {
		t.Fatalf("Recv = %q, %v", got, err)
	}
	// The original still works after the duplicate closes.
	c.Close()
	if _, err := a.Send([]byte("x")); err != nil {
		t.Fatal(err)
	}
}

func TestCloseDetachDup(t *testing.T) {
	t.Parallel()
	t.Run("close is idempotent and later calls fail", func(t *testing.T) {
		t.Parallel()
		s, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("second Close: %v", err)
		}
		if s.Fileno() != -1 {
			t.Errorf("Fileno after Close = %d", s.Fileno())
		}
		if s.Family() != socket.AF_INET || s.Type() != socket.SOCK_DGRAM {
			t.Error("family and type must survive Close")
		}
		if !strings.Contains(s.String(), "[closed]") {
			t.Errorf("String = %s", s.String())
		}
		calls := []struct {
			name string
			call func() error
		}{
			{"recv", func() error { _, err := s.Recv(1); return err }},
			{"send", func() error { _, err := s.Send([]byte("x")); return err }},
			{"bind", func() error { return s.Bind(socket.InetAddr{}) }},
			{"getsockname", func() error { _, err := s.Getsockname(); return err }},
			{"settimeout", func() error { return s.Settimeout(time.Second) }},
			{"setblocking", func() error { return s.Setblocking(true) }},
			{"dup", func() error { _, err := s.Dup(); return err }},
			{"getsockopt", func() error { _, err := s.Getsockopt(socket.SOL_SOCKET, socket.SO_TYPE); return err }},
		}
		for _, c := range calls {
			err := c.call()
			if !errors.Is(err, syscall.EBADF) || !errors.Is(err, net.ErrClosed) {
				t.Errorf("%s after Close: %v; want EBADF and net.ErrClosed", c.name, err)
			}
			var e *socket.Error
			if !errors.As(err, &e) || e.Op != c.name {
				t.Errorf("%s after Close: %#v; want *socket.Error with Op %q", c.name, err, c.name)
			}
		}
	})
	t.Run("detach keeps the socket open", func(t *testing.T) {
		t.Parallel()
		a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
		fd, err := a.Detach()
		if err != nil {
			t.Fatal(err)
		}
		if a.Fileno() != -1 {
			t.Errorf("Fileno after Detach = %d", a.Fileno())
		}
		if fd2, err := a.Detach(); fd2 != -1 || err != nil {
			t.Errorf("second Detach = %d, %v; want -1, nil", fd2, err)
		}
		a2, err := socket.FromFileno(fd)
		if err != nil {
			t.Fatal(err)
		}
		defer a2.Close()
		if err := a2.Sendall([]byte("still here")); err != nil {
			t.Fatal(err)
		}
		if got, err := b.Recv(64); err != nil || string(got) != "still here" {
			t.Fatalf("Recv = %q, %v", got, err)
		}
	})
	t.Run("dup copies the timeout", func(t *testing.T) {
		t.Parallel()
		a := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
		if err := a.Settimeout(1500 * time.Millisecond); err != nil {
			t.Fatal(err)
		}
		d, err := a.Dup()
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if d.Gettimeout() != 1500*time.Millisecond || d.Fileno() == a.Fileno() {
			t.Errorf("Dup: timeout %v fd %d (source fd %d)", d.Gettimeout(), d.Fileno(), a.Fileno())
		}
		if inh, _ := d.GetInheritable(); inh {
			t.Error("Dup must not be inheritable")
		}
	})
	t.Run("inheritable", func(t *testing.T) {
		t.Parallel()
		s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
		for _, v := range []bool{true, false, true} {
			if err := s.SetInheritable(v); err != nil {
				t.Fatal(err)
			}
			if got, err := s.GetInheritable(); err != nil || got != v {
				t.Fatalf("GetInheritable = %v, %v; want %v", got, err, v)
			}
		}
	})
	t.Run("module close", func(t *testing.T) {
		t.Parallel()
		s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
		fd, _ := s.Detach()
		if err := socket.Close(fd); err != nil {
			t.Fatal(err)
		}
		if err := socket.Close(fd); !errors.Is(err, syscall.EBADF) {
			t.Fatalf("second close: %v, want EBADF", err)
		}
	})
}

func TestRecvAtOrderlyShutdown(t *testing.T) {
	t.Parallel()
	for _, family := range []socket.AddressFamily{socket.AF_INET, socket.AF_UNIX} {
		t.Run(family.String(), func(t *testing.T) {
			t.Parallel()
			var a, b *socket.Socket
			if family == socket.AF_UNIX {
				a, b = mustPair(t, family, socket.SOCK_STREAM)
			} else {
				a, b = tcpPair(t, family)
			}
			a.Sendall([]byte("last words"))
			a.Shutdown(socket.SHUT_WR)
			got, err := b.Recv(100)
			if err != nil || string(got) != "last words" {
				t.Fatalf("Recv = %q, %v", got, err)
			}
			got, err = b.Recv(100)
			if err != nil || got == nil || len(got) != 0 {
				t.Fatalf("Recv at EOF = %#v, %v; want an empty slice and nil, as Python's b''", got, err)
			}
			n, err := b.Read(make([]byte, 10))
			if n != 0 || err != io.EOF {
				t.Fatalf("Read at EOF = %d, %v; want io.EOF", n, err)
			}
			// recv(0) returns b'' at once.
			if got, err := b.Recv(0); err != nil || len(got) != 0 {
				t.Fatalf("Recv(0) = %q, %v", got, err)
			}
		})
	}
}

func TestSendRecvFlags(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	a.Sendall([]byte("peekaboo"))
	got, err := b.Recv(4, socket.MSG_PEEK)
	if err != nil || string(got) != "peek" {
		t.Fatalf("peek = %q, %v", got, err)
	}
	got, err = b.Recv(100, 0)
	if err != nil || string(got) != "peekaboo" {
		t.Fatalf("recv = %q, %v", got, err)
	}
	_, err = b.Recv(10, socket.MSG_DONTWAIT)
	if !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("MSG_DONTWAIT on empty: %v, want EAGAIN", err)
	}
	buf := make([]byte, 3)
	a.Sendall([]byte("abcdef"))
	n, err := b.RecvInto(buf)
	if err != nil || n != 3 || string(buf) != "abc" {
		t.Fatalf("RecvInto = %d %q %v", n, buf, err)
	}
}

func TestNegativeBufsize(t *testing.T) {
	t.Parallel()
	a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_DGRAM)
	if _, err := a.Recv(-1); !errors.Is(err, socket.ErrInvalid) {
		t.Errorf("Recv(-1): %v", err)
	}
	if _, _, err := a.Recvfrom(-1); !errors.Is(err, socket.ErrInvalid) {
		t.Errorf("Recvfrom(-1): %v", err)
	}
}

func TestHugeBufsizeAllocatesWhatArrives(t *testing.T) {
	t.Parallel()
	for _, kind := range []socket.SocketKind{socket.SOCK_DGRAM, socket.SOCK_STREAM} {
		a, b := mustPair(t, socket.AF_UNIX, kind)
		a.Sendall([]byte("small"))
		got, err := b.Recv(int(^uint(0) >> 1))
		if err != nil || string(got) != "small" || cap(got) > 1<<20 {
			t.Fatalf("%v: Recv(MaxInt) = %q (cap %d), %v", kind, got, cap(got), err)
		}
	}
}

func TestShutdown(t *testing.T) {
	t.Parallel()
	a, b := tcpPair(t, socket.AF_INET)
	if err := b.Shutdown(42); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("Shutdown(42): %v, want EINVAL", err)
	}
	if err := a.Shutdown(socket.SHUT_WR); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Send([]byte("x")); !errors.Is(err, syscall.EPIPE) {
		t.Errorf("send after SHUT_WR: %v, want EPIPE", err)
	}
	u := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	if err := u.Shutdown(socket.SHUT_RDWR); !errors.Is(err, syscall.ENOTCONN) {
		t.Errorf("Shutdown unconnected: %v, want ENOTCONN", err)
	}
}

func TestErrorShape(t *testing.T) {
	t.Parallel()
	s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	addr := closedPort(t)
	err := s.Connect(addr)
	var e *socket.Error
	if !errors.As(err, &e) || e.Op != "connect" || e.Addr != addr {
		t.Fatalf("Connect error %#v", err)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		skipQemuSOError(t, err)
		t.Fatalf("not ECONNREFUSED: %v", err)
	}
	var ne net.Error
	if !errors.As(err, &ne) || ne.Timeout() {
		t.Fatalf("net.Error: %v", err)
	}
}

// closedPort returns a loopback address where nothing listens.
func closedPort(t testing.TB) socket.InetAddr {
	t.Helper()
	s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	if err := s.Bind(socket.InetAddr{Host: "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	a, err := s.Getsockname()
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return a.(socket.InetAddr)
}

func TestConnectEx(t *testing.T) {
	t.Parallel()
	s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	errno, err := s.ConnectEx(closedPort(t))
	if err != nil || errno != syscall.ECONNREFUSED {
		skipQemuSOError(t, errno)
		t.Fatalf("ConnectEx refused = %v, %v", errno, err)
	}
	c, srv := tcpPair(t, socket.AF_INET)
	_ = srv
	peer, _ := c.Getpeername()
	errno, err = c.ConnectEx(peer)
	if err != nil || errno != syscall.EISCONN {
		t.Fatalf("ConnectEx connected = %v, %v", errno, err)
	}
	// Bad input still fails, as Python raises.
	if _, err := s.ConnectEx(socket.InetAddr{Host: "127.0.0.1", Port: 70000}); !errors.Is(err, socket.ErrInvalid) {
		t.Fatalf("ConnectEx bad port: %v", err)
	}
	n := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	n.Setblocking(false)
	l := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	l.Bind(socket.InetAddr{Host: "127.0.0.1"})
	l.Listen(1)
	la, _ := l.Getsockname()
	errno, err = n.ConnectEx(la)
	if err != nil || (errno != syscall.EINPROGRESS && errno != 0) {
		t.Fatalf("non-blocking ConnectEx = %v, %v; want EINPROGRESS", errno, err)
	}
}

func TestString(t *testing.T) {
	t.Parallel()
	s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	want := fmt.Sprintf("family=%d, type=%d, proto=0, laddr=('0.0.0.0', 0)>", socket.AF_INET, socket.SOCK_STREAM)
	if got := s.String(); !strings.HasPrefix(got, "<socket.socket fd=") || !strings.HasSuffix(got, want) {
		t.Errorf("String = %s", got)
	}
	u, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	if got := u.String(); strings.Contains(got, "laddr") {
		t.Errorf("unnamed AF_UNIX String = %s; Python leaves laddr out", got)
	}
}
