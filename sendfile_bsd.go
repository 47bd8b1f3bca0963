//go:build darwin || freebsd

package socket

import "syscall"

// haveSendfile is false: these systems' sendfile(2) differs from Linux's,
// and Sendfile reads and sends instead.
const haveSendfile = false

func sysSendfile(out, in int, off *int64, n int) (int, syscall.Errno) {
	return 0, syscall.ENOSYS
}
