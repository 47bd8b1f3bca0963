// Package pyselect is Python's select module for Go, on Linux: select(),
// poll objects and epoll objects with CPython 3.11's arguments, results and
// errors, so that code written against select ports line by line. It is
// named pyselect because select is a Go keyword.
//
//	r, w, x, err := pyselect.Select(readers, writers, nil, 2*time.Second) // r, w, x = select.select(readers, writers, [], 2.0)
//	p := pyselect.Poll()                                                  // p = select.poll()
//	err = p.Register(sock, pyselect.POLLIN)                               // p.register(sock, select.POLLIN)
//	events, err := p.Poll(socket.NoTimeout)                               // events = p.poll()
//
// # Waiting parks a goroutine, never an OS thread
//
// Every wait goes through Go's runtime poller, as everything in package
// socket does. An epoll instance, non-blocking and wrapped in an *os.File,
// watches the descriptors; the runtime poller watches the epoll instance
// (an epoll descriptor is readable while it has events), and the waiting
// goroutine parks until then or until its deadline. A thousand goroutines
// blocked in Select, Poll or EpollObject.Poll cost a thousand goroutines
// and a handful of threads.
//
// Select and PollObject.Poll take their answer from select(2) and poll(2)
// themselves, asked with a zero timeout before the wait and after each
// wake-up, so their results are the kernel's select and poll results
// exactly: a regular file is always ready, a closed descriptor is EBADF in
// Select and POLLNVAL in Poll, a hang-up is POLLHUP. Descriptors that epoll
// cannot watch (regular files: epoll_ctl says EPERM) are ready at once in
// select and poll, so nothing waits for them. Each call of Select and
// PollObject.Poll that has to wait opens its own epoll instance for the
// wait (epoll_create1 plus one epoll_ctl a descriptor); EpollObject keeps
// one for its life, as Python's epoll does.
//
// A *socket.Socket registered here in any mode (blocking, timeout,
// non-blocking) keeps working: registration watches the descriptor, it
// changes nothing on it.
//
// # Python to Go
//
//	select.select(r, w, x)               Select(r, w, x, socket.NoTimeout) (r, w, x []T, err error)
//	select.select(r, w, x, timeout)      Select(r, w, x, timeout)          T is any FileObject type; a list of ints is []Fd
//	select.poll()                        Poll() *PollObject
//	poll.register(fd, eventmask)         (*PollObject).Register(fd, eventmask ...int) error
//	poll.modify(fd, eventmask)           (*PollObject).Modify(fd, eventmask ...int) error
//	poll.unregister(fd)                  (*PollObject).Unregister(fd) error
//	poll.poll(timeout_ms)                (*PollObject).Poll(timeout time.Duration) ([]PollEvent, error)
//	select.epoll(sizehint, flags)        NewEpoll(sizehint, flags) (*EpollObject, error)
//	select.epoll.fromfd(fd)              EpollFromfd(fd) (*EpollObject, error)
//	epoll.register(fd, eventmask)        (*EpollObject).Register(fd, eventmask ...int) error
//	epoll.modify(fd, eventmask)          (*EpollObject).Modify(fd, eventmask) error
//	epoll.unregister(fd)                 (*EpollObject).Unregister(fd) error
//	epoll.poll(timeout, maxevents)       (*EpollObject).Poll(timeout, maxevents) ([]PollEvent, error)
//	epoll.close(), epoll.closed          (*EpollObject).Close() error, Closed() bool
//	epoll.fileno()                       (*EpollObject).Fileno() int
//	(fd, events) tuples                  PollEvent{Fd, Events}
//	an int used as a file object         Fd(n)
//	select.POLLIN ... select.PIPE_BUF    POLLIN ... PIPE_BUF (Linux's values for the GOARCH)
//
// Timeouts are time.Duration. socket.NoTimeout is Python's None: wait
// until something is ready. For Select a negative timeout other than
// NoTimeout is Python's ValueError; for the Poll methods any negative
// timeout waits forever, as a negative number does in Python. Python's
// poll.poll takes milliseconds; PollObject.Poll takes a Duration.
//
// # Errors
//
// Every error is a *socket.Error whose Op is Python's function or method
// name ("select", "register", "poll") and whose cause says what Python
// raises:
//
//	OSError (errno)                      the syscall.Errno: errors.Is(err, syscall.EBADF), EEXIST, ENOENT, EPERM
//	ValueError, OverflowError, TypeError *socket.ValueError: errors.Is(err, socket.ErrInvalid), with Python's message
//	KeyError (poll.unregister)           *KeyError: errors.As(err, &keyErr), Key is the descriptor
//
// # Differences from Python
//
// Concurrent PollObject.Poll calls are allowed (Python raises RuntimeError);
// each sees the registrations as they were when it started. EpollFromfd
// owns the descriptor it is given (Close closes it). Python's select and
// poll take the GIL-free C call; here the waits are goroutines, so a
// blocked call is ended by its timeout or by readiness, not by a signal
// (EINTR is retried). The package is Linux-only beyond its types
// (FileObject, Fd, PollEvent, KeyError), as epoll is; Python's kqueue and
// devpoll are not here.
package pyselect
