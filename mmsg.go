//go:build linux || darwin || freebsd

package socket

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The operation names of the batch calls: the system calls' own, as Python
// has no such calls.
const (
	opRecvmmsg = "recvmmsg"
	opSendmmsg = "sendmmsg"
)

// uioMaxiov is UIO_MAXIOV of <linux/uio.h> (IOV_MAX on darwin and freebsd):
// the most messages one recvmmsg(2)/sendmmsg(2) moves and the most buffers
// one message takes. It is 1024 on every architecture and system the
// package builds for; x/sys/unix does not name it.
const uioMaxiov = 1024

// Message is one datagram of a batch for Recvmmsg and Sendmmsg, as C's
// struct mmsghdr, with the same fields as golang.org/x/net/ipv4.Message.
// Python has no equivalent: its sendmsg and recvmsg move one datagram per
// call.
type Message struct {
	Buffers [][]byte // data: filled on receive (scatter), sent in order on send (gather)
	OOB     []byte   // raw ancillary data to send, or space for it on receive
	Addr    Addr     // send: the destination (nil on a connected socket); receive: the source
	N       int      // bytes sent or received
	NN      int      // receive: bytes of OOB filled
	Flags   int      // receive: msg_flags (MSG_TRUNC, MSG_CTRUNC, ...)
}

// Recvmmsg receives up to len(msgs) datagrams in one system call, each into
// its Message's Buffers (scattered, in order) and OOB, and returns how many
// arrived; it wraps recvmmsg(2) (on darwin and freebsd, one recvmsg(2) per
// datagram that is waiting, with the same results). Python has no
// equivalent; it is the batch form of RecvmsgInto. For each of the first n
// messages it sets N (the datagram's bytes that fit), NN (the bytes of OOB
// filled: parse OOB[:NN] with ParseControlMessages), Flags (MSG_TRUNC when
// the datagram was longer than the buffers, MSG_CTRUNC when OOB was short)
// and Addr (the source, nil where Recvfrom's is nil; an address from the
// same peer as before is the same value, so that a loop that reuses msgs
// allocates nothing).
//
// It runs under the socket's timeout mode, deadlines and MSG_DONTWAIT as
// Recv does, and returns as soon as at least one datagram is there: it
// never waits to fill the batch. When the kernel meets an error after some
// datagrams it returns those with a nil error and reports the error on the
// next call, as recvmmsg(2) does. Errors: a *ValueError for more than 1024
// messages (UIO_MAXIOV), a message with nil Buffers or more than 1024 of
// them, flags outside a C int, or a nil or zero *Socket; otherwise those of
// Recv.
func (s *Socket) Recvmmsg(msgs []Message, flags ...int) (int, error) {
	return s.mmsg(context.Background(), opRecvmmsg, msgs, flagsOf(flags))
}

// RecvmmsgContext is Recvmmsg under ctx, with the rules of every
// ...Context method (context.go); it wraps recvmmsg(2). It allocates
// nothing when ctx can never end. When ctx ends first the error's cause is
// ctx.Err(). A nil ctx is a *ValueError naming ctx. Other errors as
// Recvmmsg.
func (s *Socket) RecvmmsgContext(ctx context.Context, msgs []Message, flags ...int) (int, error) {
	if ctx == nil {
		return 0, valueErr(opRecvmmsg, nil, "ctx", "nil context.Context; pass context.Background() for none")
	}
	return s.mmsg(ctx, opRecvmmsg, msgs, flagsOf(flags))
}

// Sendmmsg sends msgs in one system call, each Message's Buffers gathered
// in order as one datagram with its OOB as ancillary data (built with
// AppendControlMessage) to its Addr (nil on a connected socket), and
// returns how many went; it wraps sendmmsg(2) (with MSG_NOSIGNAL; on darwin
// and freebsd, one sendmsg(2) per message, with the same results). Python
// has no equivalent; it is the batch form of Sendmsg. It sets N of each
// message that went. Fewer than len(msgs) may go (the send buffer filled,
// or a later message failed) with a nil error: send the rest again, and an
// error that stopped them comes then, as sendmmsg(2) reports it. A message
// whose OOB carries a UDP_SEGMENT control message is cut by the kernel into
// datagrams of that size (UDP GSO).
//
// It runs under the socket's timeout mode, deadlines and MSG_DONTWAIT as
// Send does. Errors: a *ValueError for more than 1024 messages
// (UIO_MAXIOV), a message with nil Buffers or more than 1024 of them, a
// malformed OOB, an Addr of the wrong family or a typed-nil Addr (each
// naming the message), flags outside a C int, or a nil or zero *Socket; a
// *GaiError for a host name that does not resolve; otherwise those of
// Sendmsg (EMSGSIZE, EDESTADDRREQ, EINVAL for a bad UDP_SEGMENT, ...).
func (s *Socket) Sendmmsg(msgs []Message, flags ...int) (int, error) {
	return s.mmsg(context.Background(), opSendmmsg, msgs, flagsOf(flags))
}

// SendmmsgContext is Sendmmsg under ctx, with the rules of every
// ...Context method (context.go); it wraps sendmmsg(2). It allocates
// nothing when ctx can never end. When ctx ends first the error's cause is
// ctx.Err(). A nil ctx is a *ValueError naming ctx. Other errors as
// Sendmmsg.
func (s *Socket) SendmmsgContext(ctx context.Context, msgs []Message, flags ...int) (int, error) {
	if ctx == nil {
		return 0, valueErr(opSendmmsg, nil, "ctx", "nil context.Context; pass context.Background() for none")
	}
	return s.mmsg(ctx, opSendmmsg, msgs, flagsOf(flags))
}

// mmsgBatch is one side's scratch for the batch calls: the header array
// that the kernel reads, the iovecs and the sockaddrs it points at. It is
// made at the side's first batch call, grows only when a batch needs more,
// and is guarded by the side's mutex. The headers hold their pointers as
// pointer-typed fields, so the buffers they point at stay alive and the
// garbage collector sees them; they are cleared after each call.
type mmsgBatch struct {
	s    *Socket
	recv bool
	fn   func(fd int) (done bool, e syscall.Errno) // run, bound once

	hdrs  []mmsghdr
	iovs  []unix.Iovec
	names []sockaddrBuf

	flags int // the system call's flags
	n     int // messages moved by the last call

	// pending is an error that the one-at-a-time fallback met after some
	// datagrams arrived; the next call reports it, as recvmmsg(2) does.
	pending syscall.Errno

	// peers are the last sources decoded, so that datagrams from the same
	// peers decode to the same Addr values without allocating.
	peers [8]mmsgPeer
	next  int
}

type mmsgPeer struct {
	n  uint32
	sa sockaddrBuf
	a  Addr
}

func newBatch(s *Socket, recv bool) *mmsgBatch {
	b := &mmsgBatch{s: s, recv: recv}
	b.fn = b.run
	return b
}

// mmsg runs one batch call through the poller on its side.
func (s *Socket) mmsg(ctx context.Context, opname string, msgs []Message, flags int) (int, error) {
	if s == nil || s.rc == nil {
		return 0, valueErr(opname, nil, "s", "nil or zero *Socket; make one with New, Socketpair or FromFileno")
	}
	if err := checkBatch(opname, msgs, flags); err != nil {
		return 0, err
	}
	recv := opname == opRecvmmsg
	mu, bp := &s.wmu, &s.wmm
	if recv {
		mu, bp = &s.rmu, &s.rmm
	}
	mu.Lock()
	defer mu.Unlock()
	var o *op
	if recv {
		o = s.rop()
	} else {
		o = s.wop()
	}
	if len(msgs) == 0 {
		if s.state.Load() != stateOpen {
			return 0, s.opError(opname, nil, errClosedBefore)
		}
		return 0, nil
	}
	b := *bp
	if b == nil {
		b = newBatch(s, recv)
		*bp = b
	}
	defer b.release()
	if err := b.fill(opname, msgs); err != nil {
		return 0, err
	}
	b.flags, b.n = flags, 0
	o.kind, o.custom, o.flags, o.ctx = kindCustom, b.fn, flags, activeContext(ctx)
	err := s.wait(o, recv, time.Time{})
	o.custom, o.ctx = nil, nil
	if err != nil {
		return 0, s.opError(opname, nil, err)
	}
	n := min(b.n, len(msgs))
	for i := range n {
		m, h := &msgs[i], &b.hdrs[i]
		m.N = int(h.Len)
		if recv {
			m.NN = min(int(h.Hdr.Controllen), len(m.OOB))
			m.Flags = int(h.Hdr.Flags)
			m.Addr = b.decode(i)
		}
	}
	return n, nil
}

// checkBatch checks what can be checked before the socket's lock is taken.
func checkBatch(opname string, msgs []Message, flags int) error {
	if err := checkCInt(opname, "flags", flags); err != nil {
		return err
	}
	if len(msgs) > uioMaxiov {
		return valueErr(opname, nil, "msgs", "%d messages; the limit is %d (UIO_MAXIOV)", len(msgs), uioMaxiov)
	}
	for i := range msgs {
		m := &msgs[i]
		switch {
		case m.Buffers == nil:
			return valueErr(opname, nil, fmt.Sprintf("msgs[%d].Buffers", i), "nil buffer list; give at least an empty [][]byte{}")
		case len(m.Buffers) > uioMaxiov:
			return valueErr(opname, nil, fmt.Sprintf("msgs[%d].Buffers", i), "%d buffers; the limit is %d (UIO_MAXIOV)", len(m.Buffers), uioMaxiov)
		case len(m.OOB) > math.MaxInt32:
			return valueErr(opname, nil, fmt.Sprintf("msgs[%d].OOB", i), "%d bytes of ancillary data; the limit is %d", len(m.OOB), math.MaxInt32)
		}
		if opname == opSendmmsg {
			if m.Addr != nil && nilPointer(m.Addr) {
				return valueErr(opname, nil, fmt.Sprintf("msgs[%d].Addr", i), "typed nil %T; use a nil Addr on a connected socket", m.Addr)
			}
			if err := checkControl(m.OOB); err != nil {
				return valueErr(opname, nil, fmt.Sprintf("msgs[%d].OOB", i), "%v", err)
			}
		}
	}
	return nil
}

// fill lays msgs out in the scratch: one header per message, its iovecs,
// and on send its destination encoded (the same address as the message
// before is copied, not encoded again).
func (b *mmsgBatch) fill(opname string, msgs []Message) error {
	niov := 0
	for i := range msgs {
		niov += len(msgs[i].Buffers)
	}
	if cap(b.hdrs) < len(msgs) {
		b.hdrs = make([]mmsghdr, len(msgs))
	}
	b.hdrs = b.hdrs[:len(msgs)]
	if cap(b.iovs) < niov {
		b.iovs = make([]unix.Iovec, niov)
	}
	b.iovs = b.iovs[:niov]
	if cap(b.names) < len(msgs) {
		b.names = make([]sockaddrBuf, len(msgs))
	}
	b.names = b.names[:len(msgs)]
	off := 0
	for i := range msgs {
		m, h := &msgs[i], &b.hdrs[i].Hdr
		if nb := len(m.Buffers); nb > 0 {
			iov := b.iovs[off : off+nb]
			for j, buf := range m.Buffers {
				if len(buf) > 0 {
					iov[j].Base = &buf[0]
				} else {
					iov[j].Base = &zeroByte
				}
				iov[j].SetLen(len(buf))
			}
			h.Iov = &iov[0]
			h.SetIovlen(nb)
			off += nb
		}
		if len(m.OOB) > 0 {
			h.Control = &m.OOB[0]
			h.SetControllen(len(m.OOB))
		}
		if b.recv {
			h.Name = (*byte)(unsafe.Pointer(&b.names[i]))
			h.Namelen = uint32(len(b.names[i]))
			continue
		}
		if m.Addr == nil {
			continue
		}
		var n int
		if i > 0 && sameAddr(m.Addr, msgs[i-1].Addr) {
			n = int(b.hdrs[i-1].Hdr.Namelen)
			b.names[i] = b.names[i-1]
		} else {
			var err error
			if n, err = encodeAddr(b.s, opname, m.Addr, &b.names[i]); err != nil {
				var ve *ValueError
				if errors.As(err, &ve) && ve.Arg == "addr" {
					ve.Arg = fmt.Sprintf("msgs[%d].Addr", i)
				}
				return err
			}
		}
		h.Name = (*byte)(unsafe.Pointer(&b.names[i]))
		h.Namelen = uint32(n)
	}
	return nil
}

// sameAddr reports whether a and prev are equal INET or INET6 addresses,
// whose encoding can then be copied. Other types are not compared (some
// hold slices, which == cannot compare).
func sameAddr(a, prev Addr) bool {
	switch a := a.(type) {
	case InetAddr:
		p, ok := prev.(InetAddr)
		return ok && p == a
	case Inet6Addr:
		p, ok := prev.(Inet6Addr)
		return ok && p == a
	}
	return false
}

// release drops the scratch's pointers into the caller's memory, so that
// the buffers of the last batch are not kept alive by the socket.
func (b *mmsgBatch) release() {
	clear(b.hdrs)
	clear(b.iovs)
}

// decode returns the source address of message i, reusing the value
// decoded for the same peer before.
func (b *mmsgBatch) decode(i int) Addr {
	n := min(b.hdrs[i].Hdr.Namelen, uint32(len(b.names[i])))
	sa := b.names[i][:n]
	for j := range b.peers {
		p := &b.peers[j]
		if p.a != nil && p.n == n && bytes.Equal(p.sa[:n], sa) {
			return p.a
		}
	}
	a := decodeAddr(b.s, sa)
	if _, raw := a.(RawAddr); a != nil && !raw && n >= 2 {
		if f := sockaddrFamily(sa); int(f) < len(reusable) && reusable[f] {
			// Only immutable addresses are shared between calls.
			p := &b.peers[b.next]
			b.next = (b.next + 1) % len(b.peers)
			p.n, p.a = n, a
			copy(p.sa[:n], sa)
		}
	}
	return a
}
