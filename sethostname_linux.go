package socket

import (
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// Sethostname sets the host name, as Python's socket.sethostname; it wraps
// sethostname(2). Errors: *Error with EPERM without CAP_SYS_ADMIN, EINVAL
// for a name over 64 bytes, a *ValueError for an embedded NUL.
func Sethostname(name string) error {
	if strings.IndexByte(name, 0) >= 0 {
		return valueErr(opSethostname, nil, "name", msgEmbeddedNul)
	}
	if err := unix.Sethostname([]byte(name)); err != nil {
		if errno, ok := err.(syscall.Errno); ok {
			return &Error{Op: opSethostname, Err: errno}
		}
		return &Error{Op: opSethostname, Err: err}
	}
	return nil
}
