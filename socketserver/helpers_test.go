package socketserver_test

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// TestMain runs the suite and then checks that it leaked no descriptor and
// no goroutine: every server and connection a test opens is closed by its
// end, and every request's goroutine has ended.
func TestMain(m *testing.M) {
	if kind := os.Getenv(echoServerEnv); kind != "" {
		os.Exit(runEchoServer(kind)) // a server process of the benchmark
	}
	if r, w, err := os.Pipe(); err == nil { // the runtime poller's own descriptors
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

func countFds() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents)
}

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

// checkLeaks fails t if, when it ends, more descriptors or goroutines exist
// than at the call. Only for tests that do not run in parallel.
func checkLeaks(t testing.TB) {
	t.Helper()
	fds0, g0 := countFds(), runtime.NumGoroutine()
	t.Cleanup(func() {
		if err := waitNoLeak(fds0, g0, 5*time.Second); err != nil {
			t.Errorf("leak: %v", err)
		}
	})
}

// needPython returns python3's path, or skips t naming the package.
func needPython(t testing.TB) string {
	t.Helper()
	exe, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found; install python3 (CPython is the reference)")
	}
	return exe
}

// skipUnlessUnix skips t where AF_UNIX sockets cannot be opened.
func skipUnlessUnix(t testing.TB) {
	t.Helper()
	s, err := socket.New(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err == nil {
		s.Close()
		return
	}
	if errors.Is(err, syscall.EAFNOSUPPORT) {
		t.Skip("AF_UNIX not supported by this kernel; enable CONFIG_UNIX")
	}
	t.Fatal(err)
}

// unixPath returns a fresh AF_UNIX socket path in a directory removed when
// t ends, short enough for sun_path (Python's tempfile.mktemp in pickaddr).
func unixPath(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ss")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir + "/unix_socket"
}

// osThreads is the process's OS thread count from /proc/self/status.
func osThreads(t testing.TB) int {
	t.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("/proc/self/status is not readable here; the thread count needs Linux's procfs")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "Threads:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	t.Skip("no Threads line in /proc/self/status; the thread count needs Linux's procfs")
	return 0
}
