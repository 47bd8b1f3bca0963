//go:build linux

package socket_test

import (
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// TestTypedNilAddress checks that a nil pointer of every address type, in
// every call that takes an address, is a *ValueError and no panic, and
// that the socket stays usable afterwards (no lock left held).
func TestTypedNilAddress(t *testing.T) {
	t.Parallel()
	nils := []socket.Addr{
		(*socket.InetAddr)(nil), (*socket.Inet6Addr)(nil), (*socket.UnixAddr)(nil),
		(*socket.RawAddr)(nil), (*socket.NetlinkAddr)(nil), (*socket.PacketAddr)(nil),
		(*socket.VsockAddr)(nil), (*socket.CANAddr)(nil), (*socket.CANISOTPAddr)(nil),
		(*socket.CANJ1939Addr)(nil), (*socket.ALGAddr)(nil),
	}
	calls := []struct {
		name string
		call func(s *socket.Socket, a socket.Addr) error
	}{
		{"Sendto", func(s *socket.Socket, a socket.Addr) error { _, err := s.Sendto([]byte("x"), a); return err }},
		{"WriteTo", func(s *socket.Socket, a socket.Addr) error {
			na, ok := a.(net.Addr)
			if !ok {
				return errors.New("not a net.Addr")
			}
			_, err := s.WriteTo([]byte("x"), na)
			return err
		}},
		{"Bind", func(s *socket.Socket, a socket.Addr) error { return s.Bind(a) }},
		{"Connect", func(s *socket.Socket, a socket.Addr) error { return s.Connect(a) }},
		{"ConnectEx", func(s *socket.Socket, a socket.Addr) error { _, err := s.ConnectEx(a); return err }},
		{"Sendmsg", func(s *socket.Socket, a socket.Addr) error {
			_, err := s.Sendmsg([][]byte{[]byte("x")}, nil, a)
			return err
		}},
		{"SendFds", func(s *socket.Socket, a socket.Addr) error {
			_, err := socket.SendFds(s, [][]byte{[]byte("x")}, []int{0}, a)
			return err
		}},
	}
	for _, c := range calls {
		for _, a := range nils {
			t.Run(fmt.Sprintf("%s/%T", c.name, a), func(t *testing.T) {
				t.Parallel()
				s, peer := mustPair(t, socket.AF_UNIX, socket.SOCK_DGRAM)
				var err error
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("%s(%T(nil)) panicked: %v", c.name, a, r)
						}
					}()
					err = c.call(s, a)
				}()
				if err != nil && err.Error() == "" {
					t.Errorf("empty error text")
				}
				if !errors.Is(err, socket.ErrInvalid) {
					t.Errorf("%s(%T(nil)) = %v, want a *ValueError", c.name, a, err)
				}
				// The socket still works: no lock was left held.
				done := make(chan error, 1)
				go func() {
					_, err := s.Sendto([]byte("ok"), nil)
					if errors.Is(err, socket.ErrInvalid) {
						_, err = s.Send([]byte("ok"))
					}
					done <- err
				}()
				select {
				case err := <-done:
					if err != nil {
						t.Fatalf("Send afterwards: %v", err)
					}
				case <-time.After(5 * time.Second):
					s.Close()
					t.Fatalf("Send afterwards still blocked after 5 s: the write lock was left held")
				}
				if got, err := peer.Recv(8); err != nil || string(got) != "ok" {
					t.Fatalf("peer Recv = %q, %v", got, err)
				}
			})
		}
	}
}
