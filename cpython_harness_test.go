//go:build linux

package socket_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// The port of CPython 3.11's Lib/test/test_socket.py. Every case runs as
// TestCPython/<CPython class>/<CPython method>. A CPython case is two
// halves: testXxx runs in the test's thread and _testXxx, the client half,
// in a second thread, after a shared setUp; here the test half runs in the
// test goroutine and the client half in a goroutine. As in CPython's
// ThreadableTest, the client side's sockets close when the client half
// ends, and the server side's when the test half ends, before the client
// half is waited for.
// What could not be ported is listed in testdata/cpython_not_ported.md.

// pyMSG is test_socket's MSG.
var pyMSG = []byte("Michael Gilfix was here\u1234\r\n")

// pyTimeout is support.LOOPBACK_TIMEOUT, CPython's fail_timeout: how long a
// half waits for the other before it fails.
const pyTimeout = 10 * time.Second

// tb is what the two halves of a case use of testing.T.
type tb interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Fatal(args ...any)
	Logf(format string, args ...any)
	TempDir() string
	Cleanup(func())
}

// clientT is the client half's tb: a Fatal ends the client goroutine, not
// the test's.
type clientT struct{ *testing.T }

func (c clientT) Fatalf(format string, args ...any) {
	c.T.Helper()
	c.T.Errorf("client: "+format, args...)
	runtime.Goexit()
}

func (c clientT) Fatal(args ...any) {
	c.T.Helper()
	c.T.Error(append([]any{"client:"}, args...)...)
	runtime.Goexit()
}

func (c clientT) Errorf(format string, args ...any) {
	c.T.Helper()
	c.T.Errorf("client: "+format, args...)
}

// pyBase is what every class's environment shares: the closers of the
// server and client sides and CPython's misc_event.
type pyBase struct {
	mu        sync.Mutex
	srvDown   []func()
	cliDown   []func()
	event     chan struct{}
	eventOnce sync.Once
	done      chan struct{} // closed when the client half ends
}

func (b *pyBase) base() *pyBase { return b }

// server registers s to close when the test half ends (CPython's tearDown).
func (b *pyBase) server(s *socket.Socket) *socket.Socket {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.srvDown = append(b.srvDown, func() { s.Close() })
	return s
}

// client registers s to close when the client half ends (clientTearDown).
func (b *pyBase) client(s *socket.Socket) *socket.Socket {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cliDown = append(b.cliDown, func() { s.Close() })
	return s
}

// onServerDown runs f in the test half's tearDown, before the sockets
// registered so far close.
func (b *pyBase) onServerDown(f func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.srvDown = append(b.srvDown, f)
}

// onClientDown runs f in clientTearDown, before the sockets registered so
// far close.
func (b *pyBase) onClientDown(f func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cliDown = append(b.cliDown, f)
}

// set is misc_event.set().
func (b *pyBase) set() { b.eventOnce.Do(func() { close(b.event) }) }

// wait is assertTrue(misc_event.wait(timeout=fail_timeout)).
func (b *pyBase) wait(t tb) {
	t.Helper()
	select {
	case <-b.event:
	case <-time.After(pyTimeout):
		t.Fatalf("misc_event not set within %v", pyTimeout)
	}
}

// waitClient is self.done.wait(): wait for the client half to end.
func (b *pyBase) waitClient(t tb) {
	t.Helper()
	select {
	case <-b.done:
	case <-time.After(pyTimeout):
		t.Fatalf("the client half did not end within %v", pyTimeout)
	}
}

func (b *pyBase) down(list *[]func()) {
	b.mu.Lock()
	fs := *list
	*list = nil
	b.mu.Unlock()
	for i := len(fs) - 1; i >= 0; i-- {
		fs[i]()
	}
}

type pyEnv interface{ base() *pyBase }

// pyCase is one CPython test method: test is testXxx, client is _testXxx
// (nil where CPython's is empty or absent).
type pyCase[E pyEnv] struct {
	name   string
	test   func(t *testing.T, e E)
	client func(t tb, e E)
}

// pyClass is one CPython TestCase class: its setUp (with clientSetUp, run
// before both halves start) and its cases.
type pyClass[E pyEnv] struct {
	name   string
	serial bool // touches process-wide state (the default timeout, signals)
	setUp  func(t *testing.T) E
	cases  []pyCase[E]
}

// pyRegistry holds every ported class, in the order the files add them.
var pyRegistry []func(t *testing.T)

// register adds a class to TestCPython.
func register[E pyEnv](c pyClass[E]) {
	pyRegistry = append(pyRegistry, func(t *testing.T) {
		t.Run(c.name, func(t *testing.T) {
			if !c.serial {
				t.Parallel()
			}
			for _, pc := range c.cases {
				t.Run(pc.name, func(t *testing.T) { runPyCase(t, c.setUp, pc) })
			}
		})
	})
}

func runPyCase[E pyEnv](t *testing.T, setUp func(t *testing.T) E, pc pyCase[E]) {
	e := setUp(t)
	b := e.base()
	done := make(chan struct{})
	b.done = done
	if pc.client != nil {
		go func() {
			defer close(done)
			// clientTearDown runs in the client's thread, as soon as
			// the client half ends.
			defer b.down(&b.cliDown)
			pc.client(clientT{t}, e)
		}()
	} else {
		close(done)
	}
	defer func() {
		b.down(&b.srvDown)
		select {
		case <-done:
		case <-time.After(pyTimeout + 5*time.Second):
			t.Errorf("the client half did not end; closing its sockets")
			b.down(&b.cliDown)
			<-done
		}
		b.down(&b.cliDown)
	}()
	pc.test(t, e)
}

// TestCPython runs the port of CPython's test_socket.py.
func TestCPython(t *testing.T) {
	for _, run := range pyRegistry {
		run(t)
	}
}

// pyDiff marks a case where the package differs from CPython on purpose,
// as doc.go's differences section says; it logs the reason and skips.
func pyDiff(t testing.TB, reason string) {
	t.Helper()
	t.Skipf("deliberate difference from CPython (doc.go): %s", reason)
}

// The deliberate differences that several cases meet, as doc.go words them.
const (
	detachDiff     = "Detach returns a duplicate of the descriptor, not the same number"
	fromFilenoDiff = "FromFileno on a number that another live Socket owns makes a Socket on a duplicate; each closes its own"
)

// --- assertions, named after unittest's ---

func assertEqualBytes(t tb, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("got %s, want %s", socket.PyBytes(got), socket.PyBytes(want))
	}
}

func assertEqual[V comparable](t tb, got, want V) {
	t.Helper()
	if got != want {
		t.Errorf("got %v, want %v", got, want)
	}
}

func noErr(t tb, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// assertRaisesErrno is assertRaises(OSError) with the errno.
func assertRaisesErrno(t tb, err error, errno syscall.Errno) {
	t.Helper()
	if !errors.Is(err, errno) {
		t.Errorf("got %v, want %v (errno %d)", err, errno, int(errno))
	}
}

// assertRaisesOSError is assertRaises(OSError): a *socket.Error.
func assertRaisesOSError(t tb, err error) {
	t.Helper()
	var se *socket.Error
	if !errors.As(err, &se) {
		t.Errorf("got %v (%T), want a *socket.Error", err, err)
	}
}

// assertRaisesValue is assertRaises(ValueError / OverflowError / TypeError
// for a value): a *socket.ValueError.
func assertRaisesValue(t tb, err error) {
	t.Helper()
	var ve *socket.ValueError
	if !errors.As(err, &ve) {
		t.Errorf("got %v (%T), want a *socket.ValueError", err, err)
	}
}

// assertTimeout is assertRaises(TimeoutError) for a socket timeout.
func assertTimeout(t tb, err error) {
	t.Helper()
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("got %v, want a timeout", err)
	}
}

// --- the fixtures of test_socket's base classes ---

// pyHOST and pyHOSTv6 are support.HOST and HOSTv6.
const (
	pyHOST   = "127.0.0.1"
	pyHOSTv6 = "::1"
)

// pyUnixPath returns a fresh AF_UNIX path under a temporary directory
// short enough for sun_path.
func pyUnixPath(t tb) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "pysock")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "sock")
}

// loopback returns the loopback address of family with port.
func loopback(family socket.AddressFamily, port int) socket.Addr {
	if family == socket.AF_INET6 {
		return socket.Inet6Addr{Host: pyHOSTv6, Port: port}
	}
	return socket.InetAddr{Host: pyHOST, Port: port}
}

// newSock opens a socket and fails t if it cannot. The socket closes at
// the latest when the case ends, also when a setUp fails half-way; the
// halves close it earlier, where CPython's do.
func newSock(t tb, family socket.AddressFamily, kind socket.SocketKind, proto int) *socket.Socket {
	t.Helper()
	s, err := socket.New(family, kind, proto)
	if err != nil {
		t.Fatalf("socket(%v, %v, %d): %v", family, kind, proto, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// bindLoopback is socket_helper.bind_port: bind to the loopback address,
// port 0, and return the address given.
func bindLoopback(t tb, s *socket.Socket) socket.Addr {
	t.Helper()
	noErr(t, s.Bind(loopback(s.Family(), 0)))
	a, err := s.Getsockname()
	noErr(t, err)
	return a
}
