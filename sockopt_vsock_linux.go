//go:build linux

package socket

import (
	"syscall"
)

// afVsock is AF_VSOCK, whose sockets Getsockopt and Setsockopt treat as
// Python does: with 64-bit option values.
const afVsock = AF_VSOCK

// GetsockoptUint64 reads a 64-bit option, as Python's getsockopt(level, opt)
// on an AF_VSOCK socket, which always reads a uint64 (the SO_VM_SOCKETS_*
// buffer sizes, level AF_VSOCK); it wraps getsockopt(2). Errors:
// ENOPROTOOPT for an unknown option, EINVAL for an option of another size.
func (s *Socket) GetsockoptUint64(level, opt int) (uint64, error) {
	var b [8]byte
	n, err := s.getOpt(level, opt, b[:])
	if err != nil {
		return 0, err
	}
	if n != len(b) {
		return 0, &Error{Op: opGetsockopt, Err: syscall.EINVAL}
	}
	return nativeEndian.Uint64(b[:]), nil
}

// SetsockoptUint64 sets a 64-bit option, as Python's setsockopt(level, opt,
// value) on an AF_VSOCK socket, which always passes a uint64 (the
// SO_VM_SOCKETS_* buffer sizes, level AF_VSOCK); it wraps setsockopt(2).
// Errors: ENOPROTOOPT for an unknown option, EINVAL for a value the kernel
// refuses.
func (s *Socket) SetsockoptUint64(level, opt int, value uint64) error {
	var b [8]byte
	nativeEndian.PutUint64(b[:], value)
	return s.SetsockoptBytes(level, opt, b[:])
}
