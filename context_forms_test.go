package socket_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// ctxCall is one ...Context method, run on a socket that has nothing to
// receive or no room to send, so that it blocks until its context ends.
type ctxCall struct {
	name string
	op   string // the *Error's Op
	run  func(ctx context.Context, s *socket.Socket, to socket.Addr, f *os.File) error
}

var ctxCalls = []ctxCall{
	{"RecvfromContext", "recvfrom", func(ctx context.Context, s *socket.Socket, _ socket.Addr, _ *os.File) error {
		_, _, err := s.RecvfromContext(ctx, 64)
		return err
	}},
	{"RecvfromIntoContext", "recvfrom_into", func(ctx context.Context, s *socket.Socket, _ socket.Addr, _ *os.File) error {
		_, _, err := s.RecvfromIntoContext(ctx, make([]byte, 64))
		return err
	}},
	{"RecvmsgContext", "recvmsg", func(ctx context.Context, s *socket.Socket, _ socket.Addr, _ *os.File) error {
		_, _, _, _, err := s.RecvmsgContext(ctx, 64, 64)
		return err
	}},
	{"RecvmsgIntoContext", "recvmsg_into", func(ctx context.Context, s *socket.Socket, _ socket.Addr, _ *os.File) error {
		_, _, _, _, err := s.RecvmsgIntoContext(ctx, [][]byte{make([]byte, 64)}, 64)
		return err
	}},
	{"SendtoContext", "sendto", func(ctx context.Context, s *socket.Socket, to socket.Addr, _ *os.File) error {
		return fill(func() error { _, err := s.SendtoContext(ctx, make([]byte, 1024), to); return err })
	}},
	{"SendmsgContext", "sendmsg", func(ctx context.Context, s *socket.Socket, to socket.Addr, _ *os.File) error {
		return fill(func() error { _, err := s.SendmsgContext(ctx, [][]byte{make([]byte, 1024)}, nil, to); return err })
	}},
	{"SendfileContext", "sendfile", func(ctx context.Context, s *socket.Socket, _ socket.Addr, f *os.File) error {
		return fill(func() error { _, err := s.SendfileContext(ctx, f, 0, 0); return err })
	}},
}

// fill repeats send until it fails: on a socket whose peer does not read,
// the call that finds no room blocks until its context ends.
func fill(send func() error) error {
	for {
		if err := send(); err != nil {
			return err
		}
	}
}

// ctxSetup gives a socket for c to block on, the address it sends to and a
// file for Sendfile: datagram calls get an AF_UNIX datagram socket bound to
// a path whose peer never reads, Sendfile a stream pair.
func ctxSetup(t *testing.T, c ctxCall) (*socket.Socket, socket.Addr, *os.File) {
	t.Helper()
	if c.name == "SendfileContext" {
		a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
		a.Setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
		path := filepath.Join(t.TempDir(), "data")
		if err := os.WriteFile(path, make([]byte, 1<<20), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return a, nil, f
	}
	dir := t.TempDir()
	s := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	peer := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	to := socket.UnixAddr{Path: filepath.Join(dir, "peer")}
	if err := peer.Bind(to); err != nil {
		t.Fatal(err)
	}
	if err := s.Bind(socket.UnixAddr{Path: filepath.Join(dir, "self")}); err != nil {
		t.Fatal(err)
	}
	return s, to, nil
}

// TestContextFormsEndWithTheirContext runs each new ...Context method
// blocked until its context is cancelled, until its context's deadline, and
// with a context that has already ended; each fails with an *Error of its
// Python name whose cause is the context's error, and the socket's own
// timeout is unchanged.
func TestContextFormsEndWithTheirContext(t *testing.T) {
	for _, c := range ctxCalls {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, to, f := ctxSetup(t, c)
			check := func(what string, err error, want error, timeout bool) {
				t.Helper()
				var se *socket.Error
				if !errors.Is(err, want) || !errors.As(err, &se) || se.Op != c.op || se.Timeout() != timeout {
					t.Errorf("%s: %v (%#v), want %v from %q with Timeout() %v", what, err, err, want, c.op, timeout)
				}
			}
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(20*time.Millisecond, cancel)
			check("cancelled", c.run(ctx, s, to, f), context.Canceled, false)

			dctx, dcancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			defer dcancel()
			err := c.run(dctx, s, to, f)
			check("deadline", err, context.DeadlineExceeded, true)
			if !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Errorf("deadline: %v does not match os.ErrDeadlineExceeded", err)
			}

			check("ended before", c.run(ctx, s, to, f), context.Canceled, false)
			if got := s.Gettimeout(); got != socket.NoTimeout {
				t.Errorf("Gettimeout after the calls = %v, want NoTimeout", got)
			}
		})
	}
}

// TestContextFormsWork checks that each new ...Context method does its
// call under a live context and under context.Background().
func TestContextFormsWork(t *testing.T) {
	dir := t.TempDir()
	a := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	b := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	aa, ba := socket.UnixAddr{Path: filepath.Join(dir, "a")}, socket.UnixAddr{Path: filepath.Join(dir, "b")}
	if err := a.Bind(aa); err != nil {
		t.Fatal(err)
	}
	if err := b.Bind(ba); err != nil {
		t.Fatal(err)
	}
	live, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, ctx := range []context.Context{live, context.Background()} {
		if _, err := a.SendtoContext(ctx, []byte("one"), ba); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SendmsgContext(ctx, [][]byte{[]byte("t"), []byte("wo")}, nil, ba); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SendtoContext(ctx, []byte("three"), ba); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SendtoContext(ctx, []byte("four"), ba); err != nil {
			t.Fatal(err)
		}
		data, from, err := b.RecvfromContext(ctx, 64)
		if err != nil || string(data) != "one" || from != aa {
			t.Fatalf("RecvfromContext = %q, %v, %v", data, from, err)
		}
		buf := make([]byte, 64)
		n, from, err := b.RecvfromIntoContext(ctx, buf)
		if err != nil || string(buf[:n]) != "two" || from != aa {
			t.Fatalf("RecvfromIntoContext = %q, %v, %v", buf[:n], from, err)
		}
		data, _, _, from, err = b.RecvmsgContext(ctx, 64, 0)
		if err != nil || string(data) != "three" || from != aa {
			t.Fatalf("RecvmsgContext = %q, %v, %v", data, from, err)
		}
		n, _, _, from, err = b.RecvmsgIntoContext(ctx, [][]byte{buf[:2], buf[2:]}, 0)
		if err != nil || string(buf[:n]) != "four" || from != aa {
			t.Fatalf("RecvmsgIntoContext = %q, %v, %v", buf[:n], from, err)
		}
	}

	x, y := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	path := filepath.Join(dir, "file")
	if err := os.WriteFile(path, []byte("file contents"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if n, err := x.SendfileContext(live, f, 5, 0); err != nil || n != 8 {
		t.Fatalf("SendfileContext = %d, %v; want 8", n, err)
	}
	if got, err := y.Recv(64); err != nil || string(got) != "contents" {
		t.Fatalf("received %q, %v", got, err)
	}
}

// TestContextFormsNoDoneAllocate checks that the datagram hot paths under a
// context that can never end allocate nothing and start no goroutine.
func TestContextFormsNoDoneAllocate(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are measured in the full suite")
	}
	a := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	b := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	a.Bind(socket.InetAddr{Host: "127.0.0.1"})
	b.Bind(socket.InetAddr{Host: "127.0.0.1"})
	to, _ := b.Getsockname()
	msg, buf := make([]byte, 64), make([]byte, 64)
	ctx := context.Background()
	g0 := runtime.NumGoroutine()
	check(t, "SendtoContext+RecvfromIntoContext", 0, func() {
		a.SendtoContext(ctx, msg, to)
		b.RecvfromIntoContext(ctx, buf)
	})
	if g := runtime.NumGoroutine(); g > g0 {
		t.Errorf("%d goroutines after the calls, %d before", g, g0)
	}
}

// TestNilContextEveryForm passes a nil context to every ...Context method: each
// returns an *Error with a *ValueError naming ctx, and does nothing.
func TestNilContextEveryForm(t *testing.T) {
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	var nilCtx context.Context
	f, err := os.Open(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	addr, _ := b.Getsockname()
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"ConnectContext", func() error { return a.ConnectContext(nilCtx, addr) }},
		{"AcceptContext", func() error { _, _, err := a.AcceptContext(nilCtx); return err }},
		{"RecvContext", func() error { _, err := a.RecvContext(nilCtx, 1); return err }},
		{"RecvIntoContext", func() error { _, err := a.RecvIntoContext(nilCtx, make([]byte, 1)); return err }},
		{"RecvfromContext", func() error { _, _, err := a.RecvfromContext(nilCtx, 1); return err }},
		{"RecvfromIntoContext", func() error { _, _, err := a.RecvfromIntoContext(nilCtx, make([]byte, 1)); return err }},
		{"RecvmsgContext", func() error { _, _, _, _, err := a.RecvmsgContext(nilCtx, 1, 0); return err }},
		{"RecvmsgIntoContext", func() error {
			_, _, _, _, err := a.RecvmsgIntoContext(nilCtx, [][]byte{make([]byte, 1)}, 0)
			return err
		}},
		{"SendContext", func() error { _, err := a.SendContext(nilCtx, []byte("x")); return err }},
		{"SendallContext", func() error { return a.SendallContext(nilCtx, []byte("x")) }},
		{"SendtoContext", func() error { _, err := a.SendtoContext(nilCtx, []byte("x"), addr); return err }},
		{"SendmsgContext", func() error { _, err := a.SendmsgContext(nilCtx, [][]byte{[]byte("x")}, nil, nil); return err }},
		{"SendfileContext", func() error { _, err := a.SendfileContext(nilCtx, f, 0, 1); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ve *socket.ValueError
			if !errors.As(err, &ve) || ve.Arg != "ctx" || !errors.Is(err, socket.ErrInvalid) {
				t.Errorf("%s(nil) = %v, want a *ValueError naming ctx", tc.name, err)
			}
		})
	}
	// Nothing was sent.
	b.Settimeout(0)
	if got, err := b.Recv(8); err == nil {
		t.Errorf("the peer received %q", got)
	}
}
