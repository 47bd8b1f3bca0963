//go:build freebsd

package socket

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// FreeBSD's socket(2), socketpair(2) and accept4(2) take SOCK_NONBLOCK and
// SOCK_CLOEXEC as Linux's do, so a descriptor is never inheritable, not even
// for a moment.

const msgNoSignal = unix.MSG_NOSIGNAL

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

// sysAccept accepts a connection as a non-blocking, close-on-exec socket,
// with accept4(2).
func sysAccept(fd int, sa *sockaddrBuf, salen *uint32) (int, syscall.Errno) {
	lp := sockaddrLen(sa, salen)
	r, _, e := unix.Syscall6(unix.SYS_ACCEPT4, uintptr(fd), uintptr(unsafe.Pointer(sa)), uintptr(unsafe.Pointer(lp)), unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0, 0)
	return int(r), e
}

// sysSocketInfo reads a socket's family, type and protocol from the kernel
// (SO_DOMAIN, SO_TYPE, SO_PROTOCOL), as Python does for socket(fileno=fd).
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

// kindMask removes the flags that socket(2) takes in its type argument.
const kindMask = ^SocketKind(unix.SOCK_NONBLOCK | unix.SOCK_CLOEXEC)

// sockNonblock is SOCK_NONBLOCK.
const sockNonblock = SocketKind(unix.SOCK_NONBLOCK)
