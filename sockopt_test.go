//go:build linux

package socket_test

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// overCInt is 2**40 where int is 64 bits wide: no C int holds it.
var overCInt = int(int64(1) << 40 & int64(^uint(0)>>1))

// optCase is one option of the set-then-get table: get reads the value,
// set writes it, want is what must read back after set, and sameDefault
// says the kernel's default equals want (so it cannot differ).
type optCase struct {
	name        string
	family      socket.AddressFamily
	kind        socket.SocketKind
	root        bool
	prep        func(t *testing.T, s *socket.Socket)
	get         func(s *socket.Socket) (any, error)
	set         func(s *socket.Socket) error
	want        any
	sameDefault bool
}

func intOpt(name string, f socket.AddressFamily, k socket.SocketKind, level, opt, v, want int) optCase {
	return optCase{
		name: name, family: f, kind: k,
		get:  func(s *socket.Socket) (any, error) { return s.Getsockopt(level, opt) },
		set:  func(s *socket.Socket) error { return s.Setsockopt(level, opt, v) },
		want: want,
	}
}

func bytesOpt(name string, f socket.AddressFamily, k socket.SocketKind, level, opt int, v []byte) optCase {
	return optCase{
		name: name, family: f, kind: k,
		get:  func(s *socket.Socket) (any, error) { return s.GetsockoptBytes(level, opt, 64) },
		set:  func(s *socket.Socket) error { return s.SetsockoptBytes(level, opt, v) },
		want: v,
	}
}

func rootOnly(c optCase) optCase { c.root = true; return c }

const (
	tcp4 = socket.SOCK_STREAM
	udp  = socket.SOCK_DGRAM
)

func optionTable() []optCase {
	in4, in6, ux := socket.AF_INET, socket.AF_INET6, socket.AF_UNIX
	sol, ip, ip6, tcp := socket.SOL_SOCKET, socket.IPPROTO_IP, socket.IPPROTO_IPV6, socket.IPPROTO_TCP
	lo, _ := net.InterfaceByName("lo")
	loIndex := 1
	if lo != nil {
		loIndex = lo.Index
	}
	return []optCase{
		// SOL_SOCKET
		intOpt("SO_REUSEADDR", in4, tcp4, sol, socket.SO_REUSEADDR, 1, 1),
		intOpt("SO_REUSEPORT", in4, tcp4, sol, socket.SO_REUSEPORT, 1, 1),
		intOpt("SO_KEEPALIVE", in4, tcp4, sol, socket.SO_KEEPALIVE, 1, 1),
		intOpt("SO_BROADCAST", in4, udp, sol, socket.SO_BROADCAST, 1, 1),
		rootOnly(intOpt("SO_DEBUG", in4, tcp4, sol, socket.SO_DEBUG, 1, 1)),
		intOpt("SO_DONTROUTE", in4, udp, sol, socket.SO_DONTROUTE, 1, 1),
		intOpt("SO_OOBINLINE", in4, tcp4, sol, socket.SO_OOBINLINE, 1, 1),
		// The kernel doubles buffer sizes for its bookkeeping.
		intOpt("SO_RCVBUF", in4, tcp4, sol, socket.SO_RCVBUF, 100000, 200000),
		intOpt("SO_SNDBUF", in4, tcp4, sol, socket.SO_SNDBUF, 100000, 200000),
		intOpt("SO_RCVLOWAT", in4, tcp4, sol, socket.SO_RCVLOWAT, 100, 100),
		intOpt("SO_PRIORITY", in4, udp, sol, socket.SO_PRIORITY, 6, 6),
		rootOnly(intOpt("SO_MARK", in4, udp, sol, socket.SO_MARK, 42, 42)),
		intOpt("SO_PASSCRED", ux, tcp4, sol, socket.SO_PASSCRED, 1, 1),
		intOpt("SO_PASSSEC", ux, tcp4, sol, socket.SO_PASSSEC, 1, 1),
		intOpt("SO_PEEK_OFF", ux, tcp4, sol, unix.SO_PEEK_OFF, 10, 10),
		intOpt("SO_TIMESTAMP", in4, udp, sol, socket.SO_TIMESTAMP, 1, 1),
		intOpt("SO_TIMESTAMPNS", in4, udp, sol, socket.SO_TIMESTAMPNS, 1, 1),
		intOpt("SO_ZEROCOPY", in4, tcp4, sol, unix.SO_ZEROCOPY, 1, 1),
		intOpt("SO_SELECT_ERR_QUEUE", in4, udp, sol, unix.SO_SELECT_ERR_QUEUE, 1, 1),
		intOpt("SO_RXQ_OVFL", in4, udp, sol, unix.SO_RXQ_OVFL, 1, 1),
		intOpt("SO_WIFI_STATUS", in4, udp, sol, unix.SO_WIFI_STATUS, 1, 1),
		intOpt("SO_LOCK_FILTER", in4, udp, sol, unix.SO_LOCK_FILTER, 1, 1),
		intOpt("SO_INCOMING_CPU", in4, udp, sol, socket.SO_INCOMING_CPU, 0, 0),
		intOpt("SO_MAX_PACING_RATE", in4, tcp4, sol, unix.SO_MAX_PACING_RATE, 1000000, 1000000),
		{
			name: "SO_LINGER", family: in4, kind: tcp4,
			get:  func(s *socket.Socket) (any, error) { return s.GetsockoptLinger() },
			set:  func(s *socket.Socket) error { return s.SetsockoptLinger(socket.Linger{Onoff: 1, Linger: 5}) },
			want: socket.Linger{Onoff: 1, Linger: 5},
		},
		{
			name: "SO_RCVTIMEO", family: in4, kind: udp,
			get:  func(s *socket.Socket) (any, error) { return s.GetsockoptTimeval(sol, socket.SO_RCVTIMEO) },
			set:  func(s *socket.Socket) error { return s.SetsockoptTimeval(sol, socket.SO_RCVTIMEO, 2*time.Second) },
			want: 2 * time.Second,
		},
		{
			name: "SO_SNDTIMEO", family: in4, kind: udp,
			get:  func(s *socket.Socket) (any, error) { return s.GetsockoptTimeval(sol, socket.SO_SNDTIMEO) },
			set:  func(s *socket.Socket) error { return s.SetsockoptTimeval(sol, socket.SO_SNDTIMEO, 3*time.Second) },
			want: 3 * time.Second,
		},
		{
			name: "SO_BINDTODEVICE", family: in4, kind: udp, root: true,
			get:  func(s *socket.Socket) (any, error) { return s.GetsockoptString(sol, socket.SO_BINDTODEVICE) },
			set:  func(s *socket.Socket) error { return s.SetsockoptString(sol, socket.SO_BINDTODEVICE, "lo") },
			want: "lo",
		},

		// IPPROTO_IP
		intOpt("IP_TTL", in4, udp, ip, socket.IP_TTL, 7, 7),
		intOpt("IP_TOS", in4, udp, ip, socket.IP_TOS, 0x10, 0x10),
		intOpt("IP_MULTICAST_TTL", in4, udp, ip, socket.IP_MULTICAST_TTL, 5, 5),
		intOpt("IP_MULTICAST_LOOP", in4, udp, ip, socket.IP_MULTICAST_LOOP, 0, 0),
		intOpt("IP_MULTICAST_ALL", in4, udp, ip, unix.IP_MULTICAST_ALL, 0, 0),
		intOpt("IP_RECVTOS", in4, udp, ip, socket.IP_RECVTOS, 1, 1),
		intOpt("IP_RECVTTL", in4, udp, ip, socket.IP_RECVTTL, 1, 1),
		intOpt("IP_PKTINFO", in4, udp, ip, socket.IP_PKTINFO, 1, 1),
		intOpt("IP_RECVOPTS", in4, udp, ip, socket.IP_RECVOPTS, 1, 1),
		intOpt("IP_RETOPTS", in4, udp, ip, socket.IP_RETOPTS, 1, 1),
		intOpt("IP_RECVERR", in4, udp, ip, socket.IP_RECVERR, 1, 1),
		intOpt("IP_FREEBIND", in4, udp, ip, socket.IP_FREEBIND, 1, 1),
		intOpt("IP_MTU_DISCOVER", in4, udp, ip, socket.IP_MTU_DISCOVER, unix.IP_PMTUDISC_PROBE, unix.IP_PMTUDISC_PROBE),
		intOpt("IP_BIND_ADDRESS_NO_PORT", in4, tcp4, ip, socket.IP_BIND_ADDRESS_NO_PORT, 1, 1),
		bytesOpt("IP_MULTICAST_IF", in4, udp, ip, socket.IP_MULTICAST_IF, []byte{127, 0, 0, 1}),
		bytesOpt("IP_OPTIONS", in4, udp, ip, socket.IP_OPTIONS, []byte{1, 1, 1, 0}),
		rootOnly(intOpt("IP_TRANSPARENT", in4, tcp4, ip, socket.IP_TRANSPARENT, 1, 1)),

		// IPPROTO_IPV6
		intOpt("IPV6_V6ONLY", in6, udp, ip6, socket.IPV6_V6ONLY, 1, 1),
		intOpt("IPV6_UNICAST_HOPS", in6, udp, ip6, socket.IPV6_UNICAST_HOPS, 9, 9),
		intOpt("IPV6_MULTICAST_HOPS", in6, udp, ip6, socket.IPV6_MULTICAST_HOPS, 4, 4),
		intOpt("IPV6_MULTICAST_LOOP", in6, udp, ip6, socket.IPV6_MULTICAST_LOOP, 0, 0),
		intOpt("IPV6_MULTICAST_IF", in6, udp, ip6, socket.IPV6_MULTICAST_IF, loIndex, loIndex),
		intOpt("IPV6_RECVPKTINFO", in6, udp, ip6, socket.IPV6_RECVPKTINFO, 1, 1),
		intOpt("IPV6_RECVHOPLIMIT", in6, udp, ip6, socket.IPV6_RECVHOPLIMIT, 1, 1),
		intOpt("IPV6_RECVTCLASS", in6, udp, ip6, socket.IPV6_RECVTCLASS, 1, 1),
		intOpt("IPV6_TCLASS", in6, udp, ip6, socket.IPV6_TCLASS, 0x20, 0x20),
		intOpt("IPV6_DONTFRAG", in6, udp, ip6, socket.IPV6_DONTFRAG, 1, 1),
		intOpt("IPV6_RECVPATHMTU", in6, udp, ip6, socket.IPV6_RECVPATHMTU, 1, 1),
		intOpt("IPV6_RECVRTHDR", in6, udp, ip6, socket.IPV6_RECVRTHDR, 1, 1),
		intOpt("IPV6_RECVHOPOPTS", in6, udp, ip6, socket.IPV6_RECVHOPOPTS, 1, 1),
		intOpt("IPV6_RECVDSTOPTS", in6, udp, ip6, socket.IPV6_RECVDSTOPTS, 1, 1),
		intOpt("IPV6_RECVERR", in6, udp, ip6, socket.IPV6_RECVERR, 1, 1),
		intOpt("IPV6_MTU_DISCOVER", in6, udp, ip6, unix.IPV6_MTU_DISCOVER, unix.IPV6_PMTUDISC_PROBE, unix.IPV6_PMTUDISC_PROBE),

		// IPPROTO_TCP
		intOpt("TCP_NODELAY", in4, tcp4, tcp, socket.TCP_NODELAY, 1, 1),
		intOpt("TCP_CORK", in4, tcp4, tcp, socket.TCP_CORK, 1, 1),
		intOpt("TCP_KEEPIDLE", in4, tcp4, tcp, socket.TCP_KEEPIDLE, 77, 77),
		intOpt("TCP_KEEPINTVL", in4, tcp4, tcp, socket.TCP_KEEPINTVL, 11, 11),
		intOpt("TCP_KEEPCNT", in4, tcp4, tcp, socket.TCP_KEEPCNT, 4, 4),
		intOpt("TCP_SYNCNT", in4, tcp4, tcp, socket.TCP_SYNCNT, 3, 3),
		intOpt("TCP_LINGER2", in4, tcp4, tcp, socket.TCP_LINGER2, 30, 30),
		// Kept as a count of SYN-ACK retransmissions: 7 s is three (1+2+4).
		intOpt("TCP_DEFER_ACCEPT", in4, tcp4, tcp, socket.TCP_DEFER_ACCEPT, 7, 7),
		intOpt("TCP_WINDOW_CLAMP", in4, tcp4, tcp, socket.TCP_WINDOW_CLAMP, 20000, 20000),
		intOpt("TCP_QUICKACK", in4, tcp4, tcp, socket.TCP_QUICKACK, 0, 0),
		intOpt("TCP_USER_TIMEOUT", in4, tcp4, tcp, socket.TCP_USER_TIMEOUT, 5000, 5000),
		intOpt("TCP_NOTSENT_LOWAT", in4, tcp4, tcp, socket.TCP_NOTSENT_LOWAT, 16384, 16384),
		intOpt("TCP_MAXSEG", in4, tcp4, tcp, socket.TCP_MAXSEG, 1000, 1000),
		intOpt("TCP_FASTOPEN", in4, tcp4, tcp, socket.TCP_FASTOPEN, 5, 5),
		intOpt("TCP_THIN_LINEAR_TIMEOUTS", in4, tcp4, tcp, unix.TCP_THIN_LINEAR_TIMEOUTS, 1, 1),
		intOpt("TCP_FASTOPEN_CONNECT", in4, tcp4, tcp, unix.TCP_FASTOPEN_CONNECT, 1, 1),
		intOpt("TCP_FASTOPEN_NO_COOKIE", in4, tcp4, tcp, unix.TCP_FASTOPEN_NO_COOKIE, 1, 1),
		intOpt("TCP_SAVE_SYN", in4, tcp4, tcp, unix.TCP_SAVE_SYN, 1, 1),
		rootOnly(intOpt("TCP_TX_DELAY", in4, tcp4, tcp, unix.TCP_TX_DELAY, 100, 100)),
		{
			name: "TCP_CONGESTION", family: in4, kind: tcp4,
			get:  func(s *socket.Socket) (any, error) { return s.GetsockoptString(tcp, socket.TCP_CONGESTION) },
			set:  func(s *socket.Socket) error { return s.SetsockoptString(tcp, socket.TCP_CONGESTION, "reno") },
			want: "reno",
		},
	}
}

// TestSockoptSetThenGet sets each option of the table on a real socket and
// reads it back: the value must be the one set and differ from the default.
func TestSockoptSetThenGet(t *testing.T) {
	t.Parallel()
	cases := optionTable()
	if len(cases) < 40 {
		t.Fatalf("the table covers %d options; it must cover at least 40", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if c.root {
				skipUnlessRoot(t, c.name)
			}
			skipUnless(t, c.family, c.kind, 0)
			s := mustNew(t, c.family, c.kind, 0)
			if c.prep != nil {
				c.prep(t, s)
			}
			def, err := c.get(s)
			skipQemu(t, "getsockopt of "+c.name, err)
			require.NoError(t, err, "default")
			err = c.set(s)
			skipQemu(t, "setsockopt of "+c.name, err)
			require.NoError(t, err, "set")
			got, err := c.get(s)
			skipQemu(t, "getsockopt of "+c.name, err)
			require.NoError(t, err, "get")
			if c.want == any(1) && got == any(int(socket.SOCK_STREAM)) && socket.SOCK_STREAM != 1 {
				// TCP_CORK has SO_TYPE's number (3) on the host.
				skipQemu(t, "getsockopt of "+c.name+", whose value it converts as SO_TYPE's", fmt.Errorf("1 read back as %v", got))
			}
			assert.Equal(t, c.want, got)
			if !c.sameDefault {
				assert.NotEqual(t, c.want, def, "the value set equals the default, so the test proves nothing")
			}
		})
	}
}

func TestSockoptUcred(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	for _, s := range []*socket.Socket{a, b} {
		u, err := s.GetsockoptPeercred()
		require.NoError(t, err)
		assert.Equal(t, socket.Ucred{Pid: os.Getpid(), Uid: os.Getuid(), Gid: os.Getgid()}, u)
	}
	// The same bytes as x/sys's decoder reads.
	raw, err := unix.GetsockoptUcred(a.Fileno(), unix.SOL_SOCKET, unix.SO_PEERCRED)
	require.NoError(t, err)
	u, err := socket.ParseUcred(socket.Ucred{Pid: int(raw.Pid), Uid: int(raw.Uid), Gid: int(raw.Gid)}.Bytes())
	require.NoError(t, err)
	assert.Equal(t, os.Getpid(), u.Pid)
	_, err = socket.ParseUcred(make([]byte, 11))
	assert.ErrorIs(t, err, socket.ErrInvalid)
}

// TestSockoptTCPInfo compares the package's decoding of TCP_INFO with x/sys's
// on the same connection.
func TestSockoptTCPInfo(t *testing.T) {
	t.Parallel()
	c, s := tcpPair(t, socket.AF_INET)
	require.NoError(t, c.Sendall(make([]byte, 10000)))
	buf := make([]byte, 10000)
	got := 0
	for got < len(buf) {
		n, err := s.RecvInto(buf[got:])
		require.NoError(t, err)
		got += n
	}
	var info socket.TCPInfo
	var ref *unix.TCPInfo
	// Read both until the counters agree (an ACK may land in between).
	for i := 0; i < 50; i++ {
		var err error
		info, err = c.GetsockoptTCPInfo()
		skipQemu(t, "getsockopt(IPPROTO_TCP, TCP_INFO)", err)
		require.NoError(t, err)
		ref, err = unix.GetsockoptTCPInfo(c.Fileno(), unix.IPPROTO_TCP, unix.TCP_INFO)
		require.NoError(t, err)
		if info.BytesAcked == ref.Bytes_acked && info.BytesAcked >= 10000 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	assert.Equal(t, uint8(unix.BPF_TCP_ESTABLISHED), info.State)
	assert.Equal(t, ref.State, info.State)
	assert.Equal(t, ref.Snd_mss, info.SndMss)
	assert.Equal(t, ref.Rcv_mss, info.RcvMss)
	assert.Equal(t, ref.Pmtu, info.Pmtu)
	assert.Equal(t, ref.Advmss, info.Advmss)
	assert.Equal(t, ref.Bytes_acked, info.BytesAcked)
	assert.Equal(t, ref.Bytes_sent, info.BytesSent)
	assert.Equal(t, ref.Data_segs_out, info.DataSegsOut)
	assert.Equal(t, ref.Snd_wnd, info.SndWnd)
	assert.Equal(t, ref.Total_rto, info.TotalRto)
	assert.GreaterOrEqual(t, info.BytesAcked, uint64(10000))

	u := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	_, err := u.GetsockoptTCPInfo()
	assert.True(t, errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.ENOPROTOOPT), "%v", err)
}

// TestSockoptBadInput checks that each helper rejects what it cannot pass
// with an error naming the argument, and that wrong lengths from the kernel
// are errors, not garbage.
func TestSockoptBadInput(t *testing.T) {
	t.Parallel()
	s := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	s6 := mustNew(t, socket.AF_INET6, socket.SOCK_DGRAM, 0)
	cases := []struct {
		name string
		err  error
	}{
		{"negative timeval", s.SetsockoptTimeval(socket.SOL_SOCKET, socket.SO_RCVTIMEO, -time.Second)},
		{"NUL in string", s.SetsockoptString(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, "l\x00o")},
		{"IPv6 group in ip_mreq", s.SetsockoptIPMreq(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, net.ParseIP("ff02::1"), nil)},
		{"IPv6 iface in ip_mreq", s.SetsockoptIPMreq(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, net.ParseIP("239.1.2.3"), net.ParseIP("::1"))},
		{"nil group in ip_mreq", s.SetsockoptIPMreq(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, nil, nil)},
		{"IPv4 group in ipv6_mreq", s6.SetsockoptIPv6Mreq(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, net.ParseIP("239.1.2.3"), 0)},
		{"negative ifindex", s6.SetsockoptIPv6Mreq(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, net.ParseIP("ff02::1"), -1)},

		{"negative optlen", s.SetsockoptNone(socket.SOL_SOCKET, socket.SO_REUSEADDR, -1)},
	}
	if strconv.IntSize == 64 { // where an int can exceed a C int
		cases = append(cases, []struct {
			name string
			err  error
		}{
			{"linger onoff", s.SetsockoptLinger(socket.Linger{Onoff: overCInt})},
			{"linger seconds", s.SetsockoptLinger(socket.Linger{Onoff: 1, Linger: -overCInt})},
			{"huge ifindex", s6.SetsockoptIPv6Mreq(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, net.ParseIP("ff02::1"), overCInt)},
			{"huge optlen", s.SetsockoptNone(socket.SOL_SOCKET, socket.SO_REUSEADDR, overCInt)},
		}...)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var se *socket.Error
			require.ErrorAs(t, c.err, &se)
			assert.ErrorIs(t, c.err, socket.ErrInvalid)
			assert.Equal(t, "setsockopt", se.Op)
		})
	}

	// The kernel answers an int option with 4 bytes, which is no timeval
	// nor linger nor ucred.
	_, err := s.GetsockoptTimeval(socket.SOL_SOCKET, socket.SO_REUSEADDR)
	assert.ErrorIs(t, err, socket.ErrInvalid)
	_, err = s.GetsockoptTimeval(socket.SOL_SOCKET, 9999)
	assert.ErrorIs(t, err, syscall.ENOPROTOOPT)
	_, err = s.GetsockoptString(socket.SOL_SOCKET, 9999)
	assert.ErrorIs(t, err, syscall.ENOPROTOOPT)
	// A timeval option rejects a buffer of the wrong size: the kernel's EINVAL.
	assert.ErrorIs(t, s.SetsockoptBytes(socket.SOL_SOCKET, socket.SO_RCVTIMEO, []byte{1, 2, 3}), syscall.EINVAL)
	// NULL with a length where the kernel wants a value.
	assert.ErrorIs(t, s.SetsockoptNone(socket.SOL_SOCKET, socket.SO_REUSEADDR, 4), syscall.EFAULT)
}

// TestSockoptNoneClearsDevice passes NULL as Python's setsockopt(level, opt,
// None, 0) does: SO_BINDTODEVICE with no name unbinds the device.
func TestSockoptNoneClearsDevice(t *testing.T) {
	t.Parallel()
	skipUnlessRoot(t, "SO_BINDTODEVICE")
	s := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	require.NoError(t, s.SetsockoptString(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, "lo"))
	err := s.SetsockoptNone(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, 0)
	skipQemu(t, "setsockopt(SOL_SOCKET, SO_BINDTODEVICE, NULL, 0)", err)
	require.NoError(t, err)
	v, err := s.GetsockoptString(socket.SOL_SOCKET, socket.SO_BINDTODEVICE)
	require.NoError(t, err)
	assert.Equal(t, "", v)
	err = s.SetsockoptString(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, "nosuchdev0")
	assert.ErrorIs(t, err, syscall.ENODEV)
}

// TestSockoptMembership joins and leaves multicast groups with the mreq
// helpers; leaving twice is the kernel's EADDRNOTAVAIL, which shows that
// the join took.
func TestSockoptMembership(t *testing.T) {
	t.Parallel()
	s := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	g := net.ParseIP("239.7.8.9")
	require.NoError(t, s.SetsockoptIPMreq(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, g, net.ParseIP("127.0.0.1")))
	assert.ErrorIs(t, s.SetsockoptIPMreq(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, g, net.ParseIP("127.0.0.1")), syscall.EADDRINUSE)
	require.NoError(t, s.SetsockoptIPMreq(socket.IPPROTO_IP, socket.IP_DROP_MEMBERSHIP, g, net.ParseIP("127.0.0.1")))
	assert.ErrorIs(t, s.SetsockoptIPMreq(socket.IPPROTO_IP, socket.IP_DROP_MEMBERSHIP, g, net.ParseIP("127.0.0.1")), syscall.EADDRNOTAVAIL)
	assert.ErrorIs(t, s.SetsockoptIPMreq(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, net.ParseIP("10.0.0.1"), nil), syscall.EINVAL)

	skipUnless(t, socket.AF_INET6, socket.SOCK_DGRAM, 0)
	s6 := mustNew(t, socket.AF_INET6, socket.SOCK_DGRAM, 0)
	lo, err := net.InterfaceByName("lo")
	skipQemu(t, "netlink's RTM_GETLINK dump (Go's net.InterfaceByName), whose attributes it does not byte-swap", err)
	require.NoError(t, err)
	g6 := net.ParseIP("ff02::1:3")
	require.NoError(t, s6.SetsockoptIPv6Mreq(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, g6, lo.Index))
	assert.ErrorIs(t, s6.SetsockoptIPv6Mreq(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, g6, lo.Index), syscall.EADDRINUSE)
	require.NoError(t, s6.SetsockoptIPv6Mreq(socket.IPPROTO_IPV6, socket.IPV6_LEAVE_GROUP, g6, lo.Index))
	assert.ErrorIs(t, s6.SetsockoptIPv6Mreq(socket.IPPROTO_IPV6, socket.IPV6_LEAVE_GROUP, g6, lo.Index), syscall.EADDRNOTAVAIL)
}

// TestSockoptLingerAgainstPython reads SO_LINGER and SO_RCVTIMEO that the
// package set, through python3's getsockopt on the same descriptor.
func TestSockoptAgainstPython(t *testing.T) {
	s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	require.NoError(t, s.SetsockoptLinger(socket.Linger{Onoff: 1, Linger: 9}))
	require.NoError(t, s.SetsockoptTimeval(socket.SOL_SOCKET, socket.SO_SNDTIMEO, 4*time.Second))
	fd, err := s.Dup()
	require.NoError(t, err)
	defer fd.Close()
	require.NoError(t, fd.SetInheritable(true))
	out := python(t, `
import socket, struct, sys
s = socket.socket(fileno=int(sys.argv[1]))
print(struct.unpack('ii', s.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8)))
print(struct.unpack('ll', s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, 16)))
s.detach()
`, strconv.Itoa(fd.Fileno()))
	assert.Equal(t, "(1, 9)\n(4, 0)\n", out)
}

// TestSockoptTimevalRoundsUp: a timeout below a microsecond must not turn
// into 0, which the kernel reads as no timeout at all.
func TestSockoptTimevalRoundsUp(t *testing.T) {
	t.Parallel()
	s := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	require.NoError(t, s.SetsockoptTimeval(socket.SOL_SOCKET, socket.SO_RCVTIMEO, 500*time.Nanosecond))
	d, err := s.GetsockoptTimeval(socket.SOL_SOCKET, socket.SO_RCVTIMEO)
	require.NoError(t, err)
	assert.Greater(t, d, time.Duration(0))
}

// FuzzParseTCPInfo decodes struct tcp_info answers of any length: no panic,
// and a longer answer never changes the fields a shorter one decoded.
func FuzzParseTCPInfo(f *testing.F) {
	f.Add(make([]byte, 104))
	f.Add(make([]byte, 280))
	f.Add([]byte{1, 2, 3})
	full := make([]byte, 300)
	for i := range full {
		full[i] = byte(i)
	}
	f.Add(full)
	f.Fuzz(func(t *testing.T, b []byte) {
		info := socket.ParseTCPInfo(b)
		if len(b) >= 104 {
			more := socket.ParseTCPInfo(append(append([]byte(nil), b...), 0xff, 0xff, 0xff, 0xff))
			if more.Rto != info.Rto || more.TotalRetrans != info.TotalRetrans || more.State != info.State {
				t.Fatalf("extra bytes changed early fields: %+v vs %+v", info, more)
			}
		}
	})
}
