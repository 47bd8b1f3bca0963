package socket

import (
	"context"
	"encoding/binary"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// InetAddr is an AF_INET address, as Python's (host, port) tuple. Host is a
// dotted quad, a host name (resolved when the address is used, taking the
// first IPv4 address, as Python does), "" for INADDR_ANY or "<broadcast>"
// for INADDR_BROADCAST. Addresses that the package returns are always
// dotted quads.
type InetAddr struct {
	Host string
	Port int
}

// Family returns AF_INET.
func (a InetAddr) Family() AddressFamily { return AF_INET }

// Network returns "tcp4", so that an InetAddr is a net.Addr whose network
// and String net.Dial takes (net.Dial(a.Network(), a.String())). The value
// does not know the type of socket it belongs to, and a (host, port) pair
// is most often a stream's; Socket.LocalAddr, RemoteAddr and ReadFrom give
// the standard library's *net.TCPAddr ("tcp") or *net.UDPAddr ("udp")
// instead, which name the socket's type.
func (a InetAddr) Network() string { return "tcp4" }

// String returns "host:port", as net.JoinHostPort.
func (a InetAddr) String() string { return net.JoinHostPort(a.Host, strconv.Itoa(a.Port)) }

func (a InetAddr) pyRepr() string { return "(" + pyStr(a.Host) + ", " + strconv.Itoa(a.Port) + ")" }

// Inet6Addr is an AF_INET6 address, as Python's (host, port, flowinfo,
// scope_id) tuple. Host is an IPv6 literal, a host name (resolved when
// used) or "" for "::". Addresses that the package returns carry the host in
// glibc's inet_ntop form without a "%zone" suffix, the scope being in
// ScopeID. A "%zone" suffix on Host is honoured when ScopeID is 0 (Python
// drops it; see the package documentation).
type Inet6Addr struct {
	Host     string
	Port     int
	Flowinfo uint32
	ScopeID  uint32
}

// Family returns AF_INET6.
func (a Inet6Addr) Family() AddressFamily { return AF_INET6 }

// Network returns "tcp6", for the reasons InetAddr's Network gives:
// net.Dial takes it with String; Socket.LocalAddr and the like give
// *net.TCPAddr or *net.UDPAddr, which name the socket's type too.
func (a Inet6Addr) Network() string { return "tcp6" }

// String returns "[host%scope]:port", with the scope as a number when it is
// not zero.
func (a Inet6Addr) String() string {
	h := a.Host
	if a.ScopeID != 0 && !strings.Contains(h, "%") {
		h += "%" + strconv.FormatUint(uint64(a.ScopeID), 10)
	}
	return net.JoinHostPort(h, strconv.Itoa(a.Port))
}

func (a Inet6Addr) pyRepr() string {
	return "(" + pyStr(a.Host) + ", " + strconv.Itoa(a.Port) + ", " +
		strconv.FormatUint(uint64(a.Flowinfo), 10) + ", " + strconv.FormatUint(uint64(a.ScopeID), 10) + ")"
}

const (
	sizeofSockaddrInet4 = 16
	sizeofSockaddrInet6 = 28
	maxFlowinfo         = 0xfffff
)

func (a InetAddr) encode(s *Socket, op string, b *sockaddrBuf) (int, error) {
	if s.family != AF_INET {
		return 0, familyMismatch(s, op, a)
	}
	if err := checkPort(op, a.Port); err != nil {
		return 0, err
	}
	ip, err := hostToIP(op, a.Host, AF_INET)
	if err != nil {
		return 0, err
	}
	clear(b[:sizeofSockaddrInet4])
	putSockaddrFamily(b, AF_INET, sizeofSockaddrInet4)
	putBe16(b[2:], a.Port)
	ip4 := ip.As4()
	copy(b[4:8], ip4[:])
	return sizeofSockaddrInet4, nil
}

func (a Inet6Addr) encode(s *Socket, op string, b *sockaddrBuf) (int, error) {
	if s.family != AF_INET6 {
		return 0, familyMismatch(s, op, a)
	}
	if err := checkPort(op, a.Port); err != nil {
		return 0, err
	}
	if a.Flowinfo > maxFlowinfo {
		return 0, valueErr(op, nil, "flowinfo", "flowinfo must be 0-1048575, not %d", a.Flowinfo)
	}
	ip, err := hostToIP(op, a.Host, AF_INET6)
	if err != nil {
		return 0, err
	}
	scope := a.ScopeID
	if scope == 0 && ip.Zone() != "" {
		if scope, err = zoneIndex(op, ip.Zone()); err != nil {
			return 0, err
		}
	}
	clear(b[:sizeofSockaddrInet6])
	putSockaddrFamily(b, AF_INET6, sizeofSockaddrInet6)
	putBe16(b[2:], a.Port)
	binary.BigEndian.PutUint32(b[4:], a.Flowinfo)
	ip16 := ip.As16()
	copy(b[8:24], ip16[:])
	nativeEndian.PutUint32(b[24:], scope)
	return sizeofSockaddrInet6, nil
}

// zoneIndex turns an IPv6 zone ("lo" or "1") into an interface index.
func zoneIndex(op string, zone string) (uint32, error) {
	if n, err := strconv.ParseUint(zone, 10, 32); err == nil {
		return uint32(n), nil
	}
	ifi, err := net.InterfaceByName(zone)
	if err != nil {
		return 0, &Error{Op: op, Err: gaiErr(EAI_NONAME)}
	}
	return uint32(ifi.Index), nil
}

// hostToIP is hostToIPContext without a context.
func hostToIP(op string, host string, family AddressFamily) (netip.Addr, error) {
	return hostToIPContext(context.Background(), op, host, family)
}

// hostToIPContext turns an address's host into an IP of the family, as
// CPython's setipaddr: "" is the any address, "<broadcast>"
// INADDR_BROADCAST, a numeric address is taken as it is, and anything else
// is resolved under ctx, the first result winning. The fast paths allocate
// nothing.
func hostToIPContext(ctx context.Context, op string, host string, family AddressFamily) (netip.Addr, error) {
	switch host {
	case "":
		if family == AF_INET {
			return netip.IPv4Unspecified(), nil
		}
		return netip.IPv6Unspecified(), nil
	case "<broadcast>", "255.255.255.255":
		if family == AF_INET {
			return netip.AddrFrom4([4]byte{255, 255, 255, 255}), nil
		}
		return netip.Addr{}, valueErr(op, nil, "host", "address family mismatched: %q is an IPv4 address", host)
	}
	if strings.IndexByte(host, 0) >= 0 {
		return netip.Addr{}, valueErr(op, nil, "host", "embedded null character in host name")
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		switch {
		case family == AF_INET && ip.Is4():
			return ip, nil
		case family == AF_INET6 && ip.Is6():
			return ip, nil
		}
		return netip.Addr{}, &Error{Op: op, Err: gaiErr(EAI_ADDRFAMILY)}
	}
	ip, err := resolveHost(ctx, host, family)
	if err != nil {
		return netip.Addr{}, &Error{Op: op, Err: err}
	}
	return ip, nil
}

// resolveAddrContext returns addr with a host name resolved under ctx to
// the numeric address that encoding it would take, so that callers can
// resolve before they take a socket's locks; other addresses, and INET
// addresses whose host needs no lookup, come back as they are, without
// allocating.
func resolveAddrContext(ctx context.Context, op string, addr Addr) (Addr, error) {
	switch a := addr.(type) {
	case InetAddr:
		if !needsLookup(a.Host) {
			return addr, nil
		}
		ip, err := hostToIPContext(ctx, op, a.Host, AF_INET)
		if err != nil {
			return nil, err
		}
		a.Host = ip.String()
		return a, nil
	case Inet6Addr:
		if !needsLookup(a.Host) {
			return addr, nil
		}
		ip, err := hostToIPContext(ctx, op, a.Host, AF_INET6)
		if err != nil {
			return nil, err
		}
		if a.ScopeID == 0 && ip.Zone() != "" {
			if a.ScopeID, err = zoneIndex(op, ip.Zone()); err != nil {
				return nil, err
			}
		}
		a.Host = ip.WithZone("").String()
		return a, nil
	}
	return addr, nil
}

// needsLookup reports whether hostToIP would resolve host through the
// resolver: it is not "", "<broadcast>", or a numeric address.
func needsLookup(host string) bool {
	switch host {
	case "", "<broadcast>", "255.255.255.255":
		return false
	}
	if strings.IndexByte(host, 0) >= 0 {
		return false
	}
	_, err := netip.ParseAddr(host)
	return err != nil
}

// resolveHost resolves a host name that is not a plain numeric address to
// the first address of the family, as CPython does through getaddrinfo. It
// returns a *GaiError on failure. The resolver functions replace it with
// their getaddrinfo where they are built in.
var resolveHost = func(ctx context.Context, host string, family AddressFamily) (netip.Addr, error) {
	network := "ip4"
	if family == AF_INET6 {
		network = "ip6"
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, network, host)
	if err != nil || len(ips) == 0 {
		return netip.Addr{}, gaiErr(EAI_NONAME)
	}
	ip := ips[0]
	if family == AF_INET {
		ip = ip.Unmap()
	}
	return ip, nil
}

func decodeInet(_ *Socket, b []byte) Addr {
	if len(b) < 8 {
		return RawAddr{SaFamily: AF_INET, Data: append([]byte(nil), b[2:]...)}
	}
	return InetAddr{Host: formatIPv4(b[4:8]), Port: be16(b[2:])}
}

func decodeInet6(_ *Socket, b []byte) Addr {
	if len(b) < 24 {
		return RawAddr{SaFamily: AF_INET6, Data: append([]byte(nil), b[2:]...)}
	}
	a := Inet6Addr{
		Host:     formatIPv6(b[8:24]),
		Port:     be16(b[2:]),
		Flowinfo: binary.BigEndian.Uint32(b[4:]),
	}
	if len(b) >= sizeofSockaddrInet6 {
		a.ScopeID = nativeEndian.Uint32(b[24:])
	}
	return a
}

func init() {
	registerDecoder(AF_INET, decodeInet)
	registerDecoder(AF_INET6, decodeInet6)
	registerReusable(AF_INET)
	registerReusable(AF_INET6)
}

// formatIPv4 formats 4 bytes as a dotted quad.
func formatIPv4(p []byte) string {
	var buf [15]byte
	b := buf[:0]
	for i, c := range p[:4] {
		if i > 0 {
			b = append(b, '.')
		}
		b = strconv.AppendUint(b, uint64(c), 10)
	}
	return string(b)
}

// formatIPv6 formats 16 bytes as glibc's inet_ntop does: the longest run of
// two or more zero groups (the first on a tie) becomes "::", and IPv4
// compatible and mapped addresses end in a dotted quad ("::1.2.3.4",
// "::ffff:1.2.3.4").
func formatIPv6(p []byte) string {
	var w [8]uint16
	for i := range w {
		w[i] = binary.BigEndian.Uint16(p[2*i:])
	}
	bestBase, bestLen, curBase, curLen := -1, 0, -1, 0
	for i := 0; i < 8; i++ {
		if w[i] == 0 {
			if curBase < 0 {
				curBase, curLen = i, 1
			} else {
				curLen++
			}
			continue
		}
		if curBase >= 0 {
			if bestBase < 0 || curLen > bestLen {
				bestBase, bestLen = curBase, curLen
			}
			curBase = -1
		}
	}
	if curBase >= 0 && (bestBase < 0 || curLen > bestLen) {
		bestBase, bestLen = curBase, curLen
	}
	if bestBase >= 0 && bestLen < 2 {
		bestBase = -1
	}
	var buf [46]byte
	b := buf[:0]
	for i := 0; i < 8; i++ {
		if bestBase >= 0 && i >= bestBase && i < bestBase+bestLen {
			if i == bestBase {
				b = append(b, ':')
			}
			continue
		}
		if i != 0 {
			b = append(b, ':')
		}
		if i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff)) {
			b = append(b, formatIPv4(p[12:16])...)
			break
		}
		b = strconv.AppendUint(b, uint64(w[i]), 16)
	}
	if bestBase >= 0 && bestBase+bestLen == 8 {
		b = append(b, ':')
	}
	return string(b)
}

// resolveFirst resolves the host name of an INET address of the socket's
// family under ctx (resolveAddrContext), so that Connect, Sendto and
// Sendmsg resolve before they take a lock. Other addresses, numeric hosts,
// "" and "<broadcast>" come back as they are, allocating nothing; so do
// addresses that encode rejects before resolving (another family, a bad
// port or flowinfo). A failed lookup is an *Error naming addr.
func resolveFirst(ctx context.Context, s *Socket, op string, addr Addr) (Addr, error) {
	switch a := addr.(type) {
	case InetAddr:
		if s.family != AF_INET || checkPort(op, a.Port) != nil {
			return addr, nil
		}
	case Inet6Addr:
		if s.family != AF_INET6 || checkPort(op, a.Port) != nil || a.Flowinfo > maxFlowinfo {
			return addr, nil
		}
	default:
		return addr, nil
	}
	r, err := resolveAddrContext(ctx, op, addr)
	if err != nil {
		return nil, withAddr(err, addr)
	}
	return r, nil
}

// withAddr sets the address of an *Error that has none.
func withAddr(err error, addr Addr) error {
	if e, ok := err.(*Error); ok && e.Addr == nil {
		e.Addr = addr
	}
	return err
}
