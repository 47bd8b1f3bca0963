//go:build linux

package socket_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// test_socket's AF_UNIX classes: TestLinuxAbstractNamespace,
// TestUnixDomain and SendRecvFdsTests.

const unixPathMax = 108

// sockname is s.getsockname(), failing t on an error.
func sockname(t tb, s *socket.Socket) socket.Addr {
	t.Helper()
	a, err := s.Getsockname()
	noErr(t, err)
	return a
}

func abstractTests() []pyCase[*plainEnv] {
	newUnix := func(t *testing.T) *socket.Socket {
		s := newSock(t, socket.AF_UNIX, socket.SOCK_STREAM, 0)
		t.Cleanup(func() { s.Close() })
		return s
	}
	return []pyCase[*plainEnv]{
		gmt("testLinuxAbstractNamespace", func(t *testing.T) {
			address := socket.UnixAddr{Path: "\x00python-test-hello\x00\xff"}
			s1 := newUnix(t)
			noErr(t, s1.Bind(address))
			noErr(t, s1.Listen(128))
			s2 := newUnix(t)
			noErr(t, s2.Connect(sockname(t, s1)))
			s3, _, err := s1.Accept()
			noErr(t, err)
			defer s3.Close()
			assertEqual(t, sockname(t, s1), socket.Addr(address))
			peer, err := s2.Getpeername()
			noErr(t, err)
			assertEqual(t, peer, socket.Addr(address))
		}),
		gmt("testMaxName", func(t *testing.T) {
			address := socket.UnixAddr{Path: "\x00" + repeatH(unixPathMax-1)}
			s := newUnix(t)
			noErr(t, s.Bind(address))
			assertEqual(t, sockname(t, s), socket.Addr(address))
		}),
		gmt("testNameOverflow", func(t *testing.T) {
			s := newUnix(t)
			assertRaisesOSError(t, s.Bind(socket.UnixAddr{Path: "\x00" + repeatH(unixPathMax)}))
		}),
		gmt("testStrName", func(t *testing.T) {
			s := newUnix(t)
			noErr(t, s.Bind(socket.UnixAddr{Path: "\x00python\x00test\x00"}))
			assertEqual(t, sockname(t, s), socket.Addr(socket.UnixAddr{Path: "\x00python\x00test\x00"}))
		}),
		gmt("testBytearrayName", func(t *testing.T) {
			s := newUnix(t)
			noErr(t, s.Bind(socket.UnixAddr{Path: string([]byte("\x00python\x00test\x00"))}))
			assertEqual(t, sockname(t, s), socket.Addr(socket.UnixAddr{Path: "\x00python\x00test\x00"}))
		}),
		gmt("testAutobind", func(t *testing.T) {
			abstract := regexp.MustCompile("^\x00[0-9a-f]{5}")
			s1 := newUnix(t)
			noErr(t, s1.Bind(socket.UnixAddr{Path: ""}))
			n1 := sockname(t, s1).(socket.UnixAddr).Path
			if !abstract.MatchString(n1) {
				t.Errorf("%q is not an autobound name", n1)
			}
			s2 := newUnix(t)
			noErr(t, s2.Bind(socket.UnixAddr{Path: ""}))
			n2 := sockname(t, s2).(socket.UnixAddr).Path
			if !abstract.MatchString(n2) {
				t.Errorf("%q is not an autobound name", n2)
			}
			if n1 == n2 {
				t.Errorf("both autobound to %q", n1)
			}
		}),
	}
}

func repeatH(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'h'
	}
	return string(b)
}

// unixDomainTests is TestUnixDomain; os_helper.TESTFN and its variants
// become names in a temporary directory.
func unixDomainTests() []pyCase[*plainEnv] {
	const testfn = "@test_tmp\u00e6"
	bindName := func(t *testing.T, name string) {
		dir := shortTempDir(t)
		path := filepath.Join(dir, name)
		sock := newSock(t, socket.AF_UNIX, socket.SOCK_STREAM, 0)
		defer sock.Close()
		noErr(t, sock.Bind(socket.UnixAddr{Path: path}))
		defer os.Remove(path)
		assertEqual(t, sockname(t, sock), socket.Addr(socket.UnixAddr{Path: path}))
	}
	return []pyCase[*plainEnv]{
		gmt("testUnbound", func(t *testing.T) {
			sock := newSock(t, socket.AF_UNIX, socket.SOCK_STREAM, 0)
			defer sock.Close()
			a := sockname(t, sock)
			if a != nil && a != socket.Addr(socket.UnixAddr{}) {
				t.Errorf("unbound name %#v", a)
			}
		}),
		gmt("testStrAddr", func(t *testing.T) { bindName(t, testfn) }),
		gmt("testBytesAddr", func(t *testing.T) { bindName(t, string([]byte(testfn))) }),
		gmt("testSurrogateescapeBind", func(t *testing.T) { bindName(t, "@test_tmp-\u00e0\u00f2\u0258\u0141\u011f") }),
		gmt("testUnencodableAddr", func(t *testing.T) { bindName(t, "@test_tmp-\xff") }),
	}
}

// shortTempDir is a temporary directory whose paths fit sun_path.
func shortTempDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "pyu")
	noErr(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func init() {
	register(pyClass[*plainEnv]{name: "TestLinuxAbstractNamespace", setUp: plainSetUp, cases: abstractTests()})
	register(pyClass[*plainEnv]{name: "TestUnixDomain", setUp: plainSetUp, cases: unixDomainTests()})
	register(pyClass[*plainEnv]{name: "SendRecvFdsTests", setUp: plainSetUp, cases: []pyCase[*plainEnv]{
		gmt("testSendAndRecvFds", func(t *testing.T) {
			var pipes [][2]int
			for range 10 {
				var p [2]int
				noErr(t, unix.Pipe2(p[:], unix.O_CLOEXEC))
				pipes = append(pipes, p)
				t.Cleanup(func() { unix.Close(p[0]); unix.Close(p[1]) })
			}
			var fds []int
			for _, p := range pipes {
				fds = append(fds, p[0])
			}
			sock1, sock2, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
			noErr(t, err)
			_, err = socket.SendFds(sock1, [][]byte{pyMSG}, fds, nil)
			noErr(t, err)
			msg, fds2, flags, _, err := socket.RecvFds(sock2, len(pyMSG)*2, len(fds)*2)
			sock1.Close()
			sock2.Close()
			noErr(t, err)
			t.Cleanup(func() {
				for _, fd := range fds2 {
					unix.Close(fd)
				}
			})
			assertEqualBytes(t, msg, pyMSG)
			assertEqual(t, len(fds2), len(fds))
			assertEqual(t, flags, 0)
			for i, p := range pipes {
				_, err := unix.Write(p[1], []byte(strconv.Itoa(i)))
				noErr(t, err)
			}
			for i, rfd := range fds2 {
				buf := make([]byte, 100)
				n, err := unix.Read(rfd, buf)
				noErr(t, err)
				assertEqualBytes(t, buf[:n], []byte(strconv.Itoa(i)))
			}
		}),
	}})
}
