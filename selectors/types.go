package selectors

import (
	"time"

	"github.com/pysocket/socket/pyselect"
)

// EventMask is a set of the events a selector waits for: EVENT_READ,
// EVENT_WRITE or both, Python's selectors event bits.
type EventMask int

// The events, Python's selectors.EVENT_READ and selectors.EVENT_WRITE.
const (
	// EVENT_READ is Python's selectors.EVENT_READ: the file object is readable.
	EVENT_READ EventMask = 1 << 0
	// EVENT_WRITE is Python's selectors.EVENT_WRITE: the file object is writable.
	EVENT_WRITE EventMask = 1 << 1
)

// FileObject is what a selector registers: anything with a Fileno method,
// as Python's file objects with fileno(). *socket.Socket and Fd satisfy it.
type FileObject = pyselect.FileObject

// Fd is a bare descriptor as a FileObject, Python's int file object:
// Fileno returns it.
type Fd = pyselect.Fd

// KeyError is Python's KeyError, the cause inside the *socket.Error that
// Register (already registered), Unregister, Modify and GetKey (not
// registered) return; test it with errors.As. Its Key is Python's message.
type KeyError = pyselect.KeyError

// SelectorKey is Python's selectors.SelectorKey: the file object, its
// descriptor, the events it is registered for and the data attached to it.
// A selector returns a new key when Modify changes anything; keys are not
// to be changed by callers.
type SelectorKey struct {
	Fileobj FileObject
	Fd      int
	Events  EventMask
	Data    any
}

// Ready is one entry of what Select returns, Python's (key, events) tuple:
// the key and the events that are ready, within those registered.
type Ready struct {
	Key    *SelectorKey
	Events EventMask
}

// Selector is Python's selectors.BaseSelector: the methods every selector
// has. The implementations are safe for concurrent use; Select parks the
// calling goroutine, never an OS thread.
type Selector interface {
	// Register is Python's register(fileobj, events, data=None): it starts
	// watching fileobj for events and returns its new key. Errors: a
	// *socket.Error (Op "register") with a *socket.ValueError for events
	// outside EVENT_READ|EVENT_WRITE or zero ("Invalid events: 4"), a nil file
	// object or a negative descriptor ("Invalid file descriptor: -1"); a
	// *KeyError when fileobj's descriptor is registered already; a *RuntimeError
	// when the selector is closed; or the backend's errno (epoll_ctl's EPERM for
	// a regular file, EBADF for a closed descriptor).
	Register(fileobj FileObject, events EventMask, data any) (*SelectorKey, error)
	// Unregister is Python's unregister(fileobj): it stops watching fileobj and
	// returns its key. A file object closed since it was registered can be
	// unregistered (it is found by identity). Errors: a *socket.Error (Op
	// "unregister") with a *KeyError when fileobj is not registered, or a
	// *socket.ValueError for a nil object or a negative descriptor that is not
	// registered.
	Unregister(fileobj FileObject) (*SelectorKey, error)
	// Modify is Python's modify(fileobj, events, data=None): it changes the
	// events or the data of a registered file object and returns its key (a
	// new one when anything changed). As in Python, the epoll and poll
	// selectors take the new events as they are, and the select selector
	// unregisters and registers again, so that bad events leave fileobj
	// unregistered there. Errors: a *socket.Error (Op "modify") with a
	// *KeyError when fileobj is not registered, a *RuntimeError when the
	// selector is closed, or Register's errors.
	Modify(fileobj FileObject, events EventMask, data any) (*SelectorKey, error)
	// Select is Python's select(timeout=None): it waits until some registered
	// file objects are ready, or the timeout passes, and returns their keys
	// with the ready events. timeout is socket.NoTimeout (None) to wait
	// forever, zero or negative to look once, or how long to wait (rounded up
	// to a millisecond, as Python does for epoll and poll). It parks the
	// goroutine, never an OS thread. Errors: a *socket.Error (Op "select")
	// with a *RuntimeError when the selector is closed, or the backend's
	// (select's ValueError for a descriptor at or above FD_SETSIZE).
	Select(timeout time.Duration) ([]Ready, error)
	// GetKey is Python's get_key(fileobj): the key of a registered file
	// object. Errors: a *socket.Error (Op "get_key") with a *RuntimeError when
	// the selector is closed, a *KeyError when fileobj is not registered, or a
	// *socket.ValueError for a nil object or a negative descriptor that is not
	// registered.
	GetKey(fileobj FileObject) (*SelectorKey, error)
	// GetMap is Python's get_map(): the registered keys by descriptor, a copy
	// taken at the call, or nil (Python's None) once the selector is closed.
	GetMap() map[int]*SelectorKey
	// Close is Python's close(): it forgets every key and releases the
	// selector's resources (the epoll descriptor). Closing twice is not an
	// error. Errors: a *socket.Error (Op "close") from closing the epoll
	// descriptor.
	Close() error
}
