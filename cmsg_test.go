//go:build linux

package socket_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"sort"
	"strconv"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// fromRaw splits a raw control buffer, as x/net and x/sys build them, into
// the package's messages, with x/sys's parser.
func fromRaw(t testing.TB, b []byte) []socket.ControlMessage {
	t.Helper()
	ms, err := unix.ParseSocketControlMessage(b)
	require.NoError(t, err)
	var out []socket.ControlMessage
	for _, m := range ms {
		out = append(out, socket.ControlMessage{Level: int(m.Header.Level), Type: int(m.Header.Type), Data: m.Data})
	}
	return out
}

// toRaw lays out messages as the kernel does, the way x/sys's UnixRights
// does, so that x/net's parsers can read what the package received.
func toRaw(ms []socket.ControlMessage) []byte {
	var b []byte
	for _, m := range ms {
		p := make([]byte, unix.CmsgSpace(len(m.Data)))
		h := (*unix.Cmsghdr)(unsafe.Pointer(&p[0]))
		h.Level, h.Type = int32(m.Level), int32(m.Type)
		h.SetLen(unix.CmsgLen(len(m.Data)))
		copy(p[unix.CmsgLen(0):], m.Data)
		b = append(b, p...)
	}
	return b
}

func findMsg(ms []socket.ControlMessage, level, typ int) (socket.ControlMessage, bool) {
	for _, m := range ms {
		if m.Level == level && m.Type == typ {
			return m, true
		}
	}
	return socket.ControlMessage{}, false
}

func int32Bytes(v int) []byte {
	b := make([]byte, 4)
	*(*int32)(unsafe.Pointer(&b[0])) = int32(v)
	return b
}

func TestCmsgLenSpace(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		in          int
		len, space  int
		lenOK, spOK bool
	}{
		{"zero", 0, unix.CmsgLen(0), unix.CmsgSpace(0), true, true},
		{"one", 1, unix.CmsgLen(1), unix.CmsgSpace(1), true, true},
		{"fd", 4, unix.CmsgLen(4), unix.CmsgSpace(4), true, true},
		{"negative", -1, 0, 0, false, false},
		{"huge", int(^uint(0) >> 1), 0, 0, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := socket.CMSG_LEN(c.in)
			if c.lenOK {
				require.NoError(t, err)
				assert.Equal(t, c.len, l)
			} else {
				assert.ErrorIs(t, err, socket.ErrInvalid)
				var ve *socket.ValueError
				require.ErrorAs(t, err, &ve)
				assert.Equal(t, "CMSG_LEN() argument out of range", ve.Msg)
			}
			sp, err := socket.CMSG_SPACE(c.in)
			if c.spOK {
				require.NoError(t, err)
				assert.Equal(t, c.space, sp)
			} else {
				var ve *socket.ValueError
				require.ErrorAs(t, err, &ve)
				assert.Equal(t, "CMSG_SPACE() argument out of range", ve.Msg)
			}
		})
	}
}

// TestSendmsgRecvmsgStream gathers and scatters over a socketpair.
func TestSendmsgRecvmsgStream(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	n, err := a.Sendmsg([][]byte{[]byte("hel"), nil, []byte("lo, "), []byte("world")}, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, 12, n)
	p1, p2 := make([]byte, 5), make([]byte, 20)
	n, anc, flags, addr, err := b.RecvmsgInto([][]byte{p1, p2}, 0)
	require.NoError(t, err)
	assert.Equal(t, 12, n)
	assert.Equal(t, "hello", string(p1))
	assert.Equal(t, ", world", string(p2[:7]))
	assert.Empty(t, anc)
	assert.Zero(t, flags)
	assert.Nil(t, addr, "a connected stream has no sender address (Python's None)")

	// Nothing to send is 0 bytes, as Python's sendmsg([]).
	n, err = a.Sendmsg(nil, nil, nil)
	require.NoError(t, err)
	assert.Zero(t, n)

	_, _, _, _, err = b.Recvmsg(-1, 0)
	var ve *socket.ValueError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "negative buffer size in recvmsg()", ve.Msg)
	_, _, _, _, err = b.Recvmsg(10, -1)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "invalid ancillary data buffer length", ve.Msg)
	_, _, _, _, err = b.RecvmsgInto(nil, -1)
	require.ErrorAs(t, err, &ve)
	if strconv.IntSize == 64 {
		_, err = a.Sendmsg(nil, []socket.ControlMessage{{Level: overCInt}}, nil)
		assert.ErrorIs(t, err, socket.ErrInvalid)
	}
	// A malformed control message is the kernel's EINVAL.
	_, err = a.Sendmsg([][]byte{{1}}, []socket.ControlMessage{{Level: socket.SOL_SOCKET, Type: socket.SCM_CREDENTIALS, Data: []byte{1}}}, nil)
	assert.ErrorIs(t, err, syscall.EINVAL)
}

// TestSendmsgRecvmsgDatagram sends to an address and reports MSG_TRUNC and
// the sender's address, nil for an unbound AF_UNIX sender.
func TestSendmsgRecvmsgDatagram(t *testing.T) {
	t.Parallel()
	r := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	require.NoError(t, r.Bind(socket.InetAddr{Host: "127.0.0.1"}))
	to, err := r.Getsockname()
	require.NoError(t, err)
	w := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	require.NoError(t, w.Bind(socket.InetAddr{Host: "127.0.0.1"}))
	from, err := w.Getsockname()
	require.NoError(t, err)
	n, err := w.Sendmsg([][]byte{[]byte("0123456789")}, nil, to)
	require.NoError(t, err)
	assert.Equal(t, 10, n)
	data, anc, flags, addr, err := r.Recvmsg(4, 0)
	require.NoError(t, err)
	assert.Equal(t, "0123", string(data))
	assert.Empty(t, anc)
	assert.Equal(t, socket.MSG_TRUNC, flags&socket.MSG_TRUNC)
	assert.Equal(t, from, addr)

	_, err = w.Sendmsg([][]byte{{1}}, nil, socket.UnixAddr{Path: "/x"})
	assert.ErrorIs(t, err, socket.ErrInvalid)
	u := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	_, err = u.Sendmsg([][]byte{{1}}, nil, nil)
	assert.ErrorIs(t, err, syscall.EDESTADDRREQ)

	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_DGRAM)
	_, err = a.Sendmsg([][]byte{[]byte("x")}, nil, nil)
	require.NoError(t, err)
	_, _, _, addr, err = b.Recvmsg(10, 0)
	require.NoError(t, err)
	assert.Nil(t, addr, "an unbound AF_UNIX sender is Python's None")
}

// TestRecvmsgTimeouts runs Recvmsg and Sendmsg under the three timeout
// modes and a Close from another goroutine.
func TestRecvmsgTimeouts(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	require.NoError(t, b.Settimeout(0))
	_, _, _, _, err := b.Recvmsg(10, 64)
	assert.ErrorIs(t, err, syscall.EAGAIN)

	require.NoError(t, b.Settimeout(30*time.Millisecond))
	start := time.Now()
	_, _, _, _, err = b.Recvmsg(10, 64)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	var se *socket.Error
	require.ErrorAs(t, err, &se)
	assert.True(t, se.Timeout())
	assert.Equal(t, "recvmsg", se.Op)
	assert.GreaterOrEqual(t, time.Since(start), 25*time.Millisecond)

	// Fill the pair's buffer, then Sendmsg times out.
	require.NoError(t, a.Settimeout(30*time.Millisecond))
	chunk := make([]byte, 1<<16)
	for {
		_, err = a.Sendmsg([][]byte{chunk}, nil, nil)
		if err != nil {
			break
		}
	}
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)

	c, d := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	_ = c
	require.NoError(t, d.Settimeout(socket.NoTimeout))
	done := make(chan error, 1)
	go func() {
		_, _, _, _, err := d.Recvmsg(10, 64)
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	d.Close()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, net.ErrClosed)
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not wake Recvmsg")
	}
}

// TestSCMCredentials sends the process's credentials and reads them back,
// decoding them with the package and with x/sys.
func TestSCMCredentials(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_DGRAM)
	require.NoError(t, b.Setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1))
	me := socket.Ucred{Pid: os.Getpid(), Uid: os.Getuid(), Gid: os.Getgid()}
	_, err := a.Sendmsg([][]byte{[]byte("creds")}, []socket.ControlMessage{{Level: socket.SOL_SOCKET, Type: socket.SCM_CREDENTIALS, Data: me.Bytes()}}, nil)
	require.NoError(t, err)
	space, err := socket.CMSG_SPACE(12)
	require.NoError(t, err)
	data, anc, flags, _, err := b.Recvmsg(100, space)
	require.NoError(t, err)
	assert.Equal(t, "creds", string(data))
	assert.Zero(t, flags&socket.MSG_CTRUNC)
	m, ok := findMsg(anc, socket.SOL_SOCKET, socket.SCM_CREDENTIALS)
	require.True(t, ok, "no SCM_CREDENTIALS in %v", anc)
	u, err := socket.ParseUcred(m.Data)
	require.NoError(t, err)
	assert.Equal(t, me, u)
	ref, err := unix.ParseUnixCredentials(&unix.SocketControlMessage{Header: unix.Cmsghdr{Level: unix.SOL_SOCKET, Type: unix.SCM_CREDENTIALS}, Data: m.Data})
	require.NoError(t, err)
	assert.Equal(t, int32(os.Getpid()), ref.Pid)

	// Another process's pid needs CAP_SYS_ADMIN; pid 1 as root works,
	// so only a non-root run sees EPERM.
	if os.Geteuid() != 0 {
		other := socket.Ucred{Pid: 1, Uid: os.Getuid(), Gid: os.Getgid()}
		_, err = a.Sendmsg([][]byte{[]byte("x")}, []socket.ControlMessage{{Level: socket.SOL_SOCKET, Type: socket.SCM_CREDENTIALS, Data: other.Bytes()}}, nil)
		assert.ErrorIs(t, err, syscall.EPERM)
	}
}

// TestIPv4ControlMessages sends IP_PKTINFO (built by x/net), IP_TTL and
// IP_TOS with a datagram and reads IP_PKTINFO, IP_TTL and IP_TOS back,
// decoded by x/net where it knows the message.
func TestIPv4ControlMessages(t *testing.T) {
	t.Parallel()
	lo, err := net.InterfaceByName("lo")
	skipQemu(t, "netlink's RTM_GETLINK dump (Go's net.InterfaceByName), whose attributes it does not byte-swap", err)
	require.NoError(t, err)
	r := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	require.NoError(t, r.Bind(socket.InetAddr{Host: "127.0.0.1"}))
	for _, o := range []int{socket.IP_PKTINFO, socket.IP_RECVTTL, socket.IP_RECVTOS} {
		require.NoError(t, r.Setsockopt(socket.IPPROTO_IP, o, 1))
	}
	to, err := r.Getsockname()
	require.NoError(t, err)
	w := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)

	pkt := (&ipv4.ControlMessage{Src: net.ParseIP("127.0.0.1"), IfIndex: lo.Index}).Marshal()
	anc := fromRaw(t, pkt)
	anc = append(anc,
		socket.ControlMessage{Level: socket.IPPROTO_IP, Type: socket.IP_TTL, Data: int32Bytes(21)},
		socket.ControlMessage{Level: socket.IPPROTO_IP, Type: socket.IP_TOS, Data: []byte{0x28}})
	_, err = w.Sendmsg([][]byte{[]byte("v4")}, anc, to)
	require.NoError(t, err)

	data, got, flags, _, err := r.Recvmsg(100, 256)
	require.NoError(t, err)
	assert.Equal(t, "v4", string(data))
	assert.Zero(t, flags&socket.MSG_CTRUNC)
	var cm ipv4.ControlMessage
	require.NoError(t, cm.Parse(toRaw(got)))
	assert.Equal(t, 21, cm.TTL)
	assert.Equal(t, lo.Index, cm.IfIndex)
	assert.True(t, cm.Dst.Equal(net.ParseIP("127.0.0.1")), "dst %v", cm.Dst)
	tos, ok := findMsg(got, socket.IPPROTO_IP, socket.IP_TOS)
	require.True(t, ok, "no IP_TOS in %v", got)
	assert.Equal(t, []byte{0x28}, tos.Data)

	// Too small a control buffer: MSG_CTRUNC, and what fit.
	_, err = w.Sendmsg([][]byte{[]byte("v4")}, anc, to)
	require.NoError(t, err)
	sp, _ := socket.CMSG_SPACE(4)
	_, got, flags, _, err = r.Recvmsg(100, sp)
	require.NoError(t, err)
	assert.Equal(t, socket.MSG_CTRUNC, flags&socket.MSG_CTRUNC)
	assert.LessOrEqual(t, len(got), 1)
}

// TestIPv6ControlMessages does the same with IPV6_PKTINFO, IPV6_HOPLIMIT and
// IPV6_TCLASS, built and parsed by x/net.
func TestIPv6ControlMessages(t *testing.T) {
	t.Parallel()
	skipUnless(t, socket.AF_INET6, socket.SOCK_DGRAM, 0)
	lo, err := net.InterfaceByName("lo")
	skipQemu(t, "netlink's RTM_GETLINK dump (Go's net.InterfaceByName), whose attributes it does not byte-swap", err)
	require.NoError(t, err)
	r := mustNew(t, socket.AF_INET6, socket.SOCK_DGRAM, 0)
	require.NoError(t, r.Bind(socket.Inet6Addr{Host: "::1"}))
	for _, o := range []int{socket.IPV6_RECVPKTINFO, socket.IPV6_RECVHOPLIMIT, socket.IPV6_RECVTCLASS} {
		require.NoError(t, r.Setsockopt(socket.IPPROTO_IPV6, o, 1))
	}
	to, err := r.Getsockname()
	require.NoError(t, err)
	w := mustNew(t, socket.AF_INET6, socket.SOCK_DGRAM, 0)
	raw := (&ipv6.ControlMessage{TrafficClass: 0x20, HopLimit: 17, Src: net.ParseIP("::1"), IfIndex: lo.Index}).Marshal()
	_, err = w.Sendmsg([][]byte{[]byte("v6")}, fromRaw(t, raw), to)
	require.NoError(t, err)
	data, got, _, addr, err := r.Recvmsg(100, 256)
	require.NoError(t, err)
	assert.Equal(t, "v6", string(data))
	a6, ok := addr.(socket.Inet6Addr)
	require.True(t, ok, "%T", addr)
	assert.Equal(t, "::1", a6.Host)
	var cm ipv6.ControlMessage
	require.NoError(t, cm.Parse(toRaw(got)))
	assert.Equal(t, 17, cm.HopLimit)
	assert.Equal(t, 0x20, cm.TrafficClass)
	assert.Equal(t, lo.Index, cm.IfIndex)
	assert.True(t, cm.Dst.Equal(net.IPv6loopback), "dst %v", cm.Dst)
}

// openFds lists this process's open descriptors.
func openFds(t testing.TB) map[string]bool {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	m := map[string]bool{}
	for _, e := range ents {
		m[e.Name()] = true
	}
	return m
}

// TestFdPassing passes 1, 2, 250 and SCM_MAX_FD descriptors, writes through
// each one received, and checks that no descriptor is left behind.
func TestFdPassing(t *testing.T) {
	checkLeaks(t)
	for _, count := range []int{1, 2, 250, socket.SCM_MAX_FD} {
		t.Run(strconv.Itoa(count), func(t *testing.T) {
			before := openFds(t)
			func() {
				a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
				require.NoError(t, err)
				defer a.Close()
				defer b.Close()
				pr, pw, err := os.Pipe()
				require.NoError(t, err)
				defer pr.Close()
				defer pw.Close()
				var sent []int
				for i := 0; i < count; i++ {
					fd, err := unix.FcntlInt(pw.Fd(), unix.F_DUPFD_CLOEXEC, 0)
					require.NoError(t, err)
					sent = append(sent, fd)
				}
				n, err := socket.SendFds(a, [][]byte{[]byte("fds")}, sent, nil)
				for _, fd := range sent {
					unix.Close(fd)
				}
				require.NoError(t, err)
				assert.Equal(t, 3, n)
				data, fds, flags, addr, err := socket.RecvFds(b, 10, count)
				require.NoError(t, err)
				assert.Equal(t, "fds", string(data))
				assert.Zero(t, flags)
				assert.Nil(t, addr)
				require.Len(t, fds, count)
				for i, fd := range fds {
					fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
					require.NoError(t, err)
					assert.NotZero(t, fl&unix.FD_CLOEXEC, "received fd %d is not close-on-exec", fd)
					_, err = unix.Write(fd, []byte{byte(i)})
					require.NoError(t, err)
					require.NoError(t, unix.Close(fd))
				}
				got := make([]byte, count)
				_, err = io.ReadFull(pr, got)
				require.NoError(t, err)
				sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
				for i := range got {
					assert.Equal(t, byte(i), got[i])
				}
			}()
			assert.Equal(t, before, openFds(t), "descriptors leaked")
		})
	}
	t.Run("over SCM_MAX_FD", func(t *testing.T) {
		a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
		fds := make([]int, socket.SCM_MAX_FD+1)
		for i := range fds {
			fds[i] = 0
		}
		_, err := socket.SendFds(a, [][]byte{{1}}, fds, nil)
		assert.ErrorIs(t, err, syscall.EINVAL)
		if strconv.IntSize == 64 {
			_, err = socket.SendFds(a, [][]byte{{1}}, []int{overCInt}, nil)
			assert.ErrorIs(t, err, socket.ErrInvalid)
		}
		_, err = socket.SendFds(a, [][]byte{{1}}, []int{9999}, nil)
		assert.ErrorIs(t, err, syscall.EBADF)
	})
}

// TestFdPassingTruncated sends more descriptors than the receiver has room
// for: RecvFds closes those that came and says so; Recvmsg returns what fit
// with MSG_CTRUNC, as Python's.
func TestFdPassingTruncated(t *testing.T) {
	// qemu-user receives into a control buffer of its own, larger than the
	// caller's, and keeps the descriptors that do not fit: they would leak
	// into this process, and no MSG_CTRUNC comes back.
	skipQemu(t, "recvmsg(2) with a control buffer too small for the descriptors sent", errors.New("descriptors past the control buffer stay open, without MSG_CTRUNC"))
	checkLeaks(t)
	before := openFds(t)
	func() {
		a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
		require.NoError(t, err)
		defer a.Close()
		defer b.Close()
		three := []int{0, 1, 2}
		_, err = socket.SendFds(a, [][]byte{[]byte("a")}, three, nil)
		require.NoError(t, err)
		data, fds, flags, _, err := socket.RecvFds(b, 10, 1)
		assert.ErrorIs(t, err, socket.ErrCtrunc)
		assert.Equal(t, "a", string(data))
		assert.Nil(t, fds)
		assert.Equal(t, socket.MSG_CTRUNC, flags&socket.MSG_CTRUNC)

		// Python's documented cases: ancbufsize 0 gives no item and
		// MSG_CTRUNC; CMSG_LEN(4) with two fds sent gives one 4-byte item.
		_, err = socket.SendFds(a, [][]byte{[]byte("b")}, three[:2], nil)
		require.NoError(t, err)
		_, anc, flags, _, err := b.Recvmsg(10, 0)
		require.NoError(t, err)
		assert.Empty(t, anc)
		assert.Equal(t, socket.MSG_CTRUNC, flags)
		_, err = socket.SendFds(a, [][]byte{[]byte("c")}, three[:2], nil)
		require.NoError(t, err)
		l, _ := socket.CMSG_LEN(4)
		_, anc, flags, _, err = b.Recvmsg(10, l, socket.MSG_CMSG_CLOEXEC)
		require.NoError(t, err)
		// The kernel echoes MSG_CMSG_CLOEXEC in msg_flags, as Python shows.
		assert.Equal(t, socket.MSG_CTRUNC|socket.MSG_CMSG_CLOEXEC, flags)
		require.Len(t, anc, 1)
		assert.Len(t, anc[0].Data, 4)
		unix.Close(int(*(*int32)(unsafe.Pointer(&anc[0].Data[0]))))
	}()
	assert.Equal(t, before, openFds(t), "descriptors leaked")
}

// TestFdPassingSeveralMessages sends two SCM_RIGHTS messages in one
// sendmsg; every descriptor comes back.
func TestFdPassingSeveralMessages(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_DGRAM)
	anc := []socket.ControlMessage{
		{Level: socket.SOL_SOCKET, Type: socket.SCM_RIGHTS, Data: int32Bytes(0)},
		{Level: socket.SOL_SOCKET, Type: socket.SCM_RIGHTS, Data: append(int32Bytes(1), int32Bytes(2)...)},
	}
	_, err := a.Sendmsg([][]byte{[]byte("m")}, anc, nil)
	require.NoError(t, err)
	_, fds, _, _, err := socket.RecvFds(b, 10, 3)
	require.NoError(t, err)
	assert.Len(t, fds, 3)
	for _, fd := range fds {
		unix.Close(fd)
	}
}

// TestParseControlSeveralRights checks the parser on a buffer with two
// SCM_RIGHTS messages and a truncated third, as the kernel lays them out.
func TestParseControl(t *testing.T) {
	t.Parallel()
	in := []socket.ControlMessage{
		{Level: socket.SOL_SOCKET, Type: socket.SCM_RIGHTS, Data: int32Bytes(7)},
		{Level: socket.SOL_SOCKET, Type: socket.SCM_RIGHTS, Data: append(int32Bytes(8), int32Bytes(9)...)},
		{Level: socket.IPPROTO_IP, Type: socket.IP_TOS, Data: []byte{1}},
	}
	raw, err := socket.BuildControl(in)
	require.NoError(t, err)
	assert.Equal(t, toRaw(in), raw, "the package lays out messages as x/sys does")
	assert.Equal(t, in, socket.ParseControl(raw))
	// Cut inside the last message's data: its header stays with no data.
	cut := socket.ParseControl(raw[:len(raw)-unix.CmsgSpace(1)+unix.CmsgLen(0)])
	require.Len(t, cut, 3)
	assert.Empty(t, cut[2].Data)
	// Cut inside the second message's data: it keeps what is there.
	cut = socket.ParseControl(raw[:unix.CmsgSpace(4)+unix.CmsgLen(4)])
	require.Len(t, cut, 2)
	assert.Equal(t, int32Bytes(8), cut[1].Data)
	assert.Empty(t, socket.ParseControl(raw[:unix.SizeofCmsghdr-1]))
}

// FuzzParseControl feeds arbitrary control buffers to the parser: it must
// not panic, every Data must lie inside the buffer, and what it parses must
// build back to a buffer that parses the same.
func FuzzParseControl(f *testing.F) {
	seed, _ := socket.BuildControl([]socket.ControlMessage{
		{Level: socket.SOL_SOCKET, Type: socket.SCM_RIGHTS, Data: int32Bytes(3)},
		{Level: socket.IPPROTO_IP, Type: socket.IP_TTL, Data: int32Bytes(64)},
	})
	f.Add(seed)
	f.Add(seed[:len(seed)-3])
	f.Add([]byte{})
	f.Add(make([]byte, unix.SizeofCmsghdr))
	f.Add(bytes.Repeat([]byte{0xff}, 40))
	f.Add((&ipv4.ControlMessage{Src: net.IPv4(127, 0, 0, 1), IfIndex: 1}).Marshal())
	f.Fuzz(func(t *testing.T, b []byte) {
		ms := socket.ParseControl(b)
		total := 0
		for _, m := range ms {
			total += len(m.Data)
		}
		if total > len(b) {
			t.Fatalf("%d data bytes from a %d-byte buffer", total, len(b))
		}
		again, err := socket.BuildControl(ms)
		if err != nil {
			t.Fatal(err)
		}
		ms2 := socket.ParseControl(again)
		if len(ms2) != len(ms) {
			t.Fatalf("round trip: %d messages, then %d", len(ms), len(ms2))
		}
		for i := range ms {
			if ms[i].Level != ms2[i].Level || ms[i].Type != ms2[i].Type || !bytes.Equal(ms[i].Data, ms2[i].Data) {
				t.Fatalf("round trip changed message %d: %v -> %v", i, ms[i], ms2[i])
			}
		}
	})
}
