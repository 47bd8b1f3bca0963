package socket

import (
	"context"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// opFromConn names FromConn in errors; Python has no such function, and
// socket.fromfd is the nearest.
const opFromConn = "fromconn"

// A *Socket is a net.Conn and a net.PacketConn: Read, Write, Close and the
// deadline methods are in io.go and timeout.go, the address methods here.
var (
	_ net.Conn       = (*Socket)(nil)
	_ net.PacketConn = (*Socket)(nil)
)

// LocalAddr returns the socket's own address as net.Conn's LocalAddr: the
// address of Getsockname (getsockname(2)) in the standard library's type for
// the socket's family and type, so that net/http, crypto/tls and the rest
// see what they expect: *net.TCPAddr for SOCK_STREAM and *net.UDPAddr for
// SOCK_DGRAM over AF_INET and AF_INET6, *net.IPAddr for SOCK_RAW,
// *net.UnixAddr with Net "unix", "unixgram" or "unixpacket" for AF_UNIX
// (an abstract name starts with '@', as in package net). Other families get
// the package's own Addr, which implements net.Addr. It returns nil when
// the address cannot be read (a closed socket), as net's connections do.
func (s *Socket) LocalAddr() net.Addr {
	a, err := s.Getsockname()
	if err != nil {
		return nil
	}
	return s.netAddr(a)
}

// RemoteAddr returns the peer's address as net.Conn's RemoteAddr: the
// address of Getpeername (getpeername(2)) in the types LocalAddr uses. It
// returns nil when the socket is not connected or is closed.
func (s *Socket) RemoteAddr() net.Addr {
	a, err := s.Getpeername()
	if err != nil {
		return nil
	}
	return s.netAddr(a)
}

// ReadFrom reads a datagram into p and returns its length and sender, as
// net.PacketConn's ReadFrom: it is RecvfromInto (recvfrom(2), Python's
// socket.recvfrom_into) with the address in the types LocalAddr uses
// (*net.UDPAddr for a UDP socket). A datagram longer than p is cut to
// len(p), the rest discarded. The address is nil where Python's is None.
// Errors as Recvfrom.
func (s *Socket) ReadFrom(p []byte) (int, net.Addr, error) {
	n, a, err := s.RecvfromInto(p)
	if err != nil {
		return 0, nil, err
	}
	if a == nil {
		return min(n, len(p)), nil, nil
	}
	return min(n, len(p)), s.netAddr(a), nil
}

// WriteTo sends p to addr, as net.PacketConn's WriteTo: it is Sendto
// (sendto(2), Python's socket.sendto). addr may be one of the package's Addr
// types, or one of the standard library's: *net.UDPAddr, *net.TCPAddr and
// *net.IPAddr for AF_INET and AF_INET6 (an IPv4 address on an AF_INET6
// socket becomes the IPv4-mapped "::ffff:a.b.c.d"), *net.UnixAddr for
// AF_UNIX (a name starting with '@' is abstract). Errors: an *Error with a
// *ValueError for an address this socket cannot take, and those of Sendto.
func (s *Socket) WriteTo(p []byte, addr net.Addr) (int, error) {
	if s.isClosed() {
		return 0, &Error{Op: opSendto, Err: errClosedBefore}
	}
	return s.Sendto(p, addr)
}

// Listener returns the listening socket as a net.Listener, for net/http's
// Server.Serve, gRPC and the rest: its Accept is the socket's Accept
// (accept4(2), Python's socket.accept) returning the new *Socket as a
// net.Conn; its Close closes the socket (waking a blocked Accept with an
// error for which errors.Is(err, net.ErrClosed) holds, which Serve takes as
// its end); its Addr is LocalAddr. Call Bind and Listen first.
func (s *Socket) Listener() net.Listener { return listener{s} }

type listener struct{ s *Socket }

func (l listener) Accept() (net.Conn, error) {
	c, _, err := l.s.Accept()
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (l listener) Close() error   { return l.s.Close() }
func (l listener) Addr() net.Addr { return l.s.LocalAddr() }

// FromConn makes a Socket of a duplicate of the descriptor behind c, so
// that Python's methods (options, Recvmsg, Getpeername...) work on a
// connection that another library made: c is a *net.TCPConn, *net.UDPConn,
// *net.UnixConn, *net.IPConn, *net.TCPListener, *net.UnixListener, an
// *os.File or anything else with a SyscallConn method. It wraps
// fcntl(F_DUPFD_CLOEXEC), as Python's socket.fromfd does; the family, type
// and protocol are read from the descriptor (SO_DOMAIN, SO_TYPE,
// SO_PROTOCOL), and the new socket takes the default timeout. c and the
// Socket share the connection but close independently; both keep working.
// The duplicate shares the open file's O_NONBLOCK flag with c, which stays
// set, as Go's net package keeps it. A descriptor in blocking mode (an
// *os.File that os.NewFile made of a blocking descriptor) is refused: its
// owner reads and writes with blocking system calls outside the poller, and
// would fail with EAGAIN once the shared description turned non-blocking,
// which the Socket needs; FromFileno takes such a descriptor over instead.
// Errors: ENOTSOCK when the descriptor is not a socket, net.ErrClosed when
// c is closed, a *ValueError for a nil c or a descriptor in blocking mode.
func FromConn(c syscall.Conn) (*Socket, error) {
	if c == nil || nilPointer(c) {
		return nil, valueErr(opFromConn, nil, "c", "nil connection")
	}
	rc, err := c.SyscallConn()
	if err != nil {
		return nil, &Error{Op: opFromConn, Err: err}
	}
	nfd, e, blocking := -1, syscall.Errno(0), false
	if err := rc.Control(func(fd uintptr) {
		if _, _, _, e = sysSocketInfo(int(fd)); e != 0 {
			return
		}
		if blocking = isBlocking(int(fd)); !blocking {
			nfd, e = sysDup(int(fd))
		}
	}); err != nil {
		return nil, &Error{Op: opFromConn, Err: err} // fn did not run
	}
	if blocking && e == 0 {
		return nil, valueErr(opFromConn, nil, "c", "descriptor is in blocking mode: its owner would fail with EAGAIN once it is shared with a Socket, which needs O_NONBLOCK (use FromFileno to hand the descriptor over)")
	}
	if e != 0 {
		return nil, &Error{Op: opFromConn, Err: e}
	}
	family, kind, proto, e := sysSocketInfo(nfd)
	if e != 0 {
		sysClose(nfd)
		return nil, &Error{Op: opFromConn, Err: e}
	}
	ns, err := adopt(nfd, family, kind, proto, time.Duration(defaultTimeout.Load()), opFromConn, true)
	if err == nil {
		ns.external = true
	}
	return ns, err
}

// netAddr converts an address of this socket into the standard library's
// type for the socket's family and type, or returns a itself where net has
// no type for it.
func (s *Socket) netAddr(a Addr) net.Addr {
	switch a := a.(type) {
	case nil:
		return nil
	case InetAddr:
		return inetNetAddr(s.kind, a.Host, a.Port, 0, a)
	case Inet6Addr:
		return inetNetAddr(s.kind, a.Host, a.Port, a.ScopeID, a)
	case UnixAddr:
		n := "unix"
		switch s.kind {
		case SOCK_DGRAM:
			n = "unixgram"
		case SOCK_SEQPACKET:
			n = "unixpacket"
		}
		return &net.UnixAddr{Name: a.String(), Net: n}
	}
	if na, ok := a.(net.Addr); ok {
		return na
	}
	return nil
}

func inetNetAddr(kind SocketKind, host string, port int, scope uint32, a net.Addr) net.Addr {
	ip := net.ParseIP(host)
	if ip == nil {
		return a
	}
	zone := ""
	if scope != 0 {
		zone = zoneName(scope)
	}
	switch kind {
	case SOCK_STREAM:
		return &net.TCPAddr{IP: ip, Port: port, Zone: zone}
	case SOCK_DGRAM:
		return &net.UDPAddr{IP: ip, Port: port, Zone: zone}
	case SOCK_RAW:
		return &net.IPAddr{IP: ip, Zone: zone}
	}
	return a
}

// zoneName names an interface index for an IPv6 zone, or gives the number.
func zoneName(index uint32) string {
	if ifi, err := net.InterfaceByIndex(int(index)); err == nil {
		return ifi.Name
	}
	return strconv.FormatUint(uint64(index), 10)
}

// sockAddr turns an address that a caller passed to Bind, Connect, Sendto or
// Sendmsg into one of the package's for this socket: the package's own as
// it is, the standard library's converted (fromNetAddr), and a host name in
// an INET address resolved under ctx (resolveFirst), so that the callers
// resolve before they take any of the socket's locks. The numeric fast path
// allocates nothing.
func (s *Socket) sockAddr(ctx context.Context, op string, addr net.Addr) (Addr, error) {
	a, err := s.fromNetAddr(op, addr)
	if err != nil {
		return nil, err
	}
	return resolveFirst(ctx, s, op, a)
}

// fromNetAddr converts a net.Addr into an address this socket takes.
func (s *Socket) fromNetAddr(op string, addr net.Addr) (Addr, error) {
	if pa, ok := addr.(Addr); ok {
		if _, ok := pa.(encoder); ok {
			return pa, nil
		}
	}
	var ip net.IP
	var port int
	var zone string
	switch a := addr.(type) {
	case nil:
		return nil, valueErr(op, nil, "addr", "nil address; a %s socket needs a %s", s.family, addrTypeFor(s.family))
	case *net.UDPAddr:
		if a == nil {
			return nil, valueErr(op, nil, "addr", "nil *net.UDPAddr")
		}
		ip, port, zone = a.IP, a.Port, a.Zone
	case *net.TCPAddr:
		if a == nil {
			return nil, valueErr(op, nil, "addr", "nil *net.TCPAddr")
		}
		ip, port, zone = a.IP, a.Port, a.Zone
	case *net.IPAddr:
		if a == nil {
			return nil, valueErr(op, nil, "addr", "nil *net.IPAddr")
		}
		ip, zone = a.IP, a.Zone
	case *net.UnixAddr:
		if a == nil {
			return nil, valueErr(op, nil, "addr", "nil *net.UnixAddr")
		}
		if s.family != AF_UNIX {
			return nil, valueErr(op, nil, "addr", "%T is an AF_UNIX address; this is an %s socket, which takes a %s", a, s.family, addrTypeFor(s.family))
		}
		name := a.Name
		if strings.HasPrefix(name, "@") {
			name = "\x00" + name[1:]
		}
		return UnixAddr{Path: name}, nil
	default:
		return nil, valueErr(op, nil, "addr", "%T is not an address type this package converts; use a %s", addr, addrTypeFor(s.family))
	}
	switch s.family {
	case AF_INET:
		host := ""
		if len(ip) != 0 {
			ip4 := ip.To4()
			if ip4 == nil {
				return nil, valueErr(op, nil, "addr", "%s is an IPv6 address; this is an AF_INET socket", ip)
			}
			host = ip4.String()
		}
		return InetAddr{Host: host, Port: port}, nil
	case AF_INET6:
		host := ""
		if len(ip) != 0 {
			a16, ok := netip.AddrFromSlice(ip)
			if !ok {
				return nil, valueErr(op, nil, "addr", "IP address of %d bytes; want 4 or 16", len(ip))
			}
			host = netip.AddrFrom16(a16.As16()).String()
			if zone != "" {
				host += "%" + zone
			}
		}
		return Inet6Addr{Host: host, Port: port}, nil
	}
	return nil, valueErr(op, nil, "addr", "%T is an internet address; this is an %s socket, which takes a %s", addr, s.family, addrTypeFor(s.family))
}
