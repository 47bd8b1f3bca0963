//go:build linux

package socket

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// mmsghdr is the kernel's struct mmsghdr: a msghdr and the bytes moved.
type mmsghdr = unix.Mmsghdr

// run is the batch's system call, called by the poller with the
// descriptor: one recvmmsg(2) or sendmmsg(2) over the whole header array.
// The socket is non-blocking, so recvmmsg returns the datagrams that are
// there (at least one) and never waits for the batch to fill. EAGAIN
// returns false to wait for readiness.
func (b *mmsgBatch) run(fd int) (bool, syscall.Errno) {
	var r uintptr
	var e syscall.Errno
	if b.recv {
		r, _, e = unix.Syscall6(unix.SYS_RECVMMSG, uintptr(fd), uintptr(unsafe.Pointer(&b.hdrs[0])), uintptr(len(b.hdrs)), uintptr(b.flags), 0, 0)
	} else {
		r, _, e = unix.Syscall6(unix.SYS_SENDMMSG, uintptr(fd), uintptr(unsafe.Pointer(&b.hdrs[0])), uintptr(len(b.hdrs)), uintptr(b.flags|msgNoSignal), 0, 0)
	}
	if e == syscall.EAGAIN {
		return false, 0
	}
	if e != 0 {
		return true, e
	}
	b.n = int(r)
	return true, 0
}
