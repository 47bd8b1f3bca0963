package socket

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"syscall"
	"time"
)

// opKind says which system call an op runs.
type opKind uint8

const (
	kindRecv         opKind = iota // recvfrom(2) without an address
	kindRecvfrom                   // recvfrom(2) with an address
	kindSend                       // sendto(2) without an address
	kindSendto                     // sendto(2) with an address
	kindAccept                     // accept4(2)
	kindAcceptNoAddr               // accept4(2) without an address buffer (AF_ALG)
	kindConnectStart               // connect(2), then as kindConnect while in progress
	kindConnect                    // wait for a connect(2) in progress, then SO_ERROR
	kindCustom                     // a caller-supplied function
)

// op is the state of one side's (read or write) current operation. Each
// Socket has one for reads and one for writes, made on the side's first
// operation (an idle socket carries none), each with its function bound
// once, so that running an operation through the poller allocates nothing.
// The side's mutex guards it.
type op struct {
	fn   func(fd uintptr) bool
	kind opKind
	once bool // non-blocking mode: one attempt, then EAGAIN

	salen uint32
	buf   []byte
	flags int
	n     int
	errno syscall.Errno

	// sa is the sockaddr of the current call: abuf for sendto, recvfrom and
	// accept, or a connect's own buffer. abuf is made on the side's first
	// call with an address, so that sockets that never use one carry none.
	sa   *sockaddrBuf
	abuf *sockaddrBuf

	custom func(fd int) (done bool, e syscall.Errno)

	// ctx, when not nil, is the context of a ...Context call: its deadline
	// joins the others and its cancellation wakes the wait (waitContext).
	ctx context.Context

	// last is the last address received and its decoded form, made on the
	// first receive with an address (decodeFrom).
	last *lastFrom
}

// lastFrom keeps the last address received and its decoded form: a datagram
// socket that hears from the same peer again decodes nothing and allocates
// nothing.
type lastFrom struct {
	sa   sockaddrBuf
	n    uint32
	addr Addr
}

func newOp() *op {
	o := new(op)
	o.fn = o.run
	return o
}

// rop returns the read side's op, making it on first use; rmu is held.
func (s *Socket) rop() *op {
	if s.r == nil {
		s.r = newOp()
	}
	return s.r
}

// wop returns the write side's op, making it on first use; wmu is held.
func (s *Socket) wop() *op {
	if s.w == nil {
		s.w = newOp()
	}
	return s.w
}

// addrBuf points sa at the side's sockaddr buffer, making it on first use,
// and returns it.
func (o *op) addrBuf() *sockaddrBuf {
	if o.abuf == nil {
		o.abuf = new(sockaddrBuf)
	}
	o.sa = o.abuf
	return o.sa
}

// run is called by the poller with the descriptor: it tries the system call
// once, retries EINTR at once, and returns false to wait for readiness on
// EAGAIN (unless the socket is in non-blocking mode).
func (o *op) run(fd uintptr) bool {
	for {
		var e syscall.Errno
		switch o.kind {
		case kindRecv:
			if len(o.buf) == 0 {
				// recv(0) is b"" at once in CPython, which makes no
				// system call: the kernel would wait for data.
				o.n = 0
				break
			}
			o.n, e = sysRecvfrom(int(fd), o.buf, o.flags, nil, nil)
		case kindRecvfrom:
			o.n, e = sysRecvfrom(int(fd), o.buf, o.flags, o.sa, &o.salen)
		case kindSend:
			o.n, e = sysSendto(int(fd), o.buf, o.flags, nil, 0)
		case kindSendto:
			o.n, e = sysSendto(int(fd), o.buf, o.flags, o.sa, int(o.salen))
		case kindAccept:
			o.n, e = sysAccept(int(fd), o.sa, &o.salen)
		case kindAcceptNoAddr:
			o.salen = 0
			o.n, e = sysAccept(int(fd), nil, nil)
		case kindConnectStart:
			e = sysConnect(int(fd), o.sa, int(o.salen))
			if e == syscall.EAGAIN {
				// An AF_UNIX stream listener's queue is full. No
				// readiness event comes when room appears: the caller
				// retries (connectRetry).
				o.errno = e
				return true
			}
			if e == syscall.EINPROGRESS || e == syscall.EINTR || e == syscall.EALREADY {
				if o.once {
					e = syscall.EINPROGRESS
					break
				}
				o.kind = kindConnect
				continue
			}
		case kindConnect:
			if !sysPollOut(int(fd)) {
				if o.once {
					e = syscall.EINPROGRESS
					break
				}
				return false
			}
			var soerr int
			soerr, e = sysGetsockoptInt(int(fd), SOL_SOCKET, SO_ERROR)
			if e == 0 {
				e = syscall.Errno(soerr)
			}
			if e == syscall.EINPROGRESS || e == syscall.EALREADY {
				if o.once {
					break
				}
				return false
			}
			if e == 0 {
				// Connect again once: the kernel then marks the socket
				// connected, so that a later connect says EISCONN, as after
				// Python's blocking connect.
				if e2 := sysConnect(int(fd), o.sa, int(o.salen)); e2 != syscall.EISCONN && e2 != 0 {
					e = e2
				}
			}
		case kindCustom:
			var done bool
			done, e = o.custom(int(fd))
			if !done && e == 0 {
				if o.once {
					e = syscall.EAGAIN
					break
				}
				return false
			}
		}
		if e == syscall.EINTR {
			continue
		}
		if e == syscall.EAGAIN && !o.once {
			return false
		}
		o.errno = e
		return true
	}
}

// wait runs o through the poller on the read side (read true) or the write
// side, under the socket's timeout and the net.Conn deadline, and returns
// the poller's error (a closed socket, an expired deadline) or the errno.
// deadline, when not zero, is an absolute deadline for the whole call that
// replaces the per-call timeout (Sendall's).
func (s *Socket) wait(o *op, read bool, deadline time.Time) error {
	if s.isClosed() {
		return errClosedBefore
	}
	if !fitsCInt(o.flags) {
		// Every call's flags pass here: none is ever cut to 32 bits.
		return cIntError("flags", o.flags)
	}
	t := s.timeout.Load()
	// MSG_DONTWAIT asks for one attempt in any mode, as the kernel does.
	o.once = t == 0 || o.flags&MSG_DONTWAIT != 0
	o.errno = 0
	if o.ctx != nil {
		return s.waitContext(o, read, t, deadline)
	}
	own, err := s.applyDeadline(read, t, deadline)
	if err != nil {
		return err
	}
	if read {
		err = s.rc.Read(o.fn)
	} else {
		err = s.rc.Write(o.fn)
	}
	s.endCall(read, own)
	if err != nil {
		return err
	}
	return errnoErr(o.errno)
}

// applyDeadline sets the poller's deadline for one call: the earlier of the
// user's net.Conn deadline and the call's own deadline (its timeout, or
// whole when not zero). It returns the call's own deadline (Unix
// nanoseconds, 0 for none), which stays recorded for the side while the
// call waits, so that a net.Conn deadline set meanwhile from another
// goroutine (setUserDeadline) still ends the call at the earlier of the two;
// endCall forgets it. A call without a deadline of its own, in a socket
// whose poller deadline is already the user's, costs three atomic loads.
func (s *Socket) applyDeadline(read bool, timeout int64, whole time.Time) (int64, error) {
	user, applied, call := &s.userWD, &s.appWD, &s.callWD
	if read {
		user, applied, call = &s.userRD, &s.appRD, &s.callRD
	}
	var own int64
	switch {
	case !whole.IsZero():
		own = unixNano(whole)
	case timeout > 0:
		own = addSat(time.Now().UnixNano(), timeout)
	}
	if own == 0 && call.Load() == 0 && user.Load() == applied.Load() {
		return 0, nil
	}
	s.dmu.Lock()
	defer s.dmu.Unlock()
	call.Store(own)
	want := earliest(user.Load(), own)
	if want == applied.Load() {
		return own, nil
	}
	if err := s.setPollerDeadline(read, want); err != nil {
		call.Store(0)
		return 0, err
	}
	applied.Store(want)
	return own, nil
}

// endCall forgets the own deadline of the call that applyDeadline recorded
// for the side. The poller's deadline may still be the call's; the next call
// sets its own.
func (s *Socket) endCall(read bool, own int64) {
	call := &s.callWD
	if read {
		call = &s.callRD
	}
	if own != 0 || call.Load() != 0 {
		call.Store(0)
	}
}

// expireCall moves the own deadline of the call waiting on one side into
// the past, which wakes it with the poller's deadline error; a net.Conn
// deadline set afterwards does not undo it. It is how a context's end
// reaches a waiting call.
func (s *Socket) expireCall(read bool) {
	call, applied := &s.callWD, &s.appWD
	if read {
		call, applied = &s.callRD, &s.appRD
	}
	s.dmu.Lock()
	defer s.dmu.Unlock()
	call.Store(longAgo.UnixNano())
	if s.setPollerDeadline(read, longAgo.UnixNano()) == nil {
		applied.Store(longAgo.UnixNano())
	}
}

// setPollerDeadline sets the runtime poller's deadline on one side to want
// (Unix nanoseconds, 0 for none). The caller holds s.dmu.
func (s *Socket) setPollerDeadline(read bool, want int64) error {
	var d time.Time
	if want != 0 {
		d = time.Unix(0, want)
	}
	if read {
		return s.file.SetReadDeadline(d)
	}
	return s.file.SetWriteDeadline(d)
}

// earliest returns the earlier of two deadlines in Unix nanoseconds, where
// 0 means none.
func earliest(a, b int64) int64 {
	switch {
	case a == 0:
		return b
	case b == 0:
		return a
	}
	return min(a, b)
}

// addSat returns a+b for b >= 0, saturated at math.MaxInt64 (about the year
// 2262, which the poller treats as never).
func addSat(a, b int64) int64 {
	if b > 0 && a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// farthest is the latest time that Unix nanoseconds can hold.
var farthest = time.Unix(0, math.MaxInt64)

// unixNano returns t in Unix nanoseconds as the deadlines are kept: 0 for
// the zero time, a time past the year 2262 saturated at math.MaxInt64
// (t.UnixNano is undefined there), a time before 1970 as a large negative
// value (long past), and never 0 for a real time.
func unixNano(t time.Time) int64 {
	switch {
	case t.IsZero():
		return 0
	case t.After(farthest):
		return math.MaxInt64
	case t.Before(time.Unix(0, 0)):
		return math.MinInt64 + 1
	}
	if ns := t.UnixNano(); ns != 0 {
		return ns
	}
	return 1
}

// connectRetryMax is the longest pause between two connect(2) attempts
// while an AF_UNIX listener's queue is full.
const connectRetryMax = 20 * time.Millisecond

// connectPause waits before connect(2) is tried again after EAGAIN (an
// AF_UNIX listener's queue is full, and the kernel gives no readiness event
// when room appears): the pause doubles from 1 ms up to connectRetryMax, and
// ends early at the call's deadline (whole), the write deadline or ctx's
// end, which it then reports as the poller would. The caller holds the
// write side's lock; Close is seen at the next attempt.
func (s *Socket) connectPause(ctx context.Context, whole time.Time, pause *time.Duration) error {
	now := time.Now()
	end := earliest(unixNano(whole), s.userWD.Load())
	if ctx != nil {
		if d, ok := ctx.Deadline(); ok {
			if !now.Before(d) {
				return errCtxDeadline
			}
		}
	}
	if end != 0 && now.UnixNano() >= end {
		return os.ErrDeadlineExceeded
	}
	d := *pause
	if end != 0 {
		d = min(d, time.Duration(end-now.UnixNano()))
	}
	*pause = min(*pause*2, connectRetryMax)
	t := time.NewTimer(d)
	defer t.Stop()
	var done <-chan struct{}
	if ctx != nil {
		done = ctx.Done()
	}
	select {
	case <-t.C:
		return nil
	case <-done:
		return ctxCause(ctx.Err())
	}
}

// decodeFrom decodes the address an op of s received, reusing the last one
// when it came from the same peer.
func (o *op) decodeFrom(s *Socket) Addr {
	n := o.salen
	if n > uint32(len(o.sa)) {
		n = uint32(len(o.sa))
	}
	if l := o.last; l != nil && l.addr != nil && n == l.n && bytes.Equal(o.sa[:n], l.sa[:n]) {
		return l.addr
	}
	a := decodeAddr(s, o.sa[:n])
	if _, raw := a.(RawAddr); !raw && n >= 2 && int(sockaddrFamily(o.sa[:])) < len(reusable) && reusable[sockaddrFamily(o.sa[:])] {
		// Only immutable addresses are shared between calls.
		if o.last == nil {
			o.last = new(lastFrom)
		}
		copy(o.last.sa[:n], o.sa[:n])
		o.last.n = n
		o.last.addr = a
	}
	return a
}

// timeoutErr reports whether err is the poller's deadline error.
func timeoutErr(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }

func asPathError(err error, pe **os.PathError) bool { return errors.As(err, pe) }

// do runs fn through the poller on the read side (read true) or the write
// side, under the socket's timeout mode and deadlines, as the built-in
// operations run: fn is called with the descriptor and returns done=false
// with e=0 to wait for readiness (as on EAGAIN), or done=true with the
// outcome. EINTR from fn is retried at once and EAGAIN waits. It is the path
// for operations that have no kind of their own (sendmsg, recvmsg, ...); it
// allocates for the closure, which the hot paths avoid. flags are the
// call's MSG_* flags: MSG_DONTWAIT among them makes it one attempt, as for
// the built-in operations. ctx bounds the call as in the ...Context
// methods. The error is already the package's *Error with opname.
func (s *Socket) do(ctx context.Context, opname string, addr Addr, read bool, flags int, fn func(fd int) (done bool, e syscall.Errno)) error {
	if s.isClosed() {
		return &Error{Op: opname, Addr: addr, Err: errClosedBefore}
	}
	mu := &s.wmu
	if read {
		mu = &s.rmu
	}
	mu.Lock()
	var o *op
	if read {
		o = s.rop()
	} else {
		o = s.wop()
	}
	o.kind, o.custom, o.flags, o.ctx = kindCustom, fn, flags, activeContext(ctx)
	err := s.wait(o, read, time.Time{})
	o.custom, o.ctx = nil, nil
	mu.Unlock()
	if err != nil {
		return s.opError(opname, addr, err)
	}
	return nil
}
