package socket_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/pysocket/socket"
)

// TestCIntOverflow checks that every argument the kernel takes as a C int
// is a *ValueError naming it when it does not fit, never cut to 32 bits, as
// Python raises OverflowError.
func TestCIntOverflow(t *testing.T) {
	t.Parallel()
	if strconv.IntSize == 32 {
		t.Skip("int is 32 bits on this architecture: no Go int exceeds a C int")
	}
	shift := 32
	big := 1 << shift
	tests := []struct {
		name string
		arg  string
		call func(a, b *socket.Socket) error
	}{
		{"New family", "family", func(a, b *socket.Socket) error {
			s, err := socket.New(socket.AddressFamily(big|int(socket.AF_INET)), socket.SOCK_STREAM, 0)
			if err == nil {
				s.Close()
			}
			return err
		}},
		{"New type", "type", func(a, b *socket.Socket) error {
			s, err := socket.New(socket.AF_INET, socket.SocketKind(big|int(socket.SOCK_STREAM)), 0)
			if err == nil {
				s.Close()
			}
			return err
		}},
		{"New proto", "proto", func(a, b *socket.Socket) error {
			s, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, big)
			if err == nil {
				s.Close()
			}
			return err
		}},
		{"Socketpair family", "family", func(a, b *socket.Socket) error {
			x, y, err := socket.Socketpair(socket.AddressFamily(big|int(socket.AF_UNIX)), socket.SOCK_STREAM, 0)
			if err == nil {
				x.Close()
				y.Close()
			}
			return err
		}},
		{"Fromfd fd", "fd", func(a, b *socket.Socket) error {
			s, err := socket.Fromfd(big|a.Fileno(), socket.AF_UNIX, socket.SOCK_STREAM, 0)
			if err == nil {
				s.Close()
			}
			return err
		}},
		{"Fromfd type", "type", func(a, b *socket.Socket) error {
			s, err := socket.Fromfd(a.Fileno(), socket.AF_UNIX, socket.SocketKind(big|int(socket.SOCK_STREAM)), 0)
			if err == nil {
				s.Close()
			}
			return err
		}},
		{"FromFileno fd", "fd", func(a, b *socket.Socket) error {
			_, err := socket.FromFileno(big | a.Fileno())
			return err
		}},
		{"Close fd", "fd", func(a, b *socket.Socket) error { return socket.Close(big | a.Fileno()) }},
		{"Dup fd", "fd", func(a, b *socket.Socket) error {
			fd, err := socket.Dup(big | a.Fileno())
			if err == nil {
				socket.Close(fd)
			}
			return err
		}},
		{"Setsockopt level", "level", func(a, b *socket.Socket) error {
			return a.Setsockopt(big|socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
		}},
		{"Setsockopt option", "option", func(a, b *socket.Socket) error {
			return a.Setsockopt(socket.SOL_SOCKET, big|socket.SO_REUSEADDR, 1)
		}},
		{"Getsockopt level", "level", func(a, b *socket.Socket) error {
			_, err := a.Getsockopt(big|socket.SOL_SOCKET, socket.SO_TYPE)
			return err
		}},
		{"GetsockoptBytes option", "option", func(a, b *socket.Socket) error {
			_, err := a.GetsockoptBytes(socket.SOL_SOCKET, big|socket.SO_TYPE, 4)
			return err
		}},
		{"SetsockoptBytes level", "level", func(a, b *socket.Socket) error {
			return a.SetsockoptBytes(big|socket.SOL_SOCKET, socket.SO_REUSEADDR, []byte{1, 0, 0, 0})
		}},
		{"Recv flags", "flags", func(a, b *socket.Socket) error {
			_, err := a.Recv(4, big|socket.MSG_PEEK)
			return err
		}},
		{"RecvInto flags", "flags", func(a, b *socket.Socket) error {
			_, err := a.RecvInto(make([]byte, 4), big|socket.MSG_PEEK)
			return err
		}},
		{"Recvfrom flags", "flags", func(a, b *socket.Socket) error {
			_, _, err := a.Recvfrom(4, big|socket.MSG_PEEK)
			return err
		}},
		{"Send flags", "flags", func(a, b *socket.Socket) error {
			_, err := a.Send([]byte("x"), big)
			return err
		}},
		{"Sendall flags", "flags", func(a, b *socket.Socket) error { return a.Sendall([]byte("x"), big) }},
		{"Sendmsg flags", "flags", func(a, b *socket.Socket) error {
			_, err := a.Sendmsg([][]byte{[]byte("x")}, nil, nil, big)
			return err
		}},
		{"Recvmsg flags", "flags", func(a, b *socket.Socket) error {
			_, _, _, _, err := a.Recvmsg(4, 0, big|socket.MSG_PEEK)
			return err
		}},
		{"RecvFds flags", "flags", func(a, b *socket.Socket) error {
			_, _, _, _, err := socket.RecvFds(a, 4, 1, big|socket.MSG_PEEK)
			return err
		}},
		{"SendFds flags", "flags", func(a, b *socket.Socket) error {
			_, err := socket.SendFds(a, [][]byte{[]byte("x")}, []int{0}, nil, big)
			return err
		}},
		{"Listen backlog", "backlog", func(a, b *socket.Socket) error { return a.Listen(big) }},
		{"Shutdown how", "how", func(a, b *socket.Socket) error { return a.Shutdown(big | socket.SHUT_RD) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
			// Data waits, so that a truncated MSG_PEEK would succeed.
			if err := b.Sendall([]byte("data")); err != nil {
				t.Fatal(err)
			}
			err := tt.call(a, b)
			var ve *socket.ValueError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a *ValueError", err)
			}
			if ve.Arg != tt.arg {
				t.Errorf("ValueError.Arg = %q, want %q (%v)", ve.Arg, tt.arg, err)
			}
			var se *socket.Error
			if !errors.As(err, &se) || se.Op == "" {
				t.Errorf("err = %v, want a *socket.Error with the operation", err)
			}
		})
	}
}
