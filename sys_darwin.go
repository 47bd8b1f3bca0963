//go:build darwin

package socket

import (
	"encoding/binary"
	"errors"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// darwin's system calls go through golang.org/x/sys/unix's exported
// functions, which reach the kernel through libSystem, the only interface
// Apple supports (a raw syscall(SYS_...) may change meaning between
// releases). Those functions take and return unix.Sockaddr values, so the
// package's raw sockaddr bytes are converted at this edge; only the
// AF_UNIX, AF_INET and AF_INET6 families of the portable subset pass (an
// IPv6 flowinfo does not: x/sys's SockaddrInet6 has no field for it). The
// conversions allocate, which the Linux hot paths do not.

const msgNoSignal = 0

// errno takes the errno out of an error from x/sys/unix.
func errno(err error) syscall.Errno {
	if err == nil {
		return 0
	}
	var e syscall.Errno
	if errors.As(err, &e) {
		return e
	}
	return syscall.EINVAL
}

// setupFd makes a new descriptor non-blocking and close-on-exec, which
// darwin's socket(2) and accept(2) cannot do in the call itself, and asks
// the kernel not to raise SIGPIPE on it (darwin has no MSG_NOSIGNAL).
func setupFd(fd int) syscall.Errno {
	if e := sysSetCloexec(fd, true); e != 0 {
		return e
	}
	if e := sysSetNonblock(fd); e != 0 {
		return e
	}
	unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_NOSIGPIPE, 1)
	return 0
}

func sysSocket(family AddressFamily, kind SocketKind, proto int) (int, syscall.Errno) {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	fd, err := unix.Socket(int(family), int(kind), proto)
	if err != nil {
		return -1, errno(err)
	}
	if e := setupFd(fd); e != 0 {
		unix.Close(fd)
		return -1, e
	}
	return fd, 0
}

func sysSocketpair(family AddressFamily, kind SocketKind, proto int) ([2]int, syscall.Errno) {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	fds, err := unix.Socketpair(int(family), int(kind), proto)
	if err != nil {
		return fds, errno(err)
	}
	for _, fd := range fds {
		if e := setupFd(fd); e != 0 {
			unix.Close(fds[0])
			unix.Close(fds[1])
			return fds, e
		}
	}
	return fds, 0
}

func sysAccept(fd int, sa *sockaddrBuf, salen *uint32) (int, syscall.Errno) {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	nfd, from, err := unix.Accept(fd)
	if err != nil {
		return -1, errno(err)
	}
	if e := setupFd(nfd); e != 0 {
		unix.Close(nfd)
		return -1, e
	}
	if sa != nil {
		*salen = putSockaddr(sa, from)
	}
	return nfd, 0
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

const kindMask = ^SocketKind(0)

// sockNonblock is 0: darwin has no SOCK_NONBLOCK.
const sockNonblock = SocketKind(0)

// toSockaddr converts salen bytes of a raw sockaddr to x/sys's form; a nil
// sa is nil.
func toSockaddr(sa *sockaddrBuf, salen int) (unix.Sockaddr, syscall.Errno) {
	if sa == nil {
		return nil, 0
	}
	if salen < 2 || salen > len(sa) {
		return nil, syscall.EINVAL
	}
	b := sa[:salen]
	switch AddressFamily(b[1]) {
	case AF_INET:
		if salen < unix.SizeofSockaddrInet4 {
			return nil, syscall.EINVAL
		}
		r := &unix.SockaddrInet4{Port: int(binary.BigEndian.Uint16(b[2:]))}
		copy(r.Addr[:], b[4:8])
		return r, 0
	case AF_INET6:
		if salen < unix.SizeofSockaddrInet6 {
			return nil, syscall.EINVAL
		}
		r := &unix.SockaddrInet6{Port: int(binary.BigEndian.Uint16(b[2:])), ZoneId: nativeEndian.Uint32(b[24:])}
		copy(r.Addr[:], b[8:24])
		return r, 0
	case AF_UNIX:
		p := b[2:]
		for i, c := range p {
			if c == 0 {
				p = p[:i]
				break
			}
		}
		return &unix.SockaddrUnix{Name: string(p)}, 0
	}
	return nil, syscall.EAFNOSUPPORT
}

// putSockaddr writes x/sys's form of an address as a raw sockaddr and
// returns its length; nil (no address) is 0.
func putSockaddr(sa *sockaddrBuf, from unix.Sockaddr) uint32 {
	*sa = sockaddrBuf{}
	switch a := from.(type) {
	case *unix.SockaddrInet4:
		putSockaddrFamily(sa, AF_INET, unix.SizeofSockaddrInet4)
		binary.BigEndian.PutUint16(sa[2:], uint16(a.Port))
		copy(sa[4:8], a.Addr[:])
		return unix.SizeofSockaddrInet4
	case *unix.SockaddrInet6:
		putSockaddrFamily(sa, AF_INET6, unix.SizeofSockaddrInet6)
		binary.BigEndian.PutUint16(sa[2:], uint16(a.Port))
		copy(sa[8:24], a.Addr[:])
		nativeEndian.PutUint32(sa[24:], a.ZoneId)
		return unix.SizeofSockaddrInet6
	case *unix.SockaddrUnix:
		n := 2 + copy(sa[2:2+sunPathMax], a.Name)
		putSockaddrFamily(sa, AF_UNIX, n)
		return uint32(n)
	}
	return 0
}

func sysRecvfrom(fd int, p []byte, flags int, sa *sockaddrBuf, salen *uint32) (int, syscall.Errno) {
	n, from, err := unix.Recvfrom(fd, p, flags)
	if err != nil {
		return 0, errno(err)
	}
	if sa != nil {
		*salen = putSockaddr(sa, from)
	}
	return n, 0
}

func sysSendto(fd int, p []byte, flags int, sa *sockaddrBuf, salen int) (int, syscall.Errno) {
	to, e := toSockaddr(sa, salen)
	if e != 0 {
		return 0, e
	}
	n, err := unix.SendmsgN(fd, p, nil, to, flags)
	return n, errno(err)
}

// msgBuffers gives the buffers that msg's iovec points at.
func msgBuffers(msg *unix.Msghdr) [][]byte {
	if msg.Iov == nil || msg.Iovlen <= 0 {
		return nil
	}
	iov := unsafe.Slice(msg.Iov, msg.Iovlen)
	bufs := make([][]byte, len(iov))
	for i, v := range iov {
		bufs[i] = unsafe.Slice(v.Base, v.Len)
	}
	return bufs
}

// msgControl gives the control buffer msg points at.
func msgControl(msg *unix.Msghdr) []byte {
	if msg.Control == nil {
		return nil
	}
	return unsafe.Slice(msg.Control, msg.Controllen)
}

// sysSendmsg sends the message Sendmsg built, through x/sys's SendmsgBuffers.
func sysSendmsg(fd int, msg *unix.Msghdr, flags int) (int, syscall.Errno) {
	var to unix.Sockaddr
	if msg.Name != nil {
		var e syscall.Errno
		if to, e = toSockaddr((*sockaddrBuf)(unsafe.Pointer(msg.Name)), int(msg.Namelen)); e != 0 {
			return 0, e
		}
	}
	n, err := unix.SendmsgBuffers(fd, msgBuffers(msg), msgControl(msg), to, flags)
	return n, errno(err)
}

// sysRecvmsg receives into msg's buffers through x/sys's RecvmsgBuffers and
// fills msg's name, control length and flags as recvmsg(2) does.
func sysRecvmsg(fd int, msg *unix.Msghdr, flags int) (int, syscall.Errno) {
	n, oobn, recvflags, from, err := unix.RecvmsgBuffers(fd, msgBuffers(msg), msgControl(msg), flags)
	if err != nil {
		return 0, errno(err)
	}
	msg.Controllen = uint32(oobn)
	msg.Flags = int32(recvflags)
	if msg.Name != nil {
		msg.Namelen = putSockaddr((*sockaddrBuf)(unsafe.Pointer(msg.Name)), from)
	}
	return n, 0
}

func sysBind(fd int, sa *sockaddrBuf, salen int) syscall.Errno {
	to, e := toSockaddr(sa, salen)
	if e != 0 {
		return e
	}
	return errno(unix.Bind(fd, to))
}

func sysConnect(fd int, sa *sockaddrBuf, salen int) syscall.Errno {
	to, e := toSockaddr(sa, salen)
	if e != 0 {
		return e
	}
	return errno(unix.Connect(fd, to))
}

func sysListen(fd, backlog int) syscall.Errno { return errno(unix.Listen(fd, backlog)) }

func sysShutdown(fd, how int) syscall.Errno { return errno(unix.Shutdown(fd, how)) }

func sysGetsockname(fd int, sa *sockaddrBuf, salen *uint32) syscall.Errno {
	a, err := unix.Getsockname(fd)
	if err != nil {
		return errno(err)
	}
	*salen = putSockaddr(sa, a)
	return 0
}

func sysGetpeername(fd int, sa *sockaddrBuf, salen *uint32) syscall.Errno {
	a, err := unix.Getpeername(fd)
	if err != nil {
		return errno(err)
	}
	*salen = putSockaddr(sa, a)
	return 0
}

// sysGetsockopt reads an option into p. x/sys/unix has no exported
// getsockopt for raw bytes, so the option is read through the typed reader
// of the smallest size that holds len(p) bytes (int, uint64, timeval,
// ipv6_mreq, icmp6_filter, xucred, tcp_connection_info), and its first
// len(p) bytes are copied out; the length returned is len(p), not the
// kernel's (which that reader does not return). Buffers over 112 bytes are
// EINVAL.
func sysGetsockopt(fd, level, opt int, p []byte) (int, syscall.Errno) {
	var v []byte
	var err error
	switch n := len(p); {
	case n == 0:
		return 0, 0
	case n == 1:
		var b byte
		b, err = unix.GetsockoptByte(fd, level, opt)
		v = []byte{b}
	case n <= 4:
		var i int
		i, err = unix.GetsockoptInt(fd, level, opt)
		v = nativeEndian.AppendUint32(nil, uint32(i))
	case n <= 8:
		var u uint64
		u, err = unix.GetsockoptUint64(fd, level, opt)
		v = nativeEndian.AppendUint64(nil, u)
	case n <= int(unsafe.Sizeof(unix.Timeval{})):
		var tv *unix.Timeval
		if tv, err = unix.GetsockoptTimeval(fd, level, opt); err == nil {
			v = unsafe.Slice((*byte)(unsafe.Pointer(tv)), unsafe.Sizeof(*tv))
		}
	case n <= unix.SizeofIPv6Mreq:
		var m *unix.IPv6Mreq
		if m, err = unix.GetsockoptIPv6Mreq(fd, level, opt); err == nil {
			v = unsafe.Slice((*byte)(unsafe.Pointer(m)), unsafe.Sizeof(*m))
		}
	case n <= unix.SizeofICMPv6Filter:
		var f *unix.ICMPv6Filter
		if f, err = unix.GetsockoptICMPv6Filter(fd, level, opt); err == nil {
			v = unsafe.Slice((*byte)(unsafe.Pointer(f)), unsafe.Sizeof(*f))
		}
	case n <= unix.SizeofXucred:
		var x *unix.Xucred
		if x, err = unix.GetsockoptXucred(fd, level, opt); err == nil {
			v = unsafe.Slice((*byte)(unsafe.Pointer(x)), unsafe.Sizeof(*x))
		}
	case n <= unix.SizeofTCPConnectionInfo:
		var c *unix.TCPConnectionInfo
		if c, err = unix.GetsockoptTCPConnectionInfo(fd, level, opt); err == nil {
			v = unsafe.Slice((*byte)(unsafe.Pointer(c)), unsafe.Sizeof(*c))
		}
	default:
		return 0, syscall.EINVAL
	}
	if err != nil {
		return 0, errno(err)
	}
	return copy(p, v), 0
}

// sysSetsockopt sets an option from p. A nil p with n > 0 (Python's
// setsockopt(level, opt, None, optlen)) is EINVAL here: x/sys/unix has no
// exported setsockopt that passes NULL with a length.
func sysSetsockopt(fd, level, opt int, p []byte, n int) syscall.Errno {
	if p == nil && n > 0 {
		return syscall.EINVAL
	}
	return errno(unix.SetsockoptString(fd, level, opt, string(p)))
}

func sysGetsockoptInt(fd, level, opt int) (int, syscall.Errno) {
	v, err := unix.GetsockoptInt(fd, level, opt)
	return v, errno(err)
}

func sysSetsockoptInt(fd, level, opt, v int) syscall.Errno {
	return errno(unix.SetsockoptInt(fd, level, opt, v))
}

// sysDup duplicates fd with close-on-exec set, as Python's socket.dup.
func sysDup(fd int) (int, syscall.Errno) {
	for {
		r, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
		if err == syscall.EINTR {
			continue
		}
		return r, errno(err)
	}
}

func sysClose(fd int) syscall.Errno { return errno(unix.Close(fd)) }

func sysGetCloexec(fd int) (bool, syscall.Errno) {
	r, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	return r&unix.FD_CLOEXEC != 0, errno(err)
}

func sysSetCloexec(fd int, on bool) syscall.Errno {
	r, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	if err != nil {
		return errno(err)
	}
	if on {
		r |= unix.FD_CLOEXEC
	} else {
		r &^= unix.FD_CLOEXEC
	}
	_, err = unix.FcntlInt(uintptr(fd), unix.F_SETFD, r)
	return errno(err)
}

func sysSetNonblock(fd int) syscall.Errno { return errno(unix.SetNonblock(fd, true)) }
