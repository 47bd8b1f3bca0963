//go:build linux

package socket

import (
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// CANAddr is an AF_CAN address of a CAN_RAW or CAN_BCM socket, as Python's
// (interface,) tuple. Interface is a network interface name such as "vcan0";
// "" means every CAN interface (index 0). Addresses the package returns name
// the interface the kernel reported, "" for index 0.
type CANAddr struct {
	Interface string
}

// CANISOTPAddr is an AF_CAN address of a CAN_ISOTP socket, as Python's
// (interface, rx_addr, tx_addr) tuple: the CAN ids that the socket receives
// on and sends with (CAN_EFF_FLAG marks 29-bit ids).
type CANISOTPAddr struct {
	Interface string
	RxAddr    uint32
	TxAddr    uint32
}

// CANJ1939Addr is an AF_CAN address of a CAN_J1939 socket, as Python's
// (interface, name, pgn, addr) tuple: the 64-bit NAME (J1939_NO_NAME for
// none), the parameter group number (J1939_NO_PGN for none) and the 8-bit
// address (J1939_NO_ADDR for none).
type CANJ1939Addr struct {
	Interface string
	Name      uint64
	PGN       uint32
	Addr      uint8
}

// Family returns AF_CAN.
func (a CANAddr) Family() AddressFamily { return AF_CAN }

// Family returns AF_CAN.
func (a CANISOTPAddr) Family() AddressFamily { return AF_CAN }

// Family returns AF_CAN.
func (a CANJ1939Addr) Family() AddressFamily { return AF_CAN }

// Network returns "can".
func (a CANAddr) Network() string { return "can" }

// Network returns "can".
func (a CANISOTPAddr) Network() string { return "can" }

// Network returns "can".
func (a CANJ1939Addr) Network() string { return "can" }

// String returns the interface name.
func (a CANAddr) String() string { return a.Interface }

// String returns the interface and the two ids in hex: "vcan0 rx 0x123 tx 0x321".
func (a CANISOTPAddr) String() string {
	return a.Interface + " rx 0x" + strconv.FormatUint(uint64(a.RxAddr), 16) +
		" tx 0x" + strconv.FormatUint(uint64(a.TxAddr), 16)
}

// String returns the interface, NAME, PGN and address in hex:
// "vcan0 name 0x0 pgn 0x12300 addr 0x20".
func (a CANJ1939Addr) String() string {
	return a.Interface + " name 0x" + strconv.FormatUint(a.Name, 16) +
		" pgn 0x" + strconv.FormatUint(uint64(a.PGN), 16) +
		" addr 0x" + strconv.FormatUint(uint64(a.Addr), 16)
}

func (a CANAddr) pyRepr() string { return "(" + pyStr(a.Interface) + ",)" }

func (a CANISOTPAddr) pyRepr() string {
	return "(" + pyStr(a.Interface) + ", " + strconv.FormatUint(uint64(a.RxAddr), 10) + ", " +
		strconv.FormatUint(uint64(a.TxAddr), 10) + ")"
}

func (a CANJ1939Addr) pyRepr() string {
	return "(" + pyStr(a.Interface) + ", " + strconv.FormatUint(a.Name, 10) + ", " +
		strconv.FormatUint(uint64(a.PGN), 10) + ", " + strconv.FormatUint(uint64(a.Addr), 10) + ")"
}

// struct sockaddr_can: family u16, (pad), ifindex int at 4, then the union
// at 8: tp.rx_id u32, tp.tx_id u32; or j1939.name u64, pgn u32 at 16, addr u8 at 20.
const sizeofSockaddrCAN = unix.SizeofSockaddrCAN

func init() {
	registerDecoder(AF_CAN, decodeCAN)
	familyAddrTypes[AF_CAN] = "CANAddr, CANISOTPAddr or CANJ1939Addr"
}

// canProtoAddr names the address type a CAN protocol takes.
func canProtoAddr(proto int) string {
	switch proto {
	case CAN_ISOTP:
		return "CANISOTPAddr"
	case CAN_J1939:
		return "CANJ1939Addr"
	}
	return "CANAddr"
}

// canCheck checks that a is right for socket s (family and protocol) and
// returns the interface index, as CPython's getsockaddrarg.
func canCheck(s *Socket, op string, a Addr, ifname string) (int32, error) {
	if s.family != AF_CAN {
		return 0, familyMismatch(s, op, a)
	}
	proto := canProto(s)
	var want string
	switch proto {
	case CAN_RAW, CAN_BCM, CAN_ISOTP, CAN_J1939:
		want = canProtoAddr(proto)
	default:
		return 0, valueErr(op, a, "addr", "getsockaddrarg: unsupported CAN protocol %d", proto)
	}
	var got string
	switch a.(type) {
	case CANAddr:
		got = "CANAddr"
	case CANISOTPAddr:
		got = "CANISOTPAddr"
	case CANJ1939Addr:
		got = "CANJ1939Addr"
	}
	if got != want {
		return 0, valueErr(op, a, "addr", "a %s socket takes a %s, not a %s", canProtoName(proto), want, got)
	}
	return canIfindex(s, op, a, ifname)
}

// canProto returns the CAN protocol of s. It is the protocol given to New,
// or the one SO_PROTOCOL reported to FromFileno; but the kernel reports 0
// for every CAN socket (af_can does not set sk_protocol), so for 0 it asks
// the socket which options it answers to: CAN_RAW's, CAN_ISOTP's or
// CAN_J1939's, and a SOCK_DGRAM socket that answers none is CAN_BCM.
// (CPython decodes such a socket's addresses as CAN_RAW's.)
func canProto(s *Socket) int {
	if s == nil {
		return 0
	}
	if s.proto != 0 || s.family != AF_CAN {
		return s.proto
	}
	if s.kind == SOCK_RAW {
		return CAN_RAW
	}
	proto := CAN_BCM
	if s.rc == nil {
		return proto
	}
	var b [12]byte
	s.control(opGetsockopt, func(fd int) {
		switch {
		case canAnswers(fd, SOL_CAN_ISOTP, CAN_ISOTP_OPTS, b[:]):
			proto = CAN_ISOTP
		case canAnswers(fd, SOL_CAN_J1939, SO_J1939_PROMISC, b[:4]):
			proto = CAN_J1939
		case canAnswers(fd, SOL_CAN_RAW, CAN_RAW_LOOPBACK, b[:4]):
			proto = CAN_RAW
		}
	})
	return proto
}

func canAnswers(fd, level, opt int, b []byte) bool {
	_, e := sysGetsockopt(fd, level, opt, b)
	return e == 0
}

func canProtoName(proto int) string {
	switch proto {
	case CAN_RAW:
		return "CAN_RAW"
	case CAN_BCM:
		return "CAN_BCM"
	case CAN_ISOTP:
		return "CAN_ISOTP"
	case CAN_J1939:
		return "CAN_J1939"
	}
	return "CAN protocol " + strconv.Itoa(proto)
}

// canIfindex turns an interface name into its index, as Python does: ""
// is 0; a name of 16 bytes or more is Python's "AF_CAN interface name too
// long"; an unknown name is ENODEV.
func canIfindex(s *Socket, op string, a Addr, name string) (int32, error) {
	if name == "" {
		return 0, nil
	}
	if len(name) >= ifNameSize {
		return 0, valueErr(op, a, "interface", "AF_CAN interface name too long (%d bytes; the limit is %d)", len(name), ifNameSize-1)
	}
	if strings.IndexByte(name, 0) >= 0 {
		return 0, valueErr(op, a, "interface", "embedded null byte")
	}
	return s.ifIndex(op, a, name)
}

// canIfname turns an interface index into its name, as CPython's
// makesockaddr: "" for 0 or an index that no longer exists.
func canIfname(s *Socket, index int32) string {
	if index == 0 || s == nil {
		return ""
	}
	return s.ifName(index)
}

func canHead(b *sockaddrBuf, index int32) {
	clear(b[:sizeofSockaddrCAN])
	putSockaddrFamily(b, AF_CAN, sizeofSockaddrCAN)
	nativeEndian.PutUint32(b[4:], uint32(index))
}

func (a CANAddr) encode(s *Socket, op string, b *sockaddrBuf) (int, error) {
	index, err := canCheck(s, op, a, a.Interface)
	if err != nil {
		return 0, err
	}
	canHead(b, index)
	return sizeofSockaddrCAN, nil
}

func (a CANISOTPAddr) encode(s *Socket, op string, b *sockaddrBuf) (int, error) {
	index, err := canCheck(s, op, a, a.Interface)
	if err != nil {
		return 0, err
	}
	canHead(b, index)
	nativeEndian.PutUint32(b[8:], a.RxAddr)
	nativeEndian.PutUint32(b[12:], a.TxAddr)
	return sizeofSockaddrCAN, nil
}

func (a CANJ1939Addr) encode(s *Socket, op string, b *sockaddrBuf) (int, error) {
	index, err := canCheck(s, op, a, a.Interface)
	if err != nil {
		return 0, err
	}
	canHead(b, index)
	nativeEndian.PutUint64(b[8:], a.Name)
	nativeEndian.PutUint32(b[16:], a.PGN)
	b[20] = a.Addr
	return sizeofSockaddrCAN, nil
}

// decodeCAN decodes a struct sockaddr_can by the socket's protocol, as the
// kernel and CPython do (the protocol comes from socket(2) or, for
// FromFileno, from SO_PROTOCOL; see canProto). The kernel may report fewer bytes than the
// whole struct (CAN_RAW gives 8): the rest reads as zero.
func decodeCAN(s *Socket, b []byte) Addr {
	var sa [sizeofSockaddrCAN]byte
	copy(sa[:], b)
	index := int32(nativeEndian.Uint32(sa[4:]))
	name := canIfname(s, index)
	switch canProto(s) {
	case CAN_ISOTP:
		return CANISOTPAddr{Interface: name, RxAddr: nativeEndian.Uint32(sa[8:]), TxAddr: nativeEndian.Uint32(sa[12:])}
	case CAN_J1939:
		return CANJ1939Addr{Interface: name, Name: nativeEndian.Uint64(sa[8:]), PGN: nativeEndian.Uint32(sa[16:]), Addr: sa[20]}
	}
	return CANAddr{Interface: name}
}
