package socket_test

import (
	"errors"
	"runtime"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// TestSethostname sets the host name inside a UTS namespace of its own, on
// a thread that is thrown away afterwards, so the machine's name stays.
func TestSethostname(t *testing.T) {
	skipUnlessRoot(t, "sethostname in a new UTS namespace")
	done := make(chan error, 1)
	noNamespace := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
		if err := unix.Unshare(unix.CLONE_NEWUTS); err != nil {
			noNamespace <- err
			return
		}
		const name = "pysocket-test"
		if err := socket.Sethostname(name); err != nil {
			done <- err
			return
		}
		var u unix.Utsname
		if err := unix.Uname(&u); err != nil {
			done <- err
			return
		}
		if got := unix.ByteSliceToString(u.Nodename[:]); got != name {
			done <- errors.New("node name is " + got)
			return
		}
		long := make([]byte, 65)
		for i := range long {
			long[i] = 'a'
		}
		if err := socket.Sethostname(string(long)); !errors.Is(err, syscall.EINVAL) {
			done <- errors.New("65-byte name: " + errString(err))
			return
		}
		if err := socket.Sethostname("a\x00b"); !errors.Is(err, socket.ErrInvalid) {
			done <- errors.New("NUL: " + errString(err))
			return
		}
		done <- nil
	}()
	select {
	case err := <-noNamespace:
		t.Skipf("cannot make a UTS namespace here: %v", err)
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	}
	if h, err := socket.Gethostname(); err != nil || h == "pysocket-test" {
		t.Fatalf("the machine's host name changed: %q, %v", h, err)
	}
}

func errString(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}
