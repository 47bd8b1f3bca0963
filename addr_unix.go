package socket

import "strings"

// UnixAddr is an AF_UNIX address, as Python's str or bytes address. Path is
// a filesystem path, or an abstract name when it starts with a NUL byte
// ("\x00name": kept as raw bytes, with no trailing NULs added or removed and
// no '@' rewriting). The empty Path is an unnamed socket; Bind(UnixAddr{})
// autobinds to a fresh abstract name, as Python's bind(”) does on Linux.
type UnixAddr struct {
	Path string
}

// Family returns AF_UNIX.
func (a UnixAddr) Family() AddressFamily { return AF_UNIX }

// Network returns "unix", as net.UnixAddr does for stream sockets, so that
// a UnixAddr is a net.Addr. The value does not know its socket's type;
// Socket.LocalAddr and RemoteAddr give a *net.UnixAddr whose Net is "unix",
// "unixgram" or "unixpacket" by the socket's type.
func (a UnixAddr) Network() string { return "unix" }

// String returns the path, with an abstract name's leading NUL shown as '@'
// (Go's convention), and "" for an unnamed socket.
func (a UnixAddr) String() string {
	if strings.HasPrefix(a.Path, "\x00") {
		return "@" + a.Path[1:]
	}
	return a.Path
}

// Abstract reports whether the address is in Linux's abstract namespace.
func (a UnixAddr) Abstract() bool { return strings.HasPrefix(a.Path, "\x00") }

func (a UnixAddr) pyRepr() string {
	if a.Abstract() {
		return pyBytes([]byte(a.Path))
	}
	return pyStr(a.Path)
}

func (a UnixAddr) encode(s *Socket, op string, b *sockaddrBuf) (int, error) {
	if s.family != AF_UNIX {
		return 0, familyMismatch(s, op, a)
	}
	p := a.Path
	n := len(p)
	if a.Abstract() || n == 0 {
		if n > sunPathMax {
			return 0, valueErr(op, a, "path", "AF_UNIX path too long: the abstract name is %d bytes with its leading NUL; the limit is %d", n, sunPathMax)
		}
	} else {
		if n >= sunPathMax {
			return 0, valueErr(op, a, "path", "AF_UNIX path too long: %d bytes; the limit is %d", n, sunPathMax-1)
		}
		n++ // the terminating NUL
	}
	clear(b[:2+sunPathMax])
	putSockaddrFamily(b, AF_UNIX, 2+n)
	copy(b[2:], p)
	return 2 + n, nil
}

func decodeUnix(_ *Socket, b []byte) Addr {
	p := b[2:]
	if len(p) > 0 && p[0] == 0 {
		return UnixAddr{Path: string(p)}
	}
	if i := strings.IndexByte(string(p), 0); i >= 0 {
		p = p[:i]
	}
	return UnixAddr{Path: string(p)}
}

func init() {
	registerDecoder(AF_UNIX, decodeUnix)
	registerReusable(AF_UNIX)
}
