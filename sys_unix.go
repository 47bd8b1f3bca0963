//go:build linux || freebsd

package socket

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The raw system calls behind every operation. They take the package's
// sockaddr buffer directly, so that no call allocates, and return the errno
// as it is; opError turns it into the package's error. Every pointer becomes
// a uintptr only inside the Syscall call expression, where the compiler
// keeps its object alive and in place until the call returns.

// bufBase is the address of p's first byte, or of a static byte for an empty
// p (the kernel reads and writes nothing there, and a nil pointer would be
// EFAULT on some systems).
func bufBase(p []byte) unsafe.Pointer {
	if len(p) == 0 {
		return unsafe.Pointer(&zeroByte)
	}
	return unsafe.Pointer(&p[0])
}

// sockaddrLen sets *salen to the size of sa and returns salen, or returns
// nil for a nil sa: the pair of arguments recvfrom(2) and accept(2) take.
func sockaddrLen(sa *sockaddrBuf, salen *uint32) *uint32 {
	if sa == nil {
		return nil
	}
	*salen = uint32(len(sa))
	return salen
}

func sysRecvfrom(fd int, p []byte, flags int, sa *sockaddrBuf, salen *uint32) (int, syscall.Errno) {
	lp := sockaddrLen(sa, salen)
	n, _, e := unix.Syscall6(unix.SYS_RECVFROM, uintptr(fd), uintptr(bufBase(p)), uintptr(len(p)), uintptr(flags), uintptr(unsafe.Pointer(sa)), uintptr(unsafe.Pointer(lp)))
	if e != 0 {
		return 0, e
	}
	return int(n), 0
}

func sysSendto(fd int, p []byte, flags int, sa *sockaddrBuf, salen int) (int, syscall.Errno) {
	n, _, e := unix.Syscall6(unix.SYS_SENDTO, uintptr(fd), uintptr(bufBase(p)), uintptr(len(p)), uintptr(flags|msgNoSignal), uintptr(unsafe.Pointer(sa)), uintptr(salen))
	if e != 0 {
		return 0, e
	}
	return int(n), 0
}

// sysSendmsg wraps sendmsg(2) for a message that Sendmsg built.
func sysSendmsg(fd int, msg *unix.Msghdr, flags int) (int, syscall.Errno) {
	r, _, e := unix.Syscall(unix.SYS_SENDMSG, uintptr(fd), uintptr(unsafe.Pointer(msg)), uintptr(flags))
	return int(r), e
}

// sysRecvmsg wraps recvmsg(2); the kernel fills msg's name, control length
// and flags.
func sysRecvmsg(fd int, msg *unix.Msghdr, flags int) (int, syscall.Errno) {
	r, _, e := unix.Syscall(unix.SYS_RECVMSG, uintptr(fd), uintptr(unsafe.Pointer(msg)), uintptr(flags))
	return int(r), e
}

func sysBind(fd int, sa *sockaddrBuf, salen int) syscall.Errno {
	_, _, e := unix.Syscall(unix.SYS_BIND, uintptr(fd), uintptr(unsafe.Pointer(sa)), uintptr(salen))
	return e
}

func sysConnect(fd int, sa *sockaddrBuf, salen int) syscall.Errno {
	_, _, e := unix.Syscall(unix.SYS_CONNECT, uintptr(fd), uintptr(unsafe.Pointer(sa)), uintptr(salen))
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
	_, _, e := unix.RawSyscall(unix.SYS_GETSOCKNAME, uintptr(fd), uintptr(unsafe.Pointer(sa)), uintptr(unsafe.Pointer(salen)))
	return e
}

func sysGetpeername(fd int, sa *sockaddrBuf, salen *uint32) syscall.Errno {
	*salen = uint32(len(sa))
	_, _, e := unix.RawSyscall(unix.SYS_GETPEERNAME, uintptr(fd), uintptr(unsafe.Pointer(sa)), uintptr(unsafe.Pointer(salen)))
	return e
}

// sysGetsockopt reads an option into p and returns the length the kernel wrote.
func sysGetsockopt(fd, level, opt int, p []byte) (int, syscall.Errno) {
	l := uint32(len(p))
	_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt), uintptr(bufBase(p)), uintptr(unsafe.Pointer(&l)), 0)
	return int(l), e
}

// sysSetsockopt sets an option from p; a nil p passes NULL with length n, as
// Python's setsockopt(level, opt, None, optlen).
func sysSetsockopt(fd, level, opt int, p []byte, n int) syscall.Errno {
	var ptr unsafe.Pointer
	if p != nil {
		ptr = bufBase(p)
		n = len(p)
	}
	_, _, e := unix.Syscall6(unix.SYS_SETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt), uintptr(ptr), uintptr(n), 0)
	return e
}

func sysGetsockoptInt(fd, level, opt int) (int, syscall.Errno) {
	var v int32
	l := uint32(unsafe.Sizeof(v))
	_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt), uintptr(unsafe.Pointer(&v)), uintptr(unsafe.Pointer(&l)), 0)
	return int(v), e
}

func sysSetsockoptInt(fd, level, opt, v int) syscall.Errno {
	x := int32(v)
	_, _, e := unix.Syscall6(unix.SYS_SETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt), uintptr(unsafe.Pointer(&x)), unsafe.Sizeof(x), 0)
	return e
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
