//go:build linux

package pyselect

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Python's select constants whose values x/sys/unix carries for every Linux
// architecture. The poll(2) bits that differ between architectures are in
// constants_poll_*_linux.go.
const (
	// POLLIN is Python's select.POLLIN: there is data to read (poll(2)).
	POLLIN = unix.POLLIN
	// POLLPRI is Python's select.POLLPRI: urgent data to read (poll(2)).
	POLLPRI = unix.POLLPRI
	// POLLOUT is Python's select.POLLOUT: writing will not block (poll(2)).
	POLLOUT = unix.POLLOUT
	// POLLERR is Python's select.POLLERR: an error condition, always reported by poll(2).
	POLLERR = unix.POLLERR
	// POLLHUP is Python's select.POLLHUP: hung up, always reported by poll(2).
	POLLHUP = unix.POLLHUP
	// POLLNVAL is Python's select.POLLNVAL: the descriptor is not open, always reported by poll(2).
	POLLNVAL = unix.POLLNVAL
	// POLLRDHUP is Python's select.POLLRDHUP: the stream peer closed or shut down writing (poll(2)).
	POLLRDHUP = unix.POLLRDHUP

	// EPOLLIN is Python's select.EPOLLIN: available for read (epoll_ctl(2)).
	EPOLLIN = unix.EPOLLIN
	// EPOLLOUT is Python's select.EPOLLOUT: available for write (epoll_ctl(2)).
	EPOLLOUT = unix.EPOLLOUT
	// EPOLLPRI is Python's select.EPOLLPRI: urgent data for read (epoll_ctl(2)).
	EPOLLPRI = unix.EPOLLPRI
	// EPOLLERR is Python's select.EPOLLERR: an error condition, always reported (epoll_ctl(2)).
	EPOLLERR = unix.EPOLLERR
	// EPOLLHUP is Python's select.EPOLLHUP: hang-up, always reported (epoll_ctl(2)).
	EPOLLHUP = unix.EPOLLHUP
	// EPOLLET is Python's select.EPOLLET: edge-triggered notification
	// (epoll_ctl(2)), bit 31. Where int has 32 bits it cannot hold 1<<31,
	// so there EPOLLET is the same bit as a negative int (-1<<31), which
	// every method of this package takes as the bit.
	EPOLLET = unix.EPOLLET - (64-intSize)/32*(1<<32)
	// EPOLLONESHOT is Python's select.EPOLLONESHOT: disable the descriptor after one event (epoll_ctl(2)).
	EPOLLONESHOT = unix.EPOLLONESHOT
	// EPOLLEXCLUSIVE is Python's select.EPOLLEXCLUSIVE: wake one epoll object only (epoll_ctl(2), Linux 4.5).
	EPOLLEXCLUSIVE = unix.EPOLLEXCLUSIVE
	// EPOLLRDHUP is Python's select.EPOLLRDHUP: the stream peer closed or shut down writing (epoll_ctl(2)).
	EPOLLRDHUP = unix.EPOLLRDHUP
	// EPOLLRDNORM is Python's select.EPOLLRDNORM: as EPOLLIN (epoll_ctl(2)).
	EPOLLRDNORM = unix.EPOLLRDNORM
	// EPOLLRDBAND is Python's select.EPOLLRDBAND: priority data to read (epoll_ctl(2)).
	EPOLLRDBAND = unix.EPOLLRDBAND
	// EPOLLWRNORM is Python's select.EPOLLWRNORM: as EPOLLOUT (epoll_ctl(2)).
	EPOLLWRNORM = unix.EPOLLWRNORM
	// EPOLLWRBAND is Python's select.EPOLLWRBAND: priority data may be written (epoll_ctl(2)).
	EPOLLWRBAND = unix.EPOLLWRBAND
	// EPOLLMSG is Python's select.EPOLLMSG: ignored by the kernel (epoll_ctl(2)).
	EPOLLMSG = unix.EPOLLMSG
	// EPOLL_CLOEXEC is Python's select.EPOLL_CLOEXEC, the only flag NewEpoll accepts (epoll_create1(2)).
	EPOLL_CLOEXEC = unix.EPOLL_CLOEXEC
)

// intSize is the size of int in bits.
const intSize = 32 << (^uint(0) >> 63)

// PIPE_BUF is Python's select.PIPE_BUF: the most bytes a write to a pipe
// does atomically, which poll and select promise as writable space. Linux
// defines it as 4096 on every architecture (include/uapi/linux/limits.h);
// x/sys/unix does not carry it.
const PIPE_BUF = 4096

// fdSetSize is FD_SETSIZE, the first descriptor that select(2) cannot
// take: the bits of an fd_set.
const fdSetSize = int(unsafe.Sizeof(unix.FdSet{})) * 8
