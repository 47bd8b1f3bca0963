package socket

import (
	"context"
	"io"
	"math"
	"net"
	"syscall"
	"time"
)

// flagsOf folds Python's optional flags argument: none means 0, several are
// OR-ed together.
func flagsOf(flags []int) int {
	f := 0
	for _, v := range flags {
		f |= v
	}
	return f
}

// Bind binds the socket to addr, as Python's socket.bind; it wraps bind(2).
// addr must be of the socket's family (UnixAddr for AF_UNIX, InetAddr for
// AF_INET, ...) or one of the standard library's addresses that converts to
// it (*net.TCPAddr, *net.UDPAddr, *net.IPAddr, *net.UnixAddr; see the
// package documentation); a host name in an INET address is resolved first.
// Errors: a *ValueError for a bad address (wrong family, port out of range,
// path too long), a *GaiError when a host name does not resolve,
// EADDRINUSE, EADDRNOTAVAIL, EINVAL when already bound.
func (s *Socket) Bind(addr net.Addr) error {
	if s.isClosed() {
		return &Error{Op: opBind, Err: errClosedBefore}
	}
	a, err := s.sockAddr(context.Background(), opBind, addr)
	if err != nil {
		return err
	}
	var sa sockaddrBuf
	n, err := encodeAddr(s, opBind, a, &sa)
	if err != nil {
		return err
	}
	var e syscall.Errno
	if err := s.control(opBind, func(fd int) { e = sysBind(fd, &sa, n) }); err != nil {
		return err
	}
	if e != 0 {
		return &Error{Op: opBind, Addr: a, Err: e}
	}
	return nil
}

// Listen makes the socket accept connections, as Python's socket.listen; it
// wraps listen(2). Without a backlog it takes Python's default,
// min(SOMAXCONN, 128); a negative backlog is taken as 0, as Python does.
// Errors: EOPNOTSUPP for datagram sockets; a *ValueError for more than one
// backlog or one past the C int range.
func (s *Socket) Listen(backlogs ...int) error {
	if len(backlogs) > 1 {
		return valueErr(opListen, nil, "backlog", "listen() takes at most 1 argument (%d given)", len(backlogs))
	}
	backlog := min(SOMAXCONN, 128)
	if len(backlogs) == 1 {
		backlog = backlogs[0]
	}
	if backlog < 0 {
		backlog = 0
	}
	if backlog > math.MaxInt32 {
		return valueErr(opListen, nil, "backlog", "backlog %d is larger than the C int limit %d", backlog, math.MaxInt32)
	}
	var e syscall.Errno
	if err := s.control(opListen, func(fd int) { e = sysListen(fd, backlog) }); err != nil {
		return err
	}
	if e != 0 {
		return &Error{Op: opListen, Err: e}
	}
	return nil
}

// Accept waits for a connection and returns a new socket for it and the
// peer's address, as Python's socket.accept; it wraps accept4(2). The new
// socket has the listener's family, type and protocol and the default
// timeout. Errors: EINVAL when not listening; EAGAIN in non-blocking mode
// with nothing pending; os.ErrDeadlineExceeded on timeout; net.ErrClosed when
// the socket is closed.
func (s *Socket) Accept() (*Socket, Addr, error) { return s.accept(context.Background()) }

func (s *Socket) accept(ctx context.Context) (*Socket, Addr, error) {
	if s.isClosed() {
		return nil, nil, &Error{Op: opAccept, Err: errClosedBefore}
	}
	s.rmu.Lock()
	o := s.rop()
	o.ctx = activeContext(ctx)
	o.kind, o.flags = kindAccept, 0
	if int(s.family) < len(acceptsNoPeer) && acceptsNoPeer[s.family] {
		o.kind = kindAcceptNoAddr
	} else {
		o.addrBuf()
	}
	err := s.wait(o, true, time.Time{})
	o.ctx = nil
	nfd := o.n
	var addr Addr
	if err == nil && o.kind == kindAccept {
		addr = decodeAddr(s, o.sa[:min(int(o.salen), len(o.sa))])
	}
	o.sa = nil
	s.rmu.Unlock()
	if err != nil {
		return nil, nil, s.opError(opAccept, nil, err)
	}
	ns, err := newSocket(nfd, s.family, s.kind, s.proto, time.Duration(defaultTimeout.Load()), opAccept)
	if err != nil {
		return nil, nil, err
	}
	return ns, addr, nil
}

// Connect connects the socket to addr, as Python's socket.connect; it wraps
// connect(2). addr is one of the package's Addr types or a standard
// library address, as for Bind; a host name is resolved before the call
// takes any of the socket's locks, so a slow lookup holds up no other call.
// In blocking and timeout modes it waits for the connection to complete and
// reads SO_ERROR; in non-blocking mode it fails with EINPROGRESS while the
// connection goes on. Connecting to an AF_UNIX stream listener whose queue
// is full, connect(2) says EAGAIN: blocking mode tries again until the
// listener makes room, timeout mode until the timeout (which bounds the
// whole call), non-blocking mode returns EAGAIN, as Python's. Errors:
// ECONNREFUSED, ENOENT for a missing AF_UNIX path, EISCONN,
// os.ErrDeadlineExceeded on timeout, a *ValueError or *GaiError for a bad
// address.
func (s *Socket) Connect(addr net.Addr) error {
	if a, e, err := s.connect(context.Background(), opConnect, addr); err != nil {
		return err
	} else if e != nil {
		return s.opError(opConnect, a, e)
	}
	return nil
}

// ConnectEx is Connect returning the errno instead of failing, as Python's
// socket.connect_ex: 0 on success, ECONNREFUSED, EINPROGRESS in non-blocking
// mode, and EAGAIN when the timeout expires, as Python returns. The error is
// not nil only where Python raises too: a bad address, a host name that does
// not resolve, a closed socket. addr is as for Connect.
func (s *Socket) ConnectEx(addr net.Addr) (syscall.Errno, error) {
	a, e, err := s.connect(context.Background(), opConnectEx, addr)
	if err != nil {
		return 0, err
	}
	switch {
	case e == nil:
		return 0, nil
	case timeoutErr(e):
		return syscall.EAGAIN, nil
	}
	if errno, ok := e.(syscall.Errno); ok {
		return errno, nil
	}
	return 0, s.opError(opConnectEx, a, e)
}

// connect converts and encodes addr, resolving a host name, before it
// takes the write lock, then runs connect(2) through the poller. It returns
// the outcome of the connection (e) apart from errors that Python raises
// even from connect_ex (err). The sockaddr has a buffer of its own, which
// the socket drops afterwards: a socket connects once.
func (s *Socket) connect(ctx context.Context, opname string, addr net.Addr) (a Addr, e error, err error) {
	if s.isClosed() {
		ea, _ := addr.(Addr)
		return nil, nil, &Error{Op: opname, Addr: ea, Err: errClosedBefore}
	}
	a, err = s.sockAddr(ctx, opname, addr)
	if err != nil {
		return nil, nil, err
	}
	sa := new(sockaddrBuf)
	n, err := encodeAddr(s, opname, a, sa)
	if err != nil {
		return nil, nil, err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	o := s.wop()
	o.sa, o.salen = sa, uint32(n)
	actx := activeContext(ctx)
	var whole time.Time
	pause := time.Millisecond
	for {
		o.kind, o.flags = kindConnectStart, 0
		o.ctx = actx
		err = s.wait(o, false, whole)
		o.ctx = nil
		if err != syscall.EAGAIN || s.timeout.Load() == 0 {
			break
		}
		// An AF_UNIX listener's queue is full: try again until the
		// timeout, which bounds the whole call, as in blocking mode
		// connect(2) would wait in the kernel.
		if t := s.timeout.Load(); whole.IsZero() && t > 0 {
			whole = time.Unix(0, addSat(time.Now().UnixNano(), t))
		}
		if err = s.connectPause(actx, whole, &pause); err != nil {
			break
		}
	}
	o.sa = nil
	if err != nil {
		if s.isClosed() && !timeoutErr(err) {
			return a, nil, s.opError(opname, a, err)
		}
		return a, err, nil
	}
	return a, nil, nil
}

// Send sends data, as Python's socket.send; it wraps send(2) (with
// MSG_NOSIGNAL, so a broken connection is EPIPE, never SIGPIPE). It returns
// how many bytes went, which may be fewer than len(data). Errors: EPIPE,
// ECONNRESET, EAGAIN in non-blocking mode, os.ErrDeadlineExceeded on
// timeout, EDESTADDRREQ or ENOTCONN when not connected.
func (s *Socket) Send(data []byte, flags ...int) (int, error) {
	return s.send(context.Background(), data, flagsOf(flags))
}

func (s *Socket) send(ctx context.Context, data []byte, flags int) (int, error) {
	if s.isClosed() {
		return 0, &Error{Op: opSend, Err: errClosedBefore}
	}
	s.wmu.Lock()
	o := s.wop()
	o.kind, o.buf, o.flags, o.ctx = kindSend, data, flags, activeContext(ctx)
	err := s.wait(o, false, time.Time{})
	n := o.n
	o.buf, o.ctx = nil, nil
	s.wmu.Unlock()
	if err != nil {
		return 0, s.opError(opSend, nil, err)
	}
	return n, nil
}

// Sendall sends all of data, as Python's socket.sendall, calling send(2)
// until it is done. In timeout mode the timeout bounds the whole call, not
// each send. When it stops early, the error's cause is a *PartialSendError
// that says how many bytes went (errors.As finds it); errors.Is still sees
// the errno, os.ErrDeadlineExceeded or net.ErrClosed inside.
func (s *Socket) Sendall(data []byte, flags ...int) error {
	_, err := s.sendAll(context.Background(), opSendall, data, flagsOf(flags))
	return err
}

func (s *Socket) sendAll(ctx context.Context, opname string, data []byte, flags int) (int, error) {
	if s.isClosed() {
		return 0, &Error{Op: opname, Err: errClosedBefore}
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	var deadline time.Time
	if t := s.timeout.Load(); t > 0 {
		deadline = time.Now().Add(time.Duration(t))
	}
	o := s.wop()
	sent := 0
	actx := activeContext(ctx)
	for {
		o.kind, o.buf, o.flags, o.ctx = kindSend, data[sent:], flags, actx
		err := s.wait(o, false, deadline)
		o.buf, o.ctx = nil, nil
		if err != nil {
			e := s.opError(opname, nil, err).(*Error)
			if sent > 0 || timeoutErr(err) {
				e.Err = &PartialSendError{Sent: sent, Err: e.Err}
			}
			return sent, e
		}
		sent += o.n
		if sent >= len(data) {
			return sent, nil
		}
	}
}

// Sendto sends data to addr, as Python's socket.sendto; it wraps sendto(2).
// addr is one of the package's Addr types or a standard library address, as
// for Bind; a host name is resolved before the call takes the socket's
// write lock, so a slow lookup holds up no other send. It returns how many
// bytes went. Errors: EMSGSIZE for a datagram too large, EACCES for a
// broadcast address without SO_BROADCAST, a *ValueError or *GaiError for a
// bad address, and those of Send.
func (s *Socket) Sendto(data []byte, addr net.Addr, flags ...int) (int, error) {
	return s.sendto(context.Background(), data, addr, flagsOf(flags))
}

func (s *Socket) sendto(ctx context.Context, data []byte, addr net.Addr, flags int) (int, error) {
	if s.isClosed() {
		return 0, &Error{Op: opSendto, Err: errClosedBefore}
	}
	a, err := s.sockAddr(ctx, opSendto, addr)
	if err != nil {
		return 0, err
	}
	s.wmu.Lock()
	o := s.wop()
	n, err := s.encodeLocked(opSendto, a, o.addrBuf())
	if err != nil {
		o.sa = nil
		s.wmu.Unlock()
		return 0, err
	}
	o.kind, o.buf, o.flags, o.salen, o.ctx = kindSendto, data, flags, uint32(n), activeContext(ctx)
	err = s.wait(o, false, time.Time{})
	n = o.n
	o.buf, o.ctx, o.sa = nil, nil, nil
	s.wmu.Unlock()
	if err != nil {
		return 0, s.opError(opSendto, a, err)
	}
	return n, nil
}

// encodeLocked is encodeAddr for a caller that holds the write side's
// lock: should encoding panic, the lock is released on the way out, so
// that the socket stays usable.
func (s *Socket) encodeLocked(op string, addr Addr, b *sockaddrBuf) (n int, err error) {
	unlock := true
	defer func() {
		if unlock {
			s.wmu.Unlock()
		}
	}()
	n, err = encodeAddr(s, op, addr, b)
	unlock = false
	return n, err
}

// bigRecv is the largest buffer that Recv and Recvfrom allocate without
// asking the kernel how much is there.
const bigRecv = 1 << 20

// Recv receives up to bufsize bytes, as Python's socket.recv; it wraps
// recv(2). At an orderly shutdown of a stream it returns an empty slice and
// a nil error, as Python returns b"" (Read returns io.EOF instead). A
// negative bufsize is a *ValueError. Errors: ECONNRESET, ENOTCONN, EAGAIN in
// non-blocking mode, os.ErrDeadlineExceeded on timeout, net.ErrClosed.
func (s *Socket) Recv(bufsize int, flags ...int) ([]byte, error) {
	if bufsize < 0 {
		return nil, valueErr(opRecv, nil, "bufsize", "negative buffersize in recv: %d", bufsize)
	}
	buf := make([]byte, s.recvSize(context.Background(), bufsize, flagsOf(flags)))
	n, _, err := s.recv(context.Background(), opRecv, buf, flagsOf(flags), false)
	if err != nil {
		return nil, err
	}
	return received(buf, n), nil
}

// received returns the n bytes that a receive put at the start of buf. When
// they fill much less than buf, they are copied into a slice of their own,
// so that a small message does not keep a large buffer alive: Python's
// recv returns a bytes object of exactly the size received.
func received(buf []byte, n int) []byte {
	n = min(n, len(buf))
	if len(buf)-n > 512 && n < len(buf)/2 {
		return append([]byte(nil), buf[:n]...)
	}
	return buf[:n:n]
}

// recvSize chooses the buffer to allocate for a receive of bufsize: at most
// bigRecv for streams, and for datagrams no more than the next datagram
// needs (learned with MSG_PEEK|MSG_TRUNC), so that a huge bufsize does not
// allocate a huge buffer.
func (s *Socket) recvSize(ctx context.Context, bufsize, flags int) int {
	if bufsize <= bigRecv {
		return bufsize
	}
	if s.kind == SOCK_STREAM {
		return bigRecv
	}
	var peek [1]byte
	n, _, err := s.recv(ctx, opRecv, peek[:], flags|MSG_PEEK|MSG_TRUNC, false)
	if err != nil || n <= 0 {
		return bigRecv
	}
	return min(n, bufsize)
}

// RecvInto receives into buf, as Python's socket.recv_into, and returns how
// many bytes arrived; it wraps recv(2). 0 with a nil error is an orderly
// shutdown of a stream. With MSG_TRUNC the result is the datagram's real
// length, which may exceed len(buf), as the kernel and Python report it.
// Errors as Recv.
func (s *Socket) RecvInto(buf []byte, flags ...int) (int, error) {
	n, _, err := s.recv(context.Background(), opRecvInto, buf, flagsOf(flags), false)
	return n, err
}

// Recvfrom receives up to bufsize bytes and the sender's address, as
// Python's socket.recvfrom; it wraps recvfrom(2). The address is nil where
// Python's is None: on connected streams and for an unbound AF_UNIX sender.
// A datagram larger than bufsize is truncated and the rest discarded, as in
// Python. Errors as Recv.
func (s *Socket) Recvfrom(bufsize int, flags ...int) ([]byte, Addr, error) {
	return s.recvfrom(context.Background(), bufsize, flagsOf(flags))
}

func (s *Socket) recvfrom(ctx context.Context, bufsize, flags int) ([]byte, Addr, error) {
	if bufsize < 0 {
		return nil, nil, valueErr(opRecvfrom, nil, "bufsize", "negative buffersize in recvfrom: %d", bufsize)
	}
	buf := make([]byte, s.recvSize(ctx, bufsize, flags))
	n, addr, err := s.recv(ctx, opRecvfrom, buf, flags, true)
	if err != nil {
		return nil, nil, err
	}
	return received(buf, n), addr, nil
}

// RecvfromInto receives into buf and returns the byte count and the
// sender's address, as Python's socket.recvfrom_into; it wraps recvfrom(2).
// Errors as Recv.
func (s *Socket) RecvfromInto(buf []byte, flags ...int) (int, Addr, error) {
	return s.recv(context.Background(), opRecvfromInt, buf, flagsOf(flags), true)
}

func (s *Socket) recv(ctx context.Context, opname string, buf []byte, flags int, from bool) (int, Addr, error) {
	if s.isClosed() {
		return 0, nil, &Error{Op: opname, Err: errClosedBefore}
	}
	s.rmu.Lock()
	o := s.rop()
	o.kind, o.buf, o.flags, o.ctx = kindRecv, buf, flags, activeContext(ctx)
	if from {
		o.kind = kindRecvfrom
		o.addrBuf()
	}
	err := s.wait(o, true, time.Time{})
	n := o.n
	var addr Addr
	if err == nil && from {
		addr = o.decodeFrom(s)
	}
	o.buf, o.ctx, o.sa = nil, nil, nil
	s.rmu.Unlock()
	if err != nil {
		return 0, nil, s.opError(opname, nil, err)
	}
	return n, addr, nil
}

// Read reads into p, as io.Reader: it is RecvInto, except that an orderly
// shutdown of a stream is io.EOF.
func (s *Socket) Read(p []byte) (int, error) {
	n, _, err := s.recv(context.Background(), opRead, p, 0, false)
	if err != nil {
		return 0, err
	}
	if n == 0 && len(p) > 0 && s.kind == SOCK_STREAM {
		return 0, io.EOF
	}
	return min(n, len(p)), nil
}

// Write writes all of p, as io.Writer: it is Sendall, and returns the bytes
// written with the error when it stops early.
func (s *Socket) Write(p []byte) (int, error) {
	return s.sendAll(context.Background(), opWrite, p, 0)
}

// Shutdown shuts down one or both halves of the connection, as Python's
// socket.shutdown; it wraps shutdown(2). how is SHUT_RD, SHUT_WR or
// SHUT_RDWR. Errors: ENOTCONN when not connected, EINVAL for another how.
func (s *Socket) Shutdown(how int) error {
	if how < math.MinInt32 || how > math.MaxInt32 {
		return valueErr(opShutdown, nil, "how", "%d does not fit a C int", how)
	}
	var e syscall.Errno
	if err := s.control(opShutdown, func(fd int) { e = sysShutdown(fd, how) }); err != nil {
		return err
	}
	if e != 0 {
		return &Error{Op: opShutdown, Err: e}
	}
	return nil
}

// Getsockname returns the socket's own address, as Python's
// socket.getsockname; it wraps getsockname(2). An unbound INET socket gives
// 0.0.0.0 port 0, an unnamed AF_UNIX socket UnixAddr{""}. Errors: a closed
// socket.
func (s *Socket) Getsockname() (Addr, error) {
	return s.sockname(opGetsockname, sysGetsockname)
}

// Getpeername returns the address of the peer, as Python's
// socket.getpeername; it wraps getpeername(2). Errors: ENOTCONN when not
// connected.
func (s *Socket) Getpeername() (Addr, error) {
	return s.sockname(opGetpeername, sysGetpeername)
}

func (s *Socket) sockname(opname string, call func(int, *sockaddrBuf, *uint32) syscall.Errno) (Addr, error) {
	var sa sockaddrBuf
	var n uint32
	var e syscall.Errno
	if err := s.control(opname, func(fd int) { e = call(fd, &sa, &n) }); err != nil {
		return nil, err
	}
	if e != 0 {
		return nil, &Error{Op: opname, Err: e}
	}
	return decodeAddr(s, sa[:min(int(n), len(sa))]), nil
}
