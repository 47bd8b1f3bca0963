//go:build linux

package socket_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// slowHosts makes the package's hosts file a FIFO, so that a lookup blocks
// in the kernel until the test lets it go. wait returns once a lookup is
// blocked reading the file; release gives it the file's lines. Any later
// lookup is answered with the same lines.
type slowHosts struct {
	path    string
	lines   string
	writer  *os.File
	stop    chan struct{}
	stopped chan struct{}
}

func newSlowHosts(t *testing.T, lines string) *slowHosts {
	t.Helper()
	h := &slowHosts{path: filepath.Join(t.TempDir(), "hosts"), lines: lines, stop: make(chan struct{}), stopped: make(chan struct{})}
	if err := syscall.Mkfifo(h.path, 0o600); err != nil {
		t.Skipf("cannot make a FIFO for the hosts file: %v", err)
	}
	restore := socket.SetHostsPath(h.path)
	t.Cleanup(func() {
		close(h.stop)
		// Open the read end once, so that a writer blocked in open returns.
		if r, err := os.OpenFile(h.path, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			<-h.stopped
			r.Close()
		}
		restore()
	})
	return h
}

// wait returns when a lookup has the hosts file open for reading: a
// non-blocking open of the write end succeeds only then (ENXIO before).
// The write end stays open, so the lookup blocks in read(2).
func (h *slowHosts) wait(t *testing.T, timeout time.Duration) bool {
	t.Helper()
	end := time.Now().Add(timeout)
	for time.Now().Before(end) {
		w, err := os.OpenFile(h.path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			h.writer = w
			return true
		}
		if !errors.Is(err, syscall.ENXIO) {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond)
	}
	return false
}

// release answers the blocked lookup and every later one.
func (h *slowHosts) release() {
	if h.writer != nil {
		h.writer.WriteString(h.lines)
		h.writer.Close()
	}
	go func() {
		defer close(h.stopped)
		for {
			w, err := os.OpenFile(h.path, os.O_WRONLY, 0) // blocks until a reader comes
			select {
			case <-h.stop:
				if err == nil {
					w.Close()
				}
				return
			default:
			}
			if err != nil {
				return
			}
			w.WriteString(h.lines)
			w.Close()
		}
	}()
}

// TestLookupHoldsNoLock starts a call with a host name whose lookup blocks
// (the hosts file is a FIFO nobody writes yet) and, while it is blocked,
// sends to a numeric address on the same socket. The numeric send must go
// through at once: the receiver gets its datagram before the named call's.
// Were the name resolved under the socket's write lock, the numeric send
// would wait for the lookup and arrive second.
func TestLookupHoldsNoLock(t *testing.T) {
	for _, tc := range []struct {
		name  string
		named func(s *socket.Socket, to socket.InetAddr) error
	}{
		{"Sendto", func(s *socket.Socket, to socket.InetAddr) error {
			_, err := s.Sendto([]byte("named"), to)
			return err
		}},
		{"Sendmsg", func(s *socket.Socket, to socket.InetAddr) error {
			_, err := s.Sendmsg([][]byte{[]byte("named")}, nil, to)
			return err
		}},
		{"Connect", func(s *socket.Socket, to socket.InetAddr) error {
			if err := s.Connect(to); err != nil {
				return err
			}
			_, err := s.Send([]byte("named"))
			return err
		}},
		{"ConnectEx", func(s *socket.Socket, to socket.InetAddr) error {
			if e, err := s.ConnectEx(to); err != nil || e != 0 {
				return errors.Join(err, e)
			}
			_, err := s.Send([]byte("named"))
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recv := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
			if err := recv.Bind(socket.InetAddr{Host: "127.0.0.1"}); err != nil {
				t.Fatal(err)
			}
			ra, _ := recv.Getsockname()
			port := ra.(socket.InetAddr).Port
			recv.Settimeout(30 * time.Second)
			s := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
			hosts := newSlowHosts(t, "127.0.0.1 slow.host.invalid\n")

			namedDone := make(chan error, 1)
			go func() { namedDone <- tc.named(s, socket.InetAddr{Host: "slow.host.invalid", Port: port}) }()
			if !hosts.wait(t, 30*time.Second) {
				t.Fatal("the lookup never opened the hosts file")
			}
			numericDone := make(chan error, 1)
			go func() {
				_, err := s.Sendto([]byte("numeric"), socket.InetAddr{Host: "127.0.0.1", Port: port})
				numericDone <- err
			}()
			// The numeric send finishes while the lookup is still blocked;
			// if it does not within 10 s, let the lookup go, and the order
			// of arrival below shows the failure.
			select {
			case err := <-numericDone:
				if err != nil {
					t.Fatalf("numeric Sendto: %v", err)
				}
				numericDone <- nil
			case <-time.After(10 * time.Second):
			}
			hosts.release()
			if err := <-namedDone; err != nil {
				t.Fatalf("%s with a host name: %v", tc.name, err)
			}
			if err := <-numericDone; err != nil {
				t.Fatalf("numeric Sendto: %v", err)
			}
			var got []string
			for i := 0; i < 2; i++ {
				data, err := recv.Recv(64)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, string(data))
			}
			if got[0] != "numeric" || got[1] != "named" {
				t.Errorf("datagrams arrived as %q; the numeric send waited for the lookup", got)
			}
		})
	}
}
