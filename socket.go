package socket

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// AddressFamily is a socket's address family, as Python's
// socket.AddressFamily enum: AF_INET, AF_UNIX and the rest.
type AddressFamily int

// String returns the constant's name ("AF_INET"), as Python's enum does, or
// the number for a family Python does not name.
func (f AddressFamily) String() string {
	if n, ok := afNames[f]; ok {
		return n
	}
	return strconv.Itoa(int(f))
}

// SocketKind is a socket's type, as Python's socket.SocketKind enum:
// SOCK_STREAM, SOCK_DGRAM and the rest.
type SocketKind int

// String returns the constant's name ("SOCK_STREAM"), or the number for a
// kind Python does not name.
func (k SocketKind) String() string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return strconv.Itoa(int(k))
}

// NoTimeout is the timeout of a socket in blocking mode: Python's None, as in
// settimeout(None) and getdefaulttimeout() returning None.
const NoTimeout time.Duration = -1

// Socket is a socket, as Python's socket.socket object. Its blocking calls
// wait in Go's runtime poller, so a blocked call costs a goroutine, not an OS
// thread; Close from another goroutine wakes them all. It implements
// io.Reader, io.Writer and io.Closer, and its methods are safe for
// concurrent use.
type Socket struct {
	family AddressFamily
	kind   SocketKind
	proto  int

	file  *os.File
	rc    syscall.RawConn
	sysfd int // the descriptor's number while the socket is open

	state atomic.Int32 // stateNone, stateOpen, stateClosed or stateDetached
	// external: the descriptor is a duplicate of a connection that FromConn
	// took from another library, which keeps it non-blocking.
	external  bool
	closeWant bool         // a Close waits for the makefile references (mu)
	timeout   atomic.Int64 // nanoseconds; -1 blocks, 0 is non-blocking

	// The net.Conn deadlines the user set (Unix nanoseconds, 0 for none), and
	// the deadline currently applied to the poller on each side, and the own
	// deadline (timeout) of the call waiting on each side. dmu orders the
	// changes of the poller's deadlines.
	userRD, userWD atomic.Int64
	appRD, appWD   atomic.Int64
	callRD, callWD atomic.Int64
	dmu            sync.Mutex

	// Read-side and write-side operations each have their own state, so that
	// a read and a write can run at once and neither allocates per call; it
	// is made on the side's first operation (rop, wop).
	rmu sync.Mutex
	r   *op
	wmu sync.Mutex
	w   *op

	// The scratch of Recvmmsg and Sendmmsg on each side, made at the
	// side's first batch call and guarded by its mutex (mmsg.go).
	rmm, wmm *mmsgBatch

	// mu guards the makefile reference count and the deferred close
	// (closeWant).
	mu     sync.Mutex
	ioRefs int
}

const (
	// stateNone is a Socket's zero value, which no constructor made: it
	// reads as closed, as a nil *Socket does.
	stateNone int32 = iota
	stateOpen
	stateClosed
	stateDetached
)

// defaultTimeout is Setdefaulttimeout's value in nanoseconds.
var defaultTimeout atomic.Int64

func init() { defaultTimeout.Store(int64(NoTimeout)) }

// New creates a socket, as Python's socket.socket(family, type, proto); it
// wraps socket(2). The descriptor is close-on-exec (not inheritable, as in
// Python) and non-blocking underneath; the socket starts in the mode that
// Getdefaulttimeout gives. SOCK_NONBLOCK in kind makes it start in
// non-blocking mode, as in Python. Errors are *Error with the errno:
// EAFNOSUPPORT for an unknown family, EINVAL for a bad type,
// EPROTONOSUPPORT for a bad protocol.
func New(family AddressFamily, kind SocketKind, proto int) (*Socket, error) {
	if err := checkSocketArgs(opSocket, family, kind, proto); err != nil {
		return nil, err
	}
	fd, e := sysSocket(family, kind&kindMask, proto)
	if e != 0 {
		return nil, &Error{Op: opSocket, Err: e}
	}
	t := defaultTimeout.Load()
	if kind&^kindMask&sockNonblock != 0 {
		t = 0
	}
	return newSocket(fd, family, kind&kindMask, proto, time.Duration(t), opSocket)
}

// checkSocketArgs checks that family, kind and proto fit the C ints that
// socket(2) takes.
func checkSocketArgs(op string, family AddressFamily, kind SocketKind, proto int) error {
	if err := checkCInt(op, "family", int(family)); err != nil {
		return err
	}
	if err := checkCInt(op, "type", int(kind)); err != nil {
		return err
	}
	return checkCInt(op, "proto", proto)
}

// newSocket wraps an open, non-blocking descriptor. It closes fd on failure.
func newSocket(fd int, family AddressFamily, kind SocketKind, proto int, timeout time.Duration, op string) (*Socket, error) {
	f := os.NewFile(uintptr(fd), "socket")
	if f == nil {
		sysClose(fd)
		return nil, &Error{Op: op, Err: syscall.EBADF}
	}
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, &Error{Op: op, Err: err}
	}
	s := &Socket{family: family, kind: kind, proto: proto, file: f, rc: rc, sysfd: fd}
	s.state.Store(stateOpen)
	s.timeout.Store(int64(timeout))
	s.own()
	return s, nil
}

// FromFileno makes a Socket of an open socket descriptor and takes ownership
// of it, as Python's socket.socket(fileno=fd). The family, type and protocol
// are read from the kernel (SO_DOMAIN, SO_TYPE, SO_PROTOCOL). The descriptor
// is switched to non-blocking mode, which the runtime poller needs; that
// mode belongs to the open file description, so it shows in duplicates of fd
// too. When another live Socket of this process owns fd, the new Socket
// works on a duplicate of it (its Fileno differs) and both keep working.
// Errors: a negative fd or one past a C int is an *Error with a
// *ValueError; EBADF for a closed descriptor, ENOTSOCK for one that is not
// a socket.
func FromFileno(fd int) (*Socket, error) {
	if fd < 0 {
		return nil, valueErr(opSocket, nil, "fd", "negative file descriptor %d", fd)
	}
	if err := checkCInt(opSocket, "fd", fd); err != nil {
		return nil, err
	}
	family, kind, proto, e := sysSocketInfo(fd)
	if e != 0 {
		return nil, &Error{Op: opSocket, Err: e}
	}
	if ownedElsewhere(fd) {
		// Another Socket of this process owns fd (ssl.py's
		// socket(fileno=sock.fileno()) before sock.detach()): both stay
		// usable, each on a number of its own.
		nfd, e := sysDup(fd)
		if e != 0 {
			return nil, &Error{Op: opSocket, Err: e}
		}
		return adopt(nfd, family, kind, proto, time.Duration(defaultTimeout.Load()), opSocket, true)
	}
	return adopt(fd, family, kind, proto, time.Duration(defaultTimeout.Load()), opSocket, false)
}

// adopt wraps a descriptor that the caller hands over. When closeOnFail is
// false, a failure leaves fd open, as the caller still owns it then.
func adopt(fd int, family AddressFamily, kind SocketKind, proto int, timeout time.Duration, op string, closeOnFail bool) (*Socket, error) {
	if e := sysSetNonblock(fd); e != 0 {
		if closeOnFail {
			sysClose(fd)
		}
		return nil, &Error{Op: op, Err: e}
	}
	return newSocket(fd, family, kind&kindMask, proto, timeout, op)
}

// Fromfd duplicates fd and makes a Socket of the duplicate with the family,
// type and protocol given, as Python's socket.fromfd; it wraps
// fcntl(F_DUPFD_CLOEXEC). The caller keeps fd, whose open file description
// turns non-blocking (O_NONBLOCK). The new socket takes the default
// timeout. Errors: EBADF for a closed descriptor, ENOTSOCK for one that is
// not a socket (a regular file), as Python's.
func Fromfd(fd int, family AddressFamily, kind SocketKind, proto int) (*Socket, error) {
	if fd < 0 {
		return nil, valueErr(opFromfd, nil, "fd", "negative file descriptor %d", fd)
	}
	if err := checkCInt(opFromfd, "fd", fd); err != nil {
		return nil, err
	}
	if err := checkSocketArgs(opFromfd, family, kind, proto); err != nil {
		return nil, err
	}
	if _, _, _, e := sysSocketInfo(fd); e != 0 {
		// ENOTSOCK for a regular file, as Python's fromfd.
		return nil, &Error{Op: opFromfd, Err: e}
	}
	nfd, e := sysDup(fd)
	if e != 0 {
		return nil, &Error{Op: opFromfd, Err: e}
	}
	return adopt(nfd, family, kind, proto, time.Duration(defaultTimeout.Load()), opFromfd, true)
}

// Socketpair creates a pair of connected sockets, as Python's
// socket.socketpair; it wraps socketpair(2). Python's default family is
// AF_UNIX. Both take the default timeout. Errors: EOPNOTSUPP for AF_INET and
// other families that have no pairs.
func Socketpair(family AddressFamily, kind SocketKind, proto int) (*Socket, *Socket, error) {
	if err := checkSocketArgs(opSocketpair, family, kind, proto); err != nil {
		return nil, nil, err
	}
	fds, e := sysSocketpair(family, kind&kindMask, proto)
	if e != 0 {
		return nil, nil, &Error{Op: opSocketpair, Err: e}
	}
	t := time.Duration(defaultTimeout.Load())
	a, err := newSocket(fds[0], family, kind&kindMask, proto, t, opSocketpair)
	if err != nil {
		sysClose(fds[1])
		return nil, nil, err
	}
	b, err := newSocket(fds[1], family, kind&kindMask, proto, t, opSocketpair)
	if err != nil {
		a.Close()
		return nil, nil, err
	}
	return a, b, nil
}

// Close closes a file descriptor, as Python's socket.close(fd); it wraps
// close(2). Errors: EBADF for a descriptor that is not open.
func Close(fd int) error {
	if err := checkCInt(opClose, "fd", fd); err != nil {
		return err
	}
	if e := sysClose(fd); e != 0 {
		return &Error{Op: opClose, Err: e}
	}
	return nil
}

// Dup duplicates a file descriptor, as Python's socket.dup(fd); it wraps
// fcntl(F_DUPFD_CLOEXEC), so the duplicate is not inheritable, as in
// Python. Errors: EBADF for a descriptor that is not open, a *ValueError
// for a negative fd.
func Dup(fd int) (int, error) {
	if fd < 0 {
		return -1, valueErr(opDup, nil, "fd", "negative file descriptor %d", fd)
	}
	if err := checkCInt(opDup, "fd", fd); err != nil {
		return -1, err
	}
	nfd, e := sysDup(fd)
	if e != 0 {
		return -1, &Error{Op: opDup, Err: e}
	}
	return nfd, nil
}

// Close closes the socket, as Python's socket.close; it wraps close(2). Every
// call blocked on the socket returns at once with an error for which
// errors.Is(err, net.ErrClosed) holds; later calls fail the same way (and
// errors.Is(err, syscall.EBADF) holds, as Python's OSError(9)). While a File
// from Makefile is open, the descriptor stays open until that File closes,
// as in Python. Closing twice is not an error; Close returns close(2)'s
// error, except ECONNRESET, which Python ignores too.
func (s *Socket) Close() error {
	if s == nil || s.state.Load() == stateNone {
		return &Error{Op: opClose, Err: errClosedBefore}
	}
	s.mu.Lock()
	if s.state.Load() != stateOpen {
		s.mu.Unlock()
		return nil
	}
	if s.ioRefs > 0 {
		s.closeWant = true
		s.mu.Unlock()
		return nil
	}
	s.state.Store(stateClosed)
	s.mu.Unlock()
	return s.closeFile()
}

// closeFile closes the descriptor through the poller, which wakes every
// waiting call.
func (s *Socket) closeFile() error {
	s.disown()
	err := s.file.Close()
	if err != nil {
		var pe *os.PathError
		if asPathError(err, &pe) {
			err = pe.Err
		}
		if err == syscall.ECONNRESET {
			return nil
		}
		return &Error{Op: opClose, Err: err}
	}
	return nil
}

// Detach gives up the socket without closing its descriptor and returns a
// descriptor that the caller now owns, as Python's socket.detach. The Socket
// is closed afterwards (Fileno returns -1) and calls blocked on it return
// net.ErrClosed. Go's runtime poller owns the socket's own descriptor until
// it closes it, so the number returned is a duplicate (fcntl(F_DUPFD_CLOEXEC))
// of the same socket, and may differ from what Fileno returned. In blocking
// mode the descriptor returned is blocking (O_NONBLOCK clear), as Python's,
// unless another Socket of this process shares the socket. On a closed
// socket Detach returns -1 and no error, as Python's does; a nil or zero
// Socket is an error.
func (s *Socket) Detach() (int, error) {
	if s == nil || s.state.Load() == stateNone {
		return -1, &Error{Op: opDetach, Err: errClosedBefore}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.Load() != stateOpen {
		return -1, nil
	}
	var nfd int
	var e syscall.Errno
	blocking := s.timeout.Load() < 0
	if err := s.rc.Control(func(fd uintptr) {
		nfd, e = sysDup(int(fd))
		if e == 0 && blocking && !s.sharedInProcess(int(fd)) {
			// A blocking socket's descriptor is blocking in Python:
			// what the caller hands on (a child, C code) must block,
			// not fail with EAGAIN. Not while another Socket of this
			// process, or FromConn's connection, needs it
			// non-blocking.
			clearNonblock(nfd)
		}
	}); err != nil {
		return -1, s.opError(opDetach, nil, err)
	}
	if e != 0 {
		return -1, &Error{Op: opDetach, Err: e}
	}
	s.state.Store(stateDetached)
	s.disown()
	s.file.Close()
	return nfd, nil
}

// Dup returns a new Socket on a duplicate of the descriptor, with the same
// family, type, protocol and timeout, as Python's socket.dup; it wraps
// fcntl(F_DUPFD_CLOEXEC). Errors: EBADF when the socket is closed.
func (s *Socket) Dup() (*Socket, error) {
	var nfd int
	var e syscall.Errno
	if err := s.control(opDup, func(fd int) { nfd, e = sysDup(fd) }); err != nil {
		return nil, err
	}
	if e != 0 {
		return nil, &Error{Op: opDup, Err: e}
	}
	return newSocket(nfd, s.family, s.kind, s.proto, time.Duration(s.timeout.Load()), opDup)
}

// Fileno returns the socket's descriptor, as Python's socket.fileno, or -1
// once the socket is closed or detached. It does not call (*os.File).Fd,
// which would switch the descriptor to blocking mode.
func (s *Socket) Fileno() int {
	if s.isClosed() {
		return -1
	}
	return s.sysfd
}

// Family returns the address family given when the socket was made, as
// Python's socket.family. It keeps working after Close.
func (s *Socket) Family() AddressFamily {
	if s == nil {
		return 0
	}
	return s.family
}

// Type returns the socket type, as Python's socket.type, without the
// SOCK_NONBLOCK and SOCK_CLOEXEC flags.
func (s *Socket) Type() SocketKind {
	if s == nil {
		return 0
	}
	return s.kind
}

// Proto returns the protocol number, as Python's socket.proto.
func (s *Socket) Proto() int {
	if s == nil {
		return 0
	}
	return s.proto
}

// String describes the socket as Python's repr does:
// <socket.socket fd=3, family=2, type=1, proto=0, laddr=('127.0.0.1', 5000)>.
func (s *Socket) String() string {
	if s == nil {
		return "<socket.socket [closed] fd=-1>"
	}
	if s.isClosed() {
		return fmt.Sprintf("<socket.socket [closed] fd=-1, family=%d, type=%d, proto=%d>", s.family, s.kind, s.proto)
	}
	r := fmt.Sprintf("<socket.socket fd=%d, family=%d, type=%d, proto=%d", s.sysfd, s.family, s.kind, s.proto)
	if a, err := s.Getsockname(); err == nil && pyTruthy(a) {
		r += ", laddr=" + pyRepr(a)
	}
	if a, err := s.Getpeername(); err == nil && pyTruthy(a) {
		r += ", raddr=" + pyRepr(a)
	}
	return r + ">"
}

const opGetInheritable = "get_inheritable"

// GetInheritable reports whether child processes inherit the descriptor
// (FD_CLOEXEC is clear), as Python's socket.get_inheritable; it wraps
// fcntl(F_GETFD). Sockets are not inheritable unless SetInheritable says so.
func (s *Socket) GetInheritable() (bool, error) {
	var cloexec bool
	var e syscall.Errno
	if err := s.control(opGetInheritable, func(fd int) { cloexec, e = sysGetCloexec(fd) }); err != nil {
		return false, err
	}
	if e != 0 {
		return false, &Error{Op: opGetInheritable, Err: e}
	}
	return !cloexec, nil
}

// SetInheritable sets whether child processes inherit the descriptor, as
// Python's socket.set_inheritable; it wraps fcntl(F_SETFD).
func (s *Socket) SetInheritable(inheritable bool) error {
	var e syscall.Errno
	if err := s.control(opInheritable, func(fd int) { e = sysSetCloexec(fd, !inheritable) }); err != nil {
		return err
	}
	if e != 0 {
		return &Error{Op: opInheritable, Err: e}
	}
	return nil
}

// SyscallConn returns a raw connection for the socket's descriptor, as
// net.TCPConn's; its Read and Write wait in the runtime poller.
func (s *Socket) SyscallConn() (syscall.RawConn, error) {
	if s.isClosed() {
		return nil, &Error{Op: "syscall_conn", Err: errClosedBefore}
	}
	return s.rc, nil
}

// isClosed reports whether calls must fail as on a closed socket: after
// Close or Detach, and for a nil *Socket or a zero Socket, which no
// constructor opened.
func (s *Socket) isClosed() bool { return s == nil || s.state.Load() != stateOpen }

// control runs fn on the descriptor, holding it open for the call; it is the
// path of every operation that does not wait.
func (s *Socket) control(op string, fn func(fd int)) error {
	if s.isClosed() {
		return &Error{Op: op, Err: errClosedBefore}
	}
	err := s.rc.Control(func(fd uintptr) { fn(int(fd)) })
	if err != nil {
		return s.opError(op, nil, errClosedBefore)
	}
	return nil
}
