//go:build linux

package pyselect

import (
	"time"

	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// Select is Python's select.select(rlist, wlist, xlist, timeout): it waits
// until some of the descriptors are ready for reading, writing or an
// exceptional condition (priority data), and returns the ready ones of each
// list, in the lists' order. The answer is select(2)'s, asked with a zero
// timeout, so it is the kernel's select semantics exactly (a regular file is
// always ready; a closed descriptor is EBADF); the wait in between parks the
// goroutine in the runtime poller on a private epoll instance, never an OS
// thread.
//
// timeout is socket.NoTimeout (Python's None) to wait forever, 0 to poll,
// or how long to wait; it returns three empty lists when it passes. Errors:
// a *socket.Error with Op "select" whose cause is a *socket.ValueError for
// a negative timeout other than NoTimeout, a nil file object, a negative
// descriptor or one at or above FD_SETSIZE (1024), as Python's ValueError;
// syscall.EBADF for a descriptor that is not open, as Python's OSError.
func Select[T FileObject](rlist, wlist, xlist []T, timeout time.Duration) (r, w, x []T, err error) {
	if timeout < 0 && timeout != socket.NoTimeout {
		return nil, nil, nil, valueErr(opSelect, "timeout", "timeout must be non-negative")
	}
	var sets [3]unix.FdSet
	nfd := 0
	for i, l := range [3][]T{rlist, wlist, xlist} {
		for _, f := range l {
			fd, err := fileno(opSelect, f)
			if err != nil {
				return nil, nil, nil, err
			}
			if fd >= fdSetSize {
				return nil, nil, nil, valueErr(opSelect, "fd", "filedescriptor out of range in select()")
			}
			sets[i].Set(fd)
			if fd >= nfd {
				nfd = fd + 1
			}
		}
	}
	var ready [3]unix.FdSet
	n, err := selectNow(nfd, &sets, &ready)
	if err != nil || (n == 0 && timeout != 0) {
		n, err = selectWait(nfd, &sets, &ready, timeout, err)
	}
	if err != nil {
		return nil, nil, nil, &socket.Error{Op: opSelect, Err: err}
	}
	if n == 0 {
		return nil, nil, nil, nil
	}
	return readyOf(rlist, &ready[0]), readyOf(wlist, &ready[1]), readyOf(xlist, &ready[2]), nil
}

// selectNow asks select(2) with a zero timeout which of sets are ready.
func selectNow(nfd int, sets, ready *[3]unix.FdSet) (int, error) {
	for {
		*ready = *sets
		var tv unix.Timeval
		n, err := unix.Select(nfd, &ready[0], &ready[1], &ready[2], &tv)
		if err != unix.EINTR {
			return n, err
		}
	}
}

// selectWait waits for one of sets to become ready or the timeout to pass,
// on an epoll instance that watches them edge-triggered: each wake-up is a
// change, so a condition that epoll reports and select(2) does not count
// (a hang-up on a descriptor watched only for writing) cannot spin. err0
// is the first select(2)'s error; the descriptors are watched first and
// asked again, so that nothing that happens in between is lost.
func selectWait(nfd int, sets, ready *[3]unix.FdSet, timeout time.Duration, err0 error) (int, error) {
	if err0 != nil {
		return 0, err0
	}
	deadline := deadlineOf(timeout)
	w, err := newWaiter()
	if err != nil {
		return 0, err
	}
	defer w.close()
	for fd := 0; fd < nfd; fd++ {
		var ev uint32
		if sets[0].IsSet(fd) {
			ev |= unix.EPOLLIN
		}
		if sets[1].IsSet(fd) {
			ev |= unix.EPOLLOUT
		}
		if sets[2].IsSet(fd) {
			ev |= unix.EPOLLPRI
		}
		if ev == 0 {
			continue
		}
		switch err := w.add(fd, ev|unix.EPOLLET); err {
		case nil, unix.EPERM:
			// EPERM: a regular file or directory, which select(2) reports
			// ready at once; nothing to wait for.
		case unix.EBADF:
			// Closed since the first look: select(2) says EBADF.
			return selectNow(nfd, sets, ready)
		default:
			return 0, err
		}
	}
	for {
		n, err := selectNow(nfd, sets, ready)
		if err != nil || n > 0 || expired(deadline) {
			return n, err
		}
		if err := w.wait(deadline); err != nil {
			return 0, err
		}
	}
}

// readyOf returns the members of l whose descriptors are in set, in order.
// It asks each for its descriptor again, as Python does, and skips one
// that changed into something select(2) cannot hold.
func readyOf[T FileObject](l []T, set *unix.FdSet) []T {
	var out []T
	for _, f := range l {
		if fd := f.Fileno(); fd >= 0 && fd < fdSetSize && set.IsSet(fd) {
			out = append(out, f)
		}
	}
	return out
}
