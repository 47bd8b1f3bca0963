package socket

import (
	"syscall"
	"time"
)

// Settimeout sets the socket's timeout mode, as Python's socket.settimeout.
// NoTimeout makes it blocking: calls wait until done. 0 makes it
// non-blocking: a call that would wait fails at once with an error for which
// errors.Is(err, syscall.EAGAIN) holds (Python's BlockingIOError), or
// EINPROGRESS for Connect. A positive d bounds each call (Sendall's whole
// transfer): past it the call fails with an error for which
// errors.Is(err, os.ErrDeadlineExceeded) holds (Python's TimeoutError).
// Other negative values are an error (a *ValueError, as Python's
// ValueError('Timeout value out of range')), and so is a closed socket
// (EBADF, also for a descriptor closed underneath the Socket, as Python's
// fcntl(2) reports it).
// Every positive Duration is accepted, up to math.MaxInt64 (292 years): a
// timeout whose end lies past what the clock holds waits as long as the
// clock can count, which is blocking in practice. Python raises
// OverflowError for a timeout it cannot represent; no time.Duration is
// unrepresentable here.
//
// The descriptor stays non-blocking in every mode: blocking is done by the
// runtime poller, not by the kernel.
func (s *Socket) Settimeout(d time.Duration) error {
	if d < 0 && d != NoTimeout {
		return valueErr(opSettimeout, nil, "timeout", "Timeout value out of range: %v (use NoTimeout, 0 or a positive duration)", d)
	}
	if err := s.checkOpen(opSettimeout); err != nil {
		return err
	}
	s.timeout.Store(int64(d))
	return nil
}

// checkOpen reports EBADF for a closed socket, and, as Python's fcntl(2)
// there does, for a descriptor that was closed underneath the Socket
// (close(2) on its number): the mode is kept by the Socket, but the
// descriptor is asked with fcntl(F_GETFD).
func (s *Socket) checkOpen(op string) error {
	var e syscall.Errno
	if err := s.control(op, func(fd int) { _, e = sysGetCloexec(fd) }); err != nil {
		return err
	}
	if e != 0 {
		return &Error{Op: op, Err: e}
	}
	return nil
}

// Gettimeout returns the socket's timeout, as Python's socket.gettimeout:
// NoTimeout in blocking mode, 0 in non-blocking mode.
func (s *Socket) Gettimeout() time.Duration {
	if s == nil {
		return NoTimeout
	}
	return time.Duration(s.timeout.Load())
}

// Setblocking sets blocking mode (Settimeout(NoTimeout)) or non-blocking
// mode (Settimeout(0)), as Python's socket.setblocking. Errors: a closed
// socket, and EBADF for a descriptor closed underneath the Socket, as
// Python's fcntl(2) reports it.
func (s *Socket) Setblocking(flag bool) error {
	if err := s.checkOpen(opSetblocking); err != nil {
		return err
	}
	if flag {
		s.timeout.Store(int64(NoTimeout))
	} else {
		s.timeout.Store(0)
	}
	return nil
}

// Getblocking reports whether the socket is in blocking or timeout mode
// (timeout not 0), as Python's socket.getblocking.
func (s *Socket) Getblocking() bool { return s.Gettimeout() != 0 }

// Setdefaulttimeout sets the timeout that sockets created afterwards start
// with (New, Socketpair, Fromfd, FromFileno and accepted sockets), as
// Python's socket.setdefaulttimeout. NoTimeout (Python's None) is the
// initial value. A negative value other than NoTimeout is treated as
// NoTimeout; Python raises ValueError there, but this function has no error
// to return.
func Setdefaulttimeout(d time.Duration) {
	if d < 0 {
		d = NoTimeout
	}
	defaultTimeout.Store(int64(d))
}

// Getdefaulttimeout returns the timeout that new sockets start with, as
// Python's socket.getdefaulttimeout: NoTimeout unless Setdefaulttimeout
// changed it.
func Getdefaulttimeout() time.Duration { return time.Duration(defaultTimeout.Load()) }

// SetDeadline sets the read and write deadlines, as net.Conn's: calls that
// would wait past t fail with os.ErrDeadlineExceeded. A zero t clears them.
// The deadline and the Python-style timeout combine: each call ends at the
// earlier of the two, also when the deadline changes while the call waits
// (a cleared or later deadline leaves the call's timeout in force). A
// deadline past the year 2262 is kept as that year. Errors: a closed socket.
func (s *Socket) SetDeadline(t time.Time) error {
	if err := s.SetReadDeadline(t); err != nil {
		return err
	}
	return s.SetWriteDeadline(t)
}

// SetReadDeadline sets the deadline for Recv, Recvfrom, Accept and the other
// reading calls, as net.Conn's; it takes effect for calls already waiting.
func (s *Socket) SetReadDeadline(t time.Time) error {
	return s.setUserDeadline(t, true)
}

// SetWriteDeadline sets the deadline for Send, Sendall, Sendto, Connect and
// the other writing calls, as net.Conn's.
func (s *Socket) SetWriteDeadline(t time.Time) error {
	return s.setUserDeadline(t, false)
}

func (s *Socket) setUserDeadline(t time.Time, read bool) error {
	if s.isClosed() {
		return &Error{Op: opSetDeadline, Err: errClosedBefore}
	}
	ns := unixNano(t)
	user, applied, call := &s.userWD, &s.appWD, &s.callWD
	if read {
		user, applied, call = &s.userRD, &s.appRD, &s.callRD
	}
	// A call waiting on this side keeps its own deadline (its timeout): the
	// poller's deadline becomes the earlier of the two.
	s.dmu.Lock()
	defer s.dmu.Unlock()
	want := earliest(ns, call.Load())
	if err := s.setPollerDeadline(read, want); err != nil {
		return s.opError(opSetDeadline, nil, err)
	}
	user.Store(ns)
	applied.Store(want)
	return nil
}
