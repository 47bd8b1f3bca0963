package socket

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"os"
	"strconv"
	"syscall"
)

// The operation names that Error.Op carries: Python's method and function names.
const (
	opAccept      = "accept"
	opBind        = "bind"
	opClose       = "close"
	opConnect     = "connect"
	opConnectEx   = "connect_ex"
	opDetach      = "detach"
	opDup         = "dup"
	opFromfd      = "fromfd"
	opGetpeername = "getpeername"
	opGetsockname = "getsockname"
	opGetsockopt  = "getsockopt"
	opInheritable = "set_inheritable"
	opListen      = "listen"
	opRecv        = "recv"
	opRecvInto    = "recv_into"
	opRecvfrom    = "recvfrom"
	opRecvfromInt = "recvfrom_into"
	opRead        = "read"
	opSend        = "send"
	opSendall     = "sendall"
	opSendto      = "sendto"
	opSetblocking = "setblocking"
	opSetsockopt  = "setsockopt"
	opSettimeout  = "settimeout"
	opShutdown    = "shutdown"
	opSocket      = "socket"
	opSocketpair  = "socketpair"
	opWrite       = "write"
	opSetDeadline = "set_deadline"
)

// Error is the error that every failing socket operation returns, as Python
// raises OSError. Op is the Python name of the operation ("connect",
// "recvfrom"), Addr the address involved if any, and Err the cause: a
// syscall.Errno, os.ErrDeadlineExceeded for a timeout, net.ErrClosed for a
// socket closed under the call, or a *ValueError for input that Python
// rejects with ValueError, TypeError or OverflowError.
//
// Error unwraps to Err, so errors.Is(err, syscall.ECONNREFUSED) is Python's
// ConnectionRefusedError and errors.Is(err, os.ErrDeadlineExceeded) Python's
// TimeoutError. It implements net.Error.
type Error struct {
	Op   string
	Addr Addr
	Err  error
}

// Error formats the error as the operation, the address if any, and the
// cause: "connect 127.0.0.1:1: connection refused".
func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	s := e.Op
	if e.Addr != nil && !nilPointer(e.Addr) {
		s += " " + e.Addr.String()
	}
	if e.Err != nil {
		if errors.Is(e.Err, os.ErrDeadlineExceeded) && !isPartial(e.Err) {
			// Python's text for a socket timeout.
			return s + ": timed out"
		}
		s += ": " + e.Err.Error()
	}
	return s
}

func isPartial(err error) bool {
	var p *PartialSendError
	return errors.As(err, &p)
}

// Unwrap returns the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// Timeout reports whether the operation timed out (Python's TimeoutError):
// the socket's timeout, a deadline or a context's deadline expired, or the
// kernel said ETIMEDOUT.
func (e *Error) Timeout() bool {
	if e == nil {
		return false
	}
	if errors.Is(e.Err, os.ErrDeadlineExceeded) || errors.Is(e.Err, context.DeadlineExceeded) {
		return true
	}
	var errno syscall.Errno
	if errors.As(e.Err, &errno) {
		return errno.Timeout()
	}
	var t interface{ Timeout() bool }
	if errors.As(e.Err, &t) {
		return t.Timeout() // a lookup's *GaiError, for one
	}
	return false
}

// Temporary reports whether the error is transient (EAGAIN, EINTR and the
// like). It exists for net.Error; like net.Error's, it is of little use.
func (e *Error) Temporary() bool {
	if e == nil {
		return false
	}
	var errno syscall.Errno
	if errors.As(e.Err, &errno) {
		return errno.Temporary()
	}
	return e.Timeout()
}

var _ net.Error = (*Error)(nil)

// As lets errors.As find a *net.OpError in an *Error, so that code written
// against package net matches this package's errors too: it fills target,
// a **net.OpError, with Op (Python's name of the call, "connect", not
// net's "dial"), Net (the address's Network, "" without one), Addr (the
// address, as a net.Addr) and Err (the same cause, so errors.Is, Timeout
// and the errno work through it). The *net.OpError is a new value each
// time; the *Error stays the error returned. Other targets are left to
// errors.As's own search of the chain.
func (e *Error) As(target any) bool {
	t, ok := target.(**net.OpError)
	if !ok || e == nil {
		return false
	}
	op := &net.OpError{Op: e.Op, Err: e.Err}
	if e.Addr != nil && !nilPointer(e.Addr) {
		op.Net, op.Addr = e.Addr.Network(), e.Addr
	}
	*t = op
	return true
}

// ValueError is the cause inside an *Error for input that Python rejects
// before any syscall, with ValueError, TypeError or OverflowError: a port
// out of range, a path too long, an address of the wrong family. Arg names
// the argument and Msg says what is wrong with it and the limit.
type ValueError struct {
	Arg string
	Msg string
}

// Error returns the argument's name and what is wrong with it.
func (e *ValueError) Error() string {
	if e == nil {
		return "<nil>"
	}
	if e.Arg == "" {
		return e.Msg
	}
	return e.Arg + ": " + e.Msg
}

// ErrInvalid is matched by every *ValueError: errors.Is(err,
// socket.ErrInvalid) holds for every error that Python raises as ValueError,
// TypeError or OverflowError.
var ErrInvalid = errors.New("invalid argument")

// Is makes errors.Is(err, ErrInvalid) hold for every *ValueError.
func (e *ValueError) Is(target error) bool { return target == ErrInvalid }

// PartialSendError is the cause inside the *Error that Sendall returns when
// it stops early: Sent bytes went out before Err (a timeout, a closed socket,
// a kernel error) stopped it.
type PartialSendError struct {
	Sent int
	Err  error
}

// Error says how many bytes were sent and why the rest were not.
func (e *PartialSendError) Error() string {
	if e == nil {
		return "<nil>"
	}
	return strconv.Itoa(e.Sent) + " bytes sent: " + causeText(e.Err)
}

// Unwrap returns the cause.
func (e *PartialSendError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

func causeText(err error) string {
	if err == nil {
		return "stopped"
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return "timed out"
	}
	return err.Error()
}

// fitsCInt reports whether v fits a C int, as Python's int arguments must
// where the C function takes one (Python raises OverflowError otherwise).
func fitsCInt(v int) bool { return v >= math.MinInt32 && v <= math.MaxInt32 }

// cIntError is the cause for an argument arg whose value v does not fit a
// C int.
func cIntError(arg string, v int) *ValueError {
	return &ValueError{Arg: arg, Msg: fmt.Sprintf("%d does not fit a C int (%d to %d)", v, math.MinInt32, math.MaxInt32)}
}

// checkCInt is the one check that an argument fits a C int: it returns
// op's *Error with a *ValueError naming arg when it does not, and nil when
// it does. Nothing is ever cut to 32 bits.
func checkCInt(op, arg string, v int) error {
	if fitsCInt(v) {
		return nil
	}
	return &Error{Op: op, Err: cIntError(arg, v)}
}

// checkLevelOpt checks a socket option's level and name, which the kernel
// takes as C ints.
func checkLevelOpt(op string, level, opt int) error {
	if err := checkCInt(op, "level", level); err != nil {
		return err
	}
	return checkCInt(op, "option", opt)
}

// valueErr builds the package's error for bad input to op.
func valueErr(op string, addr Addr, arg, format string, args ...any) *Error {
	return &Error{Op: op, Addr: addr, Err: &ValueError{Arg: arg, Msg: fmt.Sprintf(format, args...)}}
}

// opError is the one place where a syscall's result becomes the package's
// error: it wraps errno (or a poller error) in *Error with the operation's
// name, and turns the poller's "file closed" into net.ErrClosed when the
// socket was closed under the call.
func (s *Socket) opError(op string, addr Addr, err error) error {
	if err == nil {
		return nil
	}
	switch {
	case err == errCtxDeadline:
	case errors.Is(err, os.ErrDeadlineExceeded):
		err = os.ErrDeadlineExceeded
	case s != nil && s.isClosed() && err != errClosedBefore:
		err = errClosedUnder
	}
	return &Error{Op: op, Addr: addr, Err: err}
}

// closedError is the cause for a call on a closed socket. It matches both
// net.ErrClosed, as Go's net package reports it, and syscall.EBADF, as
// Python raises it (OSError(9, 'Bad file descriptor')).
type closedError struct{ text string }

func (e *closedError) Error() string { return e.text }

// Is matches net.ErrClosed and syscall.EBADF.
func (e *closedError) Is(target error) bool {
	return target == net.ErrClosed || target == syscall.EBADF
}

// Unwrap returns syscall.EBADF, so that errors.As(err, &errno) finds
// Python's e.errno (9) for a call on a closed socket.
func (e *closedError) Unwrap() error { return syscall.EBADF }

var (
	// errClosedUnder wakes a call blocked on a socket that another goroutine closed.
	errClosedUnder error = &closedError{"use of closed network connection"}
	// errClosedBefore is the cause for a call made after Close or Detach.
	errClosedBefore error = &closedError{"bad file descriptor (socket is closed)"}
)

// errnoErr turns an errno into an error without allocating for the common
// values: syscall.Errno values below 256 box without an allocation.
func errnoErr(e syscall.Errno) error {
	if e == 0 {
		return nil
	}
	return e
}

// GaiError is Python's socket.gaierror: a name or service lookup failed.
// Code is the EAI_* value (negative, as glibc's: EAI_NONAME is -2) and Msg
// Python's text for it ("Name or service not known"). Err, when not nil, is
// the cause: the standard library's *net.DNSError of a failed DNS lookup
// (errors.As finds it, with IsNotFound, IsTimeout and the server), which
// unwraps to ctx's error for a lookup that a context ended.
type GaiError struct {
	Code int
	Msg  string
	Err  error
}

// Error formats the error as Python's str(gaierror) does:
// "[Errno -2] Name or service not known".
func (e *GaiError) Error() string {
	if e == nil {
		return "<nil>"
	}
	return "[Errno " + strconv.Itoa(e.Code) + "] " + e.Msg
}

// Unwrap returns the cause, for errors.Is and errors.As.
func (e *GaiError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// Timeout reports whether the DNS lookup timed out (its *net.DNSError says
// IsTimeout, or a context's deadline ended it). Python's gaierror is never
// a TimeoutError; this is for Go's net.Error checks.
func (e *GaiError) Timeout() bool {
	var de *net.DNSError
	return e != nil && errors.As(e.Err, &de) && de.IsTimeout
}

// Temporary reports whether the lookup may succeed later (EAI_AGAIN).
func (e *GaiError) Temporary() bool { return e != nil && e.Code == EAI_AGAIN }

// HError is Python's socket.herror: a host lookup by address failed. Code
// is the h_errno value (1 is HOST_NOT_FOUND, 2 TRY_AGAIN) and Msg its
// text ("Unknown host", "Host name lookup failure").
type HError struct {
	Code int
	Msg  string
	Err  error // the cause, as GaiError's: a *net.DNSError, ctx's error, or nil
}

// Unwrap returns the cause, for errors.Is and errors.As.
func (e *HError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// Error formats the error as Python's str(herror) does: "[Errno 1] Unknown host".
func (e *HError) Error() string {
	if e == nil {
		return "<nil>"
	}
	return "[Errno " + strconv.Itoa(e.Code) + "] " + e.Msg
}

// gaiMessages are glibc's gai_strerror texts, which Python reports.
var gaiMessages = map[int]string{
	EAI_BADFLAGS:   "Bad value for ai_flags",
	EAI_NONAME:     "Name or service not known",
	EAI_AGAIN:      "Temporary failure in name resolution",
	EAI_FAIL:       "Non-recoverable failure in name resolution",
	EAI_NODATA:     "No address associated with hostname",
	EAI_FAMILY:     "ai_family not supported",
	EAI_SOCKTYPE:   "ai_socktype not supported",
	EAI_SERVICE:    "Servname not supported for ai_socktype",
	EAI_ADDRFAMILY: "Address family for hostname not supported",
	EAI_MEMORY:     "Memory allocation failure",
	EAI_SYSTEM:     "System error",
	EAI_OVERFLOW:   "Argument buffer overflow",
}

// gaiErr returns the *GaiError for an EAI_* code, with glibc's message.
func gaiErr(code int) *GaiError {
	msg, ok := gaiMessages[code]
	if !ok {
		msg = "Unknown error"
	}
	return &GaiError{Code: code, Msg: msg}
}

// ctxDeadlineError is the cause when a context's deadline ends a call. It
// matches context.DeadlineExceeded, as the context reports it, and
// os.ErrDeadlineExceeded, as every socket timeout does (Python's
// TimeoutError).
type ctxDeadlineError struct{}

func (ctxDeadlineError) Error() string { return "context deadline exceeded" }

// Is matches context.DeadlineExceeded and os.ErrDeadlineExceeded.
func (ctxDeadlineError) Is(target error) bool {
	return target == context.DeadlineExceeded || target == os.ErrDeadlineExceeded
}

// Timeout reports true.
func (ctxDeadlineError) Timeout() bool { return true }

var errCtxDeadline error = ctxDeadlineError{}
