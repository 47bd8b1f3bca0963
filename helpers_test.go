package socket_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/internal/qemuuser"
)

// TestMain runs the suite and then checks that it leaked no file descriptor
// and no goroutine: every socket a test opens must be closed by its end.
func TestMain(m *testing.M) {
	// The runtime opens the poller's own descriptors (epoll, eventfd) at its
	// first use; open them before counting.
	if r, w, err := os.Pipe(); err == nil {
		r.Close()
		w.Close()
	}
	// os/signal starts a goroutine of its own at the first Notify, which
	// stays; tests that watch for SIGPIPE use Notify.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGPIPE)
	signal.Stop(sig)
	skipQemuExamples()
	fds0 := countFds()
	g0 := runtime.NumGoroutine()
	code := m.Run()
	// The fuzzing engine keeps goroutines of its own; leaks are checked in
	// the ordinary runs.
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

// checkLeaks fails t if, when it ends, more descriptors or goroutines exist
// than at the call. Only for tests that do not run in parallel.
func checkLeaks(t testing.TB) {
	t.Helper()
	fds0, g0 := countFds(), runtime.NumGoroutine()
	t.Cleanup(func() {
		if err := waitNoLeak(fds0, g0, 3*time.Second); err != nil {
			t.Errorf("leak: %v", err)
		}
	})
}

// fixFor says how to get an address family that this kernel lacks.
var fixFor = map[socket.AddressFamily]string{
	socket.AF_UNIX:  "enable CONFIG_UNIX",
	socket.AF_INET6: "enable IPv6 (sysctl net.ipv6.conf.all.disable_ipv6=0)",
}

// skipUnless is the one skip helper: it skips t, naming the missing
// capability and the fix, unless a socket of family, kind and proto can be
// opened here. Inside scripts/vmtest's machine it fails instead, as nothing
// may skip there.
func skipUnless(t testing.TB, family socket.AddressFamily, kind socket.SocketKind, proto int) {
	t.Helper()
	s, err := socket.New(family, kind, proto)
	if err == nil {
		s.Close()
		return
	}
	if inVM {
		t.Fatalf("socket(%s, %s, %d) in the test machine: %v", family, kind, proto, err)
	}
	if errors.Is(err, syscall.EAFNOSUPPORT) || errors.Is(err, syscall.EPROTONOSUPPORT) || errors.Is(err, syscall.ESOCKTNOSUPPORT) {
		fix := fixFor[family]
		if fix == "" {
			fix = "run scripts/vmtest"
		}
		t.Skipf("%s not supported by this kernel; %s", family, fix)
	}
	if errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EACCES) {
		t.Skipf("%s %s needs privileges this process lacks (%v); run the tests as root", family, kind, err)
	}
	t.Fatalf("socket(%s, %s, %d): %v", family, kind, proto, err)
}

// skipUnlessRoot skips t unless the process is root, naming what needs it.
func skipUnlessRoot(t testing.TB, what string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skipf("%s needs root (CAP_NET_ADMIN); run the tests as root", what)
	}
}

// needTool returns the path of a command a test needs, and skips t, naming
// the Debian package to install, where the command is missing.
func needTool(t testing.TB, name, pkg string) string {
	t.Helper()
	exe, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not found; install %s to run this test", name, pkg)
	}
	return exe
}

// python runs a python3 program and returns its standard output; it skips t
// where python3 is missing, or where it runs on another architecture than
// the test binary (an x86-64 python3 beside a binary under qemu-user): its
// answers hold that architecture's constants and struct layouts.
func python(t testing.TB, program string, args ...string) string {
	t.Helper()
	exe := needTool(t, "python3", "python3 (CPython is the reference)")
	skipUnlessPythonArch(t, exe)
	cmd := exec.Command(exe, append([]string{"-c", program}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, stderr.String())
	}
	return string(out)
}

// mustNew opens a socket that is closed when t ends.
func mustNew(t testing.TB, family socket.AddressFamily, kind socket.SocketKind, proto int) *socket.Socket {
	t.Helper()
	s, err := socket.New(family, kind, proto)
	if err != nil {
		t.Fatalf("New(%s, %s, %d): %v", family, kind, proto, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// mustPair opens a socketpair that is closed when t ends.
func mustPair(t testing.TB, family socket.AddressFamily, kind socket.SocketKind) (*socket.Socket, *socket.Socket) {
	t.Helper()
	a, b, err := socket.Socketpair(family, kind, 0)
	if err != nil {
		t.Fatalf("Socketpair(%s, %s): %v", family, kind, err)
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

// tcpPair returns a connected pair of TCP sockets over loopback of the
// family (AF_INET or AF_INET6), closed when t ends.
func tcpPair(t testing.TB, family socket.AddressFamily) (client, server *socket.Socket) {
	t.Helper()
	l := mustNew(t, family, socket.SOCK_STREAM, 0)
	var bind socket.Addr = socket.InetAddr{Host: "127.0.0.1"}
	if family == socket.AF_INET6 {
		bind = socket.Inet6Addr{Host: "::1"}
	}
	if err := l.Bind(bind); err != nil {
		t.Fatal(err)
	}
	if err := l.Listen(1); err != nil {
		t.Fatal(err)
	}
	la, err := l.Getsockname()
	if err != nil {
		t.Fatal(err)
	}
	client = mustNew(t, family, socket.SOCK_STREAM, 0)
	if err := client.Connect(la); err != nil {
		t.Fatal(err)
	}
	server, _, err = l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Close() })
	l.Close()
	return client, server
}

// skipUnlessPythonArch skips t where the python3 at exe runs on another
// architecture than this test binary (an x86-64 python3 beside a binary
// under qemu-user or a 386 one): CPython's answers there hold the other
// architecture's constants and struct layouts.
func skipUnlessPythonArch(t testing.TB, exe string) {
	t.Helper()
	if m := pythonMachine(exe); m != runtime.GOARCH {
		t.Skipf("python3 runs on %s and this test binary on %s: CPython's answers are another architecture's; run the test on a %s machine", m, runtime.GOARCH, runtime.GOARCH)
	}
}

var pythonArch struct {
	once sync.Once
	arch string
}

// pythonMachine gives the GOARCH of the python3 at exe, from its
// platform.machine() and byte order.
func pythonMachine(exe string) string {
	pythonArch.once.Do(func() {
		out, err := exec.Command(exe, "-c", "import platform, sys; print(platform.machine(), sys.byteorder, sys.maxsize > 2**32)").Output()
		if err != nil {
			pythonArch.arch = "unknown (" + err.Error() + ")"
			return
		}
		f := strings.Fields(string(out))
		if len(f) != 3 {
			pythonArch.arch = "unknown (" + string(out) + ")"
			return
		}
		pythonArch.arch = goarchOf(f[0], f[1] == "little", f[2] == "True")
	})
	return pythonArch.arch
}

// goarchOf maps uname's machine name to Go's GOARCH.
func goarchOf(machine string, little, wide bool) string {
	switch machine {
	case "x86_64", "amd64":
		if !wide {
			return "386"
		}
		return "amd64"
	case "i386", "i486", "i586", "i686":
		return "386"
	case "aarch64", "arm64":
		return "arm64"
	case "s390x", "riscv64", "ppc64le", "loong64":
		return machine
	case "ppc64":
		if little {
			return "ppc64le"
		}
		return "ppc64"
	case "mips64":
		if little {
			return "mips64le"
		}
		return "mips64"
	case "mips":
		if little {
			return "mipsle"
		}
		return "mips"
	}
	if strings.HasPrefix(machine, "arm") {
		return "arm"
	}
	return machine
}

// underQemuUser reports whether this test binary runs under qemu-user, and
// gives the kernel's architecture.
func underQemuUser() (bool, string) { return qemuuser.Active() }

// skipQemu is the one skip helper for what qemu-user does not emulate
// (internal/qemuuser, shared with the other packages' tests): where the
// binary runs under qemu-user and the call failed (err is not nil), it
// skips t, naming qemu-user, the call and the error. On a native kernel it
// does nothing, and the test goes on to fail on err.
func skipQemu(t testing.TB, call string, err error) {
	t.Helper()
	qemuuser.Skip(t, call, err)
}

// hostECONNREFUSED is ECONNREFUSED in asm-generic's numbering (x86-64's,
// the CI host's); mips numbers it 146.
const hostECONNREFUSED = syscall.Errno(111)

// skipQemuSOError skips t where err, which should be ECONNREFUSED, carries
// the host's number for it: qemu-user 7 passes the errno that
// getsockopt(SO_ERROR) gives through untranslated, so on mips a refused
// connect reads as errno 111.
func skipQemuSOError(t testing.TB, err error) {
	t.Helper()
	var e syscall.Errno
	if errors.As(err, &e) && e == hostECONNREFUSED && syscall.ECONNREFUSED != hostECONNREFUSED {
		skipQemu(t, "getsockopt(SOL_SOCKET, SO_ERROR), whose errno it leaves in the host's numbering", err)
	}
}

// skipQemuExamples leaves out the examples whose output depends on a call
// that qemu-user does not emulate (an example cannot skip itself): where a
// refused connect does not come back as ECONNREFUSED under qemu-user,
// ExampleSocket_Connect. It probes the call first.
func skipQemuExamples() {
	if on, _ := underQemuUser(); !on {
		return
	}
	flag.Parse()
	l, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return
	}
	l.Bind(socket.InetAddr{Host: "127.0.0.1"})
	addr, _ := l.Getsockname()
	l.Close()
	c, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return
	}
	c.Settimeout(5 * time.Second)
	err = c.Connect(addr)
	c.Close()
	if !errors.Is(err, syscall.ECONNREFUSED) {
		skipExample("ExampleSocket_Connect", "getsockopt(SOL_SOCKET, SO_ERROR)", fmt.Errorf("a refused connect gave %v", err))
	}
	if err := probeExamplesLinux(); err != nil {
		skipExample("ExampleAppendControlMessage", "the UDP_SEGMENT and UDP_GRO control messages", err)
	}
}

// skipExample adds example to test.skip, naming qemu-user and the call.
func skipExample(example, call string, err error) {
	skip := "^" + example + "$"
	if old := flag.Lookup("test.skip").Value.String(); old != "" {
		skip = old + "|" + skip
	}
	flag.Set("test.skip", skip)
	fmt.Fprintf(os.Stderr, "skipping %s: qemu-user does not emulate %s: %v\n", example, call, err)
}
