//go:build !linux

package socket

import "syscall"

// Sethostname sets the host name, as Python's socket.sethostname. On this
// system the package has no pure-Go sethostname(2), so it fails with
// ENOSYS.
func Sethostname(name string) error {
	return &Error{Op: opSethostname, Err: syscall.ENOSYS}
}
