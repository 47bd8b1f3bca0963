//go:build linux

package socket_test

import (
	"errors"
	"net"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// test_socket's remaining plain classes: TestExceptions, BufferIOTest,
// InheritanceTest, NonblockConstantTest, CreateServerTest,
// CreateServerFunctionalTest, BasicVSOCKTest and
// ThreadedVSOCKSocketStreamTest.

func bufferIOTests() []pyCase[*sockEnv] {
	intoArray := func(from bool) func(t *testing.T, e *sockEnv) {
		return func(t *testing.T, e *sockEnv) {
			var a [len("Michael Gilfix was here\u1234\r\n")]byte
			n := recvInto(t, e.cliConn, a[:], from)
			assertEqual(t, n, len(pyMSG))
			assertEqualBytes(t, a[:n], pyMSG)
		}
	}
	intoBytearray := func(from bool) func(t *testing.T, e *sockEnv) {
		return func(t *testing.T, e *sockEnv) {
			buf := make([]byte, 1024)
			n := recvInto(t, e.cliConn, buf, from)
			assertEqual(t, n, len(pyMSG))
			assertEqualBytes(t, buf[:len(pyMSG)], pyMSG)
		}
	}
	// memoryview(buf) is a slice of the whole buffer.
	intoMemoryview := func(from bool) func(t *testing.T, e *sockEnv) {
		return func(t *testing.T, e *sockEnv) {
			buf := make([]byte, 1024)
			n := recvInto(t, e.cliConn, buf[:], from)
			assertEqual(t, n, len(pyMSG))
			assertEqualBytes(t, buf[:len(pyMSG)], pyMSG)
		}
	}
	return []pyCase[*sockEnv]{
		{"testRecvIntoArray", intoArray(false), sendMSG},
		{"testRecvIntoBytearray", intoBytearray(false), sendMSG},
		{"testRecvIntoMemoryview", intoMemoryview(false), sendMSG},
		{"testRecvFromIntoArray", intoArray(true), sendMSG},
		{"testRecvFromIntoBytearray", intoBytearray(true), sendMSG},
		{"testRecvFromIntoMemoryview", intoMemoryview(true), sendMSG},
		{"testRecvFromIntoEmptyBuffer", func(t *testing.T, e *sockEnv) {
			_, _, err := e.cliConn.RecvfromInto([]byte{})
			noErr(t, err)
			_, _, err = e.cliConn.RecvfromInto([]byte{}[:0])
			noErr(t, err)
		}, sendMSG},
	}
}

func recvInto(t tb, s *socket.Socket, buf []byte, from bool) int {
	t.Helper()
	var n int
	var err error
	if from {
		n, _, err = s.RecvfromInto(buf)
	} else {
		n, err = s.RecvInto(buf)
	}
	noErr(t, err)
	return n
}

func inheritable(t tb, s *socket.Socket) bool {
	t.Helper()
	v, err := s.GetInheritable()
	noErr(t, err)
	return v
}

func fdCloexec(t tb, fd int) bool {
	t.Helper()
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	noErr(t, err)
	return fl&unix.FD_CLOEXEC != 0
}

func inheritanceTests() []pyCase[*plainEnv] {
	return []pyCase[*plainEnv]{
		gmt("test_SOCK_CLOEXEC", func(t *testing.T) {
			s := newSock(t, socket.AF_INET, socket.SOCK_STREAM|socket.SOCK_CLOEXEC, 0)
			defer s.Close()
			assertEqual(t, s.Type(), socket.SOCK_STREAM)
			assertEqual(t, inheritable(t, s), false)
		}),
		gmt("test_default_inheritable", func(t *testing.T) {
			s := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			defer s.Close()
			assertEqual(t, inheritable(t, s), false)
		}),
		gmt("test_dup", func(t *testing.T) {
			s := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			n, err := s.Dup()
			noErr(t, err)
			s.Close()
			defer n.Close()
			assertEqual(t, inheritable(t, n), false)
		}),
		gmt("test_set_inheritable", func(t *testing.T) {
			s := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			defer s.Close()
			noErr(t, s.SetInheritable(true))
			assertEqual(t, inheritable(t, s), true)
			noErr(t, s.SetInheritable(false))
			assertEqual(t, inheritable(t, s), false)
		}),
		gmt("test_get_inheritable_cloexec", func(t *testing.T) {
			s := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			defer s.Close()
			fd := s.Fileno()
			assertEqual(t, inheritable(t, s), false)
			fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
			noErr(t, err)
			_, err = unix.FcntlInt(uintptr(fd), unix.F_SETFD, fl&^unix.FD_CLOEXEC)
			noErr(t, err)
			assertEqual(t, inheritable(t, s), true)
		}),
		gmt("test_set_inheritable_cloexec", func(t *testing.T) {
			s := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			defer s.Close()
			assertEqual(t, fdCloexec(t, s.Fileno()), true)
			noErr(t, s.SetInheritable(true))
			assertEqual(t, fdCloexec(t, s.Fileno()), false)
		}),
		gmt("test_socketpair", func(t *testing.T) {
			s1, s2, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
			noErr(t, err)
			defer s1.Close()
			defer s2.Close()
			assertEqual(t, inheritable(t, s1), false)
			assertEqual(t, inheritable(t, s2), false)
		}),
	}
}

// checkNonblock is NonblockConstantTest.checkNonblock; it reports whether
// the descriptor's O_NONBLOCK differs from CPython's (always set here).
func checkNonblock(t tb, s *socket.Socket, nonblock bool, timeout time.Duration) (fdDiffers bool) {
	t.Helper()
	assertEqual(t, s.Type(), socket.SOCK_STREAM)
	if nonblock {
		assertEqual(t, s.Gettimeout(), timeout)
		if !fdNonblocking(t, s) {
			t.Errorf("O_NONBLOCK not set")
		}
		assertEqual(t, s.Getblocking(), timeout != 0)
		return false
	}
	assertEqual(t, s.Gettimeout(), socket.NoTimeout)
	assertEqual(t, s.Getblocking(), true)
	return fdNonblocking(t, s)
}

func createServerTests() []pyCase[*plainEnv] {
	server := func(t *testing.T, host string, port int, opts *socket.ServerOptions) *socket.Socket {
		t.Helper()
		s, err := socket.CreateServer(host, port, opts)
		noErr(t, err)
		return s
	}
	v6 := &socket.ServerOptions{Family: socket.AF_INET6}
	return []pyCase[*plainEnv]{
		gmt("test_address", func(t *testing.T) {
			port := findUnusedPort(t)
			s := server(t, "127.0.0.1", port, nil)
			assertEqual(t, sockname(t, s), socket.Addr(socket.InetAddr{Host: "127.0.0.1", Port: port}))
			s.Close()
			s = server(t, "::1", port, v6)
			a := sockname(t, s).(socket.Inet6Addr)
			assertEqual(t, a.Host, "::1")
			assertEqual(t, a.Port, port)
			s.Close()
		}),
		gmt("test_family_and_type", func(t *testing.T) {
			s := server(t, "127.0.0.1", 0, nil)
			assertEqual(t, s.Family(), socket.AF_INET)
			assertEqual(t, s.Type(), socket.SOCK_STREAM)
			s.Close()
			s = server(t, "::1", 0, v6)
			assertEqual(t, s.Family(), socket.AF_INET6)
			assertEqual(t, s.Type(), socket.SOCK_STREAM)
			s.Close()
		}),
		gmt("test_reuse_port", func(t *testing.T) {
			s := server(t, "localhost", 0, nil)
			opt, err := s.Getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT)
			noErr(t, err)
			assertEqual(t, opt, 0)
			s.Close()
			s = server(t, "localhost", 0, &socket.ServerOptions{ReusePort: true})
			opt, err = s.Getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT)
			noErr(t, err)
			if opt == 0 {
				t.Error("SO_REUSEPORT not set")
			}
			s.Close()
		}),
		gmt("test_ipv6_only_default", func(t *testing.T) {
			s := server(t, "::1", 0, v6)
			defer s.Close()
			v, err := s.Getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY)
			noErr(t, err)
			if v == 0 {
				t.Error("IPV6_V6ONLY not set")
			}
		}),
		gmt("test_dualstack_ipv6_family", func(t *testing.T) {
			if !socket.HasDualstackIpv6() {
				t.Skipf("dual-stack IPv6 not supported; %s", fixFor[socket.AF_INET6])
			}
			s := server(t, "::1", 0, &socket.ServerOptions{Family: socket.AF_INET6, DualstackIPv6: true})
			defer s.Close()
			assertEqual(t, s.Family(), socket.AF_INET6)
		}),
	}
}

// echoServer is CreateServerFunctionalTest.echo_server: one connection,
// its first message sent back.
func echoServer(t *testing.T, sock *socket.Socket) {
	noErr(t, sock.Settimeout(pyTimeout))
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer sock.Close()
		conn, _, err := sock.Accept()
		if err != nil {
			t.Errorf("accept: %v", err)
			return
		}
		defer conn.Close()
		msg, err := conn.Recv(1024)
		if err != nil || len(msg) == 0 {
			return
		}
		if err := conn.Sendall(msg); err != nil {
			t.Errorf("sendall: %v", err)
		}
	}()
	t.Cleanup(func() { <-done })
}

func echoClient(t *testing.T, addr socket.Addr) {
	sock := newSock(t, addr.Family(), socket.SOCK_STREAM, 0)
	defer sock.Close()
	noErr(t, sock.Settimeout(pyTimeout))
	noErr(t, sock.Connect(addr))
	noErr(t, sock.Sendall([]byte("foo")))
	recvEq(t, sock, 1024, []byte("foo"))
}

func createServerFunctionalTests() []pyCase[*plainEnv] {
	run := func(opts *socket.ServerOptions, client func(port int) socket.Addr) func(t *testing.T) {
		return func(t *testing.T) {
			if opts != nil && opts.DualstackIPv6 && !socket.HasDualstackIpv6() {
				t.Skipf("dual-stack IPv6 not supported; %s", fixFor[socket.AF_INET6])
			}
			port := findUnusedPort(t)
			sock, err := socket.CreateServer("", port, opts)
			noErr(t, err)
			echoServer(t, sock)
			echoClient(t, client(port))
		}
	}
	v4 := func(port int) socket.Addr { return socket.InetAddr{Host: "127.0.0.1", Port: port} }
	v6 := func(port int) socket.Addr { return socket.Inet6Addr{Host: "::1", Port: port} }
	dual := &socket.ServerOptions{Family: socket.AF_INET6, DualstackIPv6: true}
	return []pyCase[*plainEnv]{
		gmt("test_tcp4", run(nil, v4)),
		gmt("test_tcp6", run(&socket.ServerOptions{Family: socket.AF_INET6}, v6)),
		gmt("test_dual_stack_client_v4", run(dual, v4)),
		gmt("test_dual_stack_client_v6", run(dual, v6)),
	}
}

func vsockTests() []pyCase[*plainEnv] {
	return []pyCase[*plainEnv]{
		gmt("testCrucialConstants", func(t *testing.T) {
			checkConstants(t, map[string]int64{"AF_VSOCK": int64(socket.AF_VSOCK)})
		}),
		gmt("testVSOCKConstants", func(t *testing.T) {
			checkConstants(t, map[string]int64{
				"SO_VM_SOCKETS_BUFFER_SIZE":      socket.SO_VM_SOCKETS_BUFFER_SIZE,
				"SO_VM_SOCKETS_BUFFER_MIN_SIZE":  socket.SO_VM_SOCKETS_BUFFER_MIN_SIZE,
				"SO_VM_SOCKETS_BUFFER_MAX_SIZE":  socket.SO_VM_SOCKETS_BUFFER_MAX_SIZE,
				"VMADDR_CID_ANY":                 socket.VMADDR_CID_ANY,
				"VMADDR_PORT_ANY":                socket.VMADDR_PORT_ANY,
				"VMADDR_CID_HOST":                socket.VMADDR_CID_HOST,
				"VM_SOCKETS_INVALID_VERSION":     socket.VM_SOCKETS_INVALID_VERSION,
				"IOCTL_VM_SOCKETS_GET_LOCAL_CID": socket.IOCTL_VM_SOCKETS_GET_LOCAL_CID,
			})
		}),
		gmt("testCreateSocket", func(t *testing.T) {
			skipUnless(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
			s := newSock(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
			noErr(t, s.Close())
		}),
		gmt("testSocketBufferSize", func(t *testing.T) {
			skipUnless(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
			s := newSock(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
			defer s.Close()
			lvl := int(socket.AF_VSOCK)
			opts := []int{socket.SO_VM_SOCKETS_BUFFER_MAX_SIZE, socket.SO_VM_SOCKETS_BUFFER_SIZE, socket.SO_VM_SOCKETS_BUFFER_MIN_SIZE}
			orig := make([]int, len(opts))
			for i, o := range opts {
				v, err := s.Getsockopt(lvl, o)
				skipQemu(t, "getsockopt(AF_VSOCK, SO_VM_SOCKETS_BUFFER_*)", err)
				noErr(t, err)
				orig[i] = v
			}
			for i, o := range opts {
				noErr(t, s.Setsockopt(lvl, o, orig[i]*2))
			}
			for i, o := range opts {
				v, err := s.Getsockopt(lvl, o)
				skipQemu(t, "getsockopt(AF_VSOCK, SO_VM_SOCKETS_BUFFER_*)", err)
				noErr(t, err)
				assertEqual(t, v, orig[i]*2)
			}
			// The int options of other levels read as ints.
			kind, err := s.Getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)
			noErr(t, err)
			assertEqual(t, kind, int(socket.SOCK_STREAM))
		}),
	}
}

func init() {
	register(pyClass[*plainEnv]{name: "TestExceptions", setUp: plainSetUp, cases: []pyCase[*plainEnv]{
		gmt("testExceptionTree", func(t *testing.T) {
			// herror, gaierror and timeout are OSError: here each is a
			// *socket.Error, with its cause inside.
			_, _, _, err := socket.Gethostbyaddr("192.0.2.1")
			if err != nil {
				assertRaisesOSError(t, err)
			}
			_, err = socket.Getaddrinfo("nonexistent.invalid", "", 0, 0, 0, 0)
			assertRaisesOSError(t, err)
			var ge *socket.GaiError
			if !errors.As(err, &ge) {
				t.Errorf("%v has no GaiError", err)
			}
			a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
			noErr(t, err)
			defer a.Close()
			defer b.Close()
			noErr(t, a.Settimeout(time.Millisecond))
			_, err = a.Recv(1)
			assertRaisesOSError(t, err)
			// socket.timeout is TimeoutError.
			assertTimeout(t, err)
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				t.Errorf("%v is not a net.Error timeout", err)
			}
		}),
		gmt("test_setblocking_invalidfd", func(t *testing.T) {
			sock0 := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			sock, err := socket.FromFileno(sock0.Fileno())
			noErr(t, err)
			dup := sock.Fileno() != sock0.Fileno()
			sock0.Close()
			defer func() {
				// addCleanup(sock.detach): the number was sock0's and is
				// closed, unless sock has a duplicate of its own.
				if fd, err := sock.Detach(); err == nil && dup {
					unix.Close(fd)
				}
			}()
			err = sock.Setblocking(false)
			if dup && err == nil {
				pyDiff(t, fromFilenoDiff)
			}
			assertRaisesErrno(t, err, syscall.EBADF)
		}),
	}})
	register(pyClass[*sockEnv]{name: "BufferIOTest", setUp: connectedSetUp, cases: bufferIOTests()})
	register(pyClass[*plainEnv]{name: "InheritanceTest", setUp: plainSetUp, cases: inheritanceTests()})
	register(pyClass[*plainEnv]{name: "NonblockConstantTest", serial: true, setUp: plainSetUp, cases: []pyCase[*plainEnv]{
		gmt("test_SOCK_NONBLOCK", func(t *testing.T) {
			diff := false
			s := newSock(t, socket.AF_INET, socket.SOCK_STREAM|socket.SOCK_NONBLOCK, 0)
			steps := []struct {
				f        func() error
				nonblock bool
				timeout  time.Duration
			}{
				{func() error { return nil }, true, 0},
				{func() error { return s.Setblocking(true) }, false, 0},
				{func() error { return s.Setblocking(false) }, true, 0},
				{func() error { return s.Settimeout(socket.NoTimeout) }, false, 0},
				{func() error { return s.Settimeout(2 * time.Second) }, true, 2 * time.Second},
				{func() error { return s.Setblocking(true) }, false, 0},
			}
			for _, st := range steps {
				noErr(t, st.f())
				diff = checkNonblock(t, s, st.nonblock, st.timeout) || diff
			}
			s.Close()
			old := socket.Getdefaulttimeout()
			defer socket.Setdefaulttimeout(old)
			for _, d := range []time.Duration{0, socket.NoTimeout, 2 * time.Second, socket.NoTimeout} {
				socket.Setdefaulttimeout(d)
				s := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
				diff = checkNonblock(t, s, d != socket.NoTimeout, d) || diff
				s.Close()
			}
			if diff {
				pyDiff(t, fdNonblockDiff)
			}
		}),
	}})
	register(pyClass[*plainEnv]{name: "CreateServerTest", setUp: plainSetUp, cases: createServerTests()})
	register(pyClass[*plainEnv]{name: "CreateServerFunctionalTest", setUp: plainSetUp, cases: createServerFunctionalTests()})
	register(pyClass[*plainEnv]{name: "BasicVSOCKTest", setUp: plainSetUp, cases: vsockTests()})
	register(pyClass[*plainEnv]{name: "ThreadedVSOCKSocketStreamTest", setUp: plainSetUp, cases: []pyCase[*plainEnv]{
		gmt("testStream", func(t *testing.T) {
			skipUnless(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
			serv := newSock(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
			defer serv.Close()
			noErr(t, serv.Bind(socket.VsockAddr{CID: socket.VMADDR_CID_ANY, Port: socket.VMADDR_PORT_ANY}))
			noErr(t, serv.Listen(128))
			port := sockname(t, serv).(socket.VsockAddr).Port
			cli := newSock(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
			defer cli.Close()
			// CPython connects to the guest's own CID; the loopback
			// transport (VMADDR_CID_LOCAL) reaches this machine anywhere.
			noErr(t, cli.Settimeout(pyTimeout))
			if err := cli.Connect(socket.VsockAddr{CID: socket.VMADDR_CID_LOCAL, Port: port}); err != nil {
				if inVM {
					t.Fatal(err)
				}
				t.Skipf("AF_VSOCK loopback (VMADDR_CID_LOCAL) not offered by this kernel (connect: %v); load vsock_loopback (modprobe vsock_loopback) or run scripts/vmtest", err)
			}
			conn, _, err := serv.Accept()
			noErr(t, err)
			defer conn.Close()
			noErr(t, cli.Sendall(pyMSG))
			cli.Close()
			recvEq(t, conn, 1024, pyMSG)
		}),
	}})
}
