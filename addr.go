package socket

import (
	"encoding/binary"
	"reflect"
	"strings"

	"golang.org/x/sys/unix"
)

// Addr is a socket address, as Python passes one to bind, connect and sendto
// and returns one from accept, recvfrom, getsockname and getpeername. Each
// address family has its own type, with the fields of Python's tuple in
// order: UnixAddr, InetAddr, Inet6Addr, and on Linux NetlinkAddr, PacketAddr,
// VsockAddr, CANAddr, CANISOTPAddr, CANJ1939Addr and ALGAddr. A family this
// package does not know decodes to RawAddr.
//
// Where Python returns None for an address (a peer with no address), the
// package returns a nil Addr.
//
// Every Addr is a net.Addr. Its Network names the family, as far as the
// value knows it ("tcp4", "tcp6", "unix", "netlink", ...); the Socket's
// LocalAddr, RemoteAddr and ReadFrom give the standard library's types
// (*net.TCPAddr "tcp", *net.UDPAddr "udp", *net.UnixAddr "unixgram", ...),
// which name the socket's type too.
type Addr interface {
	// Family returns the address family, such as AF_INET.
	Family() AddressFamily
	// Network names the family for net.Addr (see above).
	Network() string
	// String returns the address in Go's usual form ("127.0.0.1:80").
	String() string
}

// sockaddrBuf holds a raw struct sockaddr of any family, as the kernel reads
// and writes it.
type sockaddrBuf [unix.SizeofSockaddrAny]byte

// encoder is implemented by every Addr type of the package: it writes the raw
// sockaddr for socket s into b and returns its length. op names the
// operation for errors, as Python's messages do ("bind(): port must be
// 0-65535.").
type encoder interface {
	encode(s *Socket, op string, b *sockaddrBuf) (int, error)
}

// decoder turns the raw sockaddr b (its length as the kernel reported it)
// into the family's Addr; s is the socket it came from, for families whose
// format depends on the protocol (AF_CAN).
type decoder func(s *Socket, b []byte) Addr

// decoders is indexed by address family; each addr_<family>.go registers its
// own in an init function.
var decoders [64]decoder

func registerDecoder(f AddressFamily, d decoder) { decoders[f] = d }

// registerReusable marks a family whose decoded addresses hold nothing
// mutable (no slices) and depend only on the raw bytes, so that a receive
// from the same peer may return the previous value instead of decoding
// again.
func registerReusable(f AddressFamily) { reusable[f] = true }

var reusable [64]bool

// acceptsNoPeer marks the families whose accept(2) must get no address
// buffer (AF_ALG refuses one with ECONNABORTED).
var acceptsNoPeer [64]bool

// encodeAddr writes addr as a raw sockaddr for s, checking that it suits the
// socket's family.
func encodeAddr(s *Socket, op string, addr Addr, b *sockaddrBuf) (int, error) {
	if addr == nil {
		return 0, valueErr(op, nil, "addr", "nil address; a %s socket needs a %s", s.family, addrTypeFor(s.family))
	}
	if nilPointer(addr) {
		return 0, valueErr(op, nil, "addr", "nil %T; a %s socket needs a %s", addr, s.family, addrTypeFor(s.family))
	}
	e, ok := addr.(encoder)
	if !ok {
		return 0, valueErr(op, addr, "addr", "%T is not an address type of this package", addr)
	}
	n, err := e.encode(s, op, b)
	if err != nil {
		// The encoders leave the address out of their errors, so that the
		// success path boxes nothing; it is added here.
		if pe, ok := err.(*Error); ok && pe.Addr == nil {
			pe.Addr = addr
		}
		return 0, err
	}
	return n, nil
}

// nilPointer reports whether v is a nil pointer inside a non-nil interface
// (a typed nil, such as (*InetAddr)(nil)), whose value methods would panic.
func nilPointer(v any) bool {
	r := reflect.ValueOf(v)
	return r.Kind() == reflect.Pointer && r.IsNil()
}

// decodeAddr turns the raw sockaddr in b into an Addr. An empty address (the
// kernel reported length 0) is nil, as Python's None.
func decodeAddr(s *Socket, b []byte) Addr {
	if len(b) < 2 {
		return nil
	}
	f := sockaddrFamily(b)
	if int(f) < len(decoders) && decoders[f] != nil {
		return decoders[f](s, b)
	}
	return RawAddr{SaFamily: f, Data: append([]byte(nil), b[2:]...)}
}

// familyMismatch is the error for an address of the wrong family for s.
func familyMismatch(s *Socket, op string, addr Addr) error {
	return valueErr(op, addr, "addr", "%T is an %s address; this is an %s socket, which takes a %s",
		addr, addr.Family(), s.family, addrTypeFor(s.family))
}

// addrTypeFor names the Go type that a family's addresses take.
func addrTypeFor(f AddressFamily) string {
	switch f {
	case AF_UNIX:
		return "UnixAddr"
	case AF_INET:
		return "InetAddr"
	case AF_INET6:
		return "Inet6Addr"
	}
	if n, ok := familyAddrTypes[f]; ok {
		return n
	}
	return "RawAddr"
}

// familyAddrTypes names the address types of the Linux-only families; their
// files add themselves.
var familyAddrTypes = map[AddressFamily]string{}

// RawAddr is an address of a family that the package does not decode, as
// Python's (family, data) pair: SaFamily is the sockaddr's family field and
// Data the bytes after it. It can also be passed to Bind, Connect and Sendto
// to hand the kernel any sockaddr as is. (The field is not called Family
// because the Addr interface's Family method takes that name.)
type RawAddr struct {
	SaFamily AddressFamily
	Data     []byte
}

// Family returns the address family.
func (a RawAddr) Family() AddressFamily { return a.SaFamily }

// Network returns the family's name in lower case without "AF_"
// ("appletalk", "decnet"), or "af" and the number for a family Python does
// not name, so that a RawAddr is a net.Addr.
func (a RawAddr) Network() string {
	n := a.SaFamily.String()
	if strings.HasPrefix(n, "AF_") {
		return strings.ToLower(n[3:])
	}
	return "af" + n
}

// String formats the family and the data in hex.
func (a RawAddr) String() string {
	const hexdigits = "0123456789abcdef"
	b := make([]byte, 0, 2*len(a.Data))
	for _, c := range a.Data {
		b = append(b, hexdigits[c>>4], hexdigits[c&15])
	}
	return a.SaFamily.String() + ":" + string(b)
}

func (a RawAddr) encode(s *Socket, op string, b *sockaddrBuf) (int, error) {
	if len(a.Data) > len(b)-2 {
		return 0, valueErr(op, a, "addr", "RawAddr data is %d bytes; the limit is %d", len(a.Data), len(b)-2)
	}
	n := 2 + len(a.Data)
	putSockaddrFamily(b, a.SaFamily, n)
	copy(b[2:], a.Data)
	return n, nil
}

// checkPort applies Python's range check to a port.
func checkPort(op string, port int) error {
	if port < 0 || port > 0xffff {
		return valueErr(op, nil, "port", "port must be 0-65535, not %d", port)
	}
	return nil
}

func be16(b []byte) int       { return int(binary.BigEndian.Uint16(b)) }
func putBe16(b []byte, v int) { binary.BigEndian.PutUint16(b, uint16(v)) }
