//go:build linux && !mips && !mipsle && !mips64 && !mips64le

package pyselect

import "golang.org/x/sys/unix"

// The poll(2) bits that x/sys/unix does not carry. On these architectures
// they are asm-generic/poll.h's values, which the kernel also gives the
// EPOLL* bits of the same names (include/uapi/linux/eventpoll.h).
const (
	// POLLRDNORM is Python's select.POLLRDNORM: normal data to read (poll(2)).
	POLLRDNORM = unix.EPOLLRDNORM
	// POLLRDBAND is Python's select.POLLRDBAND: priority data to read (poll(2)).
	POLLRDBAND = unix.EPOLLRDBAND
	// POLLWRNORM is Python's select.POLLWRNORM: normal data may be written (poll(2)).
	POLLWRNORM = unix.EPOLLWRNORM
	// POLLWRBAND is Python's select.POLLWRBAND: priority data may be written (poll(2)).
	POLLWRBAND = unix.EPOLLWRBAND
	// POLLMSG is Python's select.POLLMSG: unused by Linux (poll(2)).
	POLLMSG = unix.EPOLLMSG
)
