package selectors

import (
	"fmt"
	"net"

	"github.com/pysocket/socket"
)

// Operation names that socket.Error.Op carries: Python's method names.
const (
	opRegister   = "register"
	opUnregister = "unregister"
	opModify     = "modify"
	opSelect     = "select"
	opGetKey     = "get_key"
	opClose      = "close"
)

// RuntimeError is Python's RuntimeError, the cause inside the *socket.Error
// of a call on a closed selector ("Selector is closed"). It matches
// net.ErrClosed with errors.Is.
type RuntimeError struct{ Msg string }

// Error returns Python's message.
func (e *RuntimeError) Error() string {
	if e == nil {
		return "<nil>"
	}
	return e.Msg
}

// Is makes errors.Is(err, net.ErrClosed) hold.
func (e *RuntimeError) Is(target error) bool { return target == net.ErrClosed }

func errClosed(op string) error {
	return &socket.Error{Op: op, Err: &RuntimeError{Msg: "Selector is closed"}}
}

func valueErr(op, arg, format string, args ...any) error {
	return &socket.Error{Op: op, Err: &socket.ValueError{Arg: arg, Msg: fmt.Sprintf(format, args...)}}
}

func keyErr(op, format string, args ...any) error {
	return &socket.Error{Op: op, Err: &KeyError{Key: fmt.Sprintf(format, args...)}}
}
