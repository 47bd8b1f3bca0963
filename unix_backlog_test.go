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

// fullUnixListener returns an AF_UNIX stream listener whose queue is full,
// its address, and checks on the way that a non-blocking connect to it
// fails with EAGAIN, as in Python.
func fullUnixListener(t *testing.T) (*socket.Socket, socket.Addr) {
	t.Helper()
	l := mustNew(t, socket.AF_UNIX, socket.SOCK_STREAM, 0)
	addr := socket.UnixAddr{Path: filepath.Join(t.TempDir(), "s")}
	if err := l.Bind(addr); err != nil {
		t.Fatal(err)
	}
	if err := l.Listen(0); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		c := mustNew(t, socket.AF_UNIX, socket.SOCK_STREAM, 0)
		c.Setblocking(false)
		err := c.Connect(addr)
		if err == nil {
			continue
		}
		if !errors.Is(err, syscall.EAGAIN) {
			t.Fatalf("non-blocking connect %d to a full queue: %v, want EAGAIN", i, err)
		}
		return l, addr
	}
}

// TestUnixConnectFullBacklog checks connect(2) to an AF_UNIX listener whose
// queue is full (the kernel says EAGAIN): blocking mode waits until the
// listener accepts, timeout mode waits up to its timeout and succeeds if
// room appears in time.
func TestUnixConnectFullBacklog(t *testing.T) {
	t.Parallel()
	connectGuarded := func(t *testing.T, c *socket.Socket, addr socket.Addr) error {
		t.Helper()
		stop := hangGuard(t, c, 10*time.Second)
		err := c.Connect(addr)
		if !stop() {
			t.Fatalf("Connect still blocked after 10 s (err %v)", err)
		}
		return err
	}
	t.Run("blocking", func(t *testing.T) {
		t.Parallel()
		l, addr := fullUnixListener(t)
		c := mustNew(t, socket.AF_UNIX, socket.SOCK_STREAM, 0)
		go func() {
			time.Sleep(100 * time.Millisecond)
			if a, _, err := l.Accept(); err == nil {
				a.Close()
			}
		}()
		if err := connectGuarded(t, c, addr); err != nil {
			t.Fatalf("Connect: %v", err)
		}
		if _, err := c.Getpeername(); err != nil {
			t.Fatalf("Getpeername after Connect: %v", err)
		}
	})
	t.Run("timeout expires", func(t *testing.T) {
		t.Parallel()
		_, addr := fullUnixListener(t)
		c := mustNew(t, socket.AF_UNIX, socket.SOCK_STREAM, 0)
		c.Settimeout(200 * time.Millisecond)
		start := time.Now()
		err := connectGuarded(t, c, addr)
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("Connect: %v, want a timeout", err)
		}
		if el := time.Since(start); el < 200*time.Millisecond {
			t.Fatalf("timed out after %v, before the 200ms timeout", el)
		}
		if e, err := c.ConnectEx(addr); err != nil || e != syscall.EAGAIN {
			t.Fatalf("ConnectEx = %v, %v; want EAGAIN as Python's connect_ex on a timeout", e, err)
		}
	})
	t.Run("timeout room appears", func(t *testing.T) {
		t.Parallel()
		l, addr := fullUnixListener(t)
		c := mustNew(t, socket.AF_UNIX, socket.SOCK_STREAM, 0)
		c.Settimeout(5 * time.Second)
		go func() {
			time.Sleep(100 * time.Millisecond)
			if a, _, err := l.Accept(); err == nil {
				a.Close()
			}
		}()
		if err := connectGuarded(t, c, addr); err != nil {
			t.Fatalf("Connect: %v", err)
		}
	})
	t.Run("close wakes", func(t *testing.T) {
		t.Parallel()
		_, addr := fullUnixListener(t)
		c := mustNew(t, socket.AF_UNIX, socket.SOCK_STREAM, 0)
		go func() {
			time.Sleep(100 * time.Millisecond)
			c.Close()
		}()
		err := connectGuarded(t, c, addr)
		if !errors.Is(err, syscall.EBADF) {
			t.Fatalf("Connect: %v, want a closed-socket error", err)
		}
	})
}
