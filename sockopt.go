package socket

import (
	"math"
	"net"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Getsockopt reads an integer option, as Python's socket.getsockopt(level,
// opt); it wraps getsockopt(2) with a C int. On an AF_VSOCK socket it reads
// up to a uint64, as Python does there (the SO_VM_SOCKETS_* buffer sizes are
// 64-bit). Errors: ENOPROTOOPT for an unknown option, EOPNOTSUPP for a bad
// level.
func (s *Socket) Getsockopt(level, opt int) (int, error) {
	if err := checkLevelOpt(opGetsockopt, level, opt); err != nil {
		return 0, err
	}
	if s != nil && s.family == afVsock {
		var b [8]byte
		n, err := s.getOpt(level, opt, b[:])
		if err != nil {
			return 0, err
		}
		if n == 4 {
			return int(int32(nativeEndian.Uint32(b[:]))), nil
		}
		return int(nativeEndian.Uint64(b[:])), nil
	}
	var v int
	var e syscall.Errno
	if err := s.control(opGetsockopt, func(fd int) { v, e = sysGetsockoptInt(fd, level, opt) }); err != nil {
		return 0, err
	}
	if e != 0 {
		return 0, &Error{Op: opGetsockopt, Err: e}
	}
	return v, nil
}

// Setsockopt sets an integer option, as Python's socket.setsockopt(level,
// opt, value); it wraps setsockopt(2) with a C int. A value outside the C
// int range is a *ValueError. At level AF_VSOCK it passes a uint64, as
// Python does on an AF_VSOCK socket. Errors: ENOPROTOOPT, EINVAL, EPERM.
func (s *Socket) Setsockopt(level, opt, value int) error {
	if err := checkLevelOpt(opSetsockopt, level, opt); err != nil {
		return err
	}
	if level == int(afVsock) && s != nil && s.family == afVsock {
		var b [8]byte
		nativeEndian.PutUint64(b[:], uint64(value))
		return s.setOpt(level, opt, b[:], 0)
	}
	if err := checkCInt(opSetsockopt, "value", value); err != nil {
		return err
	}
	var e syscall.Errno
	if err := s.control(opSetsockopt, func(fd int) { e = sysSetsockoptInt(fd, level, opt, value) }); err != nil {
		return err
	}
	if e != 0 {
		return &Error{Op: opSetsockopt, Err: e}
	}
	return nil
}

// GetsockoptBytes reads an option as raw bytes, as Python's
// socket.getsockopt(level, opt, buflen); it wraps getsockopt(2). The result
// is cut to the length the kernel reported. buflen must be 1 to 1024, as in
// Python ("getsockopt buflen out of range"); otherwise a *ValueError.
func (s *Socket) GetsockoptBytes(level, opt, buflen int) ([]byte, error) {
	if buflen <= 0 || buflen > 1024 {
		return nil, valueErr(opGetsockopt, nil, "buflen", "getsockopt buflen out of range: %d (1 to 1024)", buflen)
	}
	b := make([]byte, buflen)
	n, err := s.getOpt(level, opt, b)
	if err != nil {
		return nil, err
	}
	return b[:n], nil
}

// SetsockoptBytes sets an option from raw bytes, passed to the kernel as
// they are, as Python's socket.setsockopt(level, opt, bytes); it wraps
// setsockopt(2). Errors: EINVAL for a wrong length, ENOPROTOOPT.
func (s *Socket) SetsockoptBytes(level, opt int, value []byte) error {
	if value == nil {
		value = []byte{}
	}
	return s.setOpt(level, opt, value, 0)
}

// getOpt reads an option of up to len(b) bytes and returns the length the
// kernel reported.
func (s *Socket) getOpt(level, opt int, b []byte) (int, error) {
	if err := checkLevelOpt(opGetsockopt, level, opt); err != nil {
		return 0, err
	}
	var n int
	var e syscall.Errno
	if err := s.control(opGetsockopt, func(fd int) { n, e = sysGetsockopt(fd, level, opt, b) }); err != nil {
		return 0, err
	}
	if e != 0 {
		return 0, &Error{Op: opGetsockopt, Err: e}
	}
	return min(n, len(b)), nil
}

// setOpt sets an option from b; a nil b passes NULL with length n.
func (s *Socket) setOpt(level, opt int, b []byte, n int) error {
	if err := checkLevelOpt(opSetsockopt, level, opt); err != nil {
		return err
	}
	var e syscall.Errno
	if err := s.control(opSetsockopt, func(fd int) { e = sysSetsockopt(fd, level, opt, b, n) }); err != nil {
		return err
	}
	if e != 0 {
		return &Error{Op: opSetsockopt, Err: e}
	}
	return nil
}

// wrongLength is the error for an option whose value the kernel returned in
// a size that the helper does not decode.
func wrongLength(what string, got, want int) error {
	return valueErr(opGetsockopt, nil, "optlen", "%s option value is %d bytes; expected %d", what, got, want)
}

// SetsockoptNone sets an option with a NULL value of optlen bytes, as
// Python's socket.setsockopt(level, opt, None, optlen), which AF_ALG's
// ALG_SET_AEAD_AUTHSIZE needs; it wraps setsockopt(2). optlen must be 0 to
// 4294967295 (a C unsigned int); otherwise a *ValueError. Errors: EINVAL,
// ENOPROTOOPT and EFAULT where the option needs a value.
func (s *Socket) SetsockoptNone(level, opt, optlen int) error {
	if optlen < 0 || uint64(optlen) > math.MaxUint32 {
		return valueErr(opSetsockopt, nil, "optlen", "%d is out of range for a C unsigned int (0 to %d)", optlen, uint64(math.MaxUint32))
	}
	return s.setOpt(level, opt, nil, optlen)
}

// Linger is the value of SO_LINGER, C's struct linger, which Python packs
// with struct.pack('ii', onoff, linger): Onoff non-zero turns lingering on,
// and Linger is the time in seconds that Close waits for unsent data.
type Linger struct{ Onoff, Linger int }

const sizeofLinger = 8

// GetsockoptLinger reads SO_LINGER, as Python's
// struct.unpack('ii', s.getsockopt(SOL_SOCKET, SO_LINGER, 8)); it wraps
// getsockopt(2). Errors: those of Getsockopt, and a *ValueError if the
// kernel's answer is not 8 bytes.
func (s *Socket) GetsockoptLinger() (Linger, error) {
	var b [sizeofLinger]byte
	n, err := s.getOpt(SOL_SOCKET, SO_LINGER, b[:])
	if err != nil {
		return Linger{}, err
	}
	if n != sizeofLinger {
		return Linger{}, wrongLength("SO_LINGER", n, sizeofLinger)
	}
	return Linger{
		Onoff:  int(int32(nativeEndian.Uint32(b[0:]))),
		Linger: int(int32(nativeEndian.Uint32(b[4:]))),
	}, nil
}

// SetsockoptLinger sets SO_LINGER, as Python's s.setsockopt(SOL_SOCKET,
// SO_LINGER, struct.pack('ii', onoff, linger)); it wraps setsockopt(2). Both
// fields must fit a C int; otherwise a *ValueError. Linger{1, 0} makes Close
// reset the connection.
func (s *Socket) SetsockoptLinger(l Linger) error {
	if err := checkCInt(opSetsockopt, "Onoff", l.Onoff); err != nil {
		return err
	}
	if err := checkCInt(opSetsockopt, "Linger", l.Linger); err != nil {
		return err
	}
	var b [sizeofLinger]byte
	nativeEndian.PutUint32(b[0:], uint32(int32(l.Onoff)))
	nativeEndian.PutUint32(b[4:], uint32(int32(l.Linger)))
	return s.setOpt(SOL_SOCKET, SO_LINGER, b[:], 0)
}

const sizeofTimeval = int(unsafe.Sizeof(unix.Timeval{}))

// GetsockoptTimeval reads an option that holds a struct timeval (SO_RCVTIMEO,
// SO_SNDTIMEO), as Python's getsockopt(level, opt, size) followed by
// unpacking the two C longs; it wraps getsockopt(2). 0 means no timeout.
// The kernel keeps these in clock ticks, so the value read back may be
// rounded up to the next tick. Errors: those of Getsockopt, and a
// *ValueError if the kernel's answer is not a timeval.
func (s *Socket) GetsockoptTimeval(level, opt int) (time.Duration, error) {
	var tv unix.Timeval
	b := unsafe.Slice((*byte)(unsafe.Pointer(&tv)), sizeofTimeval)
	n, err := s.getOpt(level, opt, b)
	if err != nil {
		return 0, err
	}
	if n != sizeofTimeval {
		return 0, wrongLength("timeval", n, sizeofTimeval)
	}
	return time.Duration(tv.Nano()), nil
}

// SetsockoptTimeval sets an option that holds a struct timeval
// (SO_RCVTIMEO, SO_SNDTIMEO) to d, rounded up to whole microseconds (so
// that a tiny timeout does not become 0, which means none); it
// wraps setsockopt(2). 0 means no timeout. A negative d is a *ValueError
// (the kernel would answer EDOM). These kernel timeouts act only on blocking
// descriptors; the package's own timeouts are Settimeout's.
func (s *Socket) SetsockoptTimeval(level, opt int, d time.Duration) error {
	if d < 0 {
		return valueErr(opSetsockopt, nil, "d", "negative timeval %v; the value must be 0 (none) or positive", d)
	}
	if r := d % time.Microsecond; r != 0 && d < math.MaxInt64-time.Microsecond {
		d += time.Microsecond - r
	}
	tv := unix.NsecToTimeval(int64(d))
	if int64(tv.Sec) != int64(d/time.Second) {
		return valueErr(opSetsockopt, nil, "d", "%v does not fit a timeval on this platform", d)
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(&tv)), sizeofTimeval)
	return s.setOpt(level, opt, b, 0)
}

// maxStringOpt is the buffer GetsockoptString reads into; the string
// options (device and congestion control names, TCP_ULP) are far shorter.
const maxStringOpt = 256

// GetsockoptString reads an option whose value is a C string
// (SO_BINDTODEVICE, TCP_CONGESTION), as Python's
// s.getsockopt(level, opt, 256).rstrip(b'\0').decode(); it wraps
// getsockopt(2). The value is cut at its first NUL byte. Errors: those of
// Getsockopt.
func (s *Socket) GetsockoptString(level, opt int) (string, error) {
	var b [maxStringOpt]byte
	n, err := s.getOpt(level, opt, b[:])
	if err != nil {
		return "", err
	}
	v := b[:n]
	for i, c := range v {
		if c == 0 {
			v = v[:i]
			break
		}
	}
	return string(v), nil
}

// SetsockoptString sets an option whose value is a string, as Python's
// s.setsockopt(level, opt, v.encode()); it wraps setsockopt(2). The bytes of
// v are passed without a terminating NUL, as Python passes them; an empty v
// clears SO_BINDTODEVICE. A v with a NUL byte inside is a *ValueError
// ("embedded null byte", as Python says for such names). Errors: ENODEV for
// an unknown device, ENOENT for an unknown congestion control, EPERM.
func (s *Socket) SetsockoptString(level, opt int, v string) error {
	for i := 0; i < len(v); i++ {
		if v[i] == 0 {
			return valueErr(opSetsockopt, nil, "v", "embedded null byte at %d in %q", i, v)
		}
	}
	return s.setOpt(level, opt, []byte(v), 0)
}

// SetsockoptIPMreq sets an option that takes a struct ip_mreq
// (IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP), as Python's
// s.setsockopt(IPPROTO_IP, opt, inet_aton(group) + inet_aton(iface)); it
// wraps setsockopt(2). group must be an IPv4 address; a nil iface is
// INADDR_ANY (the kernel picks the interface). Other addresses are a
// *ValueError. Errors: EINVAL for a group that is not multicast,
// EADDRINUSE when already a member, ENODEV when no interface fits.
func (s *Socket) SetsockoptIPMreq(level, opt int, group, iface net.IP) error {
	g := group.To4()
	if g == nil {
		return valueErr(opSetsockopt, nil, "group", "%v is not an IPv4 address", group)
	}
	var b [8]byte
	copy(b[0:4], g)
	if iface != nil {
		i := iface.To4()
		if i == nil {
			return valueErr(opSetsockopt, nil, "iface", "%v is not an IPv4 address", iface)
		}
		copy(b[4:8], i)
	}
	return s.setOpt(level, opt, b[:], 0)
}

// SetsockoptIPv6Mreq sets an option that takes a struct ipv6_mreq
// (IPV6_JOIN_GROUP, IPV6_LEAVE_GROUP), as Python's
// s.setsockopt(IPPROTO_IPV6, opt, inet_pton(AF_INET6, group) +
// struct.pack('@I', ifindex)); it wraps setsockopt(2). group must be an
// IPv6 address and ifindex 0 (any interface) to 4294967295; otherwise a
// *ValueError. Errors: EINVAL for a group that is not multicast,
// EADDRINUSE when already a member, ENODEV for an unknown interface.
func (s *Socket) SetsockoptIPv6Mreq(level, opt int, group net.IP, ifindex int) error {
	if len(group) != net.IPv6len && len(group) != net.IPv4len || group.To4() != nil {
		return valueErr(opSetsockopt, nil, "group", "%v is not an IPv6 address", group)
	}
	if ifindex < 0 || uint64(ifindex) > math.MaxUint32 {
		return valueErr(opSetsockopt, nil, "ifindex", "%d is out of range (0 to %d)", ifindex, uint64(math.MaxUint32))
	}
	var b [20]byte
	copy(b[0:16], group.To16())
	nativeEndian.PutUint32(b[16:], uint32(ifindex))
	return s.setOpt(level, opt, b[:], 0)
}
