// Package socket is Python's socket module for Go: the same functions,
// methods, constants, address formats, timeout modes and errors as CPython
// 3.11's socket module on Linux, so that Python socket code ports line by
// line, with Go's runtime poller, deadlines, net.Conn and context.Context
// underneath.
//
//	s, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0) // s = socket.socket(AF_INET, SOCK_STREAM)
//	if err != nil {
//		return err
//	}
//	defer s.Close()                                             // with s:
//	s.Settimeout(5 * time.Second)                               // s.settimeout(5.0)
//	err = s.Connect(socket.InetAddr{"example.org", 80})         // s.connect(('example.org', 80))
//	err = s.Sendall([]byte("GET / HTTP/1.0\r\n\r\n"))           // s.sendall(b'GET / HTTP/1.0\r\n\r\n')
//	data, err := s.Recv(4096)                                   // data = s.recv(4096)
//
// This documentation is the porting guide: how names map, the table of every
// Python function and method with its Go form, the address types, the
// timeout modes, how Python's exceptions become errors, and where the
// package differs from Python and why. Runnable ports of the programs in
// Python's documentation are in the repository's examples directory.
//
// # The name rule
//
// Take the Python name, capitalise its first letter and each letter after an
// underscore, and drop the underscores: s.recv_into is [Socket.RecvInto],
// socket.getaddrinfo is Getaddrinfo, s.connect_ex is [Socket.ConnectEx],
// socket.if_nametoindex is IfNametoindex, socket.gethostbyname_ex is
// GethostbynameEx. A few names cannot follow the rule: socket.socket(...)
// is [New], socket.socket(fileno=fd) is [FromFileno], and the attributes
// s.family, s.type, s.proto and s.timeout are the methods [Socket.Family],
// [Socket.Type], [Socket.Proto] and [Socket.Gettimeout].
//
// Constants keep their Python (and C) names and values: AF_INET,
// SOCK_STREAM, SO_REUSEADDR, MSG_PEEK, EAI_NONAME. The AF_* constants are of
// type [AddressFamily] and the SOCK_* constants of type [SocketKind]; both
// print their Python names, as Python's enums do. CMSG_LEN and CMSG_SPACE
// are functions, as in Python.
//
// Python's optional trailing flags argument is a variadic flags ...int:
// s.recv(1024) is s.Recv(1024) and s.recv(1024, MSG_PEEK) is
// s.Recv(1024, socket.MSG_PEEK) (see "Two rules" below for the typed
// option helpers' names and where flags go). A function returns what
// Python returns, then an error; Python's tuples become several results, and Python's None
// for an address is a nil [Addr].
//
// # Python to Go: every function and method
//
// Module functions (socket.NAME in Python, socket.Name in Go):
//
//	socket(family, type, proto)          New(family, kind, proto) (*Socket, error)
//	socket(fileno=fd)                    FromFileno(fd) (*Socket, error)        family, type, proto read from fd
//	fromfd(fd, family, type, proto)      Fromfd(fd, family, kind, proto) (*Socket, error)
//	socketpair(family, type, proto)      Socketpair(family, kind, proto) (*Socket, *Socket, error)
//	close(fd)                            Close(fd) error
//	dup(fd)                              Dup(fd) (int, error)
//	create_connection(address, timeout, source_address, all_errors=)
//	                                     CreateConnection(host, port, *ConnectionOptions) (*Socket, error)
//	                                     CreateConnectionContext(ctx, host, port, *ConnectionOptions)
//	create_server(address, family=, backlog=, reuse_port=, dualstack_ipv6=)
//	                                     CreateServer(host, port, *ServerOptions) (*Socket, error)
//	has_dualstack_ipv6()                 HasDualstackIpv6() bool
//	has_ipv6                             HasIpv6 (a constant)
//	getaddrinfo(host, port, family, type, proto, flags)
//	                                     Getaddrinfo(host, port, family, kind, proto, flags) ([]AddrInfo, error)
//	                                     GetaddrinfoContext(ctx, host, port, family, kind, proto, flags)
//	getnameinfo(sockaddr, flags)         Getnameinfo(addr, flags) (host, port string, err error); GetnameinfoContext(ctx, ...)
//	gethostbyname(name)                  Gethostbyname(name) (string, error); GethostbynameContext(ctx, name)
//	gethostbyname_ex(name)               GethostbynameEx(name) (hostname string, aliases, addrs []string, err error)
//	                                     GethostbynameExContext(ctx, name)
//	gethostbyaddr(ip)                    Gethostbyaddr(ip) (hostname string, aliases, addrs []string, err error)
//	                                     GethostbyaddrContext(ctx, ip)
//	gethostname()                        Gethostname() (string, error)
//	sethostname(name)                    Sethostname(name) error
//	getfqdn(name)                        Getfqdn(name) string; GetfqdnContext(ctx, name) (string, error)
//	getservbyname(name, proto)           Getservbyname(name, proto) (int, error)      proto "" is None
//	getservbyport(port, proto)           Getservbyport(port, proto) (string, error)
//	getprotobyname(name)                 Getprotobyname(name) (int, error)
//	inet_aton(s)                         InetAton(s) ([]byte, error)
//	inet_ntoa(packed)                    InetNtoa(packed) (string, error)
//	inet_pton(family, s)                 InetPton(family, s) ([]byte, error)
//	inet_ntop(family, packed)            InetNtop(family, packed) (string, error)
//	htons(x), ntohs(x)                   Htons(x uint16) uint16, Ntohs(x uint16) uint16
//	htonl(x), ntohl(x)                   Htonl(x uint32) uint32, Ntohl(x uint32) uint32
//	if_nameindex()                       IfNameindex() ([]NameIndex, error)
//	if_nametoindex(name)                 IfNametoindex(name) (int, error)
//	if_indextoname(index)                IfIndextoname(index) (string, error)
//	CMSG_LEN(length)                     CMSG_LEN(length) (int, error)
//	CMSG_SPACE(length)                   CMSG_SPACE(length) (int, error)
//	send_fds(sock, buffers, fds, flags, address)
//	                                     SendFds(s, buffers, fds, addr, flags...) (int, error)
//	recv_fds(sock, bufsize, maxfds, flags)
//	                                     RecvFds(s, bufsize, maxfds, flags...) (data []byte, fds []int, msgFlags int, addr Addr, err error)
//	getdefaulttimeout()                  Getdefaulttimeout() time.Duration       NoTimeout is None
//	setdefaulttimeout(t)                 Setdefaulttimeout(d time.Duration)
//
// Socket methods (s.name in Python, s.Name in Go):
//
//	accept()                             Accept() (*Socket, Addr, error)
//	bind(address)                        Bind(addr net.Addr) error               an Addr or a *net.TCPAddr, ...
//	close()                              Close() error
//	connect(address)                     Connect(addr net.Addr) error
//	connect_ex(address)                  ConnectEx(addr net.Addr) (syscall.Errno, error)
//	detach()                             Detach() (int, error)
//	dup()                                Dup() (*Socket, error)
//	fileno()                             Fileno() int
//	get_inheritable()                    GetInheritable() (bool, error)
//	set_inheritable(flag)                SetInheritable(flag bool) error
//	getblocking()                        Getblocking() bool
//	setblocking(flag)                    Setblocking(flag bool) error
//	gettimeout()                         Gettimeout() time.Duration
//	settimeout(t)                        Settimeout(d time.Duration) error
//	getpeername()                        Getpeername() (Addr, error)
//	getsockname()                        Getsockname() (Addr, error)
//	getsockopt(level, opt)               Getsockopt(level, opt) (int, error)
//	getsockopt(level, opt, buflen)       GetsockoptBytes(level, opt, buflen) ([]byte, error)
//	                                     and typed forms: GetsockoptLinger, GetsockoptPeercred (SO_PEERCRED),
//	                                     GetsockoptTimeval, GetsockoptString, GetsockoptTCPInfo (TCP_INFO)
//	setsockopt(level, opt, int)          Setsockopt(level, opt, value int) error
//	setsockopt(level, opt, bytes)        SetsockoptBytes(level, opt, value []byte) error
//	setsockopt(level, opt, None, optlen) SetsockoptNone(level, opt, optlen) error
//	                                     and typed forms: SetsockoptLinger, SetsockoptTimeval,
//	                                     SetsockoptString (SO_BINDTODEVICE), SetsockoptIPMreq, SetsockoptIPv6Mreq
//	listen([backlog])                    Listen(backlog ...int) error            no backlog: Python's min(SOMAXCONN, 128)
//	makefile(mode)                       Makefile(mode string) (*File, error)
//	recv(bufsize, flags)                 Recv(bufsize, flags...) ([]byte, error)
//	recv_into(buffer, nbytes, flags)     RecvInto(buf[:nbytes], flags...) (int, error)
//	recvfrom(bufsize, flags)             Recvfrom(bufsize, flags...) ([]byte, Addr, error)
//	recvfrom_into(buffer, nbytes, flags) RecvfromInto(buf[:nbytes], flags...) (int, Addr, error)
//	recvmsg(bufsize, ancbufsize, flags)  Recvmsg(bufsize, ancbufsize, flags...) (data []byte, ancdata []ControlMessage, msgFlags int, addr Addr, err error)
//	recvmsg_into(buffers, ancbufsize, flags)
//	                                     RecvmsgInto(buffers, ancbufsize, flags...) (n int, ancdata []ControlMessage, msgFlags int, addr Addr, err error)
//	send(data, flags)                    Send(data, flags...) (int, error)
//	sendall(data, flags)                 Sendall(data, flags...) error
//	sendto(data, flags, address)         Sendto(data, addr net.Addr, flags...) (int, error)   the address comes before the flags
//	sendmsg(buffers, ancdata, flags, address)
//	                                     Sendmsg(buffers, ancdata []ControlMessage, addr net.Addr, flags...) (int, error)   addr nil is None
//	sendmsg_afalg(msg, op=, iv=, assoclen=, flags=)
//	                                     SendmsgAfalg(msg [][]byte, op int, iv []byte, assoclen int, flags...) (int, error)
//	sendfile(file, offset, count)        Sendfile(f *os.File, offset, count int64) (int64, error)   count 0 is None
//	shutdown(how)                        Shutdown(how int) error
//	family, type, proto                  Family() AddressFamily, Type() SocketKind, Proto() int
//	timeout                              Gettimeout() time.Duration
//	repr(s)                              String() string
//	repr(b'...') of received bytes       PyBytes(p []byte) string (a function), to print what Python printed
//	repr(x), str(x), print(x)            PyRepr(x), PyStr(x) (functions): what Python prints for an address,
//	                                     bytes, a timeout, an enum, an AddrInfo, an error, a PyTuple
//	                                     (Recvfrom's (data, address) pair) or a list of these
//	with socket(...) as s:               defer s.Close()
//
// A *Socket is also a Go network connection. These methods have no Python
// counterpart:
//
//	io.Reader, io.Writer                 Read (io.EOF at the end of a stream), Write (all of p, as Sendall)
//	net.Conn                             LocalAddr, RemoteAddr, SetDeadline, SetReadDeadline, SetWriteDeadline
//	net.PacketConn                       ReadFrom, WriteTo (take and give *net.UDPAddr and the package's Addr)
//	net.Listener                         Listener() for a listening socket: hand it to http.Server.Serve
//	syscall.Conn                         SyscallConn
//	from package net to Python's methods FromConn(c syscall.Conn) (*Socket, error)
//	context.Context                      ConnectContext, AcceptContext, RecvContext, RecvIntoContext,
//	                                     RecvfromContext, RecvfromIntoContext, RecvmsgContext,
//	                                     RecvmsgIntoContext, SendContext, SendallContext, SendtoContext,
//	                                     SendmsgContext, SendfileContext, RecvmmsgContext, SendmmsgContext:
//	                                     the call of the same name under a context (ctx first; nil is a *ValueError)
//	datagram batches                     Recvmmsg, Sendmmsg, ParseControlMessages, AppendControlMessage (below)
//
// Python sets the options of the Linux families with setsockopt and
// struct.pack; the package adds typed helpers for them (on Linux):
//
//	setsockopt(SOL_SOCKET, SO_ATTACH_FILTER, ...)   SetsockoptAttachFilter (a golang.org/x/net/bpf program)
//	setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP, ...)
//	                                     SetsockoptPacketMreq(opt, PacketMreq); GetsockoptPacketStatistics (PACKET_STATISTICS)
//	AF_VSOCK's u64 options               GetsockoptUint64, SetsockoptUint64
//	SO_PEERCRED, SCM_CREDENTIALS         GetsockoptPeercred (a Ucred), ParseUcred, Ucred.Bytes
//	CAN_RAW_FILTER                       GetsockoptCANRawFilter, SetsockoptCANRawFilter
//	CAN_RAW_ERR_FILTER                   GetsockoptCANRawErrFilter, SetsockoptCANRawErrFilter
//	CAN_RAW_FD_FRAMES                    GetsockoptCANRawFDFrames, SetsockoptCANRawFDFrames
//	CAN_ISOTP_OPTS                       GetsockoptCANISOTPOpts, SetsockoptCANISOTPOpts
//	CAN_ISOTP_RECV_FC                    GetsockoptCANISOTPRecvFC, SetsockoptCANISOTPRecvFC
//	SO_J1939_FILTER                      SetsockoptJ1939Filter
//	SO_J1939_PROMISC                     GetsockoptJ1939Promisc, SetsockoptJ1939Promisc
//	SO_J1939_SEND_PRIO                   GetsockoptJ1939SendPrio, SetsockoptJ1939SendPrio
//	SO_J1939_ERRQUEUE                    SetsockoptJ1939Errqueue
//	ALG_SET_KEY                          SetsockoptALGSetKey
//	ALG_SET_AEAD_AUTHSIZE                SetsockoptALGSetAEADAuthsize
//	struct.pack of a bcm_msg_head        BCMMessage, ParseBCMMessage (with BCMMsgHead, CANFrame, CANFDFrame)
//
// # Two rules for the Go-only signatures
//
// Typed option helpers. Every helper that reads or sets a socket option is
// a method named Getsockopt or Setsockopt followed by a suffix, so that go
// doc lists them all beside Getsockopt and Setsockopt. A helper for one
// option takes its suffix from the option's constant: drop a leading SO_,
// then write each word of the rest capitalised, initialisms (TCP, CAN,
// ISOTP, FD, FC, J1939, ALG, AEAD) in capitals: SO_LINGER is
// GetsockoptLinger and SetsockoptLinger, TCP_INFO GetsockoptTCPInfo,
// SO_PEERCRED GetsockoptPeercred, CAN_RAW_FILTER SetsockoptCANRawFilter,
// SO_J1939_SEND_PRIO SetsockoptJ1939SendPrio, ALG_SET_KEY
// SetsockoptALGSetKey. To find the helper for an option, search go doc for
// the option's name without underscores, ignoring case ("canrawfilter").
// A helper that takes level and opt, for any option of one C type, is
// named after that type: GetsockoptBytes, GetsockoptString,
// GetsockoptTimeval, GetsockoptUint64, SetsockoptNone, SetsockoptIPMreq
// (struct ip_mreq), SetsockoptIPv6Mreq, SetsockoptPacketMreq.
//
// Flags. Wherever Python's flags argument is optional, the Go form takes it
// as a trailing flags ...int, OR-ed together (none is 0): Recv, RecvInto,
// Recvfrom, RecvfromInto, Recvmsg, RecvmsgInto, Send, Sendall, Sendto,
// Sendmsg, SendmsgAfalg, SendFds, RecvFds and their Context forms. An
// argument that Python puts after flags and that is optional too (the
// address of sendto, sendmsg and send_fds) comes before them, since Go's
// optional arguments come last. A context, where there is one, comes
// first.
//
// # Beyond Python: datagram batches and UDP offload
//
// Python's socket module moves one datagram per system call, as Go's
// net.UDPConn does. The package goes further where a Go program needs line
// rate (QUIC, DNS, telemetry and game servers); none of this has a Python
// counterpart, so ported code keeps Sendto and Recvfrom until it wants more:
//
//	sendto/recvfrom in a loop            Sendmmsg(msgs []Message, flags...) / Recvmmsg(msgs, flags...) (int, error)
//	                                     many datagrams per sendmmsg(2)/recvmmsg(2); Message is
//	                                     golang.org/x/net/ipv4.Message's shape: Buffers, OOB, Addr, N, NN, Flags
//	under a context                      SendmmsgContext, RecvmmsgContext
//	raw ancillary data of a Message      ParseControlMessages(oob) ([]ControlMessage, error),
//	                                     AppendControlMessage(oob, ControlMessage) []byte
//	UDP segmentation offload (GSO)       Setsockopt(SOL_UDP, UDP_SEGMENT, 1200), or a UDP_SEGMENT control message
//	                                     per Message: one 64 KiB send leaves as 1,200-byte datagrams
//	UDP receive offload (GRO)            Setsockopt(SOL_UDP, UDP_GRO, 1): datagrams of a flow come coalesced,
//	                                     with a UDP_GRO control message giving the segment size
//
// The batch calls take the same path as Recv and Send: timeout mode,
// deadlines, MSG_DONTWAIT, Close and contexts all work, and a blocked
// Recvmmsg returns as soon as one datagram is there. A loop that reuses its
// []Message allocates nothing per batch. A batch may move fewer messages
// than it holds, with a nil error, as the kernel reports it; the next call
// sends the rest (and reports the error that stopped them, if any). On
// darwin and freebsd, which have no such system calls, the batch calls
// make one recvmsg(2)/sendmsg(2) per datagram with the same results, and
// UDP_SEGMENT and UDP_GRO do not exist. examples/udp-blast shows the
// difference on your machine.
//
// # Address families and their types
//
// Python passes addresses as strings and tuples; the package has one struct
// a family, with the tuple's fields in order, so that a positional literal
// reads like the tuple: socket.InetAddr{"127.0.0.1", 80} is
// ('127.0.0.1', 80). Addresses compare with == (except PacketAddr and
// RawAddr, which hold slices). Every type implements [Addr] and net.Addr.
//
//	AF_UNIX     '/path', b'\0abstract', ''        UnixAddr{Path}                 "\x00name" is abstract
//	AF_INET     (host, port)                      InetAddr{Host, Port}           Host "" is INADDR_ANY, "<broadcast>"
//	AF_INET6    (host, port, flowinfo, scope_id)  Inet6Addr{Host, Port, Flowinfo, ScopeID}
//	AF_NETLINK  (pid, groups)                     NetlinkAddr{PID, Groups}
//	AF_PACKET   (ifname, proto, pkttype, hatype, addr)
//	                                              PacketAddr{Ifname, Proto, PktType, HAType, Addr}
//	AF_VSOCK    (cid, port)                       VsockAddr{CID, Port}
//	AF_CAN      (interface,)                      CANAddr{Interface}             CAN_RAW, CAN_BCM
//	AF_CAN      (interface, rx_addr, tx_addr)     CANISOTPAddr{Interface, RxAddr, TxAddr}
//	AF_CAN      (interface, name, pgn, addr)      CANJ1939Addr{Interface, Name, PGN, Addr}
//	AF_ALG      (type, name, feat, mask)          ALGAddr{Type, Name, Feat, Mask}
//	other       (family, bytes)                   RawAddr{SaFamily, Data}
//	None        None                              nil
//
// Host names in InetAddr and Inet6Addr are resolved when the address is
// used, the first result winning, as in Python; addresses the package
// returns are always numeric. A Linux-only family's type exists only on
// Linux; UnixAddr, InetAddr, Inet6Addr and RawAddr build everywhere.
//
// Network, the net.Addr method, gives a network that net.Dial takes where
// one exists: "tcp4" for InetAddr and "tcp6" for Inet6Addr (so
// net.Dial(a.Network(), a.String()) works), "unix" for UnixAddr, and the
// family's name in lower case for the others, which package net does not
// dial ("netlink", "packet", "can"). An address value does not know the
// type of the socket it came from, and a (host, port) pair names a stream
// more often than anything else; the Socket's LocalAddr, RemoteAddr and
// ReadFrom return the standard library's types instead, which do know it:
// *net.TCPAddr ("tcp"), *net.UDPAddr ("udp"), *net.IPAddr (SOCK_RAW) and
// *net.UnixAddr ("unix", "unixgram", "unixpacket"), so that net/http,
// crypto/tls and gRPC see the types they expect.
//
// Bind, Connect, ConnectEx, Sendto, Sendmsg, SendFds, WriteTo and their
// Context forms take a net.Addr: one of the package's types, or the
// standard library's *net.TCPAddr, *net.UDPAddr and *net.IPAddr (for
// AF_INET and AF_INET6; an IPv4 address on an AF_INET6 socket becomes the
// IPv4-mapped "::ffff:a.b.c.d") and *net.UnixAddr (for AF_UNIX; a name that
// starts with '@' is abstract). A netip.AddrPort goes in through the
// standard library's net.TCPAddrFromAddrPort or net.UDPAddrFromAddrPort.
// The parameter is net.Addr rather than any so that the compiler still
// rejects what no socket takes (a string, a netip.Addr), and rather than
// a conversion function so that code written for package net passes its
// addresses as they are; every Addr of the package is a net.Addr, so
// Python-style literals (socket.InetAddr{"127.0.0.1", 80}) work unchanged.
// A *net.TCPAddr with a nil IP is the any address, as in package net.
//
// Errors match package net's too: errors.As(err, &opErr) with opErr a
// *net.OpError holds for every *Error, with the same Op, Addr and cause.
//
// # Timeouts
//
// Python's three modes, per socket, as in Python:
//
//	settimeout(None), setblocking(True)  Settimeout(NoTimeout), Setblocking(true)   block until done
//	settimeout(0.0), setblocking(False)  Settimeout(0), Setblocking(false)          one attempt; EAGAIN (EINPROGRESS for Connect)
//	settimeout(2.5)                      Settimeout(2500 * time.Millisecond)        each call waits at most 2.5 s
//	setdefaulttimeout(x)                 Setdefaulttimeout(x)                       for sockets made afterwards
//
// The timeout bounds each call; Sendall's bounds the whole transfer. A
// timed-out call fails with an error for which errors.Is(err,
// os.ErrDeadlineExceeded) holds and whose Timeout method reports true,
// Python's TimeoutError('timed out'). ConnectEx returns EAGAIN then, as
// Python's connect_ex returns 11.
//
// Go's ways of bounding a call work beside Python's and combine with it: the
// net.Conn deadlines (SetDeadline, SetReadDeadline, SetWriteDeadline) and
// the context of the ...Context methods. A call ends at the earliest of the
// timeout, the deadline and the context's deadline, and none of them
// changes another: Gettimeout still reports the timeout set. This holds
// while a call waits, too: clearing or moving the deadline from another
// goroutine leaves the waiting call's timeout in force. Cancelling the
// context wakes the call at once; a context that can never end
// (context.Background()) costs nothing. Close, from any goroutine, wakes
// every call blocked on the socket.
//
// # Errors
//
// Python raises OSError and its subclasses; the package returns a
// *[Error]{Op, Addr, Err}, where Op is Python's name of the call ("connect",
// "recvfrom"), Addr the address involved, if any, and Err the cause: a
// syscall.Errno, os.ErrDeadlineExceeded, net.ErrClosed, ctx.Err(), a
// *[ValueError], a *[GaiError] or a *[PartialSendError]. It unwraps, so
// Python's except clauses become errors.Is and errors.As:
//
//	except OSError as e: e.errno          var se *socket.Error; errors.As(err, &se); errors.As(err, &errno)
//	ConnectionRefusedError                errors.Is(err, syscall.ECONNREFUSED)
//	ConnectionResetError                  errors.Is(err, syscall.ECONNRESET)
//	ConnectionAbortedError                errors.Is(err, syscall.ECONNABORTED)
//	BrokenPipeError                       errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ESHUTDOWN)
//	BlockingIOError                       errors.Is(err, syscall.EAGAIN) (EINPROGRESS, EALREADY for connect)
//	TimeoutError, socket.timeout          errors.Is(err, os.ErrDeadlineExceeded); err.(net.Error).Timeout()
//	TimeoutError from the kernel          errors.Is(err, syscall.ETIMEDOUT)
//	FileNotFoundError                     errors.Is(err, syscall.ENOENT)   connecting to a missing AF_UNIX path
//	PermissionError                       errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM)
//	InterruptedError                      never: EINTR is retried, as Python retries it (PEP 475)
//	OSError(EBADF) after close()          errors.Is(err, syscall.EBADF) and errors.Is(err, net.ErrClosed); errors.As(err, &errno) gives EBADF
//	socket.gaierror                       var ge *socket.GaiError; errors.As(err, &ge); ge.Code is EAI_*
//	socket.herror                         var he *socket.HError; errors.As(err, &he)
//	ValueError, TypeError, OverflowError  errors.Is(err, socket.ErrInvalid); errors.As(err, &ve) with ve *socket.ValueError
//	asyncio.CancelledError                errors.Is(err, context.Canceled)
//
// A *ValueError names the argument (Arg) and says what is wrong and the
// limit (Msg): a port outside 0-65535, an AF_UNIX path over 107 bytes, a
// family, type, protocol, level, option, flags, descriptor or backlog that
// does not fit a C int (Python's OverflowError; nothing is cut to 32 bits), an
// address of another family, a nil address, a nil pointer of an address
// type ((*InetAddr)(nil)). No input makes the package panic, and no lock
// stays held when a call fails. Error messages follow Go's style ("connect 127.0.0.1:1: connection
// refused"); a timeout reads "recv: timed out", as Python's does, and a
// GaiError reads as Python's str(gaierror): "[Errno -2] Name or service not
// known".
//
// # What differs from Python, and why
//
// Go has neither exceptions nor keyword arguments nor tuples, and Go's
// runtime owns the descriptors it polls. Each difference below follows from
// one of these, or from matching Go's conventions where a Go program
// expects them:
//
//   - Detach returns a duplicate of the descriptor (fcntl(F_DUPFD_CLOEXEC)),
//     not the same number, so Python's detach() == fileno() does not hold.
//     The duplicate refers to the same socket. Go's runtime poller owns the
//     socket's descriptor through an *os.File, which can only give it up by
//     closing it; closing and then putting a duplicate back under the old
//     number (dup2) would race with any open in another goroutine, which
//     may take the number in between. Returning the same number would mean
//     keeping every socket on two descriptors (the number Fileno reports,
//     outside the poller, and a private duplicate inside it): twice the
//     descriptors, against RLIMIT_NOFILE, and a dup(2) per socket made,
//     accepted ones included, for a call that few programs make.
//   - FromFileno on a number that another live Socket of this process owns
//     (ssl.py's socket(fileno=sock.fileno()) before sock.detach()) makes a
//     Socket on a duplicate of it, whose Fileno differs: the number has one
//     owner, so that no Socket ever closes or acts on a number after it was
//     freed and reused. Both Sockets work, and each closes its own.
//   - The descriptor stays O_NONBLOCK in every mode, blocking mode included:
//     blocking is done by the runtime poller, so a blocked call costs a
//     goroutine, not an OS thread. A child process that inherits the
//     descriptor sees it non-blocking; Python clears O_NONBLOCK in blocking
//     mode. Detach leaves the descriptor it returns as Python's would be:
//     blocking for a socket in blocking mode, non-blocking in the other
//     modes, except while another Socket of this process (or the connection
//     FromConn took it from) shares the socket and needs it non-blocking.
//   - FromFileno and Fromfd set O_NONBLOCK on the open file description of
//     the descriptor they are given, which all its duplicates share (there
//     is no private description to be had: a socket cannot be reopened).
//     A caller that keeps using the original descriptor with blocking calls
//     sees EAGAIN; Python leaves it blocking in blocking mode. FromConn
//     refuses a descriptor in blocking mode with a *ValueError instead,
//     because the Go value it comes from (an *os.File made of a blocking
//     descriptor) is certain to break that way.
//   - Inet6Addr honours a "%zone" suffix on Host when ScopeID is 0
//     (Inet6Addr{Host: "fe80::1%eth0"}); Python takes the zone only through
//     getaddrinfo. Returned addresses carry the scope in ScopeID, never in
//     Host, as Python's do.
//   - RawAddr's family field is SaFamily, not Family, because the Addr
//     interface's Family method takes that name.
//   - Setdefaulttimeout treats a negative duration other than NoTimeout as
//     NoTimeout, where Python raises ValueError: the function has no error
//     to return. Settimeout, which has one, rejects it as Python does.
//   - Sendall that stops early (a timeout, a reset, a cancelled context)
//     reports how many bytes went, in a *PartialSendError inside the error;
//     Python's sendall gives no count.
//   - Recv at the end of a stream returns an empty slice and a nil error, as
//     Python returns b""; Read, the io.Reader method, returns io.EOF there,
//     as Go's readers do.
//   - Sendto takes the address before the flags (Sendto(data, addr,
//     flags...)), because Go's optional arguments must come last; Python's
//     sendto(data, flags, address) puts them in the middle.
//   - recv_into(buffer, nbytes) and recvfrom_into(buffer, nbytes) take a
//     slice instead of a buffer and a count: buf[:nbytes].
//   - Connect in timeout mode to an AF_UNIX stream listener whose queue is
//     full waits up to the timeout for room, as blocking mode waits without
//     limit; CPython raises BlockingIOError (EAGAIN) at once there, because
//     it waits only for EINPROGRESS. The kernel gives no readiness event when
//     room appears, so the attempt is repeated, with pauses doubling from
//     1 ms to 20 ms; Close is seen at the next attempt.
//   - Timeouts are time.Duration, and None is NoTimeout (-1). Every
//     positive Duration is a valid timeout, up to math.MaxInt64 (292
//     years), which blocks in practice; Python raises OverflowError from
//     settimeout for values its clock cannot hold, and no Duration is such
//     a value. Deadlines past the year 2262 are kept as that year.
//   - Sendfile's count 0 means to the end of the file, Python's None;
//     Python rejects sendfile(file, count=0) with ValueError. Go has no None
//     for an int64, and a zero count has no other use.
//   - Getaddrinfo and the other lookups are pure Go (no cgo): they read
//     /etc/services and /etc/protocols, and look host names and addresses up
//     in the sources of nsswitch.conf's hosts: line, in its order and with
//     its [STATUS=ACTION] criteria (glibc's default "dns [!UNAVAIL=return]
//     files" without the file): "files" is /etc/hosts and "dns" a stub
//     resolver over resolv.conf's servers (nameserver, search, domain,
//     ndots, timeout, attempts; UDP, then TCP for a truncated reply), with
//     glibc's error codes. Other NSS modules (myhostname, mdns, resolve,
//     LDAP) are passed over as unavailable. A DNS failure keeps the standard
//     library's *net.DNSError in the *GaiError's chain (errors.As finds it:
//     IsNotFound, IsTimeout, Server) while Code stays the EAI_* that glibc
//     gives for the same replies (its res_search and nss_dns decide it: a
//     timeout of a name asked before the search list, followed by
//     NXDOMAIN, is EAI_NONAME; a timeout of the last name asked is
//     EAI_AGAIN), and GaiError's Timeout method reports a DNS timeout. Each lookup has a ...Context form
//     (GetaddrinfoContext and the others) whose ctx bounds the DNS queries;
//     a lookup that ctx ends is EAI_AGAIN with ctx's error in its chain.
//   - Every function and method that takes a context.Context rejects a nil
//     one with an *Error whose *ValueError names ctx.
//   - A blocked call is woken by Close from another goroutine, with an error
//     for which errors.Is(err, net.ErrClosed) holds; in Python, closing a
//     socket under a blocked call is undefined.
//   - There are no SocketType, SocketIO, MsgFlag or AddressInfo classes: MSG_*
//     and AI_* are plain int constants, and Makefile's *File plays
//     SocketIO's part.
//   - Makefile has no text mode: Go has no TextIOWrapper, and the encoding,
//     errors and newline arguments have no counterpart. "r" and "rb" move
//     the same bytes (Mode still reports the mode given), and decoding is
//     left to the caller (strings, bufio.Scanner, golang.org/x/text).
//     File.Read(p) is Python's read(len(p)), which waits for len(p) bytes
//     or the end; Read1 is read1. Where Python's read returns None (a
//     non-blocking socket with nothing to read) Read returns EAGAIN;
//     Readline there returns an empty line and no error, as Python's b"".
//   - Methods on a nil *Socket or *File, or on a zero Socket or File, return
//     an error as on a closed one (Fileno is -1), as os.File's do; value
//     methods of the address and frame types called through a nil pointer
//     panic in Go's own method wrapper before any code of the package runs,
//     as (*time.Time)(nil).String() does.
//   - The Linux-only families (AF_NETLINK, AF_PACKET, AF_VSOCK, AF_CAN,
//     AF_ALG) and their constants exist only when building for Linux; the
//     rest builds for darwin and freebsd too.
//   - The constants have the names of CPython's socket module and the values
//     of the kernel ABI being built for, from golang.org/x/sys/unix: on mips
//     SOCK_STREAM is 2 and SOL_SOCKET 0xffff, where CPython on x86-64 says 1
//     and 1. A program that spells a constant by name is right everywhere;
//     one that copies a number from CPython's output is right only there.
//
// # Systems
//
// The package builds for Linux (every architecture that golang.org/x/sys
// supports; the tests run on amd64, arm64, 386, s390x, ppc64le, mips64le and
// riscv64), and its portable subset (AF_UNIX, AF_INET, AF_INET6) for darwin
// and freebsd. For any other GOOS (windows, openbsd, netbsd, ...) the build
// stops with one error, "undefined:
// github_com_pysocket_socket_builds_only_for_linux_darwin_and_freebsd",
// rather than building a package whose every call would fail: a program that
// needs sockets there learns it at build time, where it can choose another
// package, and not from an error at run time on the user's machine.
package socket
