//go:build linux

package socket_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/bpf"
)

var _ net.Addr = socket.PacketAddr{}

// packetProto is an EtherType in network order, as New takes the protocol
// of an AF_PACKET socket (C's htons).
func packetProto(ethertype int) int {
	return int(binary.BigEndian.Uint16(binary.NativeEndian.AppendUint16(nil, uint16(ethertype))))
}

// etherFrame builds an Ethernet frame: destination, source, EtherType, payload.
func etherFrame(dst, src net.HardwareAddr, ethertype uint16, payload []byte) []byte {
	f := append(append([]byte{}, dst...), src...)
	f = binary.BigEndian.AppendUint16(f, ethertype)
	return append(f, payload...)
}

// testEtherType is IEEE's EtherType for local experiments; nothing else in a
// test namespace sends it.
const testEtherType = socket.ETH_P_802_EX1

func TestPacketAddrGetsockname(t *testing.T) {
	t.Parallel()
	skipUnless(t, socket.AF_PACKET, socket.SOCK_RAW, 0)
	zeroMAC := make([]byte, 6)
	tests := []struct {
		name  string
		kind  socket.SocketKind
		proto int
		bind  *socket.PacketAddr
		want  socket.PacketAddr
	}{
		{"unbound SOCK_RAW ETH_P_ALL", socket.SOCK_RAW, packetProto(socket.ETH_P_ALL), nil,
			socket.PacketAddr{Proto: socket.ETH_P_ALL}},
		{"unbound SOCK_DGRAM 0", socket.SOCK_DGRAM, 0, nil, socket.PacketAddr{}},
		{"bound to lo and ETH_P_IP", socket.SOCK_RAW, 0, &socket.PacketAddr{Ifname: "lo", Proto: 0x0800},
			socket.PacketAddr{Ifname: "lo", Proto: 2048, PktType: 0, HAType: 772, Addr: zeroMAC}},
		{"bind ignores pkttype, hatype and addr", socket.SOCK_RAW, 0,
			&socket.PacketAddr{Ifname: "lo", Proto: socket.ETH_P_IPV6, PktType: socket.PACKET_OTHERHOST, HAType: 1, Addr: []byte{1, 2, 3}},
			socket.PacketAddr{Ifname: "lo", Proto: socket.ETH_P_IPV6, HAType: socket.ARPHRD_LOOPBACK, Addr: zeroMAC}},
		{"bound with proto 0 keeps the socket's", socket.SOCK_DGRAM, packetProto(socket.ETH_P_ARP), &socket.PacketAddr{Ifname: "lo"},
			socket.PacketAddr{Ifname: "lo", Proto: socket.ETH_P_ARP, HAType: socket.ARPHRD_LOOPBACK, Addr: zeroMAC}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := mustNew(t, socket.AF_PACKET, tt.kind, tt.proto)
			if tt.bind != nil {
				require.NoError(t, s.Bind(*tt.bind))
			}
			got, err := s.Getsockname()
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, pythonOnSocket(t, s, "print(repr(s.getsockname()))"), socket.PyReprOf(got))
		})
	}
}

func TestPacketAddrString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		addr socket.PacketAddr
		want string
	}{
		{"name and proto", socket.PacketAddr{Ifname: "lo", Proto: socket.ETH_P_IP}, "lo/0x0800"},
		{"hardware address", socket.PacketAddr{Ifname: "veth0", Proto: socket.ETH_P_IPV6, Addr: []byte{2, 0, 0, 0, 0, 1}},
			"veth0/0x86dd/02:00:00:00:00:01"},
		{"unbound", socket.PacketAddr{Proto: socket.ETH_P_ALL}, "/0x0003"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.addr.String())
			assert.Equal(t, "packet", tt.addr.Network())
			assert.Equal(t, socket.AF_PACKET, tt.addr.Family())
		})
	}
}

func TestPacketAddrBadInput(t *testing.T) {
	t.Parallel()
	skipUnless(t, socket.AF_PACKET, socket.SOCK_DGRAM, 0)
	pkt := mustNew(t, socket.AF_PACKET, socket.SOCK_DGRAM, 0)
	inet := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	unknown := fmt.Sprintf("nosuch%d", os.Getpid())
	tests := []struct {
		name    string
		sock    *socket.Socket
		addr    socket.Addr
		arg     string // the *ValueError's argument, or "" for ENODEV
		ifname  string // the interface the ENODEV error must name
		pyError string // CPython's exception for the same address, where it has one
	}{
		{name: "empty ifname", sock: pkt, addr: socket.PacketAddr{Proto: 1}, arg: "ifname"},
		{name: "proto over 0xffff", sock: pkt, addr: socket.PacketAddr{Ifname: "lo", Proto: 0x10000}, arg: "proto",
			pyError: "OverflowError('bind(): proto must be 0-65535.')"},
		{name: "negative proto", sock: pkt, addr: socket.PacketAddr{Ifname: "lo", Proto: -1}, arg: "proto",
			pyError: "OverflowError('bind(): proto must be 0-65535.')"},
		{name: "hardware address over 8 bytes", sock: pkt, addr: socket.PacketAddr{Ifname: "lo", Addr: make([]byte, 9)}, arg: "addr",
			pyError: "ValueError('Hardware address must be 8 bytes or less')"},
		{name: "pkttype over 255", sock: pkt, addr: socket.PacketAddr{Ifname: "lo", PktType: 256}, arg: "pkttype"},
		{name: "hatype over 0xffff", sock: pkt, addr: socket.PacketAddr{Ifname: "lo", HAType: 0x10000}, arg: "hatype"},
		{name: "NUL in ifname", sock: pkt, addr: socket.PacketAddr{Ifname: "lo\x00x"}, arg: "ifname",
			pyError: "ValueError('embedded null character')"},
		{name: "PacketAddr on AF_INET", sock: inet, addr: socket.PacketAddr{Ifname: "lo"}, arg: "addr"},
		{name: "NetlinkAddr on AF_PACKET", sock: pkt, addr: socket.NetlinkAddr{}, arg: "addr"},
		{name: "unknown interface", sock: pkt, addr: socket.PacketAddr{Ifname: unknown}, ifname: unknown,
			pyError: "OSError(19, 'No such device')"},
		{name: "name longer than IFNAMSIZ", sock: pkt, addr: socket.PacketAddr{Ifname: strings.Repeat("x", 40)}, ifname: strings.Repeat("x", 40),
			pyError: "OSError(19, 'No such device')"},
	}
	ops := []struct {
		name string
		call func(s *socket.Socket, a socket.Addr) error
	}{
		{"bind", func(s *socket.Socket, a socket.Addr) error { return s.Bind(a) }},
		{"sendto", func(s *socket.Socket, a socket.Addr) error { _, err := s.Sendto([]byte("x"), a); return err }},
	}
	for _, tt := range tests {
		for _, op := range ops {
			t.Run(tt.name+"/"+op.name, func(t *testing.T) {
				err := op.call(tt.sock, tt.addr)
				require.Error(t, err)
				var se *socket.Error
				require.ErrorAs(t, err, &se)
				assert.Equal(t, op.name, se.Op)
				if tt.arg != "" {
					var ve *socket.ValueError
					require.ErrorAs(t, err, &ve)
					assert.Equal(t, tt.arg, ve.Arg)
					assert.ErrorIs(t, err, socket.ErrInvalid)
					return
				}
				assert.ErrorIs(t, err, syscall.ENODEV)
				assert.Equal(t, tt.ifname, se.Addr.(socket.PacketAddr).Ifname)
				assert.Contains(t, err.Error(), fmt.Sprintf("%q", tt.ifname), "the message names the interface")
			})
		}
	}
	t.Run("cpython", func(t *testing.T) {
		// One python3 run tries every address that CPython rejects too.
		var prog strings.Builder
		var want []string
		for _, tt := range tests {
			if tt.pyError == "" {
				continue
			}
			a := tt.addr.(socket.PacketAddr)
			fmt.Fprintf(&prog, "try:\n    s.bind((%q, %d, %d, %d, bytes.fromhex(%q)))\nexcept Exception as e:\n    print(repr(e))\n",
				a.Ifname, a.Proto, a.PktType, a.HAType, hex.EncodeToString(a.Addr))
			want = append(want, tt.pyError)
		}
		assert.Equal(t, strings.Join(want, "\n"), pythonOnSocket(t, pkt, prog.String()))
	})
}

// recvFrame receives on s until a frame that holds marker arrives, skipping
// any other traffic, and fails t after a few seconds.
func recvFrame(t *testing.T, s *socket.Socket, marker []byte) ([]byte, socket.PacketAddr) {
	t.Helper()
	require.NoError(t, s.Settimeout(5*time.Second))
	for {
		data, from, err := s.Recvfrom(4096)
		require.NoError(t, err, "waiting for a frame with %q", marker)
		if bytes.Contains(data, marker) {
			a, ok := from.(socket.PacketAddr)
			require.True(t, ok, "Recvfrom returned a %T", from)
			return data, a
		}
	}
}

func TestPacketRawFrameOverVeth(t *testing.T) {
	t.Parallel()
	ns := newTestNetns(t)
	rx := ns.Socket(t, socket.AF_PACKET, socket.SOCK_RAW, packetProto(testEtherType))
	require.NoError(t, rx.Bind(socket.PacketAddr{Ifname: ns.VethB, Proto: testEtherType}))
	tx := ns.Socket(t, socket.AF_PACKET, socket.SOCK_RAW, 0)

	tests := []struct {
		name    string
		dst     net.HardwareAddr
		pkttype int
		send    func(frame []byte) (int, error)
	}{
		{"sendto, to the peer", ns.MACB, socket.PACKET_HOST, func(f []byte) (int, error) {
			return tx.Sendto(f, socket.PacketAddr{Ifname: ns.VethA, Proto: testEtherType})
		}},
		{"sendto, broadcast", net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, socket.PACKET_BROADCAST, func(f []byte) (int, error) {
			return tx.Sendto(f, socket.PacketAddr{Ifname: ns.VethA})
		}},
		{"sendto, multicast", net.HardwareAddr{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}, socket.PACKET_MULTICAST, func(f []byte) (int, error) {
			return tx.Sendto(f, socket.PacketAddr{Ifname: ns.VethA})
		}},
		{"sendto, another host", net.HardwareAddr{0x02, 0, 0, 0, 0, 0x99}, socket.PACKET_OTHERHOST, func(f []byte) (int, error) {
			return tx.Sendto(f, socket.PacketAddr{Ifname: ns.VethA})
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			marker := []byte(fmt.Sprintf("raw frame %d from the test", i))
			payload := append(marker, make([]byte, 46)...)
			frame := etherFrame(tt.dst, ns.MACA, testEtherType, payload)
			n, err := tt.send(frame)
			require.NoError(t, err)
			require.Equal(t, len(frame), n)
			data, from := recvFrame(t, rx, marker)
			assert.Equal(t, frame, data, "the frame as it was sent")
			assert.Equal(t, socket.PacketAddr{
				Ifname:  ns.VethB,
				Proto:   testEtherType,
				PktType: tt.pkttype,
				HAType:  socket.ARPHRD_ETHER,
				Addr:    []byte(ns.MACA),
			}, from)
		})
	}

	t.Run("bind and send", func(t *testing.T) {
		require.NoError(t, tx.Bind(socket.PacketAddr{Ifname: ns.VethA, Proto: testEtherType}))
		marker := []byte("bound and sent")
		frame := etherFrame(ns.MACB, ns.MACA, testEtherType, append(marker, make([]byte, 46)...))
		_, err := tx.Send(frame)
		require.NoError(t, err)
		data, from := recvFrame(t, rx, marker)
		assert.Equal(t, frame, data)
		assert.Equal(t, ns.VethB, from.Ifname)
	})

	t.Run("cpython decodes the same sockaddr_ll", func(t *testing.T) {
		// Two equal frames: this package receives one and CPython the other,
		// on the same socket.
		frame := etherFrame(ns.MACB, ns.MACA, testEtherType, append([]byte("for both"), make([]byte, 46)...))
		for range 2 {
			_, err := tx.Sendto(frame, socket.PacketAddr{Ifname: ns.VethA})
			require.NoError(t, err)
		}
		data, from := recvFrame(t, rx, []byte("for both"))
		out := pythonOnSocket(t, rx, "s.settimeout(5)\ndata, addr = s.recvfrom(4096)\nprint(repr(addr))\nprint(data.hex())")
		assert.Equal(t, socket.PyReprOf(from)+"\n"+hex.EncodeToString(data), out)
	})
}

// ipv4Packet builds an IPv4 header with a valid checksum and the payload.
func ipv4Packet(src, dst net.IP, payload []byte) []byte {
	h := make([]byte, 20)
	h[0] = 0x45
	binary.BigEndian.PutUint16(h[2:], uint16(20+len(payload)))
	h[8] = 64
	h[9] = 253 // experimental protocol number
	copy(h[12:16], src.To4())
	copy(h[16:20], dst.To4())
	var sum uint32
	for i := 0; i < 20; i += 2 {
		sum += uint32(binary.BigEndian.Uint16(h[i:]))
	}
	for sum > 0xffff {
		sum = sum&0xffff + sum>>16
	}
	binary.BigEndian.PutUint16(h[10:], ^uint16(sum))
	return append(h, payload...)
}

func TestPacketDgramIPOverVeth(t *testing.T) {
	t.Parallel()
	ns := newTestNetns(t)
	rx := ns.Socket(t, socket.AF_PACKET, socket.SOCK_DGRAM, packetProto(socket.ETH_P_IP))
	require.NoError(t, rx.Bind(socket.PacketAddr{Ifname: ns.VethB, Proto: socket.ETH_P_IP}))
	name, err := rx.Getsockname()
	require.NoError(t, err)
	assert.Equal(t, socket.PacketAddr{Ifname: ns.VethB, Proto: socket.ETH_P_IP, HAType: socket.ARPHRD_ETHER, Addr: []byte(ns.MACB)}, name)
	assert.Equal(t, pythonOnSocket(t, rx, "print(repr(s.getsockname()))"), socket.PyReprOf(name))

	tx := ns.Socket(t, socket.AF_PACKET, socket.SOCK_DGRAM, 0)
	marker := []byte("an IPv4 packet over SOCK_DGRAM")
	packet := ipv4Packet(net.IPv4(192, 0, 2, 1), net.IPv4(192, 0, 2, 2), marker)
	// SOCK_DGRAM: the kernel writes the Ethernet header from the address.
	n, err := tx.Sendto(packet, socket.PacketAddr{Ifname: ns.VethA, Proto: socket.ETH_P_IP, Addr: []byte(ns.MACB)})
	require.NoError(t, err)
	require.Equal(t, len(packet), n)
	data, from := recvFrame(t, rx, marker)
	assert.Equal(t, packet, data, "the IPv4 packet without its Ethernet header")
	assert.Equal(t, socket.PacketAddr{
		Ifname:  ns.VethB,
		Proto:   socket.ETH_P_IP,
		PktType: socket.PACKET_HOST,
		HAType:  socket.ARPHRD_ETHER,
		Addr:    []byte(ns.MACA),
	}, from)

	// A raw socket on the same interface sees the header that the kernel built.
	raw := ns.Socket(t, socket.AF_PACKET, socket.SOCK_RAW, packetProto(socket.ETH_P_IP))
	require.NoError(t, raw.Bind(socket.PacketAddr{Ifname: ns.VethB, Proto: socket.ETH_P_IP}))
	_, err = tx.Sendto(packet, socket.PacketAddr{Ifname: ns.VethA, Proto: socket.ETH_P_IP, Addr: []byte(ns.MACB)})
	require.NoError(t, err)
	frame, _ := recvFrame(t, raw, marker)
	assert.Equal(t, etherFrame(ns.MACB, ns.MACA, socket.ETH_P_IP, packet), frame)
}

func TestPacketMembershipPromisc(t *testing.T) {
	t.Parallel()
	ns := newTestNetns(t)
	nl := ns.Socket(t, socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	// A membership counts in the device's promiscuity (IFLA_PROMISCUITY),
	// not in the IFF_PROMISC flag that `ip link set promisc on` sets.
	promisc := func() bool {
		for _, l := range dumpLinks(t, nl) {
			if l.Name == ns.VethB {
				return l.Promiscuity > 0
			}
		}
		t.Fatalf("%s is not in the namespace's link dump", ns.VethB)
		return false
	}
	s := ns.Socket(t, socket.AF_PACKET, socket.SOCK_RAW, packetProto(socket.ETH_P_ALL))
	require.False(t, promisc(), "promiscuous before PACKET_ADD_MEMBERSHIP")
	mreq := socket.PacketMreq{Ifname: ns.VethB, Type: socket.PACKET_MR_PROMISC}
	err := s.SetsockoptPacketMreq(socket.PACKET_ADD_MEMBERSHIP, mreq)
	skipQemu(t, "setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP)", err)
	require.NoError(t, err)
	assert.True(t, promisc(), "not promiscuous after PACKET_ADD_MEMBERSHIP")
	require.NoError(t, s.SetsockoptPacketMreq(socket.PACKET_DROP_MEMBERSHIP, mreq))
	assert.False(t, promisc(), "still promiscuous after PACKET_DROP_MEMBERSHIP")

	// The membership ends with the socket.
	s2 := ns.Socket(t, socket.AF_PACKET, socket.SOCK_RAW, 0)
	require.NoError(t, s2.SetsockoptPacketMreq(socket.PACKET_ADD_MEMBERSHIP, mreq))
	assert.True(t, promisc())
	require.NoError(t, s2.Close())
	assert.False(t, promisc(), "still promiscuous after the socket closed")

	bad := []struct {
		name  string
		mreq  socket.PacketMreq
		arg   string
		errno syscall.Errno
	}{
		{"empty name", socket.PacketMreq{Type: socket.PACKET_MR_PROMISC}, "ifname", 0},
		{"address over 8 bytes", socket.PacketMreq{Ifname: ns.VethB, Type: socket.PACKET_MR_UNICAST, Addr: make([]byte, 9)}, "addr", 0},
		{"type over 0xffff", socket.PacketMreq{Ifname: ns.VethB, Type: 0x10000}, "type", 0},
		{"unknown interface", socket.PacketMreq{Ifname: "nosuch0", Type: socket.PACKET_MR_PROMISC}, "", syscall.ENODEV},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			err := s.SetsockoptPacketMreq(socket.PACKET_ADD_MEMBERSHIP, tt.mreq)
			require.Error(t, err)
			if tt.arg != "" {
				var ve *socket.ValueError
				require.ErrorAs(t, err, &ve)
				assert.Equal(t, tt.arg, ve.Arg)
				return
			}
			assert.ErrorIs(t, err, tt.errno)
		})
	}
}

func TestPacketBPFFilter(t *testing.T) {
	t.Parallel()
	ns := newTestNetns(t)
	// Keep frames whose payload starts with 'K'; drop the rest.
	prog := []bpf.Instruction{
		bpf.LoadAbsolute{Off: 14, Size: 1},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: 'K', SkipFalse: 1},
		bpf.RetConstant{Val: 0x40000},
		bpf.RetConstant{Val: 0},
	}
	raw, err := bpf.Assemble(prog)
	require.NoError(t, err)
	vm, err := bpf.NewVM(prog)
	require.NoError(t, err)

	// Open with protocol 0 (nothing arrives), filter, then bind: no frame
	// slips past the filter in between.
	rx := ns.Socket(t, socket.AF_PACKET, socket.SOCK_RAW, 0)
	require.NoError(t, rx.SetsockoptAttachFilter(raw))
	require.NoError(t, rx.Bind(socket.PacketAddr{Ifname: ns.VethB, Proto: testEtherType}))
	tx := ns.Socket(t, socket.AF_PACKET, socket.SOCK_RAW, 0)

	var frames, kept [][]byte
	for i, first := range "KDKDDK" {
		f := etherFrame(ns.MACB, ns.MACA, testEtherType, append([]byte(fmt.Sprintf("%c frame %d", first, i)), make([]byte, 46)...))
		frames = append(frames, f)
		n, err := vm.Run(f)
		require.NoError(t, err)
		if n > 0 {
			kept = append(kept, f)
		}
	}
	require.Len(t, kept, 3, "x/net/bpf's VM keeps the K frames")
	for _, f := range frames {
		_, err := tx.Sendto(f, socket.PacketAddr{Ifname: ns.VethA})
		require.NoError(t, err)
	}
	require.NoError(t, rx.Settimeout(5*time.Second))
	for _, want := range kept {
		got, _, err := rx.Recvfrom(4096)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	require.NoError(t, rx.Settimeout(300*time.Millisecond))
	got, _, err := rx.Recvfrom(4096)
	assert.True(t, errors.Is(err, os.ErrDeadlineExceeded), "a frame the filter drops arrived: %q (%v)", got, err)
	stats, err := rx.GetsockoptPacketStatistics()
	skipQemu(t, "getsockopt(SOL_PACKET, PACKET_STATISTICS)", err)
	require.NoError(t, err)
	assert.Equal(t, socket.PacketStats{Packets: uint32(len(kept))}, stats, "PACKET_STATISTICS counts the frames that passed")

	// Without the filter, a D frame comes through.
	require.NoError(t, rx.Setsockopt(socket.SOL_SOCKET, socket.SO_DETACH_FILTER, 0))
	_, err = tx.Sendto(frames[1], socket.PacketAddr{Ifname: ns.VethA})
	require.NoError(t, err)
	require.NoError(t, rx.Settimeout(5*time.Second))
	got, _, err = rx.Recvfrom(4096)
	require.NoError(t, err)
	assert.Equal(t, frames[1], got)

	t.Run("bad programs", func(t *testing.T) {
		err := rx.SetsockoptAttachFilter(nil)
		assert.ErrorIs(t, err, socket.ErrInvalid)
		err = rx.SetsockoptAttachFilter(make([]bpf.RawInstruction, 4097))
		assert.ErrorIs(t, err, socket.ErrInvalid)
		// A jump past the end: the kernel's checker refuses it.
		err = rx.SetsockoptAttachFilter([]bpf.RawInstruction{{Op: 0x05, K: 10}, {Op: 0x06}})
		assert.ErrorIs(t, err, syscall.EINVAL)
	})
}
