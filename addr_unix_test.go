package socket_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/pysocket/socket"
)

func TestUnixPathStream(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "s")
	l := mustNew(t, socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err := l.Bind(socket.UnixAddr{Path: path}); err != nil {
		t.Fatal(err)
	}
	l.Listen(1)
	if got, _ := l.Getsockname(); got != (socket.UnixAddr{Path: path}) {
		t.Fatalf("Getsockname = %#v", got)
	}
	c := mustNew(t, socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err := c.Connect(socket.UnixAddr{Path: path}); err != nil {
		t.Fatal(err)
	}
	a, peer, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	// An unnamed client: '' as in Python.
	if peer != (socket.UnixAddr{}) {
		t.Errorf("accepted peer %#v, want UnixAddr{}", peer)
	}
	if got, _ := c.Getpeername(); got != (socket.UnixAddr{Path: path}) {
		t.Errorf("Getpeername %#v", got)
	}
	if got, _ := c.Getsockname(); got != (socket.UnixAddr{}) {
		t.Errorf("client Getsockname %#v", got)
	}
	// Recvfrom on a stream gives no address (Python's None).
	c.Sendall([]byte("x"))
	if _, addr, err := a.Recvfrom(10); err != nil || addr != nil {
		t.Errorf("Recvfrom on a stream: %v, %v; want nil address", addr, err)
	}
	// Errors Python raises for UNIX paths.
	if err := mustNew(t, socket.AF_UNIX, socket.SOCK_STREAM, 0).Bind(socket.UnixAddr{Path: path}); !errors.Is(err, syscall.EADDRINUSE) {
		t.Errorf("bind to an existing path: %v", err)
	}
	if err := mustNew(t, socket.AF_UNIX, socket.SOCK_STREAM, 0).Connect(socket.UnixAddr{Path: path + "-missing"}); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("connect to a missing path: %v", err)
	}
	bound := filepath.Join(t.TempDir(), "bound")
	mustNew(t, socket.AF_UNIX, socket.SOCK_STREAM, 0).Bind(socket.UnixAddr{Path: bound})
	if err := mustNew(t, socket.AF_UNIX, socket.SOCK_STREAM, 0).Connect(socket.UnixAddr{Path: bound}); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("connect to a path not listening: %v", err)
	}
}

func TestUnixAbstractKeepsRawBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		path string
	}{
		{"plain", "\x00pysocket-abstract-" + strconv.Itoa(os.Getpid())},
		{"trailing NULs kept", "\x00pysocket-nul-" + strconv.Itoa(os.Getpid()) + "\x00\x00"},
		{"leading at sign not rewritten", "\x00@pysocket-at-" + strconv.Itoa(os.Getpid())},
		{"longest: 108 bytes", "\x00" + strings.Repeat("z", 100) + strconv.Itoa(1000000 + os.Getpid())[:7]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, kind := range []socket.SocketKind{socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_SEQPACKET} {
				s := mustNew(t, socket.AF_UNIX, kind, 0)
				if err := s.Bind(socket.UnixAddr{Path: tt.path}); err != nil {
					t.Fatalf("%v: %v", kind, err)
				}
				got, err := s.Getsockname()
				if err != nil || got != (socket.UnixAddr{Path: tt.path}) {
					t.Fatalf("%v: Getsockname = %q, %v; want %q", kind, got, err, tt.path)
				}
				s.Close()
			}
		})
	}
}

func TestUnixAutobind(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	re := regexp.MustCompile("^\x00[0-9a-f]{5}$")
	for i := 0; i < 3; i++ {
		s := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM, 0)
		if err := s.Bind(socket.UnixAddr{}); err != nil {
			t.Fatal(err)
		}
		a, _ := s.Getsockname()
		p := a.(socket.UnixAddr).Path
		if !re.MatchString(p) || seen[p] {
			t.Fatalf("autobind gave %q", p)
		}
		seen[p] = true
	}
}

func TestUnixDatagramAddresses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	srv.Bind(socket.UnixAddr{Path: filepath.Join(dir, "srv")})
	unbound := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	if _, err := unbound.Sendto([]byte("anon"), socket.UnixAddr{Path: filepath.Join(dir, "srv")}); err != nil {
		t.Fatal(err)
	}
	data, addr, err := srv.Recvfrom(100)
	if err != nil || string(data) != "anon" || addr != nil {
		t.Fatalf("Recvfrom from an unbound sender = %q, %#v, %v; want a nil address (Python's None)", data, addr, err)
	}
	named := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	named.Bind(socket.UnixAddr{Path: filepath.Join(dir, "cli")})
	named.Sendto([]byte("named"), socket.UnixAddr{Path: filepath.Join(dir, "srv")})
	buf := make([]byte, 3)
	n, addr, err := srv.RecvfromInto(buf)
	if err != nil || n != 3 || string(buf) != "nam" || addr != (socket.UnixAddr{Path: filepath.Join(dir, "cli")}) {
		t.Fatalf("RecvfromInto = %d %q %#v %v (the rest of the datagram is discarded)", n, buf, addr, err)
	}
	if _, err := unbound.Send([]byte("x")); !errors.Is(err, syscall.ENOTCONN) {
		t.Fatalf("Send unconnected: %v, want ENOTCONN", err)
	}
}

func TestUnixSeqpacketKeepsBoundaries(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_SEQPACKET)
	a.Send([]byte("one"))
	a.Send([]byte("two"))
	for _, want := range []string{"one", "two"} {
		got, err := b.Recv(100)
		if err != nil || string(got) != want {
			t.Fatalf("Recv = %q, %v; want %q", got, err, want)
		}
	}
}

func TestUnixPathLimits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A relative path lets the test reach the byte limit inside its own directory.
	tests := []struct {
		name string
		path string
		ok   bool
	}{
		{"107-byte path", strings.Repeat("p", 107), true},
		{"108-byte path", strings.Repeat("p", 108), false},
		{"108-byte abstract name", "\x00" + strings.Repeat("a", 99) + strconv.Itoa(100000000 + os.Getpid())[:8], true},
		{"109-byte abstract name", "\x00" + strings.Repeat("a", 108), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM, 0)
			p := tt.path
			if !strings.HasPrefix(p, "\x00") && tt.ok {
				// bind relative to the test directory without chdir: use a
				// path of the same length under dir when it fits, else skip
				// the kernel side and check only the encoder.
				if len(dir)+1 < len(p) {
					p = dir + "/" + p[len(dir)+1:]
				}
			}
			err := s.Bind(socket.UnixAddr{Path: p})
			if tt.ok && err != nil {
				t.Fatalf("Bind(%d bytes): %v", len(p), err)
			}
			if !tt.ok {
				var ve *socket.ValueError
				if !errors.As(err, &ve) || ve.Arg != "path" || !strings.Contains(ve.Msg, "AF_UNIX path too long") {
					t.Fatalf("Bind(%d bytes): %v; want Python's 'AF_UNIX path too long' naming the path", len(p), err)
				}
			}
		})
	}
}
