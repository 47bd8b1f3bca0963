//go:build linux

package socket

import (
	"syscall"
	"unsafe"

	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// PacketMreq is struct packet_mreq, the value of the PACKET_ADD_MEMBERSHIP
// and PACKET_DROP_MEMBERSHIP options of AF_PACKET sockets: Ifname is the
// interface (looked up in the socket's network namespace, as PacketAddr's),
// Type one of PACKET_MR_PROMISC, PACKET_MR_ALLMULTI, PACKET_MR_MULTICAST and
// PACKET_MR_UNICAST, and Addr the hardware address for the last two (at most
// 8 bytes).
type PacketMreq struct {
	Ifname string
	Type   int
	Addr   []byte
}

// sizeofPacketMreq is the size of struct packet_mreq: int mr_ifindex,
// unsigned short mr_type and mr_alen, unsigned char mr_address[8].
const sizeofPacketMreq = 16

// SetsockoptPacketMreq sets a packet_mreq option (opt is
// PACKET_ADD_MEMBERSHIP or PACKET_DROP_MEMBERSHIP, level SOL_PACKET), as
// Python's s.setsockopt(SOL_PACKET, opt, struct.pack("iHH8s",
// if_nametoindex(ifname), type, len(addr), addr)); it wraps setsockopt(2).
// PACKET_MR_PROMISC puts the interface in promiscuous mode for as long as
// the membership lasts (until it is dropped or the socket is closed).
// Errors: a *ValueError for an empty name, a Type outside 0-65535 or an
// address over 8 bytes; an unknown interface matches syscall.ENODEV and
// names it; EINVAL, ENOPROTOOPT on a socket that is not AF_PACKET.
func (s *Socket) SetsockoptPacketMreq(opt int, m PacketMreq) error {
	switch {
	case m.Ifname == "":
		return valueErr(opSetsockopt, nil, "ifname", "packet_mreq needs an interface name; the empty name is no interface")
	case m.Type < 0 || m.Type > 0xffff:
		return valueErr(opSetsockopt, nil, "type", "packet_mreq type must be 0-65535, not %d", m.Type)
	case len(m.Addr) > maxHardwareAddr:
		return valueErr(opSetsockopt, nil, "addr", "Hardware address must be 8 bytes or less, not %d", len(m.Addr))
	}
	index, err := s.ifIndex(opSetsockopt, nil, m.Ifname)
	if err != nil {
		return err
	}
	var b [sizeofPacketMreq]byte
	nativeEndian.PutUint32(b[0:], uint32(index))
	nativeEndian.PutUint16(b[4:], uint16(m.Type))
	nativeEndian.PutUint16(b[6:], uint16(len(m.Addr)))
	copy(b[8:], m.Addr)
	return s.SetsockoptBytes(SOL_PACKET, opt, b[:])
}

// PacketStats is struct tpacket_stats, the PACKET_STATISTICS option of an
// AF_PACKET socket: the packets the socket received and those it dropped
// for want of buffer space, since the last read.
type PacketStats struct {
	Packets uint32
	Drops   uint32
}

// GetsockoptPacketStatistics reads and resets the socket's PACKET_STATISTICS, as
// Python's struct.unpack("II", s.getsockopt(SOL_PACKET, PACKET_STATISTICS,
// 8)); it wraps getsockopt(2). Errors: ENOPROTOOPT on a socket that is not
// AF_PACKET.
func (s *Socket) GetsockoptPacketStatistics() (PacketStats, error) {
	b, err := s.GetsockoptBytes(SOL_PACKET, PACKET_STATISTICS, 8)
	if err != nil {
		return PacketStats{}, err
	}
	if len(b) < 8 {
		return PacketStats{}, &Error{Op: opGetsockopt, Err: syscall.EINVAL}
	}
	return PacketStats{Packets: nativeEndian.Uint32(b), Drops: nativeEndian.Uint32(b[4:])}, nil
}

// bpfMaxInsns is BPF_MAXINSNS, the longest classic BPF program the kernel takes.
const bpfMaxInsns = 4096

// SetsockoptAttachFilter attaches a classic BPF program to the socket with
// SO_ATTACH_FILTER (level SOL_SOCKET), replacing any filter it had, as C's
// setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &sock_fprog, ...) (Python
// cannot pass the pointer that struct sock_fprog holds); it wraps
// setsockopt(2). Build prog with golang.org/x/net/bpf's Assemble. The
// program sees each packet as the socket would receive it (from the
// Ethernet header on a SOCK_RAW AF_PACKET socket, from the network header on
// SOCK_DGRAM and on INET sockets) and returns how many bytes to keep: 0
// drops the packet. Setsockopt(SOL_SOCKET, SO_DETACH_FILTER, 0) removes it.
// Errors: a *ValueError for an empty program or one over 4096 instructions;
// EINVAL for a program the kernel's checker refuses; EPERM once
// SO_LOCK_FILTER is set.
func (s *Socket) SetsockoptAttachFilter(prog []bpf.RawInstruction) error {
	if len(prog) == 0 || len(prog) > bpfMaxInsns {
		return valueErr(opSetsockopt, nil, "prog", "a BPF program has 1 to %d instructions, not %d", bpfMaxInsns, len(prog))
	}
	filter := make([]unix.SockFilter, len(prog))
	for i, ins := range prog {
		filter[i] = unix.SockFilter{Code: ins.Op, Jt: ins.Jt, Jf: ins.Jf, K: ins.K}
	}
	fprog := unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	var e syscall.Errno
	err := s.control(opSetsockopt, func(fd int) {
		_, _, e = unix.Syscall6(unix.SYS_SETSOCKOPT, uintptr(fd), unix.SOL_SOCKET, unix.SO_ATTACH_FILTER,
			uintptr(unsafe.Pointer(&fprog)), unsafe.Sizeof(fprog), 0)
	})
	if err != nil {
		return err
	}
	if e != 0 {
		return &Error{Op: opSetsockopt, Err: e}
	}
	return nil
}
