package socket

import (
	"context"
	"errors"
	"math"
	"net"
	"os"
	"time"
)

// The ...Context methods run the call they are named after under a
// context.Context as well as the socket's timeout and deadlines:
//
//   - the call ends at the earliest of the context's deadline, the socket's
//     timeout (Settimeout) and the net.Conn deadline (SetDeadline), and none
//     of these is changed by the call;
//   - cancelling the context wakes the call at once; it then fails with an
//     *Error whose cause is ctx.Err(), so errors.Is(err, context.Canceled)
//     or errors.Is(err, context.DeadlineExceeded) holds; a deadline also
//     matches os.ErrDeadlineExceeded and reports Timeout() true, as every
//     socket timeout does;
//   - a context that can never end (context.Background(), context.TODO(),
//     context.WithValue of those, context.WithoutCancel) costs nothing: the
//     call takes the same path as the method without Context, with no
//     goroutine and no allocation.
//
// A nil context is an *Error whose cause is a *ValueError naming ctx, as
// for any other nil argument; the call does nothing then.

// ConnectContext is Connect under ctx, as Python's socket.connect with an
// asyncio-style cancellation; it wraps connect(2). When ctx ends before the
// connection is made the error's cause is ctx.Err(); the connection attempt
// may go on in the kernel, so close the socket then, as Python code closes a
// socket whose connect was interrupted. A host name in addr is resolved
// before the call takes any lock. Other errors as Connect.
func (s *Socket) ConnectContext(ctx context.Context, addr net.Addr) error {
	if ctx == nil {
		return nilCtxErr(opConnect)
	}
	if a, e, err := s.connect(ctx, opConnect, addr); err != nil {
		return err
	} else if e != nil {
		return s.opError(opConnect, a, e)
	}
	return nil
}

// AcceptContext is Accept under ctx: it waits for a connection until ctx
// ends, as Python's socket.accept; it wraps accept4(2). When ctx ends first
// the error's cause is ctx.Err(). Other errors as Accept.
func (s *Socket) AcceptContext(ctx context.Context) (*Socket, Addr, error) {
	if ctx == nil {
		return nil, nil, nilCtxErr(opAccept)
	}
	return s.accept(ctx)
}

// RecvContext is Recv under ctx, as Python's socket.recv; it wraps recv(2).
// When ctx ends first the error's cause is ctx.Err(). Other errors as Recv.
func (s *Socket) RecvContext(ctx context.Context, bufsize int, flags ...int) ([]byte, error) {
	if ctx == nil {
		return nil, nilCtxErr(opRecv)
	}
	if bufsize < 0 {
		return nil, valueErr(opRecv, nil, "bufsize", "negative buffersize in recv: %d", bufsize)
	}
	buf := make([]byte, s.recvSize(ctx, bufsize, flagsOf(flags)))
	n, _, err := s.recv(ctx, opRecv, buf, flagsOf(flags), false)
	if err != nil {
		return nil, err
	}
	return received(buf, n), nil
}

// RecvIntoContext is RecvInto under ctx, as Python's socket.recv_into; it
// wraps recv(2). It allocates nothing when ctx can never end. When ctx ends
// first the error's cause is ctx.Err(). Other errors as Recv.
func (s *Socket) RecvIntoContext(ctx context.Context, buf []byte, flags ...int) (int, error) {
	if ctx == nil {
		return 0, nilCtxErr(opRecvInto)
	}
	n, _, err := s.recv(ctx, opRecvInto, buf, flagsOf(flags), false)
	return n, err
}

// RecvfromContext is Recvfrom under ctx, as Python's socket.recvfrom; it
// wraps recvfrom(2). When ctx ends first the error's cause is ctx.Err().
// Other errors as Recvfrom.
func (s *Socket) RecvfromContext(ctx context.Context, bufsize int, flags ...int) ([]byte, Addr, error) {
	if ctx == nil {
		return nil, nil, nilCtxErr(opRecvfrom)
	}
	return s.recvfrom(ctx, bufsize, flagsOf(flags))
}

// RecvfromIntoContext is RecvfromInto under ctx, as Python's
// socket.recvfrom_into; it wraps recvfrom(2). It allocates nothing when ctx
// can never end and the sender is the last one's. When ctx ends first the
// error's cause is ctx.Err(). Other errors as Recv.
func (s *Socket) RecvfromIntoContext(ctx context.Context, buf []byte, flags ...int) (int, Addr, error) {
	if ctx == nil {
		return 0, nil, nilCtxErr(opRecvfromInt)
	}
	return s.recv(ctx, opRecvfromInt, buf, flagsOf(flags), true)
}

// RecvmsgContext is Recvmsg under ctx, as Python's socket.recvmsg; it wraps
// recvmsg(2). When ctx ends first the error's cause is ctx.Err(). Other
// errors as Recvmsg.
func (s *Socket) RecvmsgContext(ctx context.Context, bufsize, ancbufsize int, flags ...int) (data []byte, ancdata []ControlMessage, msgFlags int, addr Addr, err error) {
	if ctx == nil {
		return nil, nil, 0, nil, nilCtxErr(opRecvmsg)
	}
	return s.recvmsgAlloc(ctx, bufsize, ancbufsize, flagsOf(flags))
}

// RecvmsgIntoContext is RecvmsgInto under ctx, as Python's
// socket.recvmsg_into; it wraps recvmsg(2). When ctx ends first the error's
// cause is ctx.Err(). Other errors as RecvmsgInto.
func (s *Socket) RecvmsgIntoContext(ctx context.Context, buffers [][]byte, ancbufsize int, flags ...int) (n int, ancdata []ControlMessage, msgFlags int, addr Addr, err error) {
	if ctx == nil {
		return 0, nil, 0, nil, nilCtxErr(opRecvmsgInto)
	}
	return s.recvmsgInto(ctx, buffers, ancbufsize, flagsOf(flags))
}

// SendContext is Send under ctx, as Python's socket.send; it wraps send(2).
// It allocates nothing when ctx can never end. When ctx ends first the
// error's cause is ctx.Err(). Other errors as Send.
func (s *Socket) SendContext(ctx context.Context, data []byte, flags ...int) (int, error) {
	if ctx == nil {
		return 0, nilCtxErr(opSend)
	}
	return s.send(ctx, data, flagsOf(flags))
}

// SendallContext is Sendall under ctx, as Python's socket.sendall; it calls
// send(2) until all of data went or ctx ends. When it stops early the
// error's cause is a *PartialSendError holding the count sent, and
// errors.Is(err, context.Canceled) (or DeadlineExceeded) holds. Other
// errors as Sendall.
func (s *Socket) SendallContext(ctx context.Context, data []byte, flags ...int) error {
	if ctx == nil {
		return nilCtxErr(opSendall)
	}
	_, err := s.sendAll(ctx, opSendall, data, flagsOf(flags))
	return err
}

// SendtoContext is Sendto under ctx, as Python's socket.sendto; it wraps
// sendto(2). It allocates nothing when ctx can never end (and addr is kept
// by the caller, numeric). A host name in addr is resolved before the call
// takes any lock. When ctx ends first the error's cause is ctx.Err(). Other
// errors as Sendto.
func (s *Socket) SendtoContext(ctx context.Context, data []byte, addr net.Addr, flags ...int) (int, error) {
	if ctx == nil {
		return 0, nilCtxErr(opSendto)
	}
	return s.sendto(ctx, data, addr, flagsOf(flags))
}

// SendmsgContext is Sendmsg under ctx, as Python's socket.sendmsg; it wraps
// sendmsg(2). When ctx ends first the error's cause is ctx.Err(). Other
// errors as Sendmsg.
func (s *Socket) SendmsgContext(ctx context.Context, buffers [][]byte, ancdata []ControlMessage, addr net.Addr, flags ...int) (int, error) {
	if ctx == nil {
		return 0, nilCtxErr(opSendmsg)
	}
	return s.sendmsg(ctx, opSendmsg, buffers, ancdata, flagsOf(flags), addr)
}

// SendfileContext is Sendfile under ctx, as Python's socket.sendfile; it
// wraps sendfile(2), or reads f and sends where the kernel refuses. Each
// wait for the socket to drain ends at the earliest of ctx, the timeout and
// the deadline; when ctx ends first the error's cause is ctx.Err(), and, as
// in Sendfile, f's offset is left after the bytes that went. Other errors
// as Sendfile.
func (s *Socket) SendfileContext(ctx context.Context, f *os.File, offset, count int64) (int64, error) {
	if ctx == nil {
		return 0, nilCtxErr(opSendfile)
	}
	return s.sendfile(ctx, f, offset, count)
}

// activeContext returns ctx, or nil for a context that can never end, so
// that such a call takes the plain path (op.ctx nil: no context to watch).
func activeContext(ctx context.Context) context.Context {
	if ctx.Done() == nil {
		if _, ok := ctx.Deadline(); !ok {
			return nil
		}
	}
	return ctx
}

// staleDeadline marks the poller's deadline on one side as unknown: no
// deadline a call wants equals it, so the next call sets its own.
const staleDeadline = math.MinInt64

// longAgo is a deadline in the past: setting it wakes a waiting call.
var longAgo = time.Unix(1, 0)

// waitContext is wait for an op that carries a context. It folds the
// context's deadline into the call's deadline, and while the op waits it
// keeps a context.AfterFunc that moves the poller's deadline into the past
// when the context ends. Afterwards, if that happened, it marks the side's
// applied deadline stale, so that the next call restores the user's
// deadline. The side's mutex is held by the caller throughout, so no other
// call on this side sees the moved deadline.
func (s *Socket) waitContext(o *op, read bool, timeout int64, whole time.Time) error {
	ctx := o.ctx
	if err := ctx.Err(); err != nil {
		return ctxCause(err)
	}
	cd, hasDeadline := ctx.Deadline()
	if hasDeadline {
		if whole.IsZero() && timeout > 0 {
			whole = time.Now().Add(time.Duration(timeout))
		}
		if whole.IsZero() || cd.Before(whole) {
			whole = cd
		}
	}
	own, err := s.applyDeadline(read, timeout, whole)
	if err != nil {
		return err
	}
	var stop func() bool
	var fired chan struct{}
	if ctx.Done() != nil {
		fired = make(chan struct{})
		stop = context.AfterFunc(ctx, func() {
			defer close(fired)
			s.expireCall(read)
		})
	}
	if read {
		err = s.rc.Read(o.fn)
	} else {
		err = s.rc.Write(o.fn)
	}
	if stop != nil && !stop() {
		<-fired
		if read {
			s.appRD.Store(staleDeadline)
		} else {
			s.appWD.Store(staleDeadline)
		}
	}
	s.endCall(read, own)
	if err != nil {
		if timeoutErr(err) {
			if cerr := ctx.Err(); cerr != nil {
				return ctxCause(cerr)
			}
			if hasDeadline && !time.Now().Before(cd) {
				return errCtxDeadline
			}
		}
		return err
	}
	return errnoErr(o.errno)
}

// ctxCause is the cause of a call that ctx ended: ctx's own error, with a
// deadline also matching os.ErrDeadlineExceeded.
func ctxCause(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return errCtxDeadline
	}
	return err
}
