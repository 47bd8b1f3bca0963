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
	// Register is Python's register(fileobj, events, data=None).
	Register(fileobj FileObject, events EventMask, data any) (*SelectorKey, error)
	// Unregister is Python's unregister(fileobj).
	Unregister(fileobj FileObject) (*SelectorKey, error)
	// Modify is Python's modify(fileobj, events, data=None).
	Modify(fileobj FileObject, events EventMask, data any) (*SelectorKey, error)
	// Select is Python's select(timeout=None).
	Select(timeout time.Duration) ([]Ready, error)
	// GetKey is Python's get_key(fileobj).
	GetKey(fileobj FileObject) (*SelectorKey, error)
	// GetMap is Python's get_map().
	GetMap() map[int]*SelectorKey
	// Close is Python's close().
	Close() error
}
