package socket

import (
	"bytes"
	"context"
	"errors"
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
// Socket has one for reads and one for writes, each with its function bound
// once at creation, so that running an operation through the poller
// allocates nothing. The side's mutex guards it.
type op struct {
	s    *Socket
	fn   func(fd uintptr) bool
	kind opKind
	once bool // non-blocking mode: one attempt, then EAGAIN

	buf   []byte
	flags int
	sa    sockaddrBuf
	salen uint32
	n     int
	errno syscall.Errno

	custom func(fd int) (done bool, e syscall.Errno)

	// ctx, when not nil, is the context of a ...Context call: its deadline
	// joins the others and its cancellation wakes the wait (waitContext).
	ctx context.Context

	// The last address received and its decoded form: a datagram socket that
	// hears from the same peer again decodes nothing and allocates nothing.
	lastSA  sockaddrBuf
	lastLen uint32
	last    Addr

	// spare is a second sockaddr buffer, for Connect and Bind on this side.
	spare sockaddrBuf
}

func (o *op) init(s *Socket) {
	o.s = s
	o.fn = o.run
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
			o.n, e = sysRecvfrom(int(fd), o.buf, o.flags, &o.sa, &o.salen)
		case kindSend:
			o.n, e = sysSendto(int(fd), o.buf, o.flags, nil, 0)
		case kindSendto:
			o.n, e = sysSendto(int(fd), o.buf, o.flags, &o.sa, int(o.salen))
		case kindAccept:
			o.n, e = sysAccept(int(fd), &o.sa, &o.salen)
		case kindAcceptNoAddr:
			o.salen = 0
			o.n, e = sysAccept(int(fd), nil, nil)
		case kindConnectStart:
			e = sysConnect(int(fd), &o.sa, int(o.salen))
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
				if e2 := sysConnect(int(fd), &o.sa, int(o.salen)); e2 != syscall.EISCONN && e2 != 0 {
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
	if s.state.Load() != stateOpen {
		return errClosedBefore
	}
	t := s.timeout.Load()
	// MSG_DONTWAIT asks for one attempt in any mode, as the kernel does.
	o.once = t == 0 || o.flags&MSG_DONTWAIT != 0
	o.errno = 0
	if o.ctx != nil {
		return s.waitContext(o, read, t, deadline)
	}
	if err := s.applyDeadline(read, t, deadline); err != nil {
		return err
	}
	var err error
	if read {
		err = s.rc.Read(o.fn)
	} else {
		err = s.rc.Write(o.fn)
	}
	if err != nil {
		return err
	}
	return errnoErr(o.errno)
}

// applyDeadline sets the poller's deadline for one call: the earlier of the
// user's net.Conn deadline and the call's timeout. It touches the poller
// only when that deadline changes, so calls in blocking mode without
// deadlines cost two atomic loads.
func (s *Socket) applyDeadline(read bool, timeout int64, whole time.Time) error {
	user, applied := &s.userWD, &s.appWD
	if read {
		user, applied = &s.userRD, &s.appRD
	}
	want := user.Load()
	switch {
	case !whole.IsZero():
		if w := whole.UnixNano(); want == 0 || w < want {
			want = w
		}
	case timeout > 0:
		if w := time.Now().UnixNano() + timeout; want == 0 || w < want {
			want = w
		}
	}
	if want == applied.Load() {
		return nil
	}
	var d time.Time
	if want != 0 {
		d = time.Unix(0, want)
	}
	var err error
	if read {
		err = s.file.SetReadDeadline(d)
	} else {
		err = s.file.SetWriteDeadline(d)
	}
	if err != nil {
		return err
	}
	applied.Store(want)
	return nil
}

// decodeFrom decodes the address an op received, reusing the last one when
// it came from the same peer.
func (o *op) decodeFrom() Addr {
	n := o.salen
	if n > uint32(len(o.sa)) {
		n = uint32(len(o.sa))
	}
	if o.last != nil && n == o.lastLen && bytes.Equal(o.sa[:n], o.lastSA[:n]) {
		return o.last
	}
	a := decodeAddr(o.s, o.sa[:n])
	if _, raw := a.(RawAddr); !raw && n >= 2 && int(sockaddrFamily(o.sa[:])) < len(reusable) && reusable[sockaddrFamily(o.sa[:])] {
		// Only immutable addresses are shared between calls.
		copy(o.lastSA[:n], o.sa[:n])
		o.lastLen = n
		o.last = a
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
// allocates for the closure, which the hot paths avoid. The error is already
// the package's *Error with opname.
func (s *Socket) do(opname string, addr Addr, read bool, fn func(fd int) (done bool, e syscall.Errno)) error {
	mu, o := &s.wmu, &s.w
	if read {
		mu, o = &s.rmu, &s.r
	}
	mu.Lock()
	o.kind, o.custom, o.flags = kindCustom, fn, 0
	err := s.wait(o, read, time.Time{})
	o.custom = nil
	mu.Unlock()
	if err != nil {
		return s.opError(opname, addr, err)
	}
	return nil
}
