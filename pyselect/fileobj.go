package pyselect

import (
	"fmt"
	"math"
	"reflect"
	"strconv"

	"github.com/pysocket/socket"
)

// FileObject is what Python's select functions accept: an object with a
// fileno() method. *socket.Socket, *EpollObject and Fd satisfy it. Fileno
// returns the descriptor, or a negative number for a closed object, which
// the functions of this package reject with a *socket.ValueError, as Python
// rejects it with ValueError.
type FileObject interface{ Fileno() int }

// Fd is a bare descriptor as a FileObject, Python's plain int in
// select.select([fd], ...): Fileno returns it.
type Fd int

// Fileno returns the descriptor, as Python's int used as a file object. It
// makes no system call and returns no error.
func (f Fd) Fileno() int { return int(f) }

// String prints the descriptor as Python prints an int.
func (f Fd) String() string { return strconv.Itoa(int(f)) }

// PollEvent is one entry of the list that Python's poll.poll and
// epoll.poll return: the (fd, events) tuple.
type PollEvent struct{ Fd, Events int }

// KeyError is Python's KeyError, which poll.unregister raises for a
// descriptor that is not registered and the selectors raise for a file
// object that is or is not registered. It is the cause inside a
// *socket.Error; test it with errors.As. Key is what Python's KeyError
// carries: the descriptor (poll) or the message (selectors).
type KeyError struct{ Key any }

// Error prints the error as Python's str(KeyError(key)) does: the key's
// repr, so a message is quoted ('... is not registered') and a descriptor
// is a number.
func (e *KeyError) Error() string {
	if e == nil {
		return "<nil>"
	}
	if s, ok := e.Key.(string); ok {
		return "'" + s + "'"
	}
	return fmt.Sprint(e.Key)
}

// Operation names that socket.Error.Op carries: Python's function and
// method names.
const (
	opSelect     = "select"
	opPoll       = "poll"
	opRegister   = "register"
	opModify     = "modify"
	opUnregister = "unregister"
	opEpoll      = "epoll"
	opFromfd     = "fromfd"
	opClose      = "close"
)

// valueErr is the package's error for input that Python rejects with
// ValueError, TypeError or OverflowError.
func valueErr(op, arg, format string, args ...any) error {
	return &socket.Error{Op: op, Err: &socket.ValueError{Arg: arg, Msg: fmt.Sprintf(format, args...)}}
}

// isNil reports whether f is nil or an interface holding a nil pointer,
// map, slice, channel or function, whose Fileno could panic.
func isNil(f FileObject) bool {
	if f == nil {
		return true
	}
	v := reflect.ValueOf(f)
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func, reflect.Interface, reflect.UnsafePointer:
		return v.IsNil()
	}
	return false
}

// fileno reads f's descriptor as Python's PyObject_AsFileDescriptor does:
// a nil object or a negative descriptor is a ValueError.
func fileno(op string, f FileObject) (int, error) {
	if isNil(f) {
		return -1, valueErr(op, "fileobj", "argument must be an int, or have a fileno() method (got nil)")
	}
	fd := f.Fileno()
	if fd < 0 {
		return -1, valueErr(op, "fd", "file descriptor cannot be a negative integer (%d)", fd)
	}
	if fd > math.MaxInt32 {
		return -1, valueErr(op, "fd", "Python int too large to convert to C int (%d)", fd)
	}
	return fd, nil
}
