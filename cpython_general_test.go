//go:build linux

package socket_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// test_socket's GeneralModuleTests: the module's functions and the
// socket object's plain methods.

func gmt(name string, f func(t *testing.T)) pyCase[*plainEnv] {
	return pyCase[*plainEnv]{name, func(t *testing.T, _ *plainEnv) { f(t) }, nil}
}

// pyTupleRepr is str() of an INET address tuple.
func pyTupleRepr(a socket.Addr) string {
	switch a := a.(type) {
	case socket.InetAddr:
		return fmt.Sprintf("('%s', %d)", a.Host, a.Port)
	case socket.Inet6Addr:
		return fmt.Sprintf("('%s', %d, %d, %d)", a.Host, a.Port, a.Flowinfo, a.ScopeID)
	}
	return fmt.Sprint(a)
}

func assertInvalid(t tb, err error, what string) {
	t.Helper()
	var se *socket.Error
	var ve *socket.ValueError
	if err == nil || !(errors.As(err, &se) || errors.As(err, &ve)) {
		t.Errorf("%s: got %v, want OSError or ValueError", what, err)
	}
}

func generalModuleTests() []pyCase[*plainEnv] {
	return []pyCase[*plainEnv]{
		gmt("test_repr", func(t *testing.T) {
			s := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			func() {
				defer s.Close()
				r := s.String()
				for _, want := range []string{fmt.Sprintf("fd=%d", s.Fileno()), fmt.Sprintf("family=%d", socket.AF_INET), fmt.Sprintf("type=%d", socket.SOCK_STREAM), "proto=0"} {
					if !strings.Contains(r, want) {
						t.Errorf("%s lacks %s", r, want)
					}
				}
				if strings.Contains(r, "raddr") {
					t.Errorf("%s has raddr", r)
				}
				noErr(t, s.Bind(socket.InetAddr{Host: "127.0.0.1"}))
				a, err := s.Getsockname()
				noErr(t, err)
				r = s.String()
				if !strings.Contains(r, "laddr") || !strings.Contains(r, pyTupleRepr(a)) {
					t.Errorf("%s lacks laddr %s", r, pyTupleRepr(a))
				}
			}()
			r := s.String()
			if !strings.Contains(r, "[closed]") || strings.Contains(r, "laddr") {
				t.Errorf("closed: %s", r)
			}
		}),
		gmt("testSendtoErrors", func(t *testing.T) {
			// The TypeErrors for str, complex and argument counts are
			// compile errors in Go; sendto(b'foo', None) is a nil address.
			s := newSock(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
			defer s.Close()
			noErr(t, s.Bind(socket.InetAddr{}))
			_, err := s.Sendto([]byte("foo"), nil)
			assertRaisesValue(t, err)
			_, err = s.Sendto([]byte("foo"), nil, 0)
			assertRaisesValue(t, err)
		}),
		gmt("testCrucialConstants", func(t *testing.T) {
			checkConstants(t, map[string]int64{
				"AF_INET": int64(socket.AF_INET), "AF_INET6": int64(socket.AF_INET6),
				"SOCK_STREAM": int64(socket.SOCK_STREAM), "SOCK_DGRAM": int64(socket.SOCK_DGRAM),
				"SOCK_RAW": int64(socket.SOCK_RAW), "SOCK_RDM": int64(socket.SOCK_RDM),
				"SOCK_SEQPACKET": int64(socket.SOCK_SEQPACKET), "SOL_SOCKET": socket.SOL_SOCKET,
				"SO_REUSEADDR": socket.SO_REUSEADDR,
			})
		}),
		gmt("testCrucialIpProtoConstants", func(t *testing.T) {
			checkConstants(t, map[string]int64{
				"IPPROTO_TCP": socket.IPPROTO_TCP, "IPPROTO_UDP": socket.IPPROTO_UDP, "IPPROTO_IPV6": socket.IPPROTO_IPV6,
			})
		}),
		gmt("test_socket_methods", func(t *testing.T) {
			typ := reflect.TypeOf(&socket.Socket{})
			// "_accept" is the Python socket's raw accept; Accept is Go's.
			for _, name := range []string{"Accept", "Bind", "Connect", "ConnectEx", "Getpeername",
				"Getsockname", "Listen", "Recvfrom", "RecvfromInto", "Sendto", "Setsockopt", "Shutdown"} {
				if _, ok := typ.MethodByName(name); !ok {
					t.Errorf("socket method %s is missing", name)
				}
			}
		}),
		gmt("testHostnameRes", func(t *testing.T) {
			hostname, err := socket.Gethostname()
			noErr(t, err)
			ip, err := socket.Gethostbyname(hostname)
			if err != nil {
				t.Skipf("name lookup failure for this host's name %q (%v); add it to /etc/hosts", hostname, err)
			}
			if !strings.Contains(ip, ".") {
				t.Errorf("Error resolving host to ip: %q", ip)
			}
			hname, aliases, _, err := socket.Gethostbyaddr(ip)
			if err != nil {
				t.Skipf("name lookup failure for %s (%v); add it to /etc/hosts", ip, err)
			}
			all := append([]string{hostname, hname}, aliases...)
			if fq := socket.Getfqdn(ip); !slices.Contains(all, fq) {
				t.Errorf("Error testing host resolution mechanisms. (fqdn: %s, all: %v)", fq, all)
			}
		}),
		gmt("test_host_resolution", func(t *testing.T) {
			for _, addr := range []string{"127.0.0.1", "10.0.0.1", "255.255.255.255"} {
				got, err := socket.Gethostbyname(addr)
				noErr(t, err)
				assertEqual(t, got, addr)
			}
			_, _, addrs, err := socket.Gethostbyaddr("127.0.0.1")
			noErr(t, err)
			if !slices.Contains(addrs, "127.0.0.1") {
				t.Errorf("gethostbyaddr addresses %v", addrs)
			}
		}),
		gmt("test_host_resolution_bad_address", func(t *testing.T) {
			for _, addr := range []string{"0.1.1.~1", "1+.1.1.1", "::1q", "::1::2", "1:1:1:1:1:1:1:1:1"} {
				_, err := socket.Gethostbyname(addr)
				assertRaisesOSError(t, err)
				_, _, _, err = socket.Gethostbyaddr(addr)
				assertRaisesOSError(t, err)
			}
		}),
		gmt("test_sethostname", func(t *testing.T) {
			skipUnlessRoot(t, "sethostname")
			// In a UTS namespace of its own, on a thread thrown away
			// afterwards, so that the machine keeps its name.
			errc := make(chan error, 1)
			go func() {
				runtime.LockOSThread()
				if err := unix.Unshare(unix.CLONE_NEWUTS); err != nil {
					errc <- fmt.Errorf("unshare: %w", err)
					return
				}
				for _, name := range []string{"new", "bar"} {
					if err := socket.Sethostname(name); err != nil {
						errc <- err
						return
					}
					var u unix.Utsname
					if err := unix.Uname(&u); err != nil {
						errc <- err
						return
					}
					if got := unix.ByteSliceToString(u.Nodename[:]); got != name {
						errc <- fmt.Errorf("gethostname() = %q, want %q", got, name)
						return
					}
				}
				errc <- nil
			}()
			noErr(t, <-errc)
		}),
		gmt("testInterfaceNameIndex", func(t *testing.T) {
			ifs, err := socket.IfNameindex()
			skipQemu(t, "recvmsg(2) of RTM_NEWLINK's nested netlink attributes, which it does not byte-swap", err)
			noErr(t, err)
			for _, it := range ifs {
				if it.Index <= 0 {
					t.Errorf("index %d", it.Index)
				}
				idx, err := socket.IfNametoindex(it.Name)
				noErr(t, err)
				assertEqual(t, idx, it.Index)
				name, err := socket.IfIndextoname(it.Index)
				noErr(t, err)
				assertEqual(t, name, it.Name)
			}
		}),
		gmt("testInvalidInterfaceIndexToName", func(t *testing.T) {
			_, err := socket.IfIndextoname(0)
			assertRaisesOSError(t, err)
		}),
		gmt("testInvalidInterfaceNameToIndex", func(t *testing.T) {
			_, err := socket.IfNametoindex("_DEADBEEF")
			assertRaisesOSError(t, err)
		}),
		gmt("testInterpreterCrash", func(t *testing.T) {
			// Must not crash; an OSError is fine.
			_, _, err := socket.Getnameinfo(socket.Inet6Addr{Host: "x"}, 0)
			if err != nil {
				assertRaisesOSError(t, err)
			}
		}),
		gmt("testNtoH", func(t *testing.T) {
			// OverflowError for 1<<34 is a compile error with Go's uint16
			// and uint32.
			for _, i := range []int64{0, 1, 0xffff, ^0xffff, 2, 0x01234567, 0x76543210} {
				assertEqual(t, socket.Htonl(socket.Htonl(uint32(i))), uint32(i))
				assertEqual(t, socket.Ntohl(socket.Ntohl(uint32(i))), uint32(i))
				assertEqual(t, socket.Htons(socket.Htons(uint16(i))), uint16(i))
				assertEqual(t, socket.Ntohs(socket.Ntohs(uint16(i))), uint16(i))
			}
			assertEqual(t, socket.Htonl(math.MaxUint32), math.MaxUint32)
			assertEqual(t, socket.Ntohl(math.MaxUint32), math.MaxUint32)
			assertEqual(t, socket.Htons(math.MaxUint16), math.MaxUint16)
			assertEqual(t, socket.Ntohs(math.MaxUint16), math.MaxUint16)
		}),
		gmt("testNtoHErrors", func(t *testing.T) {
			// The good values pass; the bad ones do not fit the types.
			for _, k := range []uint16{0, 1, 2, 0xffff} {
				assertEqual(t, socket.Ntohs(socket.Htons(k)), k)
			}
			for _, k := range []uint32{0, 1, 2, 0xffff, 0xffffffff} {
				assertEqual(t, socket.Ntohl(socket.Htonl(k)), k)
			}
		}),
		gmt("testGetServBy", func(t *testing.T) {
			var service string
			var port int
			for _, s := range []string{"daytime", "qotd", "domain"} {
				p, err := socket.Getservbyname(s, "tcp")
				if err == nil {
					service, port = s, p
					break
				}
			}
			if service == "" {
				t.Fatal("no service found")
			}
			port2, err := socket.Getservbyname(service, "")
			noErr(t, err)
			assertEqual(t, port, port2)
			udpport, err := socket.Getservbyname(service, "udp")
			if err == nil {
				assertEqual(t, udpport, port)
			}
			name, err := socket.Getservbyport(port2, "")
			noErr(t, err)
			assertEqual(t, name, service)
			name, err = socket.Getservbyport(port, "tcp")
			noErr(t, err)
			assertEqual(t, name, service)
			if udpport != 0 {
				name, err = socket.Getservbyport(udpport, "udp")
				noErr(t, err)
				assertEqual(t, name, service)
			}
			for _, p := range []int{-1, 65536} {
				_, err = socket.Getservbyport(p, "")
				assertRaisesValue(t, err)
			}
		}),
		gmt("testDefaultTimeout", func(t *testing.T) {
			assertEqual(t, socket.Getdefaulttimeout(), socket.NoTimeout)
			s := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			assertEqual(t, s.Gettimeout(), socket.NoTimeout)
			s.Close()
			func() {
				socket.Setdefaulttimeout(10 * time.Second)
				defer socket.Setdefaulttimeout(socket.NoTimeout)
				assertEqual(t, socket.Getdefaulttimeout(), 10*time.Second)
				s := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
				assertEqual(t, s.Gettimeout(), 10*time.Second)
				s.Close()
				socket.Setdefaulttimeout(socket.NoTimeout)
				assertEqual(t, socket.Getdefaulttimeout(), socket.NoTimeout)
				s = newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
				assertEqual(t, s.Gettimeout(), socket.NoTimeout)
				s.Close()
			}()
			// setdefaulttimeout(-1) raises ValueError in Python.
			pyDiff(t, "Setdefaulttimeout has no error to return: a negative duration is NoTimeout")
		}),
		gmt("testIPv4_inet_aton_fourbytes", func(t *testing.T) {
			b, err := socket.InetAton("0.0.0.0")
			noErr(t, err)
			assertEqualBytes(t, b, make([]byte, 4))
			b, err = socket.InetAton("255.255.255.255")
			noErr(t, err)
			assertEqualBytes(t, b, []byte{255, 255, 255, 255})
		}),
		gmt("testIPv4toString", func(t *testing.T) {
			f := socket.InetAton
			g := func(a string) ([]byte, error) { return socket.InetPton(socket.AF_INET, a) }
			for name, fn := range map[string]func(string) ([]byte, error){"inet_aton": f, "inet_pton": g} {
				for in, want := range map[string][]byte{
					"0.0.0.0": {0, 0, 0, 0}, "255.0.255.0": {255, 0, 255, 0}, "170.170.170.170": {0xaa, 0xaa, 0xaa, 0xaa},
					"255.255.255.255": {255, 255, 255, 255},
				} {
					got, err := fn(in)
					noErr(t, err)
					assertEqualBytes(t, got, want)
				}
				for _, bad := range []string{"0.0.0.", "300.0.0.0", "a.0.0.0", "1.2.3.4.5", "::1"} {
					_, err := fn(bad)
					assertInvalid(t, err, name+" "+bad)
				}
			}
			got, err := f("1.2.3.4")
			noErr(t, err)
			assertEqualBytes(t, got, []byte{1, 2, 3, 4})
		}),
		gmt("testIPv6toString", func(t *testing.T) {
			f := func(a string) ([]byte, error) { return socket.InetPton(socket.AF_INET6, a) }
			z := func(n int) []byte { return make([]byte, n) }
			cat := func(b ...[]byte) []byte { return bytes.Join(b, nil) }
			for in, want := range map[string][]byte{
				"::":                                   z(16),
				"0::0":                                 z(16),
				"1::":                                  cat([]byte{0, 1}, z(14)),
				"45ef:76cb:1a:56ef:afeb:bac:1924:aeae": {0x45, 0xef, 0x76, 0xcb, 0x00, 0x1a, 0x56, 0xef, 0xaf, 0xeb, 0x0b, 0xac, 0x19, 0x24, 0xae, 0xae},
				"ad42:abc::127:0:254:2":                cat([]byte{0xad, 0x42, 0x0a, 0xbc}, z(4), []byte{0x01, 0x27, 0x00, 0x00, 0x02, 0x54, 0x00, 0x02}),
				"12:a::":                               cat([]byte{0x00, 0x12, 0x00, 0x0a}, z(12)),
				"::254.42.23.64":                       cat(z(12), []byte{0xfe, 0x2a, 0x17, 0x40}),
				"42::a29b:254.42.23.64":                cat([]byte{0x00, 0x42}, z(8), []byte{0xa2, 0x9b, 0xfe, 0x2a, 0x17, 0x40}),
				"42:a8b9:0:2:ffff:a29b:254.42.23.64":   {0x00, 0x42, 0xa8, 0xb9, 0x00, 0x00, 0x00, 0x02, 0xff, 0xff, 0xa2, 0x9b, 0xfe, 0x2a, 0x17, 0x40},
			} {
				got, err := f(in)
				noErr(t, err)
				assertEqualBytes(t, got, want)
			}
			for _, bad := range []string{"0x20::", ":::", "::0::", "1::abc::", "1::abc::def", "1:2:3:4:5:6",
				"1:2:3:4:5:6:", "1:2:3:4:5:6:7:8:0", "1:2:3:4:5:6:7:8:", "255.254.253.252", "1::260.2.3.0",
				"1::0.be.e.0", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:0", "0.100.200.0:3:4:5:6:7:8"} {
				_, err := f(bad)
				assertInvalid(t, err, bad)
			}
		}),
		gmt("testStringToIPv4", func(t *testing.T) {
			g := func(b []byte) (string, error) { return socket.InetNtop(socket.AF_INET, b) }
			for name, fn := range map[string]func([]byte) (string, error){"inet_ntoa": socket.InetNtoa, "inet_ntop": g} {
				for want, in := range map[string][]byte{
					"1.0.1.0": {1, 0, 1, 0}, "170.85.170.85": {0xaa, 0x55, 0xaa, 0x55}, "255.255.255.255": {255, 255, 255, 255},
				} {
					got, err := fn(in)
					noErr(t, err)
					assertEqual(t, got, want)
				}
				for _, n := range []int{3, 5, 16} {
					_, err := fn(make([]byte, n))
					assertInvalid(t, err, fmt.Sprintf("%s of %d bytes", name, n))
				}
			}
			got, err := socket.InetNtoa([]byte{1, 2, 3, 4})
			noErr(t, err)
			assertEqual(t, got, "1.2.3.4")
		}),
		gmt("testStringToIPv6", func(t *testing.T) {
			f := func(b []byte) (string, error) { return socket.InetNtop(socket.AF_INET6, b) }
			one := append(make([]byte, 15), 1)
			for want, in := range map[string][]byte{
				"::": make([]byte, 16), "::1": one,
				"aef:b01:506:1001:ffff:9997:55:170": {0x0a, 0xef, 0x0b, 0x01, 0x05, 0x06, 0x10, 0x01, 0xff, 0xff, 0x99, 0x97, 0x00, 0x55, 0x01, 0x70},
			} {
				got, err := f(in)
				noErr(t, err)
				assertEqual(t, got, want)
			}
			for _, n := range []int{15, 17, 4} {
				_, err := f(bytes.Repeat([]byte{0x12}, n))
				assertInvalid(t, err, fmt.Sprintf("%d bytes", n))
			}
		}),
		gmt("testSockName", func(t *testing.T) {
			sock := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			defer sock.Close()
			var port int
			for i := 0; ; i++ {
				port = findUnusedPort(t)
				err := sock.Bind(socket.InetAddr{Host: "0.0.0.0", Port: port})
				if err == nil {
					break
				}
				if !errors.Is(err, syscall.EADDRINUSE) || i == 5 {
					t.Fatal(err)
				}
			}
			name, err := sock.Getsockname()
			noErr(t, err)
			myIP, err := socket.Gethostbyname(mustHostname(t))
			if err != nil {
				t.Skipf("name lookup failure for this host's name (%v); add it to /etc/hosts", err)
			}
			a := name.(socket.InetAddr)
			if a.Host != "0.0.0.0" && a.Host != myIP {
				t.Errorf("%s invalid", a.Host)
			}
			assertEqual(t, a.Port, port)
		}),
		gmt("testGetSockOpt", func(t *testing.T) {
			sock := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			defer sock.Close()
			reuse, err := sock.Getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
			noErr(t, err)
			if reuse != 0 {
				t.Error("initial mode is reuse")
			}
		}),
		gmt("testSetSockOpt", func(t *testing.T) {
			sock := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			defer sock.Close()
			noErr(t, sock.Setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1))
			reuse, err := sock.Getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
			noErr(t, err)
			if reuse == 0 {
				t.Error("failed to set reuse mode")
			}
		}),
		gmt("testSendAfterClose", func(t *testing.T) {
			sock := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			noErr(t, sock.Settimeout(time.Second))
			sock.Close()
			_, err := sock.Send([]byte("spam"))
			assertRaisesOSError(t, err)
		}),
		gmt("testCloseException", func(t *testing.T) {
			sock := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			noErr(t, sock.Bind(socket.InetAddr{Host: "localhost"}))
			s2, err := socket.FromFileno(sock.Fileno())
			noErr(t, err)
			dup := s2.Fileno() != sock.Fileno()
			s2.Close()
			err = sock.Close()
			if dup && err == nil {
				pyDiff(t, fromFilenoDiff)
			}
			if !errors.Is(err, syscall.EBADF) && !errors.Is(err, syscall.ENOTSOCK) {
				t.Errorf("close() should raise EBADF/ENOTSOCK, got %v", err)
			}
		}),
		gmt("testNewAttributes", func(t *testing.T) {
			sock := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			defer sock.Close()
			assertEqual(t, sock.Family(), socket.AF_INET)
			if k := sock.Type(); k != socket.SOCK_STREAM && k != socket.SOCK_STREAM|socket.SOCK_CLOEXEC {
				t.Errorf("type %v", k)
			}
			assertEqual(t, sock.Proto(), 0)
		}),
		gmt("test_getsockaddrarg", func(t *testing.T) {
			sock := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			defer sock.Close()
			port := findUnusedPort(t)
			assertRaisesValue(t, sock.Bind(socket.InetAddr{Host: pyHOST, Port: port + 65536}))
			assertRaisesValue(t, sock.Bind(socket.InetAddr{Host: pyHOST, Port: port - 65536}))
			for i := 0; ; i++ {
				err := sock.Bind(socket.InetAddr{Host: pyHOST, Port: findUnusedPort(t)})
				if err == nil {
					break
				}
				if !errors.Is(err, syscall.EADDRINUSE) || i == 5 {
					t.Fatal(err)
				}
			}
		}),
		gmt("testGetaddrinfo", func(t *testing.T) {
			gai := func(host, port string, args ...int) []socket.AddrInfo {
				t.Helper()
				a := append(args, 0, 0, 0, 0)
				infos, err := socket.Getaddrinfo(host, port, socket.AddressFamily(a[0]), socket.SocketKind(a[1]), a[2], a[3])
				noErr(t, err)
				return infos
			}
			gai("localhost", "80")
			for range gai(pyHOST, "") {
				// each info is a 5-field AddrInfo by its type
			}
			gai("127.0.0.1", "80")
			gai("", "80")
			gai("::1", "80")
			gai(pyHOST, "http")
			gai(pyHOST, "80")
			for _, info := range gai(pyHOST, "80", int(socket.AF_INET), int(socket.SOCK_STREAM)) {
				assertEqual(t, info.Family, socket.AF_INET)
				assertEqual(t, info.Family.String(), "AF_INET")
				assertEqual(t, info.Type, socket.SOCK_STREAM)
				assertEqual(t, info.Type.String(), "SOCK_STREAM")
			}
			for _, info := range gai(pyHOST, "", 0, int(socket.SOCK_STREAM)) {
				assertEqual(t, info.Type, socket.SOCK_STREAM)
			}
			gai(pyHOST, "", 0, 0, socket.SOL_TCP)
			gai(pyHOST, "", 0, 0, 0, socket.AI_PASSIVE)
			gai("", "0", int(socket.AF_UNSPEC), int(socket.SOCK_STREAM), 0, socket.AI_PASSIVE)
			// Keyword and positional arguments are one form in Go.
			// UnicodeEncodeError for a lone surrogate: Go's form of it is
			// a string that is not UTF-8.
			_, err := socket.Getaddrinfo("localhost", "\xed\xa0\x80", 0, 0, 0, 0)
			if err == nil {
				t.Error("getaddrinfo of a port that is not UTF-8 succeeded")
			}
			_, _ = socket.Getaddrinfo("localhost", "", 0, 0, 0, socket.AI_NUMERICSERV)
		}),
		gmt("test_getnameinfo", func(t *testing.T) {
			_, _, err := socket.Getnameinfo(socket.InetAddr{Host: "mail.python.org"}, 0)
			assertRaisesOSError(t, err)
		}),
		gmt("test_sendall_interrupted_with_timeout", func(t *testing.T) {
			// PEP 475: a signal during the blocked sendall changes nothing;
			// the timeout still ends it. (The first half of CPython's case
			// raises from the signal handler, which Go cannot.)
			c, s, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
			noErr(t, err)
			defer c.Close()
			defer s.Close()
			sigs := make(chan os.Signal, 1)
			signal.Notify(sigs, syscall.SIGALRM)
			defer signal.Stop(sigs)
			noErr(t, c.Settimeout(1500*time.Millisecond))
			stop := alarmAfter(time.Second)
			defer stop()
			err = c.Sendall(make([]byte, 16<<20))
			assertTimeout(t, err)
		}),
		gmt("test_socket_close", func(t *testing.T) {
			sock := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			noErr(t, sock.Bind(socket.InetAddr{Host: pyHOST}))
			noErr(t, socket.Close(sock.Fileno()))
			assertRaisesOSError(t, sock.Listen(1))
			assertRaisesOSError(t, sock.Close())
			assertRaisesOSError(t, socket.Close(-1))
		}),
		gmt("test_makefile_mode", func(t *testing.T) {
			for _, mode := range []string{"r", "rb", "rw", "w", "wb"} {
				t.Run(mode, func(t *testing.T) {
					sock := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
					defer sock.Close()
					fp, err := sock.Makefile(mode)
					noErr(t, err)
					defer fp.Close()
					assertEqual(t, fp.Mode(), mode)
				})
			}
		}),
		gmt("test_makefile_invalid_mode", func(t *testing.T) {
			for _, mode := range []string{"rt", "x", "+", "a"} {
				sock := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
				_, err := sock.Makefile(mode)
				assertRaisesValue(t, err)
				if err == nil || !strings.Contains(err.Error(), "invalid mode") {
					t.Errorf("mode %q: %v", mode, err)
				}
				sock.Close()
			}
		}),
		gmt("test_listen_backlog", func(t *testing.T) {
			for _, backlog := range []int{0, -1, 128} {
				srv := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
				noErr(t, srv.Bind(socket.InetAddr{Host: pyHOST}))
				noErr(t, srv.Listen(backlog))
				srv.Close()
			}
		}),
		gmt("test_listen_backlog_overflow", func(t *testing.T) {
			srv := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			defer srv.Close()
			noErr(t, srv.Bind(socket.InetAddr{Host: pyHOST}))
			if big := int64(math.MaxInt32) + 1; int64(int(big)) == big { // where Go's int holds it
				assertRaisesValue(t, srv.Listen(int(big)))
			}
		}),
		gmt("test_flowinfo", func(t *testing.T) {
			_, _, err := socket.Getnameinfo(socket.Inet6Addr{Host: pyHOSTv6, Flowinfo: 0xffffffff}, 0)
			assertRaisesValue(t, err)
			// bind((HOSTv6, 0, -10)): a negative flowinfo does not fit
			// uint32; its bits as uint32 are over the 20-bit limit too.
			s := newSock(t, socket.AF_INET6, socket.SOCK_STREAM, 0)
			defer s.Close()
			neg := int32(-10)
			assertRaisesValue(t, s.Bind(socket.Inet6Addr{Host: pyHOSTv6, Flowinfo: uint32(neg)}))
		}),
		gmt("test_getaddrinfo_ipv6_basic", func(t *testing.T) {
			infos, err := socket.Getaddrinfo("ff02::1de:c0:face:8D", "1234", socket.AF_INET6, socket.SOCK_DGRAM, socket.IPPROTO_UDP, 0)
			noErr(t, err)
			if len(infos) != 1 {
				t.Fatalf("%d results", len(infos))
			}
			assertEqual(t, infos[0].Sockaddr, socket.Addr(socket.Inet6Addr{Host: "ff02::1de:c0:face:8d", Port: 1234}))
		}),
		gmt("test_getfqdn_filter_localhost", func(t *testing.T) {
			assertEqual(t, socket.Getfqdn(""), socket.Getfqdn("0.0.0.0"))
			assertEqual(t, socket.Getfqdn(""), socket.Getfqdn("::"))
		}),
		gmt("test_getaddrinfo_ipv6_scopeid_symbolic", func(t *testing.T) {
			ifs, err := socket.IfNameindex()
			skipQemu(t, "recvmsg(2) of RTM_NEWLINK's nested netlink attributes, which it does not byte-swap", err)
			noErr(t, err)
			infos, err := socket.Getaddrinfo("ff02::1de:c0:face:8D%"+ifs[0].Name, "1234", socket.AF_INET6, socket.SOCK_DGRAM, socket.IPPROTO_UDP, 0)
			noErr(t, err)
			if len(infos) != 1 {
				t.Fatalf("%d results", len(infos))
			}
			assertEqual(t, infos[0].Sockaddr, socket.Addr(socket.Inet6Addr{Host: "ff02::1de:c0:face:8d", Port: 1234, ScopeID: uint32(ifs[0].Index)}))
		}),
		gmt("test_getnameinfo_ipv6_scopeid_symbolic", func(t *testing.T) {
			ifs, err := socket.IfNameindex()
			skipQemu(t, "recvmsg(2) of RTM_NEWLINK's nested netlink attributes, which it does not byte-swap", err)
			noErr(t, err)
			host, port, err := socket.Getnameinfo(socket.Inet6Addr{Host: "ff02::1de:c0:face:8D", Port: 1234, ScopeID: uint32(ifs[0].Index)}, socket.NI_NUMERICHOST|socket.NI_NUMERICSERV)
			noErr(t, err)
			assertEqual(t, host, "ff02::1de:c0:face:8d%"+ifs[0].Name)
			assertEqual(t, port, "1234")
		}),
		gmt("test_str_for_enums", func(t *testing.T) {
			// repr(s.family) is <AddressFamily.AF_INET: 2> and str() is
			// "2": Go's String gives the name, %d the value.
			s := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			defer s.Close()
			assertEqual(t, s.Family().String(), "AF_INET")
			assertEqual(t, fmt.Sprintf("%d", s.Family()), "2")
			assertEqual(t, s.Type().String(), "SOCK_STREAM")
			assertEqual(t, fmt.Sprintf("%d", s.Type()), strconv.Itoa(int(socket.SOCK_STREAM))) // 1; 2 on mips
		}),
		gmt("test_socket_consistent_sock_type", func(t *testing.T) {
			s := newSock(t, socket.AF_INET, socket.SOCK_STREAM|socket.SOCK_NONBLOCK|socket.SOCK_CLOEXEC, 0)
			defer s.Close()
			assertEqual(t, s.Type(), socket.SOCK_STREAM)
			for _, f := range []func() error{
				func() error { return s.Settimeout(time.Second) },
				func() error { return s.Settimeout(0) },
				func() error { return s.Setblocking(true) },
				func() error { return s.Setblocking(false) },
			} {
				noErr(t, f())
				assertEqual(t, s.Type(), socket.SOCK_STREAM)
			}
		}),
		gmt("test_unknown_socket_family_repr", func(t *testing.T) {
			sock := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			fd, err := sock.Detach()
			noErr(t, err)
			defer unix.Close(fd)
			// One past the largest AddressFamily and SocketKind that
			// CPython knows here.
			var unknownFamily socket.AddressFamily
			var unknownType socket.SocketKind
			fmt.Sscan(python(t, "import socket; print(max(socket.AddressFamily.__members__.values()) + 1, max(k for n, k in socket.SocketKind.__members__.items() if n not in {'SOCK_NONBLOCK', 'SOCK_CLOEXEC'}) + 1)"), &unknownFamily, &unknownType)
			s, err := socket.Fromfd(fd, unknownFamily, unknownType, 23)
			noErr(t, err)
			defer s.Close()
			assertEqual(t, s.Family(), unknownFamily)
			assertEqual(t, s.Type(), unknownType)
			if p := s.Proto(); p != 0 && p != 23 {
				t.Errorf("proto %d", p)
			}
		}),
		gmt("test_socket_fileno", func(t *testing.T) {
			dup := false
			check := func(s *socket.Socket, family socket.AddressFamily, kind socket.SocketKind) {
				t.Helper()
				assertEqual(t, s.Family(), family)
				assertEqual(t, s.Type(), kind)
				fd := s.Fileno()
				s2, err := socket.FromFileno(fd)
				noErr(t, err)
				defer s2.Close()
				dfd, err := s.Detach()
				noErr(t, err)
				if dfd != s2.Fileno() {
					unix.Close(dfd) // s2 has a duplicate: this one is nobody's
				}
				assertEqual(t, s2.Family(), family)
				assertEqual(t, s2.Type(), kind)
				if s2.Fileno() != fd {
					dup = true
				}
			}
			for _, c := range []struct {
				f    socket.AddressFamily
				k    socket.SocketKind
				addr socket.Addr
			}{
				{socket.AF_INET, socket.SOCK_STREAM, socket.InetAddr{Host: pyHOST}},
				{socket.AF_INET, socket.SOCK_DGRAM, socket.InetAddr{Host: pyHOST}},
				{socket.AF_INET6, socket.SOCK_STREAM, socket.Inet6Addr{Host: pyHOSTv6}},
				{socket.AF_UNIX, socket.SOCK_STREAM, socket.UnixAddr{Path: filepath.Join(t.TempDir(), "socket")}},
			} {
				s := newSock(t, c.f, c.k, 0)
				defer s.Close()
				noErr(t, s.Bind(c.addr))
				check(s, c.f, c.k)
			}
			if dup {
				pyDiff(t, fromFilenoDiff)
			}
		}),
		gmt("test_socket_fileno_rejects_invalid_socket", func(t *testing.T) {
			_, err := socket.FromFileno(-1)
			assertRaisesValue(t, err)
			if err == nil || !strings.Contains(err.Error(), "negative file descriptor") {
				t.Errorf("got %v", err)
			}
		}),
		gmt("test_socket_fileno_rejects_negative", func(t *testing.T) {
			_, err := socket.FromFileno(-42)
			assertRaisesValue(t, err)
			if err == nil || !strings.Contains(err.Error(), "negative file descriptor") {
				t.Errorf("got %v", err)
			}
		}),
		gmt("test_socket_fileno_requires_valid_fd", func(t *testing.T) {
			bad := makeBadFd(t)
			_, err := socket.FromFileno(bad)
			assertRaisesErrno(t, err, syscall.EBADF)
			_, err = socket.Fromfd(bad, socket.AF_INET, socket.SOCK_STREAM, 0)
			assertRaisesErrno(t, err, syscall.EBADF)
		}),
		gmt("test_socket_fileno_requires_socket_fd", func(t *testing.T) {
			f, err := os.CreateTemp(t.TempDir(), "afile")
			noErr(t, err)
			defer f.Close()
			sc, err := f.SyscallConn()
			noErr(t, err)
			var fd int
			noErr(t, sc.Control(func(u uintptr) { fd = int(u) }))
			s, err := socket.FromFileno(fd)
			if err == nil {
				s.Detach()
			}
			assertRaisesOSError(t, err)
			s, err = socket.Fromfd(fd, socket.AF_INET, socket.SOCK_STREAM, 0)
			if err == nil {
				s.Close()
			}
			assertRaisesErrno(t, err, syscall.ENOTSOCK)
		}),
	}
}

// checkConstants compares the package's constants with CPython's values.
func checkConstants(t *testing.T, want map[string]int64) {
	t.Helper()
	var names []string
	for n := range want {
		names = append(names, n)
	}
	out := python(t, "import socket, json, sys; print(json.dumps({n: int(getattr(socket, n)) for n in sys.argv[1:]}))", names...)
	var py map[string]int64
	noErr(t, json.Unmarshal([]byte(out), &py))
	for n, v := range want {
		if py[n] != v {
			t.Errorf("%s = %d, CPython %d", n, v, py[n])
		}
	}
}

// findUnusedPort is socket_helper.find_unused_port.
func findUnusedPort(t tb) int {
	t.Helper()
	s := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	defer s.Close()
	return portOf(t.(testing.TB), bindLoopback(t, s))
}

func mustHostname(t tb) string {
	t.Helper()
	h, err := socket.Gethostname()
	noErr(t, err)
	return h
}

// makeBadFd is os_helper.make_bad_fd: a descriptor number just closed.
func makeBadFd(t tb) int {
	t.Helper()
	fd, err := unix.Open(os.DevNull, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	noErr(t, err)
	unix.Close(fd)
	return fd
}

// alarmAfter is signal.alarm: SIGALRM to this process after d; stop
// cancels it.
func alarmAfter(d time.Duration) (stop func()) {
	tm := time.AfterFunc(d, func() { syscall.Kill(os.Getpid(), syscall.SIGALRM) })
	return func() { tm.Stop() }
}

func init() {
	// testDefaultTimeout and the signal case change process-wide state.
	register(pyClass[*plainEnv]{name: "GeneralModuleTests", serial: true, setUp: plainSetUp, cases: generalModuleTests()})
}
