//go:build linux

package socket_test

import (
	"errors"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// nonblocking reports whether fd's open file description has O_NONBLOCK.
func nonblocking(t *testing.T, fd int) bool {
	t.Helper()
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err != nil {
		t.Fatalf("fcntl(%d): %v", fd, err)
	}
	return fl&unix.O_NONBLOCK != 0
}

// TestFromfdNotSocket checks that Fromfd refuses a regular file with
// ENOTSOCK, as Python's fromfd.
func TestFromfdNotSocket(t *testing.T) {
	t.Parallel()
	g, err := os.CreateTemp(t.TempDir(), "plain")
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	rc, _ := g.SyscallConn()
	rc.Control(func(fd uintptr) {
		s, err := socket.Fromfd(int(fd), socket.AF_INET, socket.SOCK_STREAM, 0)
		if err == nil {
			s.Close()
		}
		if !errors.Is(err, syscall.ENOTSOCK) {
			t.Errorf("Fromfd(regular file) = %v, want ENOTSOCK", err)
		}
	})
}

// talk checks that s and peer still talk both ways.
func talk(t *testing.T, s, peer *socket.Socket, msg string) {
	t.Helper()
	s.Settimeout(5 * time.Second)
	peer.Settimeout(5 * time.Second)
	if err := s.Sendall([]byte(msg)); err != nil {
		t.Fatalf("Sendall: %v", err)
	}
	if got, err := peer.Recv(64); err != nil || string(got) != msg {
		t.Fatalf("peer Recv = %q, %v", got, err)
	}
	if err := peer.Sendall([]byte(strings.ToUpper(msg))); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Recv(64); err != nil || string(got) != strings.ToUpper(msg) {
		t.Fatalf("Recv = %q, %v", got, err)
	}
}

// TestHandOverDescriptor checks ssl.py's idiom, s2 := FromFileno(s.Fileno())
// and then s.Detach(): both Sockets work while both live, s2 works after
// the Detach, and no Socket acts on a number it no longer owns: files opened
// in between, which take any number freed, stay open through s2's use and
// Close.
func TestHandOverDescriptor(t *testing.T) {
	checkLeaks(t)
	s, peer := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	s2, err := socket.FromFileno(s.Fileno())
	if err != nil {
		t.Fatal(err)
	}
	// Two live Sockets on one descriptor: both work, both in the poller.
	talk(t, s, peer, "from s")
	talk(t, s2, peer, "from s2")
	d, err := s.Detach()
	if err != nil {
		t.Fatal(err)
	}
	if s.Fileno() != -1 {
		t.Errorf("Fileno after Detach = %d, want -1", s.Fileno())
	}
	// Take every number that was freed.
	var files []*os.File
	for i := 0; i < 8; i++ {
		f, err := os.Open(os.DevNull)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	talk(t, s2, peer, "after detach")
	if err := s2.Close(); err != nil {
		t.Fatalf("s2.Close: %v", err)
	}
	for _, f := range files {
		var st unix.Stat_t
		if err := unix.Fstat(int(f.Fd()), &st); err != nil {
			t.Errorf("a file opened after Detach was closed under it: %v", err)
		}
		f.Close()
	}
	// The detached descriptor is the caller's, and still the socket.
	s3, err := socket.FromFileno(d)
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	talk(t, s3, peer, "detached")
}

// TestDetachBlockingMode checks the mode a detached descriptor is left in,
// against python3: blocking for a socket in blocking mode, non-blocking in
// timeout and non-blocking modes. While another Socket of the process
// shares the descriptor, it stays non-blocking, as that Socket needs.
func TestDetachBlockingMode(t *testing.T) {
	want := python(t, `import socket, fcntl, os
for t in (None, 1.0, 0.0):
    a, b = socket.socketpair()
    a.settimeout(t)
    fd = a.detach()
    print(bool(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_NONBLOCK), end=" ")
`)
	var got strings.Builder
	for _, timeout := range []time.Duration{socket.NoTimeout, time.Second, 0} {
		a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
		a.Settimeout(timeout)
		fd, err := a.Detach()
		if err != nil {
			t.Fatal(err)
		}
		if nonblocking(t, fd) {
			got.WriteString("True ")
		} else {
			got.WriteString("False ")
		}
		syscall.Close(fd)
	}
	if got.String() != want {
		t.Errorf("O_NONBLOCK after Detach: %q, python3 %q", got.String(), want)
	}
	a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	a2, err := socket.Fromfd(a.Fileno(), socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer a2.Close()
	fd, err := a.Detach()
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	if !nonblocking(t, fd) {
		t.Errorf("Detach cleared O_NONBLOCK while another Socket shares the descriptor")
	}
}

// TestFromConnBlockingFile checks that FromConn refuses an *os.File made of
// a blocking socket descriptor, and leaves it blocking and working: making
// the shared description non-blocking would make the file's reads fail
// with EAGAIN.
func TestFromConnBlockingFile(t *testing.T) {
	t.Parallel()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	f := os.NewFile(uintptr(fds[0]), "blocking")
	defer f.Close()
	defer unix.Close(fds[1])
	s, err := socket.FromConn(f)
	if err == nil {
		s.Close()
	}
	if !errors.Is(err, socket.ErrInvalid) {
		t.Fatalf("FromConn(blocking *os.File) = %v, want a *ValueError", err)
	}
	go func() {
		time.Sleep(20 * time.Millisecond)
		unix.Write(fds[1], []byte("still blocking"))
	}()
	buf := make([]byte, 32)
	n, err := f.Read(buf)
	if err != nil || string(buf[:n]) != "still blocking" {
		t.Fatalf("the original file's Read = %q, %v", buf[:n], err)
	}
}

// TestDroppedSocketCollected checks that a Socket dropped without Close is
// still collected and its descriptor closed by the finalizer: the registry
// of owned numbers holds Sockets weakly.
func TestDroppedSocketCollected(t *testing.T) {
	s, err := socket.New(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	fd := s.Fileno()
	var st0 unix.Stat_t
	if err := unix.Fstat(fd, &st0); err != nil {
		t.Fatal(err)
	}
	s = nil
	for i := 0; i < 50; i++ {
		runtime.GC()
		var st unix.Stat_t
		if err := unix.Fstat(fd, &st); err != nil || st.Ino != st0.Ino {
			return // closed (or the number reused by another socket)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("descriptor %d of a dropped Socket is still open", fd)
}
