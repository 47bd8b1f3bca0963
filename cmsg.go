//go:build linux || darwin || freebsd

package socket

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The operation names of ancillary-data calls.
const (
	opSendmsg     = "sendmsg"
	opRecvmsg     = "recvmsg"
	opRecvmsgInto = "recvmsg_into"
	opSendFds     = "send_fds"
	opRecvFds     = "recv_fds"
	opCmsgLen     = "CMSG_LEN"
	opCmsgSpace   = "CMSG_SPACE"
)

// ControlMessage is one item of ancillary data, as Python's (level, type,
// data) tuple in sendmsg and recvmsg: Level is the protocol level
// (SOL_SOCKET, IPPROTO_IP, ...), Type the message type (SCM_RIGHTS,
// IP_TTL, ...) and Data the message's payload without header or padding.
type ControlMessage struct {
	Level, Type int
	Data        []byte
}

// The largest lengths CMSG_LEN and CMSG_SPACE accept, as CPython computes
// them: the result must fit a socklen_t that Python keeps below INT_MAX,
// and CMSG_SPACE leaves room for the padding before and after the data.
var (
	cmsgLenMax   = math.MaxInt32 - unix.CmsgLen(0)
	cmsgSpaceMax = math.MaxInt32 - unix.CmsgSpace(1)
)

// CMSG_LEN returns the value of cmsg_len for a control message whose data is
// length bytes long (the header, its padding and the data), as Python's
// socket.CMSG_LEN and C's macro of the running architecture (16+length on
// 64-bit Linux). A length outside 0 to 2147483631 (on 64-bit Linux) is an
// *Error with a *ValueError carrying Python's OverflowError text,
// "CMSG_LEN() argument out of range".
func CMSG_LEN(length int) (int, error) {
	if length < 0 || length > cmsgLenMax {
		return 0, valueErr(opCmsgLen, nil, "length", "CMSG_LEN() argument out of range")
	}
	return unix.CmsgLen(length), nil
}

// CMSG_SPACE returns the buffer space that a control message whose data is
// length bytes long takes, padding included, as Python's socket.CMSG_SPACE
// and C's macro (16+length rounded up to 8 on 64-bit Linux). Sum the values
// for several items to size Recvmsg's ancbufsize. A length outside 0 to
// 2147483623 (on 64-bit Linux) is an *Error with a *ValueError carrying
// Python's OverflowError text, "CMSG_SPACE() argument out of range".
func CMSG_SPACE(length int) (int, error) {
	if length < 0 || length > cmsgSpaceMax {
		return 0, valueErr(opCmsgSpace, nil, "length", "CMSG_SPACE() argument out of range")
	}
	return unix.CmsgSpace(length), nil
}

// cmsgHdrLen is the aligned size of struct cmsghdr: the offset of the data.
var cmsgHdrLen = unix.CmsgLen(0)

// buildControl lays out ancdata as the kernel reads it: each header with
// its cmsg_len, the data, and padding to the architecture's alignment.
func buildControl(op string, ancdata []ControlMessage) ([]byte, error) {
	if len(ancdata) == 0 {
		return nil, nil
	}
	total := 0
	for i, m := range ancdata {
		if len(m.Data) > cmsgSpaceMax {
			return nil, valueErr(op, nil, "ancdata", "item %d: ancillary data item too large (%d bytes; the limit is %d)", i, len(m.Data), cmsgSpaceMax)
		}
		if err := checkCInt(op, fmt.Sprintf("ancdata[%d].Level", i), m.Level); err != nil {
			return nil, err
		}
		if err := checkCInt(op, fmt.Sprintf("ancdata[%d].Type", i), m.Type); err != nil {
			return nil, err
		}
		total += unix.CmsgSpace(len(m.Data))
		if total > math.MaxInt32 {
			return nil, valueErr(op, nil, "ancdata", "too much ancillary data (over %d bytes)", math.MaxInt32)
		}
	}
	b := make([]byte, total)
	off := 0
	for _, m := range ancdata {
		var h unix.Cmsghdr
		h.Level = int32(m.Level)
		h.Type = int32(m.Type)
		h.SetLen(unix.CmsgLen(len(m.Data)))
		copy(b[off:], unsafe.Slice((*byte)(unsafe.Pointer(&h)), unix.SizeofCmsghdr))
		copy(b[off+cmsgHdrLen:], m.Data)
		off += unix.CmsgSpace(len(m.Data))
	}
	return b, nil
}

// parseControl splits the control data the kernel returned (b, cut to
// msg_controllen) into messages whose Data alias b. It follows the kernel's
// CMSG_NXTHDR: a message whose cmsg_len runs past the end (a truncated one,
// with MSG_CTRUNC set) keeps the data that is there, and parsing stops at a
// header that does not fit or is malformed. It never reads outside b.
func parseControl(b []byte) []ControlMessage {
	var msgs []ControlMessage
	off := 0
	for len(b)-off >= unix.SizeofCmsghdr {
		var h unix.Cmsghdr
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&h)), unix.SizeofCmsghdr), b[off:])
		l := uint64(h.Len)
		if l < uint64(unix.SizeofCmsghdr) {
			break
		}
		start := off + cmsgHdrLen
		end := uint64(len(b))
		if rem := uint64(len(b) - off); l < rem {
			end = uint64(off) + l
		}
		var data []byte
		if uint64(start) <= end {
			data = b[start:end:end]
		} else {
			data = b[len(b):]
		}
		msgs = append(msgs, ControlMessage{Level: int(h.Level), Type: int(h.Type), Data: data})
		if l >= uint64(len(b)-off) {
			break
		}
		next := off + cmsgAlign(int(l))
		if next <= off || next >= len(b) {
			break
		}
		off = next
	}
	return msgs
}

// cmsgAlign rounds n up to the alignment of control messages.
func cmsgAlign(n int) int { return unix.CmsgSpace(n) - unix.CmsgSpace(0) }

// iovecs builds the iovec array for bufs. Empty buffers keep a valid
// pointer, as the kernel ignores it.
func iovecs(bufs [][]byte) []unix.Iovec {
	iov := make([]unix.Iovec, len(bufs))
	for i, b := range bufs {
		if len(b) > 0 {
			iov[i].Base = &b[0]
		} else {
			iov[i].Base = &zeroByte
		}
		iov[i].SetLen(len(b))
	}
	return iov
}

// Sendmsg sends the data in buffers (gathered, in order) with the control
// messages ancdata, to addr if it is not nil, as Python's
// socket.sendmsg(buffers, ancdata, flags, address); it wraps sendmsg(2)
// (with MSG_NOSIGNAL where the system has it). The address comes before
// the optional flags, as in Sendto; it is one of the package's Addr types
// or a standard library address, as for Bind, and a host name in it is
// resolved before the call takes any lock. It returns how many bytes of
// data went, which on a stream may be fewer than all. It runs under the
// socket's timeout mode as Send does. Errors: a *ValueError for a level or
// type outside a C int or for ancillary data over 2 GiB; EBADF for a bad
// descriptor in SCM_RIGHTS, EINVAL for a malformed control message,
// EMSGSIZE, EDESTADDRREQ without an address on an unconnected datagram
// socket, EAGAIN and os.ErrDeadlineExceeded as Send.
func (s *Socket) Sendmsg(buffers [][]byte, ancdata []ControlMessage, addr net.Addr, flags ...int) (int, error) {
	return s.sendmsg(context.Background(), opSendmsg, buffers, ancdata, flagsOf(flags), addr)
}

func (s *Socket) sendmsg(ctx context.Context, op string, buffers [][]byte, ancdata []ControlMessage, flags int, addr net.Addr) (int, error) {
	if s.isClosed() {
		return 0, &Error{Op: op, Err: errClosedBefore}
	}
	var sa *sockaddrBuf
	var a Addr
	salen := 0
	if addr != nil {
		var err error
		if a, err = s.sockAddr(ctx, op, addr); err != nil {
			return 0, err
		}
		sa = new(sockaddrBuf)
		n, err := encodeAddr(s, op, a, sa)
		if err != nil {
			return 0, err
		}
		salen = n
	}
	ctrl, err := buildControl(op, ancdata)
	if err != nil {
		return 0, err
	}
	iov := iovecs(buffers)
	var msg unix.Msghdr
	if sa != nil {
		msg.Name = (*byte)(unsafe.Pointer(sa))
		msg.Namelen = uint32(salen)
	}
	if len(iov) > 0 {
		msg.Iov = &iov[0]
		msg.SetIovlen(len(iov))
	}
	if len(ctrl) > 0 {
		msg.Control = &ctrl[0]
		msg.SetControllen(len(ctrl))
	}
	var n int
	err = s.do(ctx, op, a, false, flags, func(fd int) (bool, syscall.Errno) {
		r, e := sysSendmsg(fd, &msg, flags|msgNoSignal)
		if e == syscall.EAGAIN {
			return false, 0
		}
		n = r
		return true, e
	})
	runtime.KeepAlive(sa)
	runtime.KeepAlive(iov)
	runtime.KeepAlive(ctrl)
	runtime.KeepAlive(buffers)
	if err != nil {
		return 0, err
	}
	return n, nil
}

// Recvmsg receives up to bufsize bytes of data and up to ancbufsize bytes of
// control messages, as Python's socket.recvmsg(bufsize, ancbufsize, flags);
// it wraps recvmsg(2). It returns the data, the control messages, the flags
// the kernel set (MSG_TRUNC when a datagram was cut, MSG_CTRUNC when control
// data was, MSG_EOR, ...) and the sender's address, nil where Python's is
// None (connected streams, unbound AF_UNIX senders). Size ancbufsize with
// CMSG_SPACE. A message cut by a small ancbufsize comes back with the data
// that fit and MSG_CTRUNC; descriptors in SCM_RIGHTS messages belong to the
// caller, who must close them (pass MSG_CMSG_CLOEXEC in flags so that child
// processes do not inherit them, or use RecvFds). It runs under the
// socket's timeout mode as Recv does. Errors: a *ValueError for a negative
// bufsize ("negative buffer size in recvmsg()") or ancbufsize ("invalid
// ancillary data buffer length"), as Python's; otherwise those of Recv.
func (s *Socket) Recvmsg(bufsize, ancbufsize int, flags ...int) (data []byte, ancdata []ControlMessage, msgFlags int, addr Addr, err error) {
	return s.recvmsgAlloc(context.Background(), bufsize, ancbufsize, flagsOf(flags))
}

func (s *Socket) recvmsgAlloc(ctx context.Context, bufsize, ancbufsize, f int) ([]byte, []ControlMessage, int, Addr, error) {
	if bufsize < 0 {
		return nil, nil, 0, nil, valueErr(opRecvmsg, nil, "bufsize", "negative buffer size in recvmsg()")
	}
	if ancbufsize < 0 || ancbufsize > math.MaxInt32 {
		return nil, nil, 0, nil, valueErr(opRecvmsg, nil, "ancbufsize", "invalid ancillary data buffer length")
	}
	buf := make([]byte, s.recvSize(ctx, bufsize, f))
	n, anc, mf, a, err := s.recvmsg(ctx, opRecvmsg, [][]byte{buf}, ancbufsize, f)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	return received(buf, n), anc, mf, a, nil
}

// RecvmsgInto receives data into buffers (scattered, in order) and up to
// ancbufsize bytes of control messages, as Python's
// socket.recvmsg_into(buffers, ancbufsize, flags); it wraps recvmsg(2). It
// returns the number of bytes received and what Recvmsg returns besides.
// Errors as Recvmsg ("invalid ancillary data buffer length" for a negative
// ancbufsize).
func (s *Socket) RecvmsgInto(buffers [][]byte, ancbufsize int, flags ...int) (n int, ancdata []ControlMessage, msgFlags int, addr Addr, err error) {
	return s.recvmsgInto(context.Background(), buffers, ancbufsize, flagsOf(flags))
}

func (s *Socket) recvmsgInto(ctx context.Context, buffers [][]byte, ancbufsize, flags int) (int, []ControlMessage, int, Addr, error) {
	if ancbufsize < 0 || ancbufsize > math.MaxInt32 {
		return 0, nil, 0, nil, valueErr(opRecvmsgInto, nil, "ancbufsize", "invalid ancillary data buffer length")
	}
	return s.recvmsg(ctx, opRecvmsgInto, buffers, ancbufsize, flags)
}

func (s *Socket) recvmsg(ctx context.Context, op string, buffers [][]byte, ancbufsize, flags int) (int, []ControlMessage, int, Addr, error) {
	sa := new(sockaddrBuf)
	var ctrl []byte
	if ancbufsize > 0 {
		ctrl = make([]byte, ancbufsize)
	}
	iov := iovecs(buffers)
	wantCloexec := flags&msgCmsgCloexecWanted != 0
	if msgCmsgCloexec == 0 {
		flags &^= msgCmsgCloexecWanted
	}
	var msg unix.Msghdr
	var n int
	err := s.do(ctx, op, nil, true, flags, func(fd int) (bool, syscall.Errno) {
		msg = unix.Msghdr{Name: (*byte)(unsafe.Pointer(sa)), Namelen: uint32(len(sa))}
		if len(iov) > 0 {
			msg.Iov = &iov[0]
			msg.SetIovlen(len(iov))
		}
		if len(ctrl) > 0 {
			msg.Control = &ctrl[0]
			msg.SetControllen(len(ctrl))
		}
		r, e := sysRecvmsg(fd, &msg, flags)
		if e == syscall.EAGAIN {
			return false, 0
		}
		n = r
		return true, e
	})
	runtime.KeepAlive(iov)
	runtime.KeepAlive(buffers)
	if err != nil {
		return 0, nil, 0, nil, err
	}
	clen := min(uint64(msg.Controllen), uint64(len(ctrl)))
	anc := parseControl(ctrl[:clen])
	if msgCmsgCloexec == 0 && wantCloexec {
		setCloexecFds(anc)
	}
	namelen := min(int(msg.Namelen), len(sa))
	return n, anc, int(msg.Flags), decodeAddr(s, sa[:namelen]), nil
}

// fdsOf returns the descriptors in the SCM_RIGHTS messages of anc, dropping
// trailing bytes that do not make a whole int, as Python's recv_fds does.
func fdsOf(anc []ControlMessage) []int {
	var fds []int
	for _, m := range anc {
		if m.Level != SOL_SOCKET || m.Type != SCM_RIGHTS {
			continue
		}
		for i := 0; i+4 <= len(m.Data); i += 4 {
			fds = append(fds, int(int32(nativeEndian.Uint32(m.Data[i:]))))
		}
	}
	return fds
}

func setCloexecFds(anc []ControlMessage) {
	for _, fd := range fdsOf(anc) {
		sysSetCloexec(fd, true)
	}
}

// ErrCtrunc is the cause inside the *Error that RecvFds returns when the
// control buffer was too small for the descriptors that came (the kernel set
// MSG_CTRUNC): more descriptors were sent than maxfds, and RecvFds closed
// every one that did arrive, as the kernel closed the rest.
var ErrCtrunc = errors.New("control data truncated (MSG_CTRUNC)")

// SendFds sends the data in buffers with the descriptors fds in one
// SCM_RIGHTS control message, as Python's socket.send_fds(sock, buffers,
// fds, flags, address); it wraps sendmsg(2). Unlike Python 3.11's, which
// ignores them, flags and addr are honoured (addr nil means no address).
// The descriptors stay open in the sender. The kernel takes at most
// SCM_MAX_FD (253) descriptors in one message. Errors: a *ValueError for a
// descriptor outside a C int, EBADF for a descriptor that is not open,
// ETOOMANYREFS, EINVAL for more than SCM_MAX_FD, and those of Sendmsg.
func SendFds(s *Socket, buffers [][]byte, fds []int, addr net.Addr, flags ...int) (int, error) {
	data := make([]byte, 4*len(fds))
	for i, fd := range fds {
		if err := checkCInt(opSendFds, fmt.Sprintf("fds[%d]", i), fd); err != nil {
			return 0, err
		}
		nativeEndian.PutUint32(data[4*i:], uint32(int32(fd)))
	}
	return s.sendmsg(context.Background(), opSendFds, buffers, []ControlMessage{{Level: SOL_SOCKET, Type: SCM_RIGHTS, Data: data}}, flagsOf(flags), addr)
}

// RecvFds receives up to bufsize bytes of data and up to maxfds descriptors,
// as Python's socket.recv_fds(sock, bufsize, maxfds, flags); it wraps
// recvmsg(2) with a control buffer of CMSG_LEN(4*maxfds) bytes, as Python
// sizes it. The descriptors of every SCM_RIGHTS message that came are
// returned, in order; other control messages are ignored. They are
// close-on-exec (RecvFds asks for MSG_CMSG_CLOEXEC), so child processes do
// not inherit them, and the caller owns them. Unlike Python 3.11's, which
// ignores it, flags is honoured (MSG_PEEK, MSG_DONTWAIT, ...).
//
// When more descriptors came than the buffer holds (the kernel set
// MSG_CTRUNC), RecvFds closes every descriptor that did arrive and returns
// the data, msgFlags and address with an *Error whose cause wraps
// ErrCtrunc; Python instead returns the ones that fit. Errors: a *ValueError
// for a negative bufsize or a maxfds whose CMSG_LEN is out of range, and
// those of Recvmsg.
func RecvFds(s *Socket, bufsize, maxfds int, flags ...int) (data []byte, fds []int, msgFlags int, addr Addr, err error) {
	if bufsize < 0 {
		return nil, nil, 0, nil, valueErr(opRecvFds, nil, "bufsize", "negative buffer size in recvmsg()")
	}
	if maxfds < 0 || maxfds > cmsgLenMax/4 {
		return nil, nil, 0, nil, valueErr(opRecvFds, nil, "maxfds", "CMSG_LEN() argument out of range (maxfds %d; the limit is %d)", maxfds, cmsgLenMax/4)
	}
	asked := flagsOf(flags)
	f := asked | msgCmsgCloexecWanted
	buf := make([]byte, s.recvSize(context.Background(), bufsize, f))
	n, anc, mf, a, err := s.recvmsg(context.Background(), opRecvFds, [][]byte{buf}, unix.CmsgLen(4*maxfds), f)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	got := fdsOf(anc)
	data = received(buf, n)
	// The kernel echoes MSG_CMSG_CLOEXEC in msg_flags; report it only when
	// the caller asked for it.
	mf &^= msgCmsgCloexecWanted &^ asked
	if mf&MSG_CTRUNC != 0 {
		for _, fd := range got {
			sysClose(fd)
		}
		return data, nil, mf, a, &Error{Op: opRecvFds, Addr: a, Err: fmt.Errorf("%w: room for %d descriptors; the %d that arrived were closed and the kernel discarded the rest", ErrCtrunc, maxfds, len(got))}
	}
	return data, got, mf, a, nil
}
