//go:build linux

package socket_test

import (
	"errors"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// TestRecvSmallResult checks that a small message received with a large
// bufsize comes back in a slice of about its own size, as Python's recv
// returns bytes of exactly the size received, so that it does not keep the
// large buffer alive.
func TestRecvSmallResult(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		kind socket.SocketKind
		recv func(s *socket.Socket) ([]byte, error)
	}{
		{"Recv stream", socket.SOCK_STREAM, func(s *socket.Socket) ([]byte, error) { return s.Recv(1 << 20) }},
		{"Recv datagram", socket.SOCK_DGRAM, func(s *socket.Socket) ([]byte, error) { return s.Recv(1 << 16) }},
		{"Recvfrom", socket.SOCK_STREAM, func(s *socket.Socket) ([]byte, error) {
			b, _, err := s.Recvfrom(1 << 20)
			return b, err
		}},
		{"Recvmsg", socket.SOCK_STREAM, func(s *socket.Socket) ([]byte, error) {
			b, _, _, _, err := s.Recvmsg(1<<20, 0)
			return b, err
		}},
		{"RecvFds", socket.SOCK_STREAM, func(s *socket.Socket) ([]byte, error) {
			b, _, _, _, err := socket.RecvFds(s, 1<<20, 1)
			return b, err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, b := mustPair(t, socket.AF_UNIX, tt.kind)
			if _, err := b.Send([]byte("hi")); err != nil {
				t.Fatal(err)
			}
			got, err := tt.recv(a)
			if err != nil || string(got) != "hi" {
				t.Fatalf("got %q, %v", got, err)
			}
			if cap(got) > 64 {
				t.Errorf("cap = %d for 2 bytes received: the large buffer is kept", cap(got))
			}
		})
	}
}

// TestModeOnClosedDescriptor checks that Setblocking and Settimeout on a
// socket whose descriptor was closed underneath it report EBADF, as
// Python's do (they call fcntl(2)). Not parallel: the number is free for a
// moment.
func TestModeOnClosedDescriptor(t *testing.T) {
	calls := []struct {
		name string
		call func(s *socket.Socket) error
	}{
		{"Setblocking(false)", func(s *socket.Socket) error { return s.Setblocking(false) }},
		{"Setblocking(true)", func(s *socket.Socket) error { return s.Setblocking(true) }},
		{"Settimeout(1s)", func(s *socket.Socket) error { return s.Settimeout(time.Second) }},
		{"Settimeout(NoTimeout)", func(s *socket.Socket) error { return s.Settimeout(socket.NoTimeout) }},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			s, err := socket.New(socket.AF_UNIX, socket.SOCK_STREAM, 0)
			if err != nil {
				t.Fatal(err)
			}
			if err := syscall.Close(s.Fileno()); err != nil {
				t.Fatal(err)
			}
			err = c.call(s)
			s.Close()
			if !errors.Is(err, syscall.EBADF) {
				t.Fatalf("%s = %v, want EBADF", c.name, err)
			}
		})
	}
}

// TestSendfileNoSIGPIPE checks that Sendfile to a peer that has gone fails
// with EPIPE (or ECONNRESET) and raises no SIGPIPE, even in a program that
// watches for it with signal.Notify. Not parallel: signal.Notify is
// process-wide.
func TestSendfileNoSIGPIPE(t *testing.T) {
	f, _ := tempFile(t, t.TempDir(), 4<<20)
	sig := make(chan os.Signal, 8)
	signal.Notify(sig, syscall.SIGPIPE)
	defer signal.Stop(sig)
	for _, family := range []socket.AddressFamily{socket.AF_UNIX, socket.AF_INET} {
		t.Run(family.String(), func(t *testing.T) {
			var a, b *socket.Socket
			if family == socket.AF_UNIX {
				a, b = mustPair(t, family, socket.SOCK_STREAM)
			} else {
				a, b = tcpPair(t, family)
			}
			b.Close()
			var err error
			for i := 0; i < 100 && err == nil; i++ {
				_, err = a.Sendfile(f, 0, 0)
			}
			if !errors.Is(err, syscall.EPIPE) && !errors.Is(err, syscall.ECONNRESET) {
				t.Fatalf("Sendfile to a closed peer: %v, want EPIPE or ECONNRESET", err)
			}
			select {
			case s := <-sig:
				t.Fatalf("Sendfile raised %v", s)
			case <-time.After(100 * time.Millisecond):
			}
		})
	}
}
