//go:build linux

package pyselect

import (
	"math"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// PollObject is Python's select.poll object: a set of descriptors, each
// with the poll(2) events it waits for. Make one with Poll. It is safe for
// concurrent use; concurrent Poll calls each wait on their own.
type PollObject struct {
	mu    sync.Mutex
	order []int       // registered descriptors, in registration order (Python's dict order)
	mask  map[int]int // descriptor -> event mask
}

// Poll is Python's select.poll(): it returns an empty poll object. It makes
// no system call and cannot fail.
func Poll() *PollObject { return &PollObject{mask: make(map[int]int)} }

// defaultPollMask is Python's default eventmask for poll.register.
const defaultPollMask = POLLIN | POLLPRI | POLLOUT

// pollMask checks an optional poll event mask as Python's unsigned short
// converter does.
func pollMask(op string, eventmask []int) (int, error) {
	if len(eventmask) == 0 {
		return defaultPollMask, nil
	}
	if len(eventmask) > 1 {
		return 0, valueErr(op, "eventmask", "takes at most one eventmask (%d given)", len(eventmask))
	}
	m := eventmask[0]
	if m < 0 {
		return 0, valueErr(op, "eventmask", "value must be positive")
	}
	if m > math.MaxUint16 {
		return 0, valueErr(op, "eventmask", "Python int too large for C unsigned short")
	}
	return m, nil
}

// Register is Python's poll.register(fd, eventmask=POLLIN|POLLPRI|POLLOUT):
// it adds fd with the events to wait for, or changes the events of an fd
// already registered. No system call is made. Errors: a *socket.Error
// (Op "register") with a *socket.ValueError for a nil object, a negative
// descriptor, or an eventmask outside 0..65535 (Python's ValueError and
// OverflowError).
func (p *PollObject) Register(fd FileObject, eventmask ...int) error {
	if p == nil {
		return valueErr(opRegister, "poll", "nil poll object")
	}
	n, err := fileno(opRegister, fd)
	if err != nil {
		return err
	}
	m, err := pollMask(opRegister, eventmask)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mask == nil {
		p.mask = make(map[int]int)
	}
	if _, ok := p.mask[n]; !ok {
		p.order = append(p.order, n)
	}
	p.mask[n] = m
	return nil
}

// Modify is Python's poll.modify(fd, eventmask): it changes the events of a
// registered fd. Errors: a *socket.Error (Op "modify") with syscall.ENOENT
// when fd is not registered (Python's FileNotFoundError), or a
// *socket.ValueError as for Register.
func (p *PollObject) Modify(fd FileObject, eventmask ...int) error {
	if p == nil {
		return valueErr(opModify, "poll", "nil poll object")
	}
	n, err := fileno(opModify, fd)
	if err != nil {
		return err
	}
	m, err := pollMask(opModify, eventmask)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.mask[n]; !ok {
		return &socket.Error{Op: opModify, Err: unix.ENOENT}
	}
	p.mask[n] = m
	return nil
}

// Unregister is Python's poll.unregister(fd): it removes fd. Errors: a
// *socket.Error (Op "unregister") with a *KeyError holding the descriptor
// when it is not registered, as Python raises KeyError(fd), or a
// *socket.ValueError for a nil object or a negative descriptor.
func (p *PollObject) Unregister(fd FileObject) error {
	if p == nil {
		return valueErr(opUnregister, "poll", "nil poll object")
	}
	n, err := fileno(opUnregister, fd)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.mask[n]; !ok {
		return &socket.Error{Op: opUnregister, Err: &KeyError{Key: n}}
	}
	delete(p.mask, n)
	for i, v := range p.order {
		if v == n {
			p.order = append(p.order[:i], p.order[i+1:]...)
			break
		}
	}
	return nil
}

// Poll is Python's poll.poll(timeout): it waits until some registered
// descriptor has an event, and returns the (fd, events) pairs that have
// one, in registration order. The events are poll(2)'s, asked with a zero
// timeout, so a closed descriptor comes back with POLLNVAL and a hang-up
// with POLLHUP, as in Python; the wait in between parks the goroutine in
// the runtime poller on a private epoll instance, never an OS thread.
//
// Python's timeout is in milliseconds and a negative one or None waits
// forever; here it is a time.Duration, and socket.NoTimeout or any negative
// duration waits forever, 0 polls once. It returns an empty list when the
// timeout passes. Errors: a *socket.Error with Op "poll" and the errno of
// poll(2) or epoll(7) (ENOMEM, or ENOSPC past the watch limit).
func (p *PollObject) Poll(timeout time.Duration) ([]PollEvent, error) {
	if p == nil {
		return nil, valueErr(opPoll, "poll", "nil poll object")
	}
	p.mu.Lock()
	fds := make([]unix.PollFd, len(p.order))
	for i, fd := range p.order {
		fds[i] = unix.PollFd{Fd: int32(fd), Events: int16(uint16(p.mask[fd]))}
	}
	p.mu.Unlock()

	n, err := pollNow(fds)
	if err == nil && n == 0 && timeout != 0 {
		n, err = pollWait(fds, timeout)
	}
	if err != nil {
		return nil, &socket.Error{Op: opPoll, Err: err}
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]PollEvent, 0, n)
	for _, f := range fds {
		if f.Revents != 0 {
			out = append(out, PollEvent{Fd: int(f.Fd), Events: int(uint16(f.Revents))})
		}
	}
	return out, nil
}

// pollNow asks poll(2) with a zero timeout.
func pollNow(fds []unix.PollFd) (int, error) {
	for {
		n, err := unix.Poll(fds, 0)
		if err != unix.EINTR {
			return n, err
		}
	}
}

// pollWait waits for an event on fds, or for the timeout, on an epoll
// instance that watches them edge-triggered (see selectWait), and returns
// poll(2)'s answer.
func pollWait(fds []unix.PollFd, timeout time.Duration) (int, error) {
	deadline := deadlineOf(timeout)
	w, err := newWaiter()
	if err != nil {
		return 0, err
	}
	defer w.close()
	for _, f := range fds {
		switch err := w.add(int(f.Fd), pollToEpoll(int(uint16(f.Events)))|unix.EPOLLET); err {
		case nil, unix.EPERM, unix.EEXIST:
			// EPERM: a regular file, which poll(2) reports at once.
			// EEXIST cannot happen: each descriptor appears once.
		case unix.EBADF:
			// Closed since the first look: poll(2) reports POLLNVAL.
			return pollNow(fds)
		default:
			return 0, err
		}
	}
	for {
		n, err := pollNow(fds)
		if err != nil || n > 0 || expired(deadline) {
			return n, err
		}
		if err := w.wait(deadline); err != nil {
			return 0, err
		}
	}
}
