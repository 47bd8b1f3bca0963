//go:build darwin || freebsd

package socket

import (
	"encoding/binary"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

var nativeEndian = binary.NativeEndian

// setupFd makes a new descriptor non-blocking and close-on-exec, which these
// systems' socket(2) and accept(2) cannot do in the call itself.
func setupFd(fd int) syscall.Errno {
	if e := sysSetCloexec(fd, true); e != 0 {
		return e
	}
	if e := sysSetNonblock(fd); e != 0 {
		return e
	}
	setNoSigpipe(fd)
	return 0
}

func sysSocket(family AddressFamily, kind SocketKind, proto int) (int, syscall.Errno) {
	syscall.ForkLock.RLock()
	r, _, e := unix.RawSyscall(unix.SYS_SOCKET, uintptr(family), uintptr(kind), uintptr(proto))
	if e == 0 {
		if e = setupFd(int(r)); e != 0 {
			sysClose(int(r))
		}
	}
	syscall.ForkLock.RUnlock()
	return int(r), e
}

func sysSocketpair(family AddressFamily, kind SocketKind, proto int) ([2]int, syscall.Errno) {
	var fds [2]int32
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	_, _, e := unix.RawSyscall6(unix.SYS_SOCKETPAIR, uintptr(family), uintptr(kind), uintptr(proto), uintptr(unsafe.Pointer(&fds)), 0, 0)
	if e == 0 {
		for _, fd := range fds {
			if e = setupFd(int(fd)); e != 0 {
				sysClose(int(fds[0]))
				sysClose(int(fds[1]))
				break
			}
		}
	}
	return [2]int{int(fds[0]), int(fds[1])}, e
}

func sysAccept(fd int, sa *sockaddrBuf, salen *uint32) (int, syscall.Errno) {
	var lp uintptr
	if sa != nil {
		*salen = uint32(len(sa))
		lp = uintptr(unsafe.Pointer(salen))
	}
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	r, _, e := unix.Syscall(unix.SYS_ACCEPT, uintptr(fd), saPtr(sa), lp)
	if e == 0 {
		if e = setupFd(int(r)); e != 0 {
			sysClose(int(r))
		}
	}
	return int(r), e
}

func sysSocketInfo(fd int) (AddressFamily, SocketKind, int, syscall.Errno) {
	var sa sockaddrBuf
	var l uint32
	if e := sysGetsockname(fd, &sa, &l); e != 0 {
		return 0, 0, 0, e
	}
	k, e := sysGetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE)
	if e != 0 {
		return 0, 0, 0, e
	}
	return sockaddrFamily(sa[:]), SocketKind(k), 0, 0
}

// sockaddrFamily reads the family field of a raw sockaddr (after sa_len on BSD).
func sockaddrFamily(b []byte) AddressFamily { return AddressFamily(b[1]) }

func putSockaddrFamily(b *sockaddrBuf, f AddressFamily, n int) {
	b[0] = byte(n)
	b[1] = byte(f)
}

const kindMask = ^SocketKind(0)

const sunPathMax = 104
