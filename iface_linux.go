//go:build linux

package socket

import (
	"fmt"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The interface-name lookups of the families whose sockaddrs carry an
// interface index (AF_PACKET, AF_CAN). They run on the socket itself, as
// CPython's do, so that names are looked up in the socket's own network
// namespace.

// ifNameSize is IFNAMSIZ: an interface name and its terminating NUL.
const ifNameSize = unix.IFNAMSIZ

// ifreq is struct ifreq: the interface name, then a union that holds
// ifr_ifindex at offset 16. Forty bytes cover its size on every
// architecture.
type ifreq [40]byte

func sysIoctlIfreq(fd int, req uint, r *ifreq) syscall.Errno {
	_, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), uintptr(req), uintptr(unsafe.Pointer(r)))
	return e
}

// ifIndex looks up the interface's index with SIOCGIFINDEX on the socket, as
// CPython does. An unknown interface is an error that names it and matches
// syscall.ENODEV, Python's OSError(19, 'No such device'); a name longer
// than Linux allows is unknown too, rather than cut short as CPython does.
func (s *Socket) ifIndex(op string, a Addr, name string) (int32, error) {
	if len(name) >= ifNameSize {
		return 0, &Error{Op: op, Addr: a, Err: fmt.Errorf("interface %q (longer than the %d bytes a name may have): %w", name, ifNameSize-1, syscall.ENODEV)}
	}
	if s.rc == nil { // a Socket that New did not make has no descriptor
		return 0, &Error{Op: op, Addr: a, Err: errClosedBefore}
	}
	var r ifreq
	copy(r[:ifNameSize-1], name)
	var e syscall.Errno
	if err := s.control(op, func(fd int) { e = sysIoctlIfreq(fd, unix.SIOCGIFINDEX, &r) }); err != nil {
		return 0, err
	}
	if e != 0 {
		return 0, &Error{Op: op, Addr: a, Err: fmt.Errorf("interface %q: %w", name, e)}
	}
	return int32(nativeEndian.Uint32(r[ifNameSize:])), nil
}

// ifName looks up an interface's name with SIOCGIFNAME on the socket, as
// CPython does when it decodes a sockaddr_ll; it returns "" where that fails.
func (s *Socket) ifName(index int32) string {
	if s.rc == nil {
		return ""
	}
	var r ifreq
	nativeEndian.PutUint32(r[ifNameSize:], uint32(index))
	var e syscall.Errno
	if err := s.control(opGetsockname, func(fd int) { e = sysIoctlIfreq(fd, unix.SIOCGIFNAME, &r) }); err != nil || e != 0 {
		return ""
	}
	n := 0
	for n < ifNameSize && r[n] != 0 {
		n++
	}
	return string(r[:n])
}
