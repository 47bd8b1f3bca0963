//go:build linux

package socket_test

import (
	"bytes"
	"errors"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// test_socket's connection and timeout classes: NetworkConnectionNoServer,
// NetworkConnectionAttributesTest, NetworkConnectionBehaviourTest,
// TCPTimeoutTest, UDPTimeoutTest, UDPLITETimeoutTest and the
// Interrupted*TimeoutTest classes. CPython's interrupted cases raise from a
// SIGALRM handler to break the blocked call; Go has no such handler, and
// under PEP 475 a signal that is handled changes nothing: here SIGALRM
// arrives every 50 ms during the blocked call and the call still ends by
// its timeout, never with EINTR.

// alarms delivers SIGALRM to the process every interval until stop.
func alarms(t tb, interval time.Duration) (stop func()) {
	t.Helper()
	sigs := make(chan os.Signal, 16)
	signal.Notify(sigs, syscall.SIGALRM)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tk := time.NewTicker(interval)
		defer tk.Stop()
		for {
			select {
			case <-done:
				return
			case <-tk.C:
				syscall.Kill(os.Getpid(), syscall.SIGALRM)
			case <-sigs:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		// Let signals in flight arrive while still caught.
		time.Sleep(10 * time.Millisecond)
		signal.Stop(sigs)
	}
}

const alarmTime = 50 * time.Millisecond

// interruptedTimeout is how long the interrupted calls wait: long enough
// for several alarms.
const interruptedTimeout = 500 * time.Millisecond

func assertNotInterrupted(t tb, err error) {
	t.Helper()
	if errors.Is(err, syscall.EINTR) {
		t.Errorf("EINTR reached the caller: %v", err)
	}
	assertTimeout(t, err)
}

func interruptedRecvTests() []pyCase[*sockEnv] {
	check := func(call func(s *socket.Socket) error) func(t *testing.T, e *sockEnv) {
		return func(t *testing.T, e *sockEnv) {
			noErr(t, e.serv.Settimeout(interruptedTimeout))
			stop := alarms(t, alarmTime)
			err := call(e.serv)
			stop()
			assertNotInterrupted(t, err)
		}
	}
	return []pyCase[*sockEnv]{
		{"testInterruptedRecvTimeout", check(func(s *socket.Socket) error { _, err := s.Recv(1024); return err }), nil},
		{"testInterruptedRecvIntoTimeout", check(func(s *socket.Socket) error { _, err := s.RecvInto(make([]byte, 1024)); return err }), nil},
		{"testInterruptedRecvfromTimeout", check(func(s *socket.Socket) error { _, _, err := s.Recvfrom(1024); return err }), nil},
		{"testInterruptedRecvfromIntoTimeout", check(func(s *socket.Socket) error { _, _, err := s.RecvfromInto(make([]byte, 1024)); return err }), nil},
		{"testInterruptedRecvmsgTimeout", check(func(s *socket.Socket) error { _, _, _, _, err := s.Recvmsg(1024, 0); return err }), nil},
		{"testInterruptedRecvmsgIntoTimeout", check(func(s *socket.Socket) error {
			_, _, _, _, err := s.RecvmsgInto([][]byte{make([]byte, 1024)}, 0)
			return err
		}), nil},
	}
}

func interruptedSendTests() []pyCase[*sockEnv] {
	a512 := bytes.Repeat([]byte("a"), 512)
	check := func(call func(e *sockEnv) error) func(t *testing.T, e *sockEnv) {
		return func(t *testing.T, e *sockEnv) {
			noErr(t, e.cli.Settimeout(interruptedTimeout))
			stop := alarms(t, alarmTime)
			var err error
			for err == nil {
				err = call(e)
			}
			stop()
			assertNotInterrupted(t, err)
		}
	}
	return []pyCase[*sockEnv]{
		{"testInterruptedSendTimeout", check(func(e *sockEnv) error { _, err := e.cli.Send(a512); return err }), nil},
		{"testInterruptedSendtoTimeout", check(func(e *sockEnv) error { _, err := e.cli.Sendto(a512, e.servAddr()); return err }), nil},
		{"testInterruptedSendmsgTimeout", check(func(e *sockEnv) error { _, err := e.cli.Sendmsg([][]byte{a512}, nil, nil); return err }), nil},
	}
}

// udpServSetUp is SocketUDPTest (and UDPTestBase): a bound UDP socket.
func udpServSetUp(proto int) func(t *testing.T) *sockEnv {
	return func(t *testing.T) *sockEnv {
		skipUnless(t, socket.AF_INET, socket.SOCK_DGRAM, proto)
		e := newSockEnv()
		e.serv = e.server(newSock(t, socket.AF_INET, socket.SOCK_DGRAM, proto))
		e.port = portOf(t, bindLoopback(t, e.serv))
		return e
	}
}

func udpTimeoutTests(name string) []pyCase[*sockEnv] {
	return []pyCase[*sockEnv]{
		{"test" + name + "Timeout", func(t *testing.T, e *sockEnv) {
			noErr(t, e.serv.Settimeout(time.Second))
			_, err := e.serv.Recv(1024)
			assertTimeout(t, err)
		}, nil},
		{"testTimeoutZero", func(t *testing.T, e *sockEnv) {
			noErr(t, e.serv.Settimeout(0))
			_, err := e.serv.Recv(1024)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatal("caught timeout instead of error")
			}
			assertRaisesOSError(t, err)
		}, nil},
	}
}

func networkConnectionAttributesTests() []pyCase[*sockEnv] {
	justAccept := func(t *testing.T, e *sockEnv) {
		conn, _, err := e.serv.Accept()
		noErr(t, err)
		conn.Close()
	}
	connect := func(t tb, e *sockEnv, opts *socket.ConnectionOptions) *socket.Socket {
		t.Helper()
		cli, err := socket.CreateConnection(pyHOST, e.port, opts)
		noErr(t, err)
		return e.client(cli)
	}
	withDefault := func(t tb, d time.Duration, f func()) {
		assertEqual(t, socket.Getdefaulttimeout(), socket.NoTimeout)
		socket.Setdefaulttimeout(d)
		defer socket.Setdefaulttimeout(socket.NoTimeout)
		f()
	}
	return []pyCase[*sockEnv]{
		{"testFamily", justAccept, func(t tb, e *sockEnv) {
			cli := connect(t, e, &socket.ConnectionOptions{Timeout: pyTimeout})
			assertEqual(t, cli.Family(), socket.AddressFamily(2))
		}},
		{"testSourceAddress", justAccept, func(t tb, e *sockEnv) {
			sourcePort := findUnusedPort(t)
			cli := connect(t, e, &socket.ConnectionOptions{Timeout: pyTimeout, SourceAddress: socket.InetAddr{Port: sourcePort}})
			a, err := cli.Getsockname()
			noErr(t, err)
			assertEqual(t, portOf(t.(testing.TB), a), sourcePort)
		}},
		{"testTimeoutDefault", justAccept, func(t tb, e *sockEnv) {
			var cli *socket.Socket
			withDefault(t, 42*time.Second, func() { cli = connect(t, e, nil) })
			assertEqual(t, cli.Gettimeout(), 42*time.Second)
		}},
		{"testTimeoutNone", justAccept, func(t tb, e *sockEnv) {
			var cli *socket.Socket
			withDefault(t, 30*time.Second, func() {
				cli = connect(t, e, &socket.ConnectionOptions{Timeout: socket.NoTimeout})
			})
			assertEqual(t, cli.Gettimeout(), socket.NoTimeout)
		}},
		{"testTimeoutValueNamed", justAccept, func(t tb, e *sockEnv) {
			cli := connect(t, e, &socket.ConnectionOptions{Timeout: 30 * time.Second})
			assertEqual(t, cli.Gettimeout(), 30*time.Second)
		}},
		{"testTimeoutValueNonamed", justAccept, func(t tb, e *sockEnv) {
			cli := connect(t, e, &socket.ConnectionOptions{Timeout: 30 * time.Second})
			assertEqual(t, cli.Gettimeout(), 30*time.Second)
		}},
	}
}

func networkConnectionBehaviourTests() []pyCase[*sockEnv] {
	insideTimeout := func(t *testing.T, e *sockEnv) {
		conn, _, err := e.serv.Accept()
		noErr(t, err)
		defer conn.Close()
		time.Sleep(3 * time.Second)
		_, err = conn.Send([]byte("done!"))
		noErr(t, err)
	}
	return []pyCase[*sockEnv]{
		{"testInsideTimeout", insideTimeout, func(t tb, e *sockEnv) {
			sock, err := socket.CreateConnection(pyHOST, e.port, nil)
			noErr(t, err)
			e.client(sock)
			recvEq(t, sock, 5, []byte("done!"))
		}},
		{"testOutsideTimeout", insideTimeout, func(t tb, e *sockEnv) {
			sock, err := socket.CreateConnection(pyHOST, e.port, &socket.ConnectionOptions{Timeout: time.Second})
			noErr(t, err)
			e.client(sock)
			_, err = sock.Recv(5)
			assertTimeout(t, err)
		}},
	}
}

func init() {
	// os/signal starts its watching goroutine at the first Notify and
	// keeps it: start it before TestMain counts goroutines.
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGALRM)
	signal.Stop(c)

	register(pyClass[*plainEnv]{name: "NetworkConnectionNoServer", setUp: plainSetUp, cases: []pyCase[*plainEnv]{
		gmt("test_connect", func(t *testing.T) {
			port := findUnusedPort(t)
			cli := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			defer cli.Close()
			err := cli.Connect(socket.InetAddr{Host: pyHOST, Port: port})
			skipQemuSOError(t, err)
			assertRaisesErrno(t, err, syscall.ECONNREFUSED)
		}),
		gmt("test_create_connection", func(t *testing.T) {
			port := findUnusedPort(t)
			_, err := socket.CreateConnection(pyHOST, port, nil)
			skipQemuSOError(t, err)
			if !errors.Is(err, syscall.ECONNREFUSED) && !errors.Is(err, syscall.EADDRNOTAVAIL) {
				t.Errorf("got %v, want ECONNREFUSED", err)
			}
		}),
		gmt("test_create_connection_all_errors", func(t *testing.T) {
			port := findUnusedPort(t)
			_, err := socket.CreateConnection("localhost", port, &socket.ConnectionOptions{AllErrors: true})
			if err == nil {
				t.Fatal("expected connection to fail")
			}
			// ExceptionGroup is errors.Join: one error per address.
			var group interface{ Unwrap() []error }
			if !errors.As(err, &group) {
				t.Fatalf("%v (%T) joins no errors", err, err)
			}
			for _, e := range group.Unwrap() {
				assertRaisesOSError(t, e)
			}
			addrs, gerr := socket.Getaddrinfo("localhost", "0", 0, socket.SOCK_STREAM, 0, 0)
			noErr(t, gerr)
			assertEqual(t, len(group.Unwrap()), len(addrs))
		}),
	}})
	register(pyClass[*sockEnv]{name: "NetworkConnectionAttributesTest", serial: true, setUp: tcpSetUp, cases: networkConnectionAttributesTests()})
	register(pyClass[*sockEnv]{name: "NetworkConnectionBehaviourTest", setUp: tcpSetUp, cases: networkConnectionBehaviourTests()})
	register(pyClass[*sockEnv]{name: "TCPTimeoutTest", serial: true, setUp: tcpSetUp, cases: []pyCase[*sockEnv]{
		{"testTCPTimeout", func(t *testing.T, e *sockEnv) {
			noErr(t, e.serv.Settimeout(time.Second))
			_, _, err := e.serv.Accept()
			assertTimeout(t, err)
		}, nil},
		{"testTimeoutZero", func(t *testing.T, e *sockEnv) {
			noErr(t, e.serv.Settimeout(0))
			_, _, err := e.serv.Accept()
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatal("caught timeout instead of error (TCP)")
			}
			assertRaisesOSError(t, err)
		}, nil},
		{"testInterruptedTimeout", func(t *testing.T, e *sockEnv) {
			// CPython's handler raises Alarm out of accept; here the
			// alarms are handled and accept ends by its timeout.
			noErr(t, e.serv.Settimeout(interruptedTimeout))
			stop := alarms(t, alarmTime)
			_, _, err := e.serv.Accept()
			stop()
			assertNotInterrupted(t, err)
		}, nil},
	}})
	register(pyClass[*sockEnv]{name: "UDPTimeoutTest", setUp: udpServSetUp(0), cases: udpTimeoutTests("UDP")})
	register(pyClass[*sockEnv]{name: "UDPLITETimeoutTest", setUp: udpServSetUp(socket.IPPROTO_UDPLITE), cases: udpTimeoutTests("UDPLITE")})
	register(pyClass[*sockEnv]{name: "InterruptedRecvTimeoutTest", serial: true, setUp: udpServSetUp(0), cases: interruptedRecvTests()})
	register(pyClass[*sockEnv]{name: "InterruptedSendTimeoutTest", serial: true, setUp: connectedSetUp, cases: interruptedSendTests()})
}
