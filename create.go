package socket

import (
	"context"
	"errors"
	"strconv"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"
)

// The operation names of the connection helpers.
const (
	opCreateConnection = "create_connection"
	opCreateServer     = "create_server"
)

// HasIpv6 reports whether the package supports IPv6, as Python's
// socket.has_ipv6.
const HasIpv6 = true

// ConnectionOptions are CreateConnection's optional arguments, as Python's
// create_connection keywords. Timeout 0 leaves the socket at the default
// timeout (Setdefaulttimeout; Python's _GLOBAL_DEFAULT_TIMEOUT), NoTimeout
// makes it blocking, a positive value bounds each connect attempt and stays
// the socket's timeout. SourceAddress, when not nil, is bound before
// connecting. AllErrors returns every attempt's error joined instead of the
// last one.
type ConnectionOptions struct {
	Timeout       time.Duration
	SourceAddress Addr
	AllErrors     bool
}

// CreateConnection connects a TCP socket to host and port, as Python's
// socket.create_connection: it tries each Getaddrinfo(host, port, 0,
// SOCK_STREAM) result in order and returns the first socket that
// connects. host "" is Python's None (the loopback addresses). nil opts
// are Python's defaults. Errors: the Getaddrinfo error; a *ValueError for a
// port outside 0-65535; otherwise the last attempt's *Error, or with
// AllErrors an *Error with Op "create_connection" whose cause is
// errors.Join of every attempt's error.
func CreateConnection(host string, port int, opts *ConnectionOptions) (*Socket, error) {
	return createConnection(context.Background(), host, port, opts)
}

// CreateConnectionContext is CreateConnection bounded by ctx: the name
// lookup (GetaddrinfoContext) and the attempts end at ctx's deadline, and
// cancelling ctx wakes a blocked lookup or connect at once. The error for
// an attempt that ctx ended matches ctx.Err() (and os.ErrDeadlineExceeded
// for a deadline) under errors.Is; a lookup that ctx ended is the
// *GaiError of GetaddrinfoContext. A nil ctx is an *Error with a
// *ValueError naming ctx.
func CreateConnectionContext(ctx context.Context, host string, port int, opts *ConnectionOptions) (*Socket, error) {
	if ctx == nil {
		return nil, nilCtxErr(opCreateConnection)
	}
	return createConnection(ctx, host, port, opts)
}

func createConnection(ctx context.Context, host string, port int, opts *ConnectionOptions) (*Socket, error) {
	var o ConnectionOptions
	if opts != nil {
		o = *opts
	}
	if port < 0 || port > 0xffff {
		return nil, valueErr(opCreateConnection, nil, "port", "port must be 0-65535, not %d", port)
	}
	if o.Timeout < 0 && o.Timeout != NoTimeout {
		return nil, valueErr(opCreateConnection, nil, "timeout", "Timeout value out of range: %v (use NoTimeout, 0 or a positive duration)", o.Timeout)
	}
	if err := ctx.Err(); err != nil {
		return nil, &Error{Op: opCreateConnection, Err: ctxCause(err)}
	}
	res, err := GetaddrinfoContext(ctx, host, strconv.Itoa(port), AF_UNSPEC, SOCK_STREAM, 0, 0)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, r := range res {
		s, err := connectOne(ctx, r, &o)
		if err == nil {
			return s, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	if len(errs) == 0 {
		return nil, &Error{Op: opCreateConnection, Err: &notFound{"getaddrinfo returns an empty list"}}
	}
	if o.AllErrors {
		return nil, &Error{Op: opCreateConnection, Err: errors.Join(errs...)}
	}
	return nil, errs[len(errs)-1]
}

// connectOne makes one attempt of createConnection; the socket is closed
// when it fails.
func connectOne(ctx context.Context, r AddrInfo, o *ConnectionOptions) (*Socket, error) {
	s, err := New(r.Family, r.Type, r.Proto)
	if err != nil {
		return nil, err
	}
	if o.Timeout != 0 {
		if err := s.Settimeout(o.Timeout); err != nil {
			s.Close()
			return nil, err
		}
	}
	if o.SourceAddress != nil {
		if err := s.Bind(o.SourceAddress); err != nil {
			s.Close()
			return nil, err
		}
	}
	if err := s.ConnectContext(ctx, r.Sockaddr); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// ServerOptions are CreateServer's optional arguments, as Python's
// create_server keywords. The zero values are Python's defaults: Family 0
// is AF_INET, Backlog 0 is listen()'s default (128).
type ServerOptions struct {
	Family        AddressFamily
	Backlog       int
	ReusePort     bool
	DualstackIPv6 bool
}

// CreateServer opens a TCP socket bound to host and port and listening, as
// Python's socket.create_server: SO_REUSEADDR is set, SO_REUSEPORT when
// asked, and for AF_INET6 IPV6_V6ONLY is cleared for a dual-stack socket
// and set otherwise. nil opts are Python's defaults. Errors: a *ValueError
// for DualstackIPv6 with a family other than AF_INET6, a family other than
// AF_INET and AF_INET6 or a port outside 0-65535; a bind failure is an
// *Error whose cause keeps the errno (errors.Is holds) and reads as
// Python's "... (while attempting to bind on address (host, port))". The
// socket is closed on every error.
func CreateServer(host string, port int, opts *ServerOptions) (*Socket, error) {
	var o ServerOptions
	if opts != nil {
		o = *opts
	}
	if o.Family == 0 {
		o.Family = AF_INET
	}
	if o.DualstackIPv6 {
		if !HasDualstackIpv6() {
			return nil, valueErr(opCreateServer, nil, "dualstack_ipv6", "dualstack_ipv6 not supported on this platform")
		}
		if o.Family != AF_INET6 {
			return nil, valueErr(opCreateServer, nil, "dualstack_ipv6", "dualstack_ipv6 requires AF_INET6 family")
		}
	}
	var addr Addr
	switch o.Family {
	case AF_INET:
		addr = InetAddr{Host: host, Port: port}
	case AF_INET6:
		addr = Inet6Addr{Host: host, Port: port}
	default:
		return nil, valueErr(opCreateServer, nil, "family", "family must be AF_INET or AF_INET6, not %s", o.Family)
	}
	if err := checkPort(opCreateServer, port); err != nil {
		return nil, err
	}
	s, err := New(o.Family, SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	if err := setupServer(s, &o, addr, host, port); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func setupServer(s *Socket, o *ServerOptions, addr Addr, host string, port int) error {
	_ = s.Setsockopt(SOL_SOCKET, SO_REUSEADDR, 1) // errors ignored, as Python does
	if o.ReusePort {
		if err := s.Setsockopt(SOL_SOCKET, SO_REUSEPORT, 1); err != nil {
			return err
		}
	}
	if o.Family == AF_INET6 {
		v6only := 1
		if o.DualstackIPv6 {
			v6only = 0
		}
		if err := s.Setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, v6only); err != nil {
			return err
		}
	}
	if err := s.Bind(addr); err != nil {
		var se *Error
		if errors.As(err, &se) {
			return &Error{Op: se.Op, Addr: se.Addr, Err: &bindAddrError{err: se.Err, addr: InetAddr{Host: host, Port: port}.pyRepr()}}
		}
		return err
	}
	if o.Backlog == 0 {
		return s.Listen() // Python's default, min(SOMAXCONN, 128)
	}
	return s.Listen(o.Backlog)
}

// bindAddrError is the cause of CreateServer's bind failure: the original
// cause, with Python's text naming the address.
type bindAddrError struct {
	err  error
	addr string
}

func (e *bindAddrError) Unwrap() error { return e.err }

// Error reads as Python's: "[Errno 98] Address already in use (while
// attempting to bind on address ('127.0.0.1', 80))".
func (e *bindAddrError) Error() string {
	var errno syscall.Errno
	var gai *GaiError
	var text string
	switch {
	case errors.As(e.err, &gai):
		text = "[Errno " + strconv.Itoa(gai.Code) + "] " + gai.Msg
	case errors.As(e.err, &errno):
		text = "[Errno " + strconv.Itoa(int(errno)) + "] " + capitalize(errno.Error())
	default:
		text = e.err.Error()
	}
	return text + " (while attempting to bind on address " + e.addr + ")"
}

// capitalize turns Go's errno text into C's strerror text.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// HasDualstackIpv6 reports whether an AF_INET6 socket can accept IPv4
// connections too (IPV6_V6ONLY can be cleared), as Python's
// socket.has_dualstack_ipv6.
func HasDualstackIpv6() bool {
	s, err := New(AF_INET6, SOCK_STREAM, 0)
	if err != nil {
		return false
	}
	defer s.Close()
	return s.Setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0) == nil
}
