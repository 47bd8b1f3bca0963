//go:build linux

package pyselect_test

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/pyselect"
)

func findReadyMatching(ready []pyselect.PollEvent, flag int) []pyselect.Fd {
	var match []pyselect.Fd
	for _, ev := range ready {
		if ev.Events&flag != 0 {
			match = append(match, pyselect.Fd(ev.Fd))
		}
	}
	return match
}

// TestCPythonPoll ports CPython 3.11's Lib/test/test_poll.py. The
// TypeErrors of test_poll_unit_tests are compile errors in Go; test_poll2
// runs its shell loop 5 times a tenth of a second apart instead of 10
// times a second apart.
func TestCPythonPoll(t *testing.T) {
	t.Run("PollTests/test_poll1", func(t *testing.T) {
		t.Parallel()
		p := pyselect.Poll()
		const numPipes = 12
		msg := []byte(" This is a test.")
		r2w := map[pyselect.Fd]pyselect.Fd{}
		var writers []pyselect.Fd
		for range numPipes {
			rd, wr := pipe(t)
			if err := p.Register(rd); err != nil {
				t.Fatal(err)
			}
			if err := p.Modify(rd, pyselect.POLLIN); err != nil {
				t.Fatal(err)
			}
			if err := p.Register(wr, pyselect.POLLOUT); err != nil {
				t.Fatal(err)
			}
			writers = append(writers, wr)
			r2w[rd] = wr
		}
		var bufs [][]byte
		for len(writers) > 0 {
			ready, err := p.Poll(socket.NoTimeout)
			if err != nil {
				t.Fatal(err)
			}
			readyWriters := findReadyMatching(ready, pyselect.POLLOUT)
			if len(readyWriters) == 0 {
				t.Fatal("no pipes ready for writing")
			}
			wr := readyWriters[rand.IntN(len(readyWriters))]
			if _, err := syscall.Write(int(wr), msg); err != nil {
				t.Fatal(err)
			}
			ready, err = p.Poll(socket.NoTimeout)
			if err != nil {
				t.Fatal(err)
			}
			readyReaders := findReadyMatching(ready, pyselect.POLLIN)
			if len(readyReaders) == 0 {
				t.Fatal("no pipes ready for reading")
			}
			rd := readyReaders[rand.IntN(len(readyReaders))]
			buf := make([]byte, len(msg))
			n, err := syscall.Read(int(rd), buf)
			if err != nil || n != len(msg) {
				t.Fatalf("read %d, %v", n, err)
			}
			bufs = append(bufs, buf)
			for _, fd := range []pyselect.Fd{r2w[rd], rd} {
				if err := p.Unregister(fd); err != nil {
					t.Fatal(err)
				}
			}
			for i, w := range writers {
				if w == r2w[rd] {
					writers = append(writers[:i], writers[i+1:]...)
					break
				}
			}
		}
		if len(bufs) != numPipes {
			t.Errorf("%d messages; want %d", len(bufs), numPipes)
		}
		for _, b := range bufs {
			if string(b) != string(msg) {
				t.Errorf("read %q", b)
			}
		}
	})
	t.Run("PollTests/test_poll_unit_tests", func(t *testing.T) {
		// Not parallel: a closed descriptor's number must not be reused
		// by another test while this one looks at it.
		// POLLNVAL for an invalid descriptor.
		var fds [2]int
		if err := syscall.Pipe2(fds[:], syscall.O_CLOEXEC); err != nil {
			t.Fatal(err)
		}
		syscall.Close(fds[0])
		syscall.Close(fds[1])
		p := pyselect.Poll()
		if err := p.Register(pyselect.Fd(fds[0])); err != nil {
			t.Fatal(err)
		}
		r, err := p.Poll(socket.NoTimeout)
		if err != nil || len(r) != 1 || r[0] != (pyselect.PollEvent{Fd: fds[0], Events: pyselect.POLLNVAL}) {
			t.Errorf("poll of a closed descriptor: %v %v", r, err)
		}
		// A regular file is ready at once, and POLLNVAL once closed.
		fd, err := syscall.Open(filepath.Join(t.TempDir(), "f"), syscall.O_CREAT|syscall.O_WRONLY|syscall.O_CLOEXEC, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		p = pyselect.Poll()
		p.Register(pyselect.Fd(fd))
		r, err = p.Poll(socket.NoTimeout)
		if err != nil || len(r) != 1 || r[0].Fd != fd || r[0].Events&pyselect.POLLOUT == 0 {
			t.Errorf("poll of a regular file: %v %v", r, err)
		}
		syscall.Close(fd)
		if r, err = p.Poll(0); err != nil || len(r) != 1 || r[0] != (pyselect.PollEvent{Fd: fd, Events: pyselect.POLLNVAL}) {
			t.Errorf("poll of a closed file: %v %v", r, err)
		}
		// Unregistering what is not registered is a KeyError.
		p = pyselect.Poll()
		err = p.Unregister(pyselect.Fd(3))
		var ke *pyselect.KeyError
		if !errors.As(err, &ke) || ke.Key != 3 || ke.Error() != "3" {
			t.Errorf("unregister(3): %v; want KeyError(3)", err)
		}
		var nilSock *socket.Socket
		if err := p.Register(nilSock, 0); !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("register(nil): %v; want ValueError", err)
		}
	})
	t.Run("PollTests/test_poll_nval", func(t *testing.T) {
		// test_poll_unit_tests' POLLNVAL on a descriptor number past the
		// process's limit, which nothing can reuse.
		t.Parallel()
		p := pyselect.Poll()
		p.Register(pyselect.Fd(1 << 20))
		r, err := p.Poll(socket.NoTimeout)
		if err != nil || len(r) != 1 || r[0] != (pyselect.PollEvent{Fd: 1 << 20, Events: pyselect.POLLNVAL}) {
			t.Errorf("poll of an invalid descriptor: %v %v; want [(%d, POLLNVAL)]", r, err, 1<<20)
		}
	})
	t.Run("PollTests/test_poll2", func(t *testing.T) {
		t.Parallel()
		rp, wp, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer rp.Close()
		go func() {
			for range 5 {
				wp.Write([]byte("testing...\n"))
				time.Sleep(100 * time.Millisecond)
			}
			wp.Close()
		}()
		rc, _ := rp.SyscallConn()
		var fd pyselect.Fd
		rc.Control(func(f uintptr) { fd = pyselect.Fd(f) })
		p := pyselect.Poll()
		p.Register(fd, pyselect.POLLIN)
		lines := 0
		buf := make([]byte, 11)
		timeouts := []time.Duration{0, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second}
		for range 10 {
			timeouts = append(timeouts, -1)
		}
	loop:
		for _, tout := range timeouts {
			fdlist, err := p.Poll(tout)
			if err != nil {
				t.Fatal(err)
			}
			if len(fdlist) == 0 {
				continue
			}
			switch flags := fdlist[0].Events; {
			case flags&pyselect.POLLIN != 0:
				n, _ := syscall.Read(int(fd), buf)
				if n == 0 {
					break loop
				}
				if string(buf[:n]) != "testing...\n" {
					t.Fatalf("read %q", buf[:n])
				}
				lines++
			case flags&pyselect.POLLHUP != 0:
				break loop
			default:
				t.Fatalf("unexpected events %v", fdlist)
			}
		}
		if lines == 0 {
			t.Error("read no line")
		}
	})
	t.Run("PollTests/test_poll3", func(t *testing.T) {
		t.Parallel()
		p := pyselect.Poll()
		p.Register(pyselect.Fd(1))
		for name, err := range map[string]error{
			"register(0, -1)":      p.Register(pyselect.Fd(0), -1),
			"register(0, 1 << 17)": p.Register(pyselect.Fd(0), 1<<17),
			"modify(1, -1)":        p.Modify(pyselect.Fd(1), -1),
			"modify(1, 1 << 17)":   p.Modify(pyselect.Fd(1), 1<<17),
			"register(-1)":         p.Register(pyselect.Fd(-1)),
		} {
			if !errors.Is(err, socket.ErrInvalid) {
				t.Errorf("%s: %v; want ValueError/OverflowError", name, err)
			}
		}
		// The longest Duration is a wait, not an overflow.
		if r, err := p.Poll(1<<63 - 1); err != nil || len(r) != 1 {
			t.Errorf("poll(1<<62): %v %v", r, err)
		}
	})
	t.Run("PollTests/test_poll_c_limits", func(t *testing.T) {
		t.Parallel()
		p := pyselect.Poll()
		p.Register(pyselect.Fd(1))
		if err := p.Register(pyselect.Fd(0), 0xffff+1); !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("register(0, USHRT_MAX+1): %v", err)
		}
		if err := p.Modify(pyselect.Fd(1), 0xffff+1); !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("modify(1, USHRT_MAX+1): %v", err)
		}
		if err := p.Register(pyselect.Fd(0), 0xffff); err != nil {
			t.Errorf("register(0, USHRT_MAX): %v", err)
		}
	})
	t.Run("PollTests/test_threaded_poll", func(t *testing.T) {
		// Python raises RuntimeError for a poll() while another thread
		// polls the same object; here concurrent polls are allowed, and
		// each sees the registrations as they were when it started.
		t.Parallel()
		r, w := pipe(t)
		var rfds []pyselect.Fd
		for range 10 {
			fd, err := syscall.Dup(int(r))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { syscall.Close(fd) })
			rfds = append(rfds, pyselect.Fd(fd))
		}
		p := pyselect.Poll()
		for _, fd := range rfds {
			p.Register(fd, pyselect.POLLIN)
		}
		done := make(chan []pyselect.PollEvent)
		go func() {
			evs, _ := p.Poll(socket.NoTimeout)
			done <- evs
		}()
		time.Sleep(100 * time.Millisecond)
		for _, fd := range rfds {
			if err := p.Unregister(fd); err != nil {
				t.Fatal(err)
			}
		}
		p.Register(w, pyselect.POLLOUT)
		if evs, err := p.Poll(socket.NoTimeout); err != nil || len(evs) != 1 || evs[0].Fd != int(w) {
			t.Errorf("second poll: %v %v", evs, err)
		}
		syscall.Write(int(w), []byte("spam"))
		if evs := <-done; len(evs) != len(rfds) {
			t.Errorf("first poll returned %v; want the %d readers", evs, len(rfds))
		}
	})
	t.Run("PollTests/test_poll_blocks_with_negative_ms", func(t *testing.T) {
		t.Parallel()
		for _, timeout := range []time.Duration{socket.NoTimeout, -1000 * time.Millisecond, -time.Millisecond, -1} {
			r, w := pipe(t)
			p := pyselect.Poll()
			p.Register(r, pyselect.POLLIN)
			done := make(chan error)
			go func() {
				_, err := p.Poll(timeout)
				done <- err
			}()
			select {
			case err := <-done:
				t.Fatalf("poll(%v) returned %v at once", timeout, err)
			case <-time.After(100 * time.Millisecond):
			}
			syscall.Write(int(w), []byte("spam"))
			if err := <-done; err != nil {
				t.Error(err)
			}
		}
	})
}
