// Package selectors is Python's selectors module for Go: high-level I/O
// multiplexing over pyselect's select, poll and epoll, with CPython 3.11's
// classes, keys, events and errors, so that a selectors program ports line
// by line.
//
//	sel, err := selectors.NewDefaultSelector()                  // sel = selectors.DefaultSelector()
//	key, err := sel.Register(sock, selectors.EVENT_READ, accept) // sel.register(sock, selectors.EVENT_READ, accept)
//	for {
//		events, err := sel.Select(socket.NoTimeout)              // events = sel.select()
//		for _, ev := range events {                              // for key, mask in events:
//			ev.Key.Data.(func(*socket.Socket))(ev.Key.Fileobj.(*socket.Socket))
//		}
//	}
//
// Select parks the calling goroutine in Go's runtime poller, never an OS
// thread: a thousand goroutines waiting in Select on a thousand selectors
// cost a handful of threads (see package pyselect for how). A
// *socket.Socket registered in any mode (blocking, timeout, non-blocking)
// keeps working: registration only watches its descriptor. The selectors
// are safe for concurrent use: Register, Modify and Unregister may run
// while another goroutine waits in Select.
//
// # Python to Go
//
//	selectors.DefaultSelector()          NewDefaultSelector() (Selector, error)        the epoll selector
//	selectors.EpollSelector()            NewEpollSelector() (Selector, error)          *EpollSelector
//	selectors.PollSelector()             NewPollSelector() (Selector, error)           *PollSelector
//	selectors.SelectSelector()           NewSelectSelector() (Selector, error)         *SelectSelector
//	sel.register(fileobj, events, data)  Register(fileobj, events, data) (*SelectorKey, error)
//	sel.unregister(fileobj)              Unregister(fileobj) (*SelectorKey, error)
//	sel.modify(fileobj, events, data)    Modify(fileobj, events, data) (*SelectorKey, error)
//	sel.select(timeout=None)             Select(socket.NoTimeout) ([]Ready, error)
//	sel.select(timeout)                  Select(timeout)                               0 or negative: look once
//	sel.get_key(fileobj)                 GetKey(fileobj) (*SelectorKey, error)
//	sel.get_map()                        GetMap() map[int]*SelectorKey                 a copy; nil once closed
//	sel.close()                          Close() error
//	sel.fileno() (EpollSelector)         (*EpollSelector).Fileno() int
//	EVENT_READ, EVENT_WRITE              EVENT_READ, EVENT_WRITE (EventMask)
//	SelectorKey(fileobj, fd, events, data)  SelectorKey{Fileobj, Fd, Events, Data}
//	(key, events) pairs of select()      Ready{Key, Events}
//	an int as a file object              Fd(n)
//	with selector: ...                   defer sel.Close()
//
// Python's data=None is a nil data argument. A file object is anything
// with Fileno() int: *socket.Socket, Fd, *pyselect.EpollObject, or a type
// of your own.
//
// # Errors
//
// Every error is a *socket.Error whose Op is Python's method name
// ("register", "get_key") and whose cause says what Python raises:
//
//	KeyError ("... is not registered",   *KeyError: errors.As(err, &keyErr); Key holds Python's message
//	  "... (FD n) is already registered")
//	ValueError ("Invalid events: 4",     *socket.ValueError: errors.Is(err, socket.ErrInvalid)
//	  "Invalid file descriptor: -1")
//	RuntimeError ("Selector is closed")  *RuntimeError: errors.As, or errors.Is(err, net.ErrClosed)
//	OSError from epoll_ctl and select    the syscall.Errno: errors.Is(err, syscall.EPERM) for a regular file
//
// # Differences from Python
//
// Register, Modify and Select on a closed selector return the
// RuntimeError that Python's get_key gives (Python's epoll selector raises
// ValueError there, and its select selector goes on working). GetMap
// returns a snapshot map keyed by descriptor rather than a live read-only
// view keyed by file object. Signals do not interrupt Select (Python
// returns [] on EINTR; a goroutine's wait is not interrupted). Python's
// KqueueSelector and DevpollSelector have no Linux counterpart. The
// selectors exist on Linux only; the types build everywhere.
package selectors
