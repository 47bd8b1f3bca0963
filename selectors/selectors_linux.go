//go:build linux

package selectors

import (
	"errors"
	"sort"
	"syscall"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/pyselect"
)

// EpollSelector is Python's selectors.EpollSelector: a selector over an
// epoll(7) instance that lives as long as the selector. Make one with
// NewEpollSelector.
type EpollSelector struct {
	base
	ep *pyselect.EpollObject
}

// NewEpollSelector is Python's selectors.EpollSelector(): it opens an epoll
// instance (epoll_create1). Errors: a *socket.Error (Op "epoll") with the
// errno (EMFILE, ENOMEM).
func NewEpollSelector() (Selector, error) {
	ep, err := pyselect.NewEpoll(-1, 0)
	if err != nil {
		return nil, err
	}
	s := &EpollSelector{ep: ep}
	s.base = newBase((*epollBackend)(s), false)
	return s, nil
}

// NewDefaultSelector is Python's selectors.DefaultSelector(): the most
// efficient selector Linux has, the epoll one. Errors: NewEpollSelector's.
func NewDefaultSelector() (Selector, error) { return NewEpollSelector() }

// Fileno returns the epoll descriptor, as Python's EpollSelector.fileno(),
// or -1 once the selector is closed. It makes no system call.
func (s *EpollSelector) Fileno() int { return s.ep.Fileno() }

type epollBackend EpollSelector

func epollEvents(events EventMask) int {
	var m int
	if events&EVENT_READ != 0 {
		m |= pyselect.EPOLLIN
	}
	if events&EVENT_WRITE != 0 {
		m |= pyselect.EPOLLOUT
	}
	return m
}

func (b *epollBackend) add(fd int, events EventMask) error {
	return b.ep.Register(pyselect.Fd(fd), epollEvents(events))
}

func (b *epollBackend) change(fd int, events EventMask) error {
	return b.ep.Modify(pyselect.Fd(fd), epollEvents(events))
}

func (b *epollBackend) remove(fd int) {
	// Python's EpollSelector ignores OSError here: the descriptor may have
	// been closed already, which removed it from the epoll set.
	b.ep.Unregister(pyselect.Fd(fd))
}

func (b *epollBackend) wait(timeout time.Duration, maxev int) ([]pyselect.PollEvent, error) {
	evs, err := b.ep.Poll(pollTimeout(timeout), maxev)
	if err != nil {
		if errors.Is(err, syscall.EINTR) {
			return nil, nil
		}
		return nil, err
	}
	for i, ev := range evs {
		var m EventMask
		if ev.Events&^pyselect.EPOLLIN != 0 {
			m |= EVENT_WRITE
		}
		if ev.Events&^pyselect.EPOLLOUT != 0 {
			m |= EVENT_READ
		}
		evs[i].Events = int(m)
	}
	return evs, nil
}

func (b *epollBackend) close() error { return b.ep.Close() }

// PollSelector is Python's selectors.PollSelector: a selector over poll(2).
// Make one with NewPollSelector.
type PollSelector struct {
	base
	p *pyselect.PollObject
}

// NewPollSelector is Python's selectors.PollSelector(). It makes no system
// call and returns no error.
func NewPollSelector() (Selector, error) {
	s := &PollSelector{p: pyselect.Poll()}
	s.base = newBase((*pollBackend)(s), false)
	return s, nil
}

type pollBackend PollSelector

func pollEvents(events EventMask) int {
	var m int
	if events&EVENT_READ != 0 {
		m |= pyselect.POLLIN
	}
	if events&EVENT_WRITE != 0 {
		m |= pyselect.POLLOUT
	}
	return m
}

func (b *pollBackend) add(fd int, events EventMask) error {
	return b.p.Register(pyselect.Fd(fd), pollEvents(events))
}

func (b *pollBackend) change(fd int, events EventMask) error {
	return b.p.Modify(pyselect.Fd(fd), pollEvents(events))
}

func (b *pollBackend) remove(fd int) { b.p.Unregister(pyselect.Fd(fd)) }

func (b *pollBackend) wait(timeout time.Duration, _ int) ([]pyselect.PollEvent, error) {
	evs, err := b.p.Poll(pollTimeout(timeout))
	if err != nil {
		if errors.Is(err, syscall.EINTR) {
			return nil, nil
		}
		return nil, err
	}
	for i, ev := range evs {
		var m EventMask
		if ev.Events&^pyselect.POLLIN != 0 {
			m |= EVENT_WRITE
		}
		if ev.Events&^pyselect.POLLOUT != 0 {
			m |= EVENT_READ
		}
		evs[i].Events = int(m)
	}
	return evs, nil
}

func (b *pollBackend) close() error { return nil }

// SelectSelector is Python's selectors.SelectSelector: a selector over
// select(2), for descriptors below FD_SETSIZE (1024). Make one with
// NewSelectSelector.
type SelectSelector struct {
	base
	readers map[int]bool
	writers map[int]bool
}

// NewSelectSelector is Python's selectors.SelectSelector(). It makes no
// system call and returns no error.
func NewSelectSelector() (Selector, error) {
	s := &SelectSelector{readers: make(map[int]bool), writers: make(map[int]bool)}
	s.base = newBase((*selectBackend)(s), true)
	return s, nil
}

type selectBackend SelectSelector

func (b *selectBackend) add(fd int, events EventMask) error {
	if events&EVENT_READ != 0 {
		b.readers[fd] = true
	}
	if events&EVENT_WRITE != 0 {
		b.writers[fd] = true
	}
	return nil
}

func (b *selectBackend) change(fd int, events EventMask) error {
	b.remove(fd)
	return b.add(fd, events)
}

func (b *selectBackend) remove(fd int) {
	delete(b.readers, fd)
	delete(b.writers, fd)
}

func (b *selectBackend) wait(timeout time.Duration, _ int) ([]pyselect.PollEvent, error) {
	if timeout < 0 && timeout != socket.NoTimeout {
		timeout = 0
	}
	b.mu.Lock()
	r := make([]pyselect.Fd, 0, len(b.readers))
	w := make([]pyselect.Fd, 0, len(b.writers))
	for fd := range b.readers {
		r = append(r, pyselect.Fd(fd))
	}
	for fd := range b.writers {
		w = append(w, pyselect.Fd(fd))
	}
	b.mu.Unlock()
	rr, ww, _, err := pyselect.Select(r, w, nil, timeout)
	if err != nil {
		if errors.Is(err, syscall.EINTR) {
			return nil, nil
		}
		return nil, err
	}
	ev := make(map[int]EventMask, len(rr)+len(ww))
	for _, fd := range rr {
		ev[int(fd)] |= EVENT_READ
	}
	for _, fd := range ww {
		ev[int(fd)] |= EVENT_WRITE
	}
	out := make([]pyselect.PollEvent, 0, len(ev))
	for fd, m := range ev {
		out = append(out, pyselect.PollEvent{Fd: fd, Events: int(m)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Fd < out[j].Fd })
	return out, nil
}

func (b *selectBackend) close() error { return nil }
