//go:build linux

package pyselect_test

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/pyselect"
)

// TestCPythonSelect ports CPython 3.11's Lib/test/test_select.py.
// test_disallow_instantiation has no Go counterpart (PollObject has no
// exported constructor other than Poll); test_error_conditions' TypeErrors
// are compile errors in Go.
func TestCPythonSelect(t *testing.T) {
	t.Run("SelectTestCase/test_error_conditions", func(t *testing.T) {
		t.Parallel()
		_, _, _, err := pyselect.Select[pyselect.Fd](nil, nil, nil, -2)
		if !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("timeout -2ns: %v; want ValueError", err)
		}
		var nilSock *socket.Socket
		_, _, _, err = pyselect.Select([]*socket.Socket{nilSock}, nil, nil, 0)
		if !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("nil socket: %v; want ValueError", err)
		}
	})
	t.Run("SelectTestCase/test_errno", func(t *testing.T) {
		// Not parallel: the closed descriptor's number must stay unused.
		fd, err := syscall.Open("select_cpython_linux_test.go", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != nil {
			t.Fatal(err)
		}
		syscall.Close(fd)
		_, _, _, err = pyselect.Select([]pyselect.Fd{pyselect.Fd(fd)}, nil, nil, 0)
		if !errors.Is(err, syscall.EBADF) {
			t.Errorf("select on a closed descriptor: %v; want EBADF", err)
		}
		var se *socket.Error
		if !errors.As(err, &se) || se.Op != "select" {
			t.Errorf("error %#v; want a *socket.Error with Op select", err)
		}
	})
	t.Run("SelectTestCase/test_returned_list_identity", func(t *testing.T) {
		t.Parallel()
		start := time.Now()
		r, w, x, err := pyselect.Select[pyselect.Fd](nil, nil, nil, 100*time.Millisecond)
		if err != nil || len(r)+len(w)+len(x) != 0 {
			t.Errorf("empty select: %v %v %v %v", r, w, x, err)
		}
		if d := time.Since(start); d < 100*time.Millisecond {
			t.Errorf("empty select with a timeout of 100ms returned after %v", d)
		}
	})
	t.Run("SelectTestCase/test_select", func(t *testing.T) {
		t.Parallel()
		py, err := exec.LookPath("python3")
		if err != nil {
			t.Skip("python3 not found; install python3 to run this test")
		}
		cmd := exec.Command(py, "-I", "-c", "import time\nfor i in range(10):\n    print('testing...', flush=True)\n    time.sleep(0.050)\n")
		rp, wp, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdout = wp
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wp.Close()
		defer cmd.Wait()
		defer rp.Close()
		rc, err := rp.SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		var fd pyselect.Fd
		rc.Control(func(f uintptr) { fd = pyselect.Fd(f) })
		br := bufio.NewReader(rp)
		lines := 0
		timeouts := []time.Duration{0, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second}
		for range 10 {
			timeouts = append(timeouts, socket.NoTimeout)
		}
		eof := false
		for _, timeout := range timeouts {
			r, w, x, err := pyselect.Select([]pyselect.Fd{fd}, nil, nil, timeout)
			if err != nil || len(w) != 0 || len(x) != 0 {
				t.Fatalf("select: %v %v %v %v", r, w, x, err)
			}
			if len(r) == 0 {
				continue
			}
			line, err := br.ReadString('\n')
			if line == "" && err != nil {
				eof = true
				break
			}
			if line != "testing...\n" {
				t.Fatalf("read %q", line)
			}
			lines++
			for br.Buffered() > 0 {
				if line, _ := br.ReadString('\n'); line == "testing...\n" {
					lines++
				}
			}
		}
		if lines == 0 || (!eof && lines < 10) {
			t.Errorf("read %d lines, eof %v", lines, eof)
		}
	})
	t.Run("SelectTestCase/test_select_mutated", func(t *testing.T) {
		// Go slices are not mutated by the call; the case becomes
		// duplicates: each entry of a list is reported, as in Python.
		t.Parallel()
		a, _ := pair(t)
		l := []*socket.Socket{a, a, a}
		r, w, x, err := pyselect.Select(nil, l, nil, socket.NoTimeout)
		if err != nil || len(r) != 0 || len(w) != 3 || len(x) != 0 {
			t.Errorf("select: %v %v %v %v", r, w, x, err)
		}
	})
}
