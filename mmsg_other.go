//go:build darwin || freebsd

package socket

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// mmsghdr is the layout of Linux's struct mmsghdr, kept here for the
// one-at-a-time fallback: a msghdr and the bytes moved.
type mmsghdr struct {
	Hdr unix.Msghdr
	Len uint32
}

// run is the batch's fallback where the system has no recvmmsg(2) or
// sendmmsg(2) system call: one recvmsg(2) or sendmsg(2) per message, until
// all went or one would block. As recvmmsg(2), a receive that meets an
// error after some datagrams returns those and reports the error on the
// next call; as sendmmsg(2), a send reports how many went and the error
// comes when the rest is sent again. EAGAIN before the first message
// returns false to wait for readiness.
func (b *mmsgBatch) run(fd int) (bool, syscall.Errno) {
	if e := b.pending; e != 0 {
		b.pending = 0
		return true, e
	}
	i := 0
	for i < len(b.hdrs) {
		var r int
		var e syscall.Errno
		if b.recv {
			r, e = sysRecvmsg(fd, &b.hdrs[i].Hdr, b.flags)
		} else {
			r, e = sysSendmsg(fd, &b.hdrs[i].Hdr, b.flags|msgNoSignal)
		}
		if e == syscall.EINTR {
			continue
		}
		if e != 0 {
			if i == 0 {
				if e == syscall.EAGAIN {
					return false, 0
				}
				return true, e
			}
			if b.recv && e != syscall.EAGAIN {
				b.pending = e
			}
			break
		}
		b.hdrs[i].Len = uint32(r)
		i++
	}
	b.n = i
	return true, 0
}
