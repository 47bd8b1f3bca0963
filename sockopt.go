package socket

import (
	"math"
	"syscall"
)

// Getsockopt reads an integer option, as Python's socket.getsockopt(level,
// opt); it wraps getsockopt(2) with a C int. Errors: ENOPROTOOPT for an
// unknown option, EOPNOTSUPP for a bad level.
func (s *Socket) Getsockopt(level, opt int) (int, error) {
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
// int range is a *ValueError. Errors: ENOPROTOOPT, EINVAL, EPERM.
func (s *Socket) Setsockopt(level, opt, value int) error {
	if value < math.MinInt32 || value > math.MaxInt32 {
		return valueErr(opSetsockopt, nil, "value", "%d does not fit a C int (%d to %d)", value, math.MinInt32, math.MaxInt32)
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
	var n int
	var e syscall.Errno
	if err := s.control(opGetsockopt, func(fd int) { n, e = sysGetsockopt(fd, level, opt, b) }); err != nil {
		return nil, err
	}
	if e != 0 {
		return nil, &Error{Op: opGetsockopt, Err: e}
	}
	return b[:min(n, buflen)], nil
}

// SetsockoptBytes sets an option from raw bytes, passed to the kernel as
// they are, as Python's socket.setsockopt(level, opt, bytes); it wraps
// setsockopt(2). Errors: EINVAL for a wrong length, ENOPROTOOPT.
func (s *Socket) SetsockoptBytes(level, opt int, value []byte) error {
	if value == nil {
		value = []byte{}
	}
	var e syscall.Errno
	if err := s.control(opSetsockopt, func(fd int) { e = sysSetsockopt(fd, level, opt, value, 0) }); err != nil {
		return err
	}
	if e != 0 {
		return &Error{Op: opSetsockopt, Err: e}
	}
	return nil
}
