//go:build linux

package socket_test

import (
	"bytes"
	"errors"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// test_socket's classes over one TCP or UDP server and its client:
// BasicTCPTest, BasicTCPTest2, BasicUDPTest, BasicUDPLITETest,
// BasicSocketPairTest, TCPCloserTest, NonBlockingTCPTests,
// ContextManagersTest.

// sockEnv is the state of SocketTCPTest, ThreadedTCPSocketTest,
// SocketConnectedTest, ThreadedUDPSocketTest and SocketPairTest.
type sockEnv struct {
	pyBase
	serv    *socket.Socket // the listening (TCP) or bound (UDP) socket
	port    int
	cli     *socket.Socket // the client's socket (serv_conn once connected)
	cliConn *socket.Socket // the server's end of the connection
}

func newSockEnv() *sockEnv { return &sockEnv{pyBase: pyBase{event: make(chan struct{})}} }

// tcpSetUp is SocketTCPTest.setUp: a listening TCP socket on loopback.
func tcpSetUp(t *testing.T) *sockEnv {
	e := newSockEnv()
	e.serv = e.server(newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0))
	e.port = portOf(t, bindLoopback(t, e.serv))
	noErr(t, e.serv.Listen(128))
	return e
}

// threadedTCPSetUp is ThreadedTCPSocketTest: and an unconnected client.
func threadedTCPSetUp(t *testing.T) *sockEnv {
	e := tcpSetUp(t)
	e.cli = e.client(newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0))
	return e
}

// connectedSetUp is SocketConnectedTest: the client connected, the
// server's end accepted.
func connectedSetUp(t *testing.T) *sockEnv {
	e := threadedTCPSetUp(t)
	noErr(t, e.cli.Connect(socket.InetAddr{Host: pyHOST, Port: e.port}))
	conn, _, err := e.serv.Accept()
	noErr(t, err)
	e.cliConn = e.server(conn)
	return e
}

// createConnectionSetUp is NetworkConnectionTest: the client made by
// create_connection((HOST, port)).
func createConnectionSetUp(t *testing.T) *sockEnv {
	e := tcpSetUp(t)
	cli, err := socket.CreateConnection(pyHOST, e.port, nil)
	noErr(t, err)
	e.cli = e.client(cli)
	conn, _, err := e.serv.Accept()
	noErr(t, err)
	e.cliConn = e.server(conn)
	return e
}

// udpSetUp is ThreadedUDPSocketTest (proto 0) or ThreadedUDPLITESocketTest.
func udpSetUp(proto int) func(t *testing.T) *sockEnv {
	return func(t *testing.T) *sockEnv {
		skipUnless(t, socket.AF_INET, socket.SOCK_DGRAM, proto)
		e := newSockEnv()
		e.serv = e.server(newSock(t, socket.AF_INET, socket.SOCK_DGRAM, proto))
		e.port = portOf(t, bindLoopback(t, e.serv))
		e.cli = e.client(newSock(t, socket.AF_INET, socket.SOCK_DGRAM, proto))
		return e
	}
}

// socketpairSetUp is SocketPairTest.
func socketpairSetUp(t *testing.T) *sockEnv {
	e := newSockEnv()
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	noErr(t, err)
	e.serv, e.cli = e.server(a), e.client(b)
	return e
}

func (e *sockEnv) servAddr() socket.Addr { return socket.InetAddr{Host: pyHOST, Port: e.port} }

func recvEq(t tb, s *socket.Socket, n int, want []byte) {
	t.Helper()
	got, err := s.Recv(n)
	noErr(t, err)
	assertEqualBytes(t, got, want)
}

func sendAll(t tb, s *socket.Socket, b []byte) {
	t.Helper()
	noErr(t, s.Sendall(b))
}

func sendMSG(t tb, e *sockEnv) { t.Helper(); sendAll(t, e.cli, pyMSG) }

// selectReadable is select.select([s], [], [], timeout) for reading.
func selectReadable(t tb, s *socket.Socket, timeout time.Duration) bool {
	t.Helper()
	fds := []unix.PollFd{{Fd: int32(s.Fileno()), Events: unix.POLLIN}}
	for {
		n, err := unix.Poll(fds, int(timeout/time.Millisecond))
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		noErr(t, err)
		return n == 1
	}
}

// fdNonblocking reads O_NONBLOCK of s's descriptor.
func fdNonblocking(t tb, s *socket.Socket) bool {
	t.Helper()
	fl, err := unix.FcntlInt(uintptr(s.Fileno()), unix.F_GETFL, 0)
	noErr(t, err)
	return fl&unix.O_NONBLOCK != 0
}

// basicTCPTests is BasicTCPTest's methods.
func basicTCPTests() []pyCase[*sockEnv] {
	return []pyCase[*sockEnv]{
		{"testRecv", func(t *testing.T, e *sockEnv) { recvEq(t, e.cliConn, 1024, pyMSG) }, sendMSG},
		{"testOverFlowRecv", func(t *testing.T, e *sockEnv) {
			seg1, err := e.cliConn.Recv(len(pyMSG) - 3)
			noErr(t, err)
			seg2, err := e.cliConn.Recv(1024)
			noErr(t, err)
			assertEqualBytes(t, append(seg1, seg2...), pyMSG)
		}, sendMSG},
		{"testRecvFrom", func(t *testing.T, e *sockEnv) {
			msg, _, err := e.cliConn.Recvfrom(1024)
			noErr(t, err)
			assertEqualBytes(t, msg, pyMSG)
		}, sendMSG},
		{"testOverFlowRecvFrom", func(t *testing.T, e *sockEnv) {
			seg1, _, err := e.cliConn.Recvfrom(len(pyMSG) - 3)
			noErr(t, err)
			seg2, _, err := e.cliConn.Recvfrom(1024)
			noErr(t, err)
			assertEqualBytes(t, append(seg1, seg2...), pyMSG)
		}, sendMSG},
		{"testSendAll", func(t *testing.T, e *sockEnv) {
			var msg []byte
			for {
				read, err := e.cliConn.Recv(1024)
				noErr(t, err)
				if len(read) == 0 {
					break
				}
				msg = append(msg, read...)
			}
			assertEqualBytes(t, msg, bytes.Repeat([]byte("f"), 2048))
		}, func(t tb, e *sockEnv) {
			sendAll(t, e.cli, bytes.Repeat([]byte("f"), 2048))
		}},
		{"testFromFd", func(t *testing.T, e *sockEnv) {
			sock, err := socket.Fromfd(e.cliConn.Fileno(), socket.AF_INET, socket.SOCK_STREAM, 0)
			noErr(t, err)
			defer sock.Close()
			recvEq(t, sock, 1024, pyMSG)
		}, sendMSG},
		{"testDup", func(t *testing.T, e *sockEnv) {
			sock, err := e.cliConn.Dup()
			noErr(t, err)
			defer sock.Close()
			recvEq(t, sock, 1024, pyMSG)
		}, sendMSG},
		{"testShutdown", func(t *testing.T, e *sockEnv) {
			recvEq(t, e.cliConn, 1024, pyMSG)
			e.waitClient(t)
		}, func(t tb, e *sockEnv) {
			sendMSG(t, e)
			noErr(t, e.cli.Shutdown(2))
		}},
		{"testShutdown_overflow", func(t *testing.T, e *sockEnv) {
			recvEq(t, e.cliConn, 1024, pyMSG)
			e.waitClient(t)
		}, func(t tb, e *sockEnv) {
			sendMSG(t, e)
			const intMax, uintMax = 1<<31 - 1, 1<<32 - 1
			for _, how := range []int64{intMax + 1, 2 + (uintMax + 1)} {
				if int64(int(how)) == how { // where Go's int holds it
					assertRaisesValue(t, e.cli.Shutdown(int(how)))
				}
			}
			noErr(t, e.cli.Shutdown(2))
		}},
		{"testDetach", func(t *testing.T, e *sockEnv) {
			fileno := e.cliConn.Fileno()
			f, err := e.cliConn.Detach()
			noErr(t, err)
			// cli_conn cannot be used anymore...
			assertEqual(t, e.cliConn.Fileno(), -1)
			_, err = e.cliConn.Recv(1024)
			assertRaisesOSError(t, err)
			e.cliConn.Close()
			// ...but another socket can use the (still open) descriptor.
			sock, err := socket.FromFileno(f)
			if err != nil {
				unix.Close(f)
				t.Fatal(err)
			}
			defer sock.Close()
			recvEq(t, sock, 1024, pyMSG)
			if f != fileno {
				pyDiff(t, detachDiff)
			}
		}, sendMSG},
	}
}

func udpTests() []pyCase[*sockEnv] {
	sendto := func(t tb, e *sockEnv) {
		_, err := e.cli.Sendto(pyMSG, e.servAddr(), 0)
		noErr(t, err)
	}
	return []pyCase[*sockEnv]{
		{"testSendtoAndRecv", func(t *testing.T, e *sockEnv) { recvEq(t, e.serv, len(pyMSG), pyMSG) }, sendto},
		{"testRecvFrom", func(t *testing.T, e *sockEnv) {
			msg, _, err := e.serv.Recvfrom(len(pyMSG))
			noErr(t, err)
			assertEqualBytes(t, msg, pyMSG)
		}, sendto},
		{"testRecvFromNegative", func(t *testing.T, e *sockEnv) {
			_, _, err := e.serv.Recvfrom(-1)
			assertRaisesValue(t, err)
		}, sendto},
	}
}

func checkSockDefaults(t tb, s *socket.Socket) {
	t.Helper()
	assertEqual(t, s.Family(), socket.AF_UNIX)
	assertEqual(t, s.Type(), socket.SOCK_STREAM)
	assertEqual(t, s.Proto(), 0)
}

// assertSockTimeout is NonBlockingTCPTests.assert_sock_timeout, but for
// the descriptor's O_NONBLOCK: the package keeps it set in every mode. It
// reports whether CPython's flag would differ.
func assertSockTimeout(t tb, s *socket.Socket, timeout time.Duration) (fdDiffers bool) {
	t.Helper()
	assertEqual(t, s.Gettimeout(), timeout)
	assertEqual(t, s.Getblocking(), timeout != 0)
	return fdNonblocking(t, s) == (timeout == socket.NoTimeout)
}

const fdNonblockDiff = "the descriptor stays O_NONBLOCK in blocking mode; the runtime poller does the blocking"

func nonBlockingTCPTests() []pyCase[*sockEnv] {
	connect := func(t tb, e *sockEnv) { noErr(t, e.cli.Connect(e.servAddr())) }
	withDefault := func(t *testing.T, d time.Duration) {
		old := socket.Getdefaulttimeout()
		socket.Setdefaulttimeout(d)
		t.Cleanup(func() { socket.Setdefaulttimeout(old) })
	}
	return []pyCase[*sockEnv]{
		{"testSetBlocking", func(t *testing.T, e *sockEnv) {
			diff := false
			steps := []struct {
				set  func() error
				want time.Duration
			}{
				{func() error { return e.serv.Setblocking(true) }, socket.NoTimeout},
				{func() error { return e.serv.Setblocking(false) }, 0},
				{func() error { return e.serv.Settimeout(socket.NoTimeout) }, socket.NoTimeout},
				{func() error { return e.serv.Settimeout(0) }, 0},
				{func() error { return e.serv.Settimeout(10 * time.Second) }, 10 * time.Second},
				{func() error { return e.serv.Settimeout(0) }, 0},
			}
			for _, s := range steps {
				noErr(t, s.set())
				diff = assertSockTimeout(t, e.serv, s.want) || diff
			}
			if diff {
				pyDiff(t, fdNonblockDiff)
			}
		}, nil},
		{"testSetBlocking_overflow", func(t *testing.T, e *sockEnv) {
			// setblocking(UINT_MAX + 1) is setblocking(True): Go's bool
			// has no such value; the case is setblocking(False), then True.
			noErr(t, e.serv.Setblocking(false))
			d1 := assertSockTimeout(t, e.serv, 0)
			noErr(t, e.serv.Setblocking(true))
			if assertSockTimeout(t, e.serv, socket.NoTimeout) || d1 {
				pyDiff(t, fdNonblockDiff)
			}
		}, nil},
		{"testInitNonBlocking", func(t *testing.T, e *sockEnv) {
			e.serv.Close()
			s := e.server(newSock(t, socket.AF_INET, socket.SOCK_STREAM|socket.SOCK_NONBLOCK, 0))
			if assertSockTimeout(t, s, 0) {
				t.Errorf("O_NONBLOCK not set on a non-blocking socket")
			}
		}, nil},
		{"testInheritFlagsBlocking", func(t *testing.T, e *sockEnv) {
			withDefault(t, socket.NoTimeout)
			noErr(t, e.serv.Settimeout(10*time.Second))
			conn, _, err := e.serv.Accept()
			noErr(t, err)
			defer conn.Close()
			assertEqual(t, conn.Gettimeout(), socket.NoTimeout)
		}, connect},
		{"testInheritFlagsTimeout", func(t *testing.T, e *sockEnv) {
			withDefault(t, 20*time.Second)
			noErr(t, e.serv.Settimeout(10*time.Second))
			conn, _, err := e.serv.Accept()
			noErr(t, err)
			defer conn.Close()
			assertEqual(t, conn.Gettimeout(), 20*time.Second)
		}, connect},
		{"testAccept", func(t *testing.T, e *sockEnv) {
			noErr(t, e.serv.Setblocking(false))
			start := time.Now()
			_, _, err := e.serv.Accept()
			assertRaisesErrno(t, err, syscall.EAGAIN)
			if dt := time.Since(start); dt >= time.Second {
				t.Errorf("non-blocking accept took %v", dt)
			}
			e.set()
			if !selectReadable(t, e.serv, 5*time.Minute) {
				t.Fatal("Error trying to do accept after select.")
			}
			conn, _, err := e.serv.Accept()
			noErr(t, err)
			defer conn.Close()
			assertEqual(t, conn.Gettimeout(), socket.NoTimeout)
		}, func(t tb, e *sockEnv) {
			e.wait(t)
			connect(t, e)
		}},
		{"testRecv", func(t *testing.T, e *sockEnv) {
			conn, _, err := e.serv.Accept()
			noErr(t, err)
			defer conn.Close()
			noErr(t, conn.Setblocking(false))
			_, err = conn.Recv(len(pyMSG))
			assertRaisesErrno(t, err, syscall.EAGAIN)
			e.set()
			if !selectReadable(t, conn, 5*time.Minute) {
				t.Fatal("Error during select call to non-blocking socket.")
			}
			recvEq(t, conn, len(pyMSG), pyMSG)
		}, func(t tb, e *sockEnv) {
			connect(t, e)
			e.wait(t)
			sendMSG(t, e)
		}},
	}
}

func init() {
	register(pyClass[*sockEnv]{name: "BasicTCPTest", setUp: connectedSetUp, cases: basicTCPTests()})
	register(pyClass[*sockEnv]{name: "BasicTCPTest2", setUp: createConnectionSetUp, cases: basicTCPTests()})
	register(pyClass[*sockEnv]{name: "BasicUDPTest", setUp: udpSetUp(0), cases: udpTests()})
	register(pyClass[*sockEnv]{name: "BasicUDPLITETest", setUp: udpSetUp(socket.IPPROTO_UDPLITE), cases: udpTests()})
	register(pyClass[*sockEnv]{name: "BasicSocketPairTest", setUp: socketpairSetUp, cases: []pyCase[*sockEnv]{
		{"testDefaults", func(t *testing.T, e *sockEnv) { checkSockDefaults(t, e.serv) }, func(t tb, e *sockEnv) { checkSockDefaults(t, e.cli) }},
		{"testRecv", func(t *testing.T, e *sockEnv) { recvEq(t, e.serv, 1024, pyMSG) }, sendMSG},
		{"testSend", func(t *testing.T, e *sockEnv) { sendAll(t, e.serv, pyMSG) }, func(t tb, e *sockEnv) { recvEq(t, e.cli, 1024, pyMSG) }},
	}})
	register(pyClass[*sockEnv]{name: "TCPCloserTest", setUp: threadedTCPSetUp, cases: []pyCase[*sockEnv]{
		{"testClose", func(t *testing.T, e *sockEnv) {
			conn, _, err := e.serv.Accept()
			noErr(t, err)
			noErr(t, conn.Close())
			sd := e.cli
			if !selectReadable(t, sd, time.Second) {
				t.Fatal("the client is not readable after the server closed")
			}
			recvEq(t, sd, 1, []byte{})
			conn.Close()
			conn.Close()
		}, func(t tb, e *sockEnv) {
			noErr(t, e.cli.Connect(e.servAddr()))
			time.Sleep(time.Second)
		}},
	}})
	// NonBlockingTCPTests changes the default timeout: it runs alone.
	register(pyClass[*sockEnv]{name: "NonBlockingTCPTests", serial: true, setUp: threadedTCPSetUp, cases: nonBlockingTCPTests()})
	register(pyClass[*sockEnv]{name: "ContextManagersTest", setUp: threadedTCPSetUp, cases: []pyCase[*sockEnv]{
		{"testCreateConnectionBase", func(t *testing.T, e *sockEnv) {
			conn, _, err := e.serv.Accept()
			noErr(t, err)
			defer conn.Close()
			data, err := conn.Recv(1024)
			noErr(t, err)
			sendAll(t, conn, data)
		}, func(t tb, e *sockEnv) {
			// with socket.create_connection(address) as sock: ...
			sock, err := socket.CreateConnection(pyHOST, e.port, nil)
			noErr(t, err)
			func() {
				defer sock.Close()
				sendAll(t, sock, []byte("foo"))
				recvEq(t, sock, 1024, []byte("foo"))
			}()
			assertEqual(t, sock.Fileno(), -1)
		}},
		{"testCreateConnectionClose", func(t *testing.T, e *sockEnv) {
			conn, _, err := e.serv.Accept()
			noErr(t, err)
			defer conn.Close()
			data, err := conn.Recv(1024)
			noErr(t, err)
			sendAll(t, conn, data)
		}, func(t tb, e *sockEnv) {
			sock, err := socket.CreateConnection(pyHOST, e.port, nil)
			noErr(t, err)
			func() {
				defer sock.Close()
				noErr(t, sock.Close())
			}()
			assertEqual(t, sock.Fileno(), -1)
			assertRaisesErrno(t, sock.Sendall([]byte("foo")), syscall.EBADF)
		}},
	}})
}
