package socket_test

import (
	"errors"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// TestClosedErrno checks that errors.As finds EBADF (Python's e.errno == 9)
// in the error of every call on a closed socket, and in that of a call that
// Close woke, while errors.Is(err, net.ErrClosed) still holds.
func TestClosedErrno(t *testing.T) {
	t.Parallel()
	calls := []struct {
		name string
		call func(s *socket.Socket) error
	}{
		{"Recv", func(s *socket.Socket) error { _, err := s.Recv(1); return err }},
		{"Send", func(s *socket.Socket) error { _, err := s.Send([]byte("x")); return err }},
		{"Sendall", func(s *socket.Socket) error { return s.Sendall([]byte("x")) }},
		{"Sendmsg", func(s *socket.Socket) error { _, err := s.Sendmsg([][]byte{[]byte("x")}, nil, nil); return err }},
		{"Recvmsg", func(s *socket.Socket) error { _, _, _, _, err := s.Recvmsg(1, 0); return err }},
		{"Getsockname", func(s *socket.Socket) error { _, err := s.Getsockname(); return err }},
		{"Getsockopt", func(s *socket.Socket) error { _, err := s.Getsockopt(socket.SOL_SOCKET, socket.SO_TYPE); return err }},
		{"Shutdown", func(s *socket.Socket) error { return s.Shutdown(socket.SHUT_RDWR) }},
		{"Listen", func(s *socket.Socket) error { return s.Listen(1) }},
		{"Settimeout", func(s *socket.Socket) error { return s.Settimeout(time.Second) }},
		{"Setblocking", func(s *socket.Socket) error { return s.Setblocking(false) }},
		{"Dup", func(s *socket.Socket) error { _, err := s.Dup(); return err }},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
			s.Close()
			err := c.call(s)
			var errno syscall.Errno
			if !errors.As(err, &errno) || errno != syscall.EBADF {
				t.Errorf("errors.As(%v) errno = %d, want EBADF (9)", err, errno)
			}
			if !errors.Is(err, net.ErrClosed) {
				t.Errorf("errors.Is(%v, net.ErrClosed) = false", err)
			}
		})
	}
	t.Run("woken by Close", func(t *testing.T) {
		t.Parallel()
		s, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
		go func() {
			time.Sleep(50 * time.Millisecond)
			s.Close()
		}()
		_, err := s.Recv(1)
		var errno syscall.Errno
		if !errors.As(err, &errno) || errno != syscall.EBADF {
			t.Errorf("errors.As(%v) errno = %d, want EBADF", err, errno)
		}
		if !errors.Is(err, net.ErrClosed) {
			t.Errorf("errors.Is(%v, net.ErrClosed) = false", err)
		}
	})
}
