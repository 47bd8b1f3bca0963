//go:build linux

package pyselect

import (
	"errors"
	"net"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// waiter is how this package waits without holding an OS thread: an epoll
// instance, non-blocking and wrapped in an *os.File so that the runtime's
// poller watches it (an epoll descriptor is readable while events are
// ready). Waiting is a RawConn.Read whose callback asks epoll_wait with a
// zero timeout; the timeout is the file's read deadline. The goroutine
// parks in the runtime poller; no thread blocks in the kernel.
type waiter struct {
	f    *os.File
	rc   syscall.RawConn
	epfd int

	buf   [1]unix.EpollEvent
	ready bool
	// deadline is the read deadline last set, so that an unchanged one
	// (none, for a wait without timeout) is not set again.
	deadline time.Time
	errno    syscall.Errno
	fn       func(fd uintptr) bool
}

// newWaiter opens an epoll instance (epoll_create1) for one wait, or for
// the life of an object.
// It returns the errno or the runtime's error, for the caller to wrap.
func newWaiter() (*waiter, error) {
	fd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	return wrapEpoll(fd)
}

// wrapEpoll makes epfd non-blocking and hands it to the runtime's poller.
// It closes epfd on failure.
func wrapEpoll(epfd int) (*waiter, error) {
	if err := unix.SetNonblock(epfd, true); err != nil {
		unix.Close(epfd)
		return nil, err
	}
	w := &waiter{epfd: epfd, f: os.NewFile(uintptr(epfd), "epoll")}
	rc, err := w.f.SyscallConn()
	if err == nil {
		// A file that the runtime's poller does not watch has no deadlines.
		err = w.f.SetReadDeadline(time.Time{})
	}
	if err != nil {
		w.f.Close()
		return nil, err
	}
	w.rc = rc
	w.fn = w.check
	return w, nil
}

// check is the RawConn.Read callback: done when epoll_wait says something
// is ready or fails.
func (w *waiter) check(fd uintptr) bool {
	for {
		n, err := unix.EpollWait(int(fd), w.buf[:], 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			w.errno, _ = err.(syscall.Errno)
			if w.errno == 0 {
				w.errno = unix.EINVAL
			}
			return true
		}
		w.ready = n > 0
		return w.ready
	}
}

// wait parks the goroutine until an event is ready in the epoll instance,
// or the deadline (zero: none) passes. It returns nil in both cases (the
// caller looks at the descriptors again) and an error, for the caller to
// wrap, only when the epoll instance fails or is closed under the call.
func (w *waiter) wait(deadline time.Time) error {
	w.ready, w.errno = false, 0
	err := w.waitWith(deadline, w.fn)
	if err == nil && w.errno != 0 {
		return w.errno
	}
	return err
}

// waitWith parks the goroutine until fn, called with the epoll descriptor
// whenever the runtime poller says it is readable, returns true, or the
// deadline passes (which is not an error).
// Waits on one waiter do not run concurrently.
func (w *waiter) waitWith(deadline time.Time, fn func(fd uintptr) bool) error {
	if !deadline.Equal(w.deadline) {
		if err := w.f.SetReadDeadline(deadline); err != nil {
			if errors.Is(err, os.ErrClosed) {
				return errClosedUnder
			}
			return err
		}
		w.deadline = deadline
	}
	err := w.rc.Read(fn)
	if err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		return nil
	}
	// The raw read fails otherwise only when the file was closed (its
	// error is internal/poll's, not os.ErrClosed) or is not pollable,
	// which wrapEpoll excluded.
	return errClosedUnder
}

// add watches fd for events (EPOLL_CTL_ADD).
func (w *waiter) add(fd int, events uint32) error {
	ev := unix.EpollEvent{Events: events, Fd: int32(fd)}
	return unix.EpollCtl(w.epfd, unix.EPOLL_CTL_ADD, fd, &ev)
}

// close releases the epoll instance.
func (w *waiter) close() error { return w.f.Close() }

// deadlineOf turns a timeout into a deadline: zero for a negative timeout
// (wait forever), saturating for timeouts past the year 292277026596.
func deadlineOf(timeout time.Duration) time.Time {
	if timeout < 0 {
		return time.Time{}
	}
	now := time.Now()
	d := now.Add(timeout)
	if d.Before(now) {
		return time.Time{}
	}
	return d
}

// expired reports whether a non-zero deadline has passed.
func expired(deadline time.Time) bool {
	return !deadline.IsZero() && !time.Now().Before(deadline)
}

// pollToEpoll translates poll(2) event bits to the epoll bits that wake for
// the same conditions (they differ on mips and sparc).
func pollToEpoll(ev int) uint32 {
	var e uint32
	for _, m := range [...]struct {
		p int
		e uint32
	}{
		{POLLIN, unix.EPOLLIN}, {POLLPRI, unix.EPOLLPRI}, {POLLOUT, unix.EPOLLOUT},
		{POLLRDNORM, unix.EPOLLRDNORM}, {POLLRDBAND, unix.EPOLLRDBAND},
		{POLLWRNORM, unix.EPOLLWRNORM}, {POLLWRBAND, unix.EPOLLWRBAND},
		{POLLMSG, unix.EPOLLMSG}, {POLLRDHUP, unix.EPOLLRDHUP},
	} {
		if ev&m.p != 0 {
			e |= m.e
		}
	}
	return e
}

// closedError is the cause for a wait whose object was closed under it. It
// matches net.ErrClosed, os.ErrClosed and Python's EBADF.
type closedError struct{}

func (closedError) Error() string { return "use of closed epoll object" }

// Is matches net.ErrClosed, os.ErrClosed and syscall.EBADF.
func (closedError) Is(target error) bool {
	return target == os.ErrClosed || target == net.ErrClosed || target == syscall.EBADF
}

var errClosedUnder error = closedError{}
