package socket_test

import (
	"errors"
	"math"
	"os"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// hangGuard closes s if the test is still running after d, so that a call
// that waits forever fails the test instead of hanging it; stop ends it.
func hangGuard(t *testing.T, s *socket.Socket, d time.Duration) (stop func() bool) {
	t.Helper()
	timer := time.AfterFunc(d, func() { s.Close() })
	return timer.Stop
}

// TestDeadlineChangeKeepsTimeout checks that a net.Conn deadline changed
// from another goroutine while a call waits does not cancel the call's own
// timeout: the call still ends at the earlier of the two.
func TestDeadlineChangeKeepsTimeout(t *testing.T) {
	t.Parallel()
	const timeout = 300 * time.Millisecond
	tests := []struct {
		name     string
		deadline time.Time
	}{
		{"cleared", time.Time{}},
		{"far future", time.Now().Add(time.Hour)},
		{"year 3000", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
			if err := a.Settimeout(timeout); err != nil {
				t.Fatal(err)
			}
			stop := hangGuard(t, a, 10*time.Second)
			defer stop()
			changed := make(chan error, 1)
			go func() {
				time.Sleep(50 * time.Millisecond)
				changed <- a.SetReadDeadline(tt.deadline)
			}()
			start := time.Now()
			_, err := a.Recv(1)
			if !stop() {
				t.Fatalf("Recv still blocked after 10 s with a %v timeout (err %v)", timeout, err)
			}
			if cerr := <-changed; cerr != nil {
				t.Fatal(cerr)
			}
			if !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("Recv: %v, want a timeout", err)
			}
			if el := time.Since(start); el < timeout {
				t.Fatalf("Recv timed out after %v, before its %v timeout", el, timeout)
			}
		})
	}
}

// TestHugeTimeouts checks timeouts and deadlines past what Unix
// nanoseconds hold: the largest Duration blocks as NoTimeout does, and a
// deadline in the year 3000 leaves a short timeout in charge.
func TestHugeTimeouts(t *testing.T) {
	t.Parallel()
	year3000 := time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)
	t.Run("max timeout receives", func(t *testing.T) {
		t.Parallel()
		a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
		if err := a.Settimeout(math.MaxInt64); err != nil {
			t.Fatal(err)
		}
		if got := a.Gettimeout(); got != math.MaxInt64 {
			t.Fatalf("Gettimeout = %v", got)
		}
		if err := b.Sendall([]byte("ab")); err != nil {
			t.Fatal(err)
		}
		got, err := a.Recv(1)
		if err != nil || string(got) != "a" {
			t.Fatalf("Recv = %q, %v; want \"a\"", got, err)
		}
		if err := a.Sendall([]byte("xyz")); err != nil {
			t.Fatalf("Sendall: %v", err)
		}
		if got, err := b.Recv(3); err != nil || string(got) != "xyz" {
			t.Fatalf("peer Recv = %q, %v", got, err)
		}
	})
	t.Run("max timeout waits", func(t *testing.T) {
		t.Parallel()
		a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
		if err := a.Settimeout(math.MaxInt64); err != nil {
			t.Fatal(err)
		}
		go func() {
			time.Sleep(100 * time.Millisecond)
			b.Send([]byte("z"))
		}()
		if got, err := a.Recv(1); err != nil || string(got) != "z" {
			t.Fatalf("Recv = %q, %v; want to wait for \"z\"", got, err)
		}
	})
	t.Run("year 3000 deadline and short timeout", func(t *testing.T) {
		t.Parallel()
		a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
		if err := a.SetDeadline(year3000); err != nil {
			t.Fatal(err)
		}
		if err := a.Settimeout(100 * time.Millisecond); err != nil {
			t.Fatal(err)
		}
		stop := hangGuard(t, a, 10*time.Second)
		_, err := a.Recv(1)
		if !stop() {
			t.Fatalf("Recv still blocked after 10 s with a 100ms timeout (err %v)", err)
		}
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("Recv: %v, want a timeout", err)
		}
	})
	t.Run("year 3000 deadline blocking", func(t *testing.T) {
		t.Parallel()
		a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
		if err := a.SetDeadline(year3000); err != nil {
			t.Fatal(err)
		}
		if err := b.Sendall([]byte("q")); err != nil {
			t.Fatal(err)
		}
		if got, err := a.Recv(1); err != nil || string(got) != "q" {
			t.Fatalf("Recv = %q, %v", got, err)
		}
		if err := a.Sendall([]byte("w")); err != nil {
			t.Fatalf("Sendall: %v", err)
		}
	})
}
