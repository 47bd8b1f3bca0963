//go:build linux || darwin || freebsd

package socket

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// zeroByte is where an empty buffer points: the kernel is given a valid
// address and a length of 0.
var zeroByte byte

// sysPollOut reports whether fd is writable now, without waiting.
func sysPollOut(fd int) bool {
	fds := [1]unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
	for {
		n, err := unix.Poll(fds[:], 0)
		if err == syscall.EINTR {
			continue
		}
		return n > 0 && err == nil
	}
}
