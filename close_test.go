package socket_test

import (
	"errors"
	"net"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// TestCloseWakesBlockedCalls blocks each kind of call in the poller and
// closes the socket from another goroutine: the call must return at once
// with net.ErrClosed.
func TestCloseWakesBlockedCalls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(t *testing.T) (*socket.Socket, func(*socket.Socket) error)
	}{
		{"recv", func(t *testing.T) (*socket.Socket, func(*socket.Socket) error) {
			a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
			return a, func(s *socket.Socket) error { _, err := s.Recv(10); return err }
		}},
		{"recvfrom in timeout mode", func(t *testing.T) (*socket.Socket, func(*socket.Socket) error) {
			a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_DGRAM)
			a.Settimeout(time.Minute)
			return a, func(s *socket.Socket) error { _, _, err := s.Recvfrom(10); return err }
		}},
		{"accept", func(t *testing.T) (*socket.Socket, func(*socket.Socket) error) {
			l := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			l.Bind(socket.InetAddr{Host: "127.0.0.1"})
			l.Listen(1)
			return l, func(s *socket.Socket) error { _, _, err := s.Accept(); return err }
		}},
		{"connect", func(t *testing.T) (*socket.Socket, func(*socket.Socket) error) {
			// A full accept queue keeps the handshake from finishing.
			l := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			l.Bind(socket.InetAddr{Host: "127.0.0.1"})
			l.Listen(0)
			la, _ := l.Getsockname()
			for i := 0; i < 4; i++ {
				c := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
				c.Settimeout(100 * time.Millisecond)
				if c.Connect(la) != nil {
					break
				}
			}
			c := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			return c, func(s *socket.Socket) error { return s.Connect(la) }
		}},
		{"sendall", func(t *testing.T) (*socket.Socket, func(*socket.Socket) error) {
			a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
			return a, func(s *socket.Socket) error { return s.Sendall(make([]byte, 16<<20)) }
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, call := tt.setup(t)
			errc := make(chan error, 1)
			go func() { errc <- call(s) }()
			time.Sleep(50 * time.Millisecond)
			select {
			case err := <-errc:
				t.Fatalf("returned before Close: %v", err)
			default:
			}
			start := time.Now()
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-errc:
				if !errors.Is(err, net.ErrClosed) {
					t.Fatalf("got %v, want net.ErrClosed", err)
				}
				if d := time.Since(start); d > time.Second {
					t.Fatalf("woke %v after Close", d)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Close did not wake the call")
			}
		})
	}
}
