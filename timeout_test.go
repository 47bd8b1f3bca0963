package socket_test

import (
	"errors"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

func TestTimeoutModes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		set      func(s *socket.Socket) error
		timeout  time.Duration
		blocking bool
	}{
		{"settimeout(None)", func(s *socket.Socket) error { return s.Settimeout(socket.NoTimeout) }, socket.NoTimeout, true},
		{"settimeout(0)", func(s *socket.Socket) error { return s.Settimeout(0) }, 0, false},
		{"settimeout(2.5)", func(s *socket.Socket) error { return s.Settimeout(2500 * time.Millisecond) }, 2500 * time.Millisecond, true},
		{"setblocking(False)", func(s *socket.Socket) error { return s.Setblocking(false) }, 0, false},
		{"setblocking(True)", func(s *socket.Socket) error { return s.Setblocking(true) }, socket.NoTimeout, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			if err := tt.set(s); err != nil {
				t.Fatal(err)
			}
			if s.Gettimeout() != tt.timeout || s.Getblocking() != tt.blocking {
				t.Errorf("Gettimeout %v Getblocking %v; want %v %v", s.Gettimeout(), s.Getblocking(), tt.timeout, tt.blocking)
			}
		})
	}
	t.Run("negative timeout is an error", func(t *testing.T) {
		t.Parallel()
		s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
		err := s.Settimeout(-2 * time.Second)
		var ve *socket.ValueError
		if !errors.As(err, &ve) || ve.Arg != "timeout" {
			t.Fatalf("Settimeout(-2s) = %v", err)
		}
	})
}

func TestNonBlockingMode(t *testing.T) {
	t.Parallel()
	a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	a.Setblocking(false)
	start := time.Now()
	_, err := a.Recv(10)
	if !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("Recv: %v, want EAGAIN (BlockingIOError)", err)
	}
	if time.Since(start) > time.Second {
		t.Fatal("non-blocking Recv waited")
	}
	l := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	l.Bind(socket.InetAddr{Host: "127.0.0.1"})
	l.Listen(1)
	l.Setblocking(false)
	if _, _, err := l.Accept(); !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("Accept: %v, want EAGAIN", err)
	}
}

func TestTimeoutExpires(t *testing.T) {
	t.Parallel()
	a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	a.Settimeout(50 * time.Millisecond)
	start := time.Now()
	_, err := a.Recv(10)
	el := time.Since(start)
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Recv: %v, want os.ErrDeadlineExceeded", err)
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("Recv: %v is not a net.Error timeout", err)
	}
	if el < 50*time.Millisecond {
		t.Fatalf("timed out after %v, before the timeout", el)
	}
	if err.Error() != "recv: timed out" {
		t.Errorf("text %q; want Python's 'timed out'", err.Error())
	}
	// The timeout applies per call: data arriving in time is read.
	a2, b2 := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	a2.Settimeout(5 * time.Second)
	go func() { time.Sleep(20 * time.Millisecond); b2.Sendall([]byte("ok")) }()
	if got, err := a2.Recv(10); err != nil || string(got) != "ok" {
		t.Fatalf("Recv = %q, %v", got, err)
	}
}

func TestSendallTimeoutBoundsWholeCall(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	a.Setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
	a.Settimeout(200 * time.Millisecond)
	// The peer drains slowly: every send makes progress, but the whole
	// transfer cannot finish within the timeout.
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 1024)
		for {
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
			b.Settimeout(10 * time.Millisecond)
			b.RecvInto(buf)
		}
	}()
	start := time.Now()
	err := a.Sendall(make([]byte, 8<<20))
	el := time.Since(start)
	close(stop)
	<-done
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Sendall: %v, want a timeout", err)
	}
	var pe *socket.PartialSendError
	if !errors.As(err, &pe) || pe.Sent <= 0 || pe.Sent >= 8<<20 {
		t.Fatalf("Sendall: %v; want a PartialSendError with the bytes sent", err)
	}
	if el > 2*time.Second {
		t.Fatalf("Sendall took %v; its timeout of 200ms bounds the whole call", el)
	}
}

func TestConnectModes(t *testing.T) {
	t.Parallel()
	l := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	l.Bind(socket.InetAddr{Host: "127.0.0.1"})
	l.Listen(8)
	la, _ := l.Getsockname()
	t.Run("timeout mode waits for the handshake", func(t *testing.T) {
		c := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
		c.Settimeout(2 * time.Second)
		if err := c.Connect(la); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Getpeername(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("timeout mode reads SO_ERROR", func(t *testing.T) {
		c := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
		c.Settimeout(2 * time.Second)
		if err := c.Connect(closedPort(t)); !errors.Is(err, syscall.ECONNREFUSED) {
			skipQemuSOError(t, err)
			t.Fatalf("got %v, want ECONNREFUSED", err)
		}
	})
	t.Run("non-blocking mode gives EINPROGRESS", func(t *testing.T) {
		c := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
		c.Setblocking(false)
		err := c.Connect(la)
		if err != nil && !errors.Is(err, syscall.EINPROGRESS) {
			t.Fatalf("got %v, want EINPROGRESS", err)
		}
	})
}

// TestConnectTimeout fills a listener's accept queue so that the next
// handshake cannot finish, then connects in timeout mode.
func TestConnectTimeout(t *testing.T) {
	t.Parallel()
	l := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	l.Bind(socket.InetAddr{Host: "127.0.0.1"})
	l.Listen(0)
	la, _ := l.Getsockname()
	var timedOut bool
	for i := 0; i < 8 && !timedOut; i++ {
		c := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
		c.Settimeout(150 * time.Millisecond)
		err := c.Connect(la)
		if err == nil {
			continue
		}
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("Connect: %v", err)
		}
		timedOut = true
		c2 := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
		c2.Settimeout(150 * time.Millisecond)
		errno, err := c2.ConnectEx(la)
		if err != nil || errno != syscall.EAGAIN {
			t.Fatalf("ConnectEx on timeout = %v, %v; want EAGAIN as Python returns", errno, err)
		}
	}
	if !timedOut {
		t.Fatal("no connect timed out against a full accept queue")
	}
}

// TestDefaultTimeout changes the process-wide default, so it does not run
// in parallel with the tests that create sockets.
func TestDefaultTimeout(t *testing.T) {
	old := socket.Getdefaulttimeout()
	defer socket.Setdefaulttimeout(old)
	if old != socket.NoTimeout {
		t.Fatalf("initial default %v, want NoTimeout (Python's None)", old)
	}
	socket.Setdefaulttimeout(42 * time.Second)
	s, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	defer b.Close()
	f, err := socket.Fromfd(a.Fileno(), socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer l.Close()
	l.Bind(socket.InetAddr{Host: "127.0.0.1"})
	l.Listen(1)
	l.Settimeout(socket.NoTimeout)
	la, _ := l.Getsockname()
	s.Connect(la)
	acc, _, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer acc.Close()
	for name, sock := range map[string]*socket.Socket{"new": s, "socketpair": a, "fromfd": f, "accepted": acc} {
		if sock.Gettimeout() != 42*time.Second {
			t.Errorf("%s: timeout %v, want the default 42s", name, sock.Gettimeout())
		}
	}
	s.Settimeout(3 * time.Second)
	d, _ := s.Dup()
	defer d.Close()
	if d.Gettimeout() != 3*time.Second {
		t.Errorf("dup: timeout %v, want the source's 3s", d.Gettimeout())
	}
}

func TestDeadlinesBesideTimeout(t *testing.T) {
	t.Parallel()
	a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	a.Settimeout(10 * time.Second)
	a.SetReadDeadline(time.Now().Add(30 * time.Millisecond))
	start := time.Now()
	if _, err := a.Recv(1); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Recv: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("the earlier deadline did not win")
	}
	if a.Gettimeout() != 10*time.Second {
		t.Fatal("the deadline overwrote the timeout")
	}
	// A deadline set while a call waits ends it.
	a.SetReadDeadline(time.Time{})
	a.Settimeout(socket.NoTimeout)
	go func() { time.Sleep(30 * time.Millisecond); a.SetReadDeadline(time.Now()) }()
	if _, err := a.Recv(1); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Recv: %v", err)
	}
}
