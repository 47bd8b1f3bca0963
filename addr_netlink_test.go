//go:build linux

package socket_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

var _ net.Addr = socket.NetlinkAddr{}

func TestNetlinkAddrBindGetsockname(t *testing.T) {
	t.Parallel()
	skipUnless(t, socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	// A port id of our own, unlikely to be taken by another process.
	ownPID := uint32(0x40000000) | uint32(os.Getpid())
	tests := []struct {
		name  string
		bind  *socket.NetlinkAddr
		check func(t *testing.T, a socket.NetlinkAddr)
	}{
		{"unbound", nil, func(t *testing.T, a socket.NetlinkAddr) {
			assert.Equal(t, socket.NetlinkAddr{}, a)
		}},
		{"kernel chooses the port id", &socket.NetlinkAddr{}, func(t *testing.T, a socket.NetlinkAddr) {
			assert.NotZero(t, a.PID)
			assert.Zero(t, a.Groups)
		}},
		{"own port id and groups", &socket.NetlinkAddr{PID: ownPID, Groups: unix.RTMGRP_LINK | unix.RTMGRP_IPV4_IFADDR},
			func(t *testing.T, a socket.NetlinkAddr) {
				assert.Equal(t, socket.NetlinkAddr{PID: ownPID, Groups: unix.RTMGRP_LINK | unix.RTMGRP_IPV4_IFADDR}, a)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustNew(t, socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
			if tt.bind != nil {
				require.NoError(t, s.Bind(*tt.bind))
			}
			got, err := s.Getsockname()
			require.NoError(t, err)
			a, ok := got.(socket.NetlinkAddr)
			require.True(t, ok, "Getsockname returned %T", got)
			tt.check(t, a)
			assert.Equal(t, "netlink", a.Network())
			assert.Equal(t, fmt.Sprintf("%d:%d", a.PID, a.Groups), a.String())
			assert.Equal(t, pythonOnSocket(t, s, "print(repr(s.getsockname()))"), socket.PyReprOf(a))
		})
	}
}

func TestNetlinkAddrWrongFamily(t *testing.T) {
	t.Parallel()
	skipUnless(t, socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	inet := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	nl := mustNew(t, socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	tests := []struct {
		name string
		call func() error
	}{
		{"NetlinkAddr to bind on AF_INET", func() error { return inet.Bind(socket.NetlinkAddr{}) }},
		{"NetlinkAddr to connect on AF_INET", func() error { return inet.Connect(socket.NetlinkAddr{PID: 1}) }},
		{"NetlinkAddr to sendto on AF_INET", func() error { _, err := inet.Sendto([]byte("x"), socket.NetlinkAddr{}); return err }},
		{"InetAddr to bind on AF_NETLINK", func() error { return nl.Bind(socket.InetAddr{Host: "127.0.0.1"}) }},
		{"nil to bind on AF_NETLINK", func() error { return nl.Bind(nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			require.Error(t, err)
			assert.ErrorIs(t, err, socket.ErrInvalid)
			var ve *socket.ValueError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "addr", ve.Arg)
		})
	}
}

// nlLink is one interface from an RTM_NEWLINK message.
type nlLink struct {
	Index int
	Name  string
	Flags uint32
	MTU   uint32
	// Promiscuity counts the holders of promiscuous mode (IFLA_PROMISCUITY).
	Promiscuity uint32
}

// nlRequest builds a netlink request: a header and the body.
func nlRequest(typ, flags uint16, seq uint32, body any) []byte {
	var b bytes.Buffer
	hdr := unix.NlMsghdr{Len: uint32(unix.SizeofNlMsghdr + binary.Size(body)), Type: typ, Flags: flags, Seq: seq}
	binary.Write(&b, binary.NativeEndian, hdr)
	binary.Write(&b, binary.NativeEndian, body)
	return b.Bytes()
}

// nlMessages splits a netlink datagram into its messages.
func nlMessages(b []byte) ([]unix.NlMsghdr, [][]byte, error) {
	var hdrs []unix.NlMsghdr
	var bodies [][]byte
	for len(b) >= unix.SizeofNlMsghdr {
		var h unix.NlMsghdr
		binary.Read(bytes.NewReader(b), binary.NativeEndian, &h)
		if int(h.Len) < unix.SizeofNlMsghdr || int(h.Len) > len(b) {
			return nil, nil, fmt.Errorf("netlink message length %d in a %d-byte datagram", h.Len, len(b))
		}
		hdrs = append(hdrs, h)
		bodies = append(bodies, b[unix.SizeofNlMsghdr:h.Len])
		b = b[min(nlAlign(int(h.Len)), len(b)):]
	}
	return hdrs, bodies, nil
}

func nlAlign(n int) int { return (n + unix.NLMSG_ALIGNTO - 1) &^ (unix.NLMSG_ALIGNTO - 1) }

// parseLink decodes the body of an RTM_NEWLINK or RTM_DELLINK message.
func parseLink(body []byte) (nlLink, error) {
	var ifi unix.IfInfomsg
	if len(body) < unix.SizeofIfInfomsg {
		return nlLink{}, fmt.Errorf("ifinfomsg of %d bytes", len(body))
	}
	binary.Read(bytes.NewReader(body), binary.NativeEndian, &ifi)
	l := nlLink{Index: int(ifi.Index), Flags: ifi.Flags}
	attrs := body[unix.SizeofIfInfomsg:]
	for len(attrs) >= unix.SizeofRtAttr {
		var rta unix.RtAttr
		binary.Read(bytes.NewReader(attrs), binary.NativeEndian, &rta)
		if int(rta.Len) < unix.SizeofRtAttr || int(rta.Len) > len(attrs) {
			return nlLink{}, fmt.Errorf("attribute length %d in %d bytes", rta.Len, len(attrs))
		}
		v := attrs[unix.SizeofRtAttr:rta.Len]
		switch rta.Type {
		case unix.IFLA_IFNAME:
			l.Name = string(bytes.TrimRight(v, "\x00"))
		case unix.IFLA_MTU:
			if len(v) >= 4 {
				l.MTU = binary.NativeEndian.Uint32(v)
			}
		case unix.IFLA_PROMISCUITY:
			if len(v) >= 4 {
				l.Promiscuity = binary.NativeEndian.Uint32(v)
			}
		}
		attrs = attrs[min(nlAlign(int(rta.Len)), len(attrs)):]
	}
	return l, nil
}

// dumpLinks asks the kernel for every interface over s (an unbound or bound
// NETLINK_ROUTE socket) and checks that each reply comes from the kernel.
func dumpLinks(t testing.TB, s *socket.Socket) []nlLink {
	t.Helper()
	require.NoError(t, s.Settimeout(5*time.Second))
	req := nlRequest(unix.RTM_GETLINK, unix.NLM_F_REQUEST|unix.NLM_F_DUMP, 1, unix.IfInfomsg{Family: unix.AF_UNSPEC})
	n, err := s.Sendto(req, socket.NetlinkAddr{})
	require.NoError(t, err)
	require.Equal(t, len(req), n)
	var links []nlLink
	for {
		data, from, err := s.Recvfrom(1 << 16)
		require.NoError(t, err)
		require.Equal(t, socket.NetlinkAddr{PID: 0, Groups: 0}, from, "a dump reply comes from the kernel, port id 0")
		hdrs, bodies, err := nlMessages(data)
		require.NoError(t, err)
		for i, h := range hdrs {
			switch h.Type {
			case unix.NLMSG_DONE:
				return links
			case unix.NLMSG_ERROR:
				t.Fatalf("netlink error reply: % x", bodies[i])
			case unix.RTM_NEWLINK:
				l, err := parseLink(bodies[i])
				skipQemu(t, "recvmsg(2) of RTM_NEWLINK's nested netlink attributes, which it does not byte-swap", err)
				require.NoError(t, err)
				links = append(links, l)
			}
		}
	}
}

func TestNetlinkRouteDumpHasLoopback(t *testing.T) {
	t.Parallel()
	skipUnless(t, socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	s := mustNew(t, socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	require.NoError(t, s.Bind(socket.NetlinkAddr{}))
	links := dumpLinks(t, s)
	lo, err := net.InterfaceByName("lo")
	require.NoError(t, err)
	found := false
	for _, l := range links {
		if l.Name == "lo" {
			found = true
			assert.Equal(t, lo.Index, l.Index, "lo's index")
			assert.Equal(t, uint32(lo.MTU), l.MTU, "lo's MTU")
			assert.NotZero(t, l.Flags&unix.IFF_LOOPBACK, "lo's flags %#x lack IFF_LOOPBACK", l.Flags)
		}
	}
	assert.True(t, found, "no lo in the RTM_GETLINK dump: %+v", links)
	ifs, err := net.Interfaces()
	require.NoError(t, err)
	assert.Len(t, links, len(ifs), "the dump and net.Interfaces list different interfaces")
}

// waitLink reads notifications from s until an RTM_NEWLINK or RTM_DELLINK
// (typ) for the interface name arrives, and returns its sender.
func waitLink(t *testing.T, s *socket.Socket, typ uint16, name string) socket.Addr {
	t.Helper()
	for {
		data, from, err := s.Recvfrom(1 << 16)
		require.NoError(t, err, "waiting for a notification of %s", name)
		hdrs, bodies, err := nlMessages(data)
		require.NoError(t, err)
		for i, h := range hdrs {
			if h.Type != typ {
				continue
			}
			l, err := parseLink(bodies[i])
			skipQemu(t, "recvmsg(2) of RTM_NEWLINK's nested netlink attributes, which it does not byte-swap", err)
			require.NoError(t, err)
			if l.Name == name {
				return from
			}
		}
	}
}

func TestNetlinkLinkNotifications(t *testing.T) {
	t.Parallel()
	ns := newTestNetns(t)
	tests := []struct {
		name      string
		subscribe func(s *socket.Socket) error
	}{
		{"bind with groups RTMGRP_LINK", func(s *socket.Socket) error {
			return s.Bind(socket.NetlinkAddr{Groups: unix.RTMGRP_LINK})
		}},
		{"NETLINK_ADD_MEMBERSHIP RTNLGRP_LINK", func(s *socket.Socket) error {
			if err := s.Bind(socket.NetlinkAddr{}); err != nil {
				return err
			}
			return s.Setsockopt(socket.SOL_NETLINK, socket.NETLINK_ADD_MEMBERSHIP, unix.RTNLGRP_LINK)
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ns.Socket(t, socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
			require.NoError(t, tt.subscribe(s))
			require.NoError(t, s.Settimeout(10*time.Second))
			a, b := fmt.Sprintf("nla%d-%d", os.Getpid()%100000, i), fmt.Sprintf("nlb%d-%d", os.Getpid()%100000, i)
			ns.IP(t, "link", "add", a, "type", "veth", "peer", "name", b)
			from := waitLink(t, s, unix.RTM_NEWLINK, a)
			// A multicast sender's address carries the group's number.
			assert.Equal(t, socket.NetlinkAddr{PID: 0, Groups: unix.RTNLGRP_LINK}, from)
			ns.IP(t, "link", "delete", a)
			waitLink(t, s, unix.RTM_DELLINK, a)
		})
	}
}

// The link notifications of the test namespace do not reach a socket in
// another namespace.
func TestNetlinkNotificationsStayInNamespace(t *testing.T) {
	t.Parallel()
	ns := newTestNetns(t)
	other := newTestNetns(t)
	s := other.Socket(t, socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	require.NoError(t, s.Bind(socket.NetlinkAddr{Groups: unix.RTMGRP_LINK}))
	ns.IP(t, "link", "set", ns.VethA, "mtu", "1400")
	require.NoError(t, s.Settimeout(300*time.Millisecond))
	_, _, err := s.Recvfrom(1 << 16)
	assert.True(t, errors.Is(err, os.ErrDeadlineExceeded), "a notification from another namespace arrived: %v", err)
	assert.False(t, errors.Is(err, syscall.EAGAIN))
}

// Connected to the kernel, a NETLINK_ROUTE socket sends without an address,
// and Getpeername gives the kernel's address, as CPython's (0, 0).
func TestNetlinkConnectGetpeername(t *testing.T) {
	t.Parallel()
	skipUnless(t, socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	s := mustNew(t, socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	require.NoError(t, s.Connect(socket.NetlinkAddr{PID: 0, Groups: 0}))
	peer, err := s.Getpeername()
	require.NoError(t, err)
	assert.Equal(t, socket.NetlinkAddr{}, peer)
	assert.Equal(t, pythonOnSocket(t, s, "print(repr(s.getpeername()))"), socket.PyReprOf(peer))
	req := nlRequest(unix.RTM_GETLINK, unix.NLM_F_REQUEST|unix.NLM_F_DUMP, 7, unix.IfInfomsg{Family: unix.AF_UNSPEC})
	_, err = s.Send(req)
	require.NoError(t, err)
	require.NoError(t, s.Settimeout(5*time.Second))
	data, err := s.Recv(1 << 16)
	require.NoError(t, err)
	hdrs, _, err := nlMessages(data)
	require.NoError(t, err)
	require.NotEmpty(t, hdrs)
	assert.Equal(t, uint32(7), hdrs[0].Seq, "the reply to the request sent over the connected socket")
}
