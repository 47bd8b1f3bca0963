//go:build linux || darwin || freebsd

package socket

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The raw system calls behind every operation. They take the package's
// sockaddr buffer directly, so that no call allocates, and return the errno
// as it is; opError turns it into the package's error.

func bufPtr(p []byte) uintptr {
	if len(p) == 0 {
		return uintptr(unsafe.Pointer(&zeroByte))
	}
	return uintptr(unsafe.Pointer(&p[0]))
}

var zeroByte byte

func saPtr(sa *sockaddrBuf) uintptr {
	if sa == nil {
		return 0
	}
	return uintptr(unsafe.Pointer(sa))
}

func sysRecvfrom(fd int, p []byte, flags int, sa *sockaddrBuf, salen *uint32) (int, syscall.Errno) {
	var lp uintptr
	if sa != nil {
		*salen = uint32(len(sa))
		lp = uintptr(unsafe.Pointer(salen))
	}
	n, _, e := unix.Syscall6(unix.SYS_RECVFROM, uintptr(fd), bufPtr(p), uintptr(len(p)), uintptr(flags), saPtr(sa), lp)
	if e != 0 {
		return 0, e
	}
	return int(n), 0
}

func sysSendto(fd int, p []byte, flags int, sa *sockaddrBuf, salen int) (int, syscall.Errno) {
	n, _, e := unix.Syscall6(unix.SYS_SENDTO, uintptr(fd), bufPtr(p), uintptr(len(p)), uintptr(flags|msgNoSignal), saPtr(sa), uintptr(salen))
	if e != 0 {
		return 0, e
	}
	return int(n), 0
}

func sysBind(fd int, sa *sockaddrBuf, salen int) syscall.Errno {
	_, _, e := unix.Syscall(unix.SYS_BIND, uintptr(fd), saPtr(sa), uintptr(salen))
	return e
}

func sysConnect(fd int, sa *sockaddrBuf, salen int) syscall.Errno {
	_, _, e := unix.Syscall(unix.SYS_CONNECT, uintptr(fd), saPtr(sa), uintptr(salen))
	return e
}

func sysListen(fd, backlog int) syscall.Errno {
	_, _, e := unix.Syscall(unix.SYS_LISTEN, uintptr(fd), uintptr(backlog), 0)
	return e
}

func sysShutdown(fd, how int) syscall.Errno {
	_, _, e := unix.Syscall(unix.SYS_SHUTDOWN, uintptr(fd), uintptr(how), 0)
	return e
}

func sysGetsockname(fd int, sa *sockaddrBuf, salen *uint32) syscall.Errno {
	*salen = uint32(len(sa))
	_, _, e := unix.RawSyscall(unix.SYS_GETSOCKNAME, uintptr(fd), saPtr(sa), uintptr(unsafe.Pointer(salen)))
	return e
}

func sysGetpeername(fd int, sa *sockaddrBuf, salen *uint32) syscall.Errno {
	*salen = uint32(len(sa))
	_, _, e := unix.RawSyscall(unix.SYS_GETPEERNAME, uintptr(fd), saPtr(sa), uintptr(unsafe.Pointer(salen)))
	return e
}

// sysGetsockopt reads an option into p and returns the length the kernel wrote.
func sysGetsockopt(fd, level, opt int, p []byte) (int, syscall.Errno) {
	l := uint32(len(p))
	_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt), bufPtr(p), uintptr(unsafe.Pointer(&l)), 0)
	return int(l), e
}

// sysSetsockopt sets an option from p; a nil p passes NULL with length n, as
// Python's setsockopt(level, opt, None, optlen).
func sysSetsockopt(fd, level, opt int, p []byte, n int) syscall.Errno {
	var ptr uintptr
	if p != nil {
		ptr = bufPtr(p)
		n = len(p)
	}
	_, _, e := unix.Syscall6(unix.SYS_SETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt), ptr, uintptr(n), 0)
	return e
}

func sysGetsockoptInt(fd, level, opt int) (int, syscall.Errno) {
	var b [4]byte
	_, e := sysGetsockopt(fd, level, opt, b[:])
	return int(int32(nativeEndian.Uint32(b[:]))), e
}

func sysSetsockoptInt(fd, level, opt, v int) syscall.Errno {
	var b [4]byte
	nativeEndian.PutUint32(b[:], uint32(int32(v)))
	return sysSetsockopt(fd, level, opt, b[:], 4)
}

// sysDup duplicates fd with close-on-exec set, as Python's socket.dup.
func sysDup(fd int) (int, syscall.Errno) {
	for {
		r, _, e := unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
		if e == syscall.EINTR {
			continue
		}
		return int(r), e
	}
}

func sysClose(fd int) syscall.Errno {
	_, _, e := unix.Syscall(unix.SYS_CLOSE, uintptr(fd), 0, 0)
	return e
}

func sysGetCloexec(fd int) (bool, syscall.Errno) {
	r, _, e := unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_GETFD, 0)
	return r&unix.FD_CLOEXEC != 0, e
}

func sysSetCloexec(fd int, on bool) syscall.Errno {
	r, _, e := unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_GETFD, 0)
	if e != 0 {
		return e
	}
	if on {
		r |= unix.FD_CLOEXEC
	} else {
		r &^= unix.FD_CLOEXEC
	}
	_, _, e = unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_SETFD, r)
	return e
}

func sysSetNonblock(fd int) syscall.Errno {
	r, _, e := unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_GETFL, 0)
	if e != 0 {
		return e
	}
	if r&unix.O_NONBLOCK != 0 {
		return 0
	}
	_, _, e = unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_SETFL, r|unix.O_NONBLOCK)
	return e
}

// sysPollOut reports whether fd is writable now, without waiting.
func sysPollOut(fd int) bool {
	fds := [1]unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
	for {
		n, err := unix.Poll(fds[:], 0)
		if err == syscall.EINTR {
			continue
		}
		return n > 0 && err == nil
	}
}
