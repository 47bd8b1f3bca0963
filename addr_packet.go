//go:build linux

package socket

import (
	"net"
	"strconv"
	"strings"
)

// PacketAddr is an AF_PACKET (link layer) address, as Python's (ifname,
// proto, pkttype, hatype, addr) tuple, over struct sockaddr_ll.
//
// Ifname is the interface's name; the package turns it into the interface
// index with the SIOCGIFINDEX ioctl on the socket itself (so the name is
// looked up in the socket's network namespace), and back with SIOCGIFNAME.
// Proto is the EtherType (ETH_P_IP, ETH_P_ALL, ...) in host order, as in
// Python's tuple; the sockaddr carries it in network order. PktType is one of
// PACKET_HOST, PACKET_BROADCAST, PACKET_MULTICAST, PACKET_OTHERHOST,
// PACKET_OUTGOING; HAType the ARPHRD_* hardware type; Addr the hardware
// address (the sender's in Recvfrom, the destination's in Sendto on a
// SOCK_DGRAM socket), at most 8 bytes.
//
// An unbound socket's Getsockname gives PacketAddr{Proto: its protocol},
// Python's tuple with an empty name and an empty address.
type PacketAddr struct {
	Ifname  string
	Proto   int
	PktType int
	HAType  int
	Addr    []byte
}

// Family returns AF_PACKET.
func (a PacketAddr) Family() AddressFamily { return AF_PACKET }

// Network returns "packet", so that PacketAddr satisfies net.Addr.
func (a PacketAddr) Network() string { return "packet" }

// String returns "ifname/0xproto", followed by "/" and the hardware address
// in colon-separated hex when there is one: "veth0/0x0800/02:00:00:00:00:01".
func (a PacketAddr) String() string {
	var b strings.Builder
	b.WriteString(a.Ifname)
	b.WriteString("/0x")
	p := strconv.FormatUint(uint64(uint32(a.Proto)), 16)
	for i := len(p); i < 4; i++ {
		b.WriteByte('0')
	}
	b.WriteString(p)
	if len(a.Addr) > 0 {
		b.WriteByte('/')
		b.WriteString(net.HardwareAddr(a.Addr).String())
	}
	return b.String()
}

func (a PacketAddr) pyRepr() string {
	return "(" + pyStr(a.Ifname) + ", " + strconv.Itoa(a.Proto) + ", " + strconv.Itoa(a.PktType) + ", " +
		strconv.Itoa(a.HAType) + ", " + pyBytes(a.Addr) + ")"
}

const (
	// sizeofSockaddrLL is the size of struct sockaddr_ll.
	sizeofSockaddrLL = 20
	// maxHardwareAddr is the size of sockaddr_ll's sll_addr.
	maxHardwareAddr = 8
)

func (a PacketAddr) encode(s *Socket, op string, b *sockaddrBuf) (int, error) {
	if s.family != AF_PACKET {
		return 0, familyMismatch(s, op, a)
	}
	switch {
	case a.Ifname == "":
		return 0, valueErr(op, a, "ifname", "AF_PACKET address needs an interface name; the empty name is no interface")
	case strings.IndexByte(a.Ifname, 0) >= 0:
		return 0, valueErr(op, a, "ifname", "embedded null character in interface name %q", a.Ifname)
	case a.Proto < 0 || a.Proto > 0xffff:
		return 0, valueErr(op, a, "proto", "proto must be 0-65535, not %d", a.Proto)
	case a.PktType < 0 || a.PktType > 0xff:
		return 0, valueErr(op, a, "pkttype", "pkttype must be 0-255, not %d", a.PktType)
	case a.HAType < 0 || a.HAType > 0xffff:
		return 0, valueErr(op, a, "hatype", "hatype must be 0-65535, not %d", a.HAType)
	case len(a.Addr) > maxHardwareAddr:
		return 0, valueErr(op, a, "addr", "Hardware address must be 8 bytes or less, not %d", len(a.Addr))
	}
	index, err := s.ifIndex(op, a, a.Ifname)
	if err != nil {
		return 0, err
	}
	clear(b[:sizeofSockaddrLL])
	putSockaddrFamily(b, AF_PACKET, sizeofSockaddrLL)
	putBe16(b[2:], a.Proto)
	nativeEndian.PutUint32(b[4:], uint32(index))
	nativeEndian.PutUint16(b[8:], uint16(a.HAType))
	b[10] = byte(a.PktType)
	b[11] = byte(len(a.Addr))
	copy(b[12:], a.Addr)
	return sizeofSockaddrLL, nil
}

// decodePacket decodes a struct sockaddr_ll as CPython does: the interface
// name comes from SIOCGIFNAME on the socket ("" when the index is 0 or the
// lookup fails), and the hardware address is sll_halen bytes long, as far
// as the kernel's sockaddr reaches (an InfiniBand address is longer than
// sll_addr's 8 bytes). A sockaddr too short for its fixed fields decodes to
// a RawAddr.
func decodePacket(s *Socket, b []byte) Addr {
	if len(b) < 12 {
		return RawAddr{SaFamily: AF_PACKET, Data: append([]byte(nil), b[2:]...)}
	}
	a := PacketAddr{
		Proto:   be16(b[2:]),
		HAType:  int(nativeEndian.Uint16(b[8:])),
		PktType: int(b[10]),
	}
	if n := min(int(b[11]), len(b)-12); n > 0 {
		a.Addr = append([]byte(nil), b[12:12+n]...)
	}
	if index := int32(nativeEndian.Uint32(b[4:])); index != 0 && s != nil {
		a.Ifname = s.ifName(index)
	}
	return a
}

func init() {
	registerDecoder(AF_PACKET, decodePacket)
	familyAddrTypes[AF_PACKET] = "PacketAddr"
}
