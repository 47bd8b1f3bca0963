//go:build linux

package socket

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// haveSendfile says that Sendfile can use sendfile(2).
const haveSendfile = true

// sysSendfile copies up to n bytes of the file in to the socket out from
// *off, advancing *off; it wraps sendfile(2).
func sysSendfile(out, in int, off *int64, n int) (int, syscall.Errno) {
	w, err := unix.Sendfile(out, in, off, n)
	if err != nil {
		if e, ok := err.(syscall.Errno); ok {
			return w, e
		}
		return w, syscall.EINVAL
	}
	return w, 0
}
