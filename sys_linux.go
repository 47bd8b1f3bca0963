//go:build linux

package socket

import (
	"encoding/binary"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// msgNoSignal keeps a send on a broken connection from raising SIGPIPE.
const msgNoSignal = unix.MSG_NOSIGNAL

var nativeEndian = binary.NativeEndian

// sysSocket opens a socket that is non-blocking and close-on-exec from the start.
func sysSocket(family AddressFamily, kind SocketKind, proto int) (int, syscall.Errno) {
	r, _, e := unix.RawSyscall(unix.SYS_SOCKET, uintptr(family), uintptr(kind)|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, uintptr(proto))
	return int(r), e
}

func sysSocketpair(family AddressFamily, kind SocketKind, proto int) ([2]int, syscall.Errno) {
	var fds [2]int32
	_, _, e := unix.RawSyscall6(unix.SYS_SOCKETPAIR, uintptr(family), uintptr(kind)|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, uintptr(proto), uintptr(unsafe.Pointer(&fds)), 0, 0)
	return [2]int{int(fds[0]), int(fds[1])}, e
}

// sysAccept accepts a connection as a non-blocking, close-on-exec socket. A
// nil sa passes no address buffer, as AF_ALG needs.
func sysAccept(fd int, sa *sockaddrBuf, salen *uint32) (int, syscall.Errno) {
	lp := sockaddrLen(sa, salen)
	r, _, e := unix.Syscall6(unix.SYS_ACCEPT4, uintptr(fd), uintptr(unsafe.Pointer(sa)), uintptr(unsafe.Pointer(lp)), unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0, 0)
	return int(r), e
}

// sysSocketInfo reads a socket's family, type and protocol from the kernel, as
// Python does for socket(fileno=fd).
func sysSocketInfo(fd int) (AddressFamily, SocketKind, int, syscall.Errno) {
	f, e := sysGetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_DOMAIN)
	if e != 0 {
		return 0, 0, 0, e
	}
	k, e := sysGetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE)
	if e != 0 {
		return 0, 0, 0, e
	}
	p, e := sysGetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PROTOCOL)
	if e != 0 {
		return 0, 0, 0, e
	}
	return AddressFamily(f), SocketKind(k), p, 0
}

// sockaddrFamily reads the family field of a raw sockaddr.
func sockaddrFamily(b []byte) AddressFamily {
	return AddressFamily(nativeEndian.Uint16(b))
}

// putSockaddrFamily writes the family field (and, on BSD, the length) of a raw sockaddr.
func putSockaddrFamily(b *sockaddrBuf, f AddressFamily, n int) {
	nativeEndian.PutUint16(b[:], uint16(f))
}

// kindMask removes the flags that socket(2) takes in its type argument.
const kindMask = ^SocketKind(unix.SOCK_NONBLOCK | unix.SOCK_CLOEXEC)

// The socket type and protocols of getaddrinfo's table that the package
// does not export.
const (
	sockDCCP       = SocketKind(unix.SOCK_DCCP)
	ipprotoDCCP    = unix.IPPROTO_DCCP
	ipprotoUDPLite = unix.IPPROTO_UDPLITE
)

// sockNonblock is SOCK_NONBLOCK: 0x800 on most architectures, 0x80 on mips.
const sockNonblock = SocketKind(unix.SOCK_NONBLOCK)

// sunPathMax is the size of sockaddr_un's sun_path.
const sunPathMax = 108
