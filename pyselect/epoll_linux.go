//go:build linux

package pyselect

import (
	"errors"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// EpollObject is Python's select.epoll object: an epoll(7) instance. Make
// one with NewEpoll. Its descriptor is non-blocking and watched by the
// runtime's poller, so Poll parks the goroutine instead of an OS thread. It
// is safe for concurrent use.
type EpollObject struct {
	w      *waiter
	waitMu sync.Mutex // held by the Poll that waits on w; others wait on a private instance
	bufMu  sync.Mutex // guards call
	call   epollCall  // the buffer and result of the Poll that holds bufMu
	closed atomic.Bool
}

// NewEpoll is Python's select.epoll(sizehint=-1, flags=0): it opens an epoll
// instance with epoll_create1(EPOLL_CLOEXEC). sizehint is ignored by the
// kernel but checked as Python does: -1 or a positive number; flags is 0 or
// EPOLL_CLOEXEC (the descriptor is close-on-exec in either case, as in
// Python). Errors: a *socket.Error (Op "epoll") with a *socket.ValueError for
// a bad sizehint, syscall.EINVAL for other flags (Python's OSError("invalid
// flags")), or the errno of epoll_create1 (EMFILE, ENOMEM).
func NewEpoll(sizehint, flags int) (*EpollObject, error) {
	if sizehint != -1 && sizehint <= 0 {
		return nil, valueErr(opEpoll, "sizehint", "negative sizehint")
	}
	if flags != 0 && flags != EPOLL_CLOEXEC {
		// Python raises OSError("invalid flags"), without an errno.
		return nil, &socket.Error{Op: opEpoll, Err: unix.EINVAL}
	}
	w, err := newWaiter()
	if err != nil {
		return nil, &socket.Error{Op: opEpoll, Err: err}
	}
	return newEpollObject(w), nil
}

// EpollFromfd is Python's select.epoll.fromfd(fd): it makes an epoll object
// of an existing epoll descriptor, which it owns from then on (Close closes
// it) and makes non-blocking. Errors: a *socket.Error (Op "fromfd") with a
// *socket.ValueError for a negative fd, or the errno of fcntl(2) (EBADF).
func EpollFromfd(fd int) (*EpollObject, error) {
	if fd < 0 {
		return nil, valueErr(opFromfd, "fd", "file descriptor cannot be a negative integer (%d)", fd)
	}
	if fd > math.MaxInt32 {
		return nil, valueErr(opFromfd, "fd", "Python int too large to convert to C int (%d)", fd)
	}
	w, err := wrapEpoll(fd)
	if err != nil {
		return nil, &socket.Error{Op: opFromfd, Err: err}
	}
	return newEpollObject(w), nil
}

func newEpollObject(w *waiter) *EpollObject {
	e := &EpollObject{w: w}
	e.call.init()
	return e
}

// errClosedEpoll is Python's ValueError for an operation on a closed epoll object.
func errClosedEpoll(op string) error {
	return valueErr(op, "epoll", "I/O operation on closed epoll object")
}

// Closed reports whether Close was called, as Python's epoll.closed.
func (e *EpollObject) Closed() bool { return e == nil || e.w == nil || e.closed.Load() }

// Fileno returns the epoll descriptor, as Python's epoll.fileno(), or -1
// when the object is closed (Python raises ValueError there; -1 makes this
// package's functions raise it). It makes no system call.
func (e *EpollObject) Fileno() int {
	if e.Closed() {
		return -1
	}
	return e.w.epfd
}

// Close closes the epoll descriptor, as Python's epoll.close(). Closing
// twice is not an error, as in Python. A Poll blocked on the object returns
// an error that matches net.ErrClosed. Errors: the *socket.Error of
// close(2), which Linux does not give for an epoll descriptor.
func (e *EpollObject) Close() error {
	if e == nil || e.w == nil || e.closed.Swap(true) {
		return nil
	}
	if err := e.w.close(); err != nil {
		return &socket.Error{Op: opClose, Err: err}
	}
	return nil
}

// ctl runs epoll_ctl(2) on the instance, keeping its descriptor open for
// the call.
func (e *EpollObject) ctl(op string, ctlop int, fd FileObject, events uint32) error {
	if e.Closed() {
		return errClosedEpoll(op)
	}
	n, err := fileno(op, fd)
	if err != nil {
		return err
	}
	var cerr error
	err = e.w.rc.Control(func(epfd uintptr) {
		ev := unix.EpollEvent{Events: events, Fd: int32(n)}
		cerr = unix.EpollCtl(int(epfd), ctlop, n, &ev)
	})
	if err != nil {
		return errClosedEpoll(op)
	}
	if cerr != nil {
		return &socket.Error{Op: op, Err: cerr}
	}
	return nil
}

// defaultEpollMask is Python's default eventmask for epoll.register.
const defaultEpollMask = EPOLLIN | EPOLLPRI | EPOLLOUT

// epollMask checks an optional epoll event mask as Python's unsigned int
// converter does: any value that fits 32 bits, negative ones wrapping.
func epollMask(op string, eventmask []int) (uint32, error) {
	if len(eventmask) == 0 {
		return defaultEpollMask, nil
	}
	if len(eventmask) > 1 {
		return 0, valueErr(op, "eventmask", "takes at most one eventmask (%d given)", len(eventmask))
	}
	m := int64(eventmask[0])
	if m < math.MinInt32 || m > math.MaxUint32 {
		return 0, valueErr(op, "eventmask", "Python int too large to convert to C unsigned long")
	}
	return uint32(m), nil
}

// Register is Python's epoll.register(fd, eventmask=EPOLLIN|EPOLLPRI|EPOLLOUT):
// epoll_ctl(EPOLL_CTL_ADD). Errors: a *socket.Error (Op "register") with
// syscall.EEXIST when fd is registered already (FileExistsError), EPERM for
// a regular file (PermissionError), EBADF for a closed one, or a
// *socket.ValueError for a closed epoll object, a nil object, a negative
// descriptor or a mask past 32 bits.
func (e *EpollObject) Register(fd FileObject, eventmask ...int) error {
	m, err := epollMask(opRegister, eventmask)
	if err != nil {
		return err
	}
	return e.ctl(opRegister, unix.EPOLL_CTL_ADD, fd, m)
}

// Modify is Python's epoll.modify(fd, eventmask): epoll_ctl(EPOLL_CTL_MOD).
// Errors: a *socket.Error (Op "modify") with syscall.ENOENT when fd is not
// registered (FileNotFoundError), EBADF for a closed one, or a
// *socket.ValueError as for Register.
func (e *EpollObject) Modify(fd FileObject, eventmask int) error {
	m, err := epollMask(opModify, []int{eventmask})
	if err != nil {
		return err
	}
	return e.ctl(opModify, unix.EPOLL_CTL_MOD, fd, m)
}

// Unregister is Python's epoll.unregister(fd): epoll_ctl(EPOLL_CTL_DEL).
// Errors: a *socket.Error (Op "unregister") with syscall.ENOENT when fd is
// not registered (FileNotFoundError), EBADF when it is closed, or a
// *socket.ValueError for a closed epoll object, a nil object or a negative
// descriptor.
func (e *EpollObject) Unregister(fd FileObject) error {
	return e.ctl(opUnregister, unix.EPOLL_CTL_DEL, fd, 0)
}

// Poll is Python's epoll.poll(timeout=None, maxevents=-1): epoll_wait(2).
// It waits until an event is ready and returns up to maxevents of them
// (-1: FD_SETSIZE-1, as Python). timeout is socket.NoTimeout (None) or any
// negative duration to wait forever, 0 to look once, or how long to wait;
// it returns an empty list when it passes. The wait parks the goroutine in
// the runtime poller; concurrent Polls on one object each honour their own
// timeout. Errors: a *socket.Error (Op "poll") with a *socket.ValueError for
// maxevents below 1 (other than -1) or a closed object, or a cause matching
// net.ErrClosed when the object is closed during the wait.
func (e *EpollObject) Poll(timeout time.Duration, maxevents int) ([]PollEvent, error) {
	if maxevents == -1 {
		maxevents = fdSetSize - 1
	} else if maxevents < 1 {
		return nil, valueErr(opPoll, "maxevents", "maxevents must be greater than 0, got %d", maxevents)
	}
	if e.Closed() {
		return nil, errClosedEpoll(opPoll)
	}
	// Up to 4096 events a call: more wait for the next call, as with a
	// smaller maxevents.
	size := min(maxevents, 4096)
	c := &e.call
	if e.bufMu.TryLock() {
		defer e.bufMu.Unlock()
		if cap(c.buf) < size {
			c.buf = make([]unix.EpollEvent, size)
		}
		c.buf = c.buf[:size]
	} else {
		// Another Poll holds the object's buffer.
		c = newEpollCall(make([]unix.EpollEvent, size))
	}
	var n int
	var err error
	if timeout == 0 {
		n, err = e.pollNow(c)
	} else {
		// The wait's first callback looks before it parks.
		n, err = e.pollWait(c, timeout)
	}
	buf := c.buf
	if err != nil {
		if errors.Is(err, errClosedUnder) {
			return nil, &socket.Error{Op: opPoll, Err: err}
		}
		if e.Closed() {
			return nil, errClosedEpoll(opPoll)
		}
		return nil, &socket.Error{Op: opPoll, Err: err}
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]PollEvent, n)
	for i := range out {
		out[i] = PollEvent{Fd: int(buf[i].Fd), Events: int(buf[i].Events)}
	}
	return out, nil
}

// epollCall is one Poll's buffer and result, with the epoll_wait callback
// bound once, so that a Poll on the object's own buffer allocates nothing
// but its result.
type epollCall struct {
	buf []unix.EpollEvent
	n   int
	err error
	now func(fd uintptr)      // epoll_wait with a zero timeout, for Control
	try func(fd uintptr) bool // the same, for RawConn.Read: done when events or an error came
}

func newEpollCall(buf []unix.EpollEvent) *epollCall {
	c := &epollCall{buf: buf}
	c.init()
	return c
}

func (c *epollCall) init() {
	c.now = c.look
	c.try = c.wait
}

func (c *epollCall) look(fd uintptr) {
	for {
		c.n, c.err = unix.EpollWait(int(fd), c.buf, 0)
		if c.err != unix.EINTR {
			return
		}
	}
}

func (c *epollCall) wait(fd uintptr) bool {
	c.look(fd)
	return c.err != nil || c.n > 0
}

// pollNow asks epoll_wait(2) with a zero timeout.
func (e *EpollObject) pollNow(c *epollCall) (int, error) {
	c.n, c.err = 0, nil
	if err := e.w.rc.Control(c.now); err != nil {
		return 0, errClosedUnder
	}
	return c.n, c.err
}

// pollWait waits for an event or the timeout. The first waiter uses the
// object's own descriptor in the runtime poller with a read deadline; a
// concurrent one, whose deadline would disturb the first, watches the
// epoll descriptor from a private epoll instance instead.
func (e *EpollObject) pollWait(c *epollCall, timeout time.Duration) (int, error) {
	deadline := deadlineOf(timeout)
	if e.waitMu.TryLock() {
		defer e.waitMu.Unlock()
		for {
			c.n, c.err = 0, nil
			if err := e.w.waitWith(deadline, c.try); err != nil {
				return 0, err
			}
			if c.err != nil || c.n > 0 {
				return c.n, c.err
			}
			if expired(deadline) {
				// A deadline past before the wait began ends it without
				// a look: look once.
				return e.pollNow(c)
			}
		}
	}
	pw, err := newWaiter()
	if err != nil {
		return 0, err
	}
	defer pw.close()
	var aerr error
	if err := e.w.rc.Control(func(epfd uintptr) { aerr = pw.add(int(epfd), unix.EPOLLIN) }); err != nil {
		return 0, errClosedUnder
	}
	if aerr != nil {
		return 0, aerr
	}
	for {
		if err := pw.wait(deadline); err != nil {
			return 0, err
		}
		n, err := e.pollNow(c)
		if err != nil || n > 0 || expired(deadline) {
			return n, err
		}
	}
}
