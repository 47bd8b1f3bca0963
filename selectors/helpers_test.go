//go:build linux

package selectors_test

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// TestMain runs the suite and then checks that it leaked no descriptor and
// no goroutine.
func TestMain(m *testing.M) {
	if r, w, err := os.Pipe(); err == nil {
		r.Close()
		w.Close()
	}
	fds0 := countFds()
	g0 := runtime.NumGoroutine()
	code := m.Run()
	fuzzing := flag.Lookup("test.fuzz") != nil && flag.Lookup("test.fuzz").Value.String() != ""
	if code == 0 && !testing.Short() && !fuzzing {
		if err := waitNoLeak(fds0, g0, 5*time.Second); err != nil {
			fmt.Fprintln(os.Stderr, "leak check:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// countFds counts this process's open descriptors.
func countFds() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents)
}

// waitNoLeak waits up to d for the descriptor and goroutine counts to come
// back to fds0 and g0.
func waitNoLeak(fds0, g0 int, d time.Duration) error {
	end := time.Now().Add(d)
	for {
		runtime.GC()
		fds, g := countFds(), runtime.NumGoroutine()
		if fds <= fds0 && g <= g0 {
			return nil
		}
		if time.Now().After(end) {
			buf := make([]byte, 1<<16)
			buf = buf[:runtime.Stack(buf, true)]
			return fmt.Errorf("%d descriptors open (was %d), %d goroutines (was %d)\n%s", fds, fds0, g, g0, buf)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// threads returns the number of OS threads of the process, from
// /proc/self/status.
func threads(t testing.TB) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Threads:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no Threads line in /proc/self/status")
	return 0
}

// python runs a python3 program and returns its standard output; it skips
// t, naming the fix, where python3 is missing.
func python(t testing.TB, program string, args ...string) string {
	t.Helper()
	exe, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found; install python3 (CPython is the reference) to run this test")
	}
	cmd := exec.Command(exe, append([]string{"-c", program}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, stderr.String())
	}
	return string(out)
}

// pair opens a UNIX stream socketpair closed when t ends.
func pair(t testing.TB) (*socket.Socket, *socket.Socket) {
	t.Helper()
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}
