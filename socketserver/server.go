package socketserver

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"reflect"
	"sync"
	"syscall"
	"time"

	"github.com/pysocket/socket"
)

// Server is a socket server, Python's TCPServer, UDPServer,
// UnixStreamServer and UnixDatagramServer, each also with ThreadingMixIn.
// The constructors (NewTCPServer, NewThreadingUDPServer, ...) make one;
// Options set Python's attributes and override its methods.
//
// The methods named after Python's overridable methods (ServerBind,
// VerifyRequest, ProcessRequest, HandleError, ...) run the override given
// as an Option, or the class's own behaviour, which Super returns.
//
// A Server is safe for concurrent use in the ways Python's is: one
// goroutine runs ServeForever (or calls HandleRequest) while others call
// Shutdown and ServerClose.
type Server struct {
	class          string // Python's class name, for errors
	family         socket.AddressFamily
	kind           socket.SocketKind
	threading      bool
	serverAddress  socket.Addr
	handlerFactory func() Handler
	sock           *socket.Socket

	timeout           time.Duration
	requestQueueSize  int
	allowReuseAddress bool
	allowReusePort    bool
	maxPacketSize     int
	bindAndActivate   bool
	daemonThreads     bool
	blockOnClose      bool
	errorLog          io.Writer
	hooks             hooks

	// mu guards the serve loop's state; taking it around "set the flag,
	// poke the deadline" (Shutdown) and "set the deadline, read the flag"
	// (the loop) means a Shutdown is never missed.
	mu              sync.Mutex
	shutdownRequest bool
	isShutDown      chan struct{} // closed when the running loop stops; nil when none runs

	threads sync.WaitGroup

	recvMu  sync.Mutex // guards recvBuf, a datagram server's receive buffer
	recvBuf []byte
}

type hooks struct {
	serverBind      func(*Server) error
	serverActivate  func(*Server) error
	serverClose     func(*Server) error
	verifyRequest   func(*Server, *Request, socket.Addr) bool
	processRequest  func(*Server, *Request, socket.Addr) error
	handleError     func(*Server, *Request, socket.Addr, error)
	handleTimeout   func(*Server)
	serviceActions  func(*Server)
	shutdownRequest func(*Server, *Request)
	closeRequest    func(*Server, *Request)
}

// NewTCPServer is Python's socketserver.TCPServer(server_address,
// RequestHandlerClass): it opens an AF_INET (AF_INET6 for a socket.Inet6Addr)
// SOCK_STREAM socket, binds it to addr and listens (bind_and_activate=True;
// BindAndActivate(false) leaves both to the caller). handler makes one
// Handler per request. Requests are served one at a time. Errors: a
// *socket.ValueError for a nil handler or address; those of socket(2),
// setsockopt(2), bind(2) (EADDRINUSE, ...) and listen(2), after which the
// socket is closed again.
func NewTCPServer(addr socket.Addr, handler func() Handler, opts ...Option) (*Server, error) {
	return newServer("TCPServer", socket.AF_INET, socket.SOCK_STREAM, false, addr, handler, opts)
}

// NewUDPServer is Python's socketserver.UDPServer: an AF_INET (or AF_INET6)
// SOCK_DGRAM socket bound to addr, each datagram a request. Errors as
// NewTCPServer.
func NewUDPServer(addr socket.Addr, handler func() Handler, opts ...Option) (*Server, error) {
	return newServer("UDPServer", socket.AF_INET, socket.SOCK_DGRAM, false, addr, handler, opts)
}

// NewUnixStreamServer is Python's socketserver.UnixStreamServer: an AF_UNIX
// SOCK_STREAM server on a socket.UnixAddr. Errors as NewTCPServer.
func NewUnixStreamServer(addr socket.Addr, handler func() Handler, opts ...Option) (*Server, error) {
	return newServer("UnixStreamServer", socket.AF_UNIX, socket.SOCK_STREAM, false, addr, handler, opts)
}

// NewUnixDatagramServer is Python's socketserver.UnixDatagramServer: an
// AF_UNIX SOCK_DGRAM server on a socket.UnixAddr. Errors as NewTCPServer.
func NewUnixDatagramServer(addr socket.Addr, handler func() Handler, opts ...Option) (*Server, error) {
	return newServer("UnixDatagramServer", socket.AF_UNIX, socket.SOCK_DGRAM, false, addr, handler, opts)
}

// NewThreadingTCPServer is Python's socketserver.ThreadingTCPServer
// (ThreadingMixIn, TCPServer): NewTCPServer whose requests each run in a
// goroutine of their own. Errors as NewTCPServer.
func NewThreadingTCPServer(addr socket.Addr, handler func() Handler, opts ...Option) (*Server, error) {
	return newServer("ThreadingTCPServer", socket.AF_INET, socket.SOCK_STREAM, true, addr, handler, opts)
}

// NewThreadingUDPServer is Python's socketserver.ThreadingUDPServer:
// NewUDPServer with a goroutine per datagram. Errors as NewTCPServer.
func NewThreadingUDPServer(addr socket.Addr, handler func() Handler, opts ...Option) (*Server, error) {
	return newServer("ThreadingUDPServer", socket.AF_INET, socket.SOCK_DGRAM, true, addr, handler, opts)
}

// NewThreadingUnixStreamServer is Python's
// socketserver.ThreadingUnixStreamServer: NewUnixStreamServer with a
// goroutine per connection. Errors as NewTCPServer.
func NewThreadingUnixStreamServer(addr socket.Addr, handler func() Handler, opts ...Option) (*Server, error) {
	return newServer("ThreadingUnixStreamServer", socket.AF_UNIX, socket.SOCK_STREAM, true, addr, handler, opts)
}

// NewThreadingUnixDatagramServer is Python's
// socketserver.ThreadingUnixDatagramServer: NewUnixDatagramServer with a
// goroutine per datagram. Errors as NewTCPServer.
func NewThreadingUnixDatagramServer(addr socket.Addr, handler func() Handler, opts ...Option) (*Server, error) {
	return newServer("ThreadingUnixDatagramServer", socket.AF_UNIX, socket.SOCK_DGRAM, true, addr, handler, opts)
}

func newServer(class string, family socket.AddressFamily, kind socket.SocketKind, threading bool,
	addr socket.Addr, handler func() Handler, opts []Option) (*Server, error) {
	if handler == nil {
		return nil, valueError(class, nil, "handler", "the handler factory is nil; give a func() Handler that makes one handler per request")
	}
	if isNil(addr) {
		return nil, valueError(class, nil, "addr", "the server address is nil")
	}
	if _, ok := addr.(socket.Inet6Addr); ok && family == socket.AF_INET {
		family = socket.AF_INET6
	}
	s := &Server{
		class:            class,
		family:           family,
		kind:             kind,
		threading:        threading,
		serverAddress:    addr,
		handlerFactory:   handler,
		timeout:          socket.NoTimeout,
		requestQueueSize: 5,
		maxPacketSize:    8192,
		bindAndActivate:  true,
		blockOnClose:     true,
		errorLog:         os.Stderr,
	}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	if s.maxPacketSize < 0 {
		return nil, valueError(class, nil, "max_packet_size", fmt.Sprintf("negative max_packet_size %d", s.maxPacketSize))
	}
	sock, err := socket.New(s.family, s.kind, 0)
	if err != nil {
		return nil, err
	}
	s.sock = sock
	if s.bindAndActivate {
		if err := s.ServerBind(); err != nil {
			return nil, errors.Join(err, s.ServerClose())
		}
		if err := s.ServerActivate(); err != nil {
			return nil, errors.Join(err, s.ServerClose())
		}
	}
	return s, nil
}

// ServerAddress returns the address the server is bound to, Python's
// server_address: after ServerBind the socket's own address (with the port
// the kernel chose for port 0); before it, the address given to the
// constructor.
func (s *Server) ServerAddress() socket.Addr {
	if s == nil {
		return nil
	}
	return s.serverAddress
}

// Socket returns the server's listening (or datagram) socket, Python's
// server.socket.
func (s *Server) Socket() *socket.Socket {
	if s == nil {
		return nil
	}
	return s.sock
}

// Fileno returns the server socket's descriptor, as Python's
// server.fileno(), or -1 once it is closed.
func (s *Server) Fileno() int {
	if s.check("fileno") != nil {
		return -1
	}
	return s.sock.Fileno()
}

// AddressFamily returns the server's address family, Python's address_family.
func (s *Server) AddressFamily() socket.AddressFamily {
	if s == nil {
		return 0
	}
	return s.family
}

// SocketType returns SOCK_STREAM or SOCK_DGRAM, Python's socket_type.
func (s *Server) SocketType() socket.SocketKind {
	if s == nil {
		return 0
	}
	return s.kind
}

// ServeForever handles requests until Shutdown is called, as Python's
// serve_forever(poll_interval). Every pollInterval without a request, and
// after each request, it calls ServiceActions. Shutdown wakes it at once
// (Python notices a shutdown within pollInterval). socket.NoTimeout (or any
// negative interval) waits without polling; 0 polls without waiting, as
// Python's select(0) does. Waiting parks the goroutine in the runtime's
// poller; it holds no OS thread.
//
// Its waits use the server socket's read deadline (SetReadDeadline), which
// it clears when it returns; HandleRequest does the same.
//
// It returns nil after Shutdown. Errors: the server socket's, when it is
// closed (ServerClose) under the loop or cannot be waited on; a
// *socket.Error when ServeForever is already running. Errors of single
// requests go to HandleError and do not end the loop. A panic in a handler
// of a server that is not threading ends the loop and goes on up, after the
// request is shut down, as Python's SystemExit does.
func (s *Server) ServeForever(pollInterval time.Duration) error {
	if err := s.check("serve_forever"); err != nil {
		return err
	}
	s.mu.Lock()
	if s.isShutDown != nil {
		s.mu.Unlock()
		return valueError("serve_forever", nil, "", "serve_forever is already running on this server")
	}
	done := make(chan struct{})
	s.isShutDown = done
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.shutdownRequest = false
		s.isShutDown = nil
		if s.sock.Fileno() >= 0 {
			s.sock.SetReadDeadline(time.Time{})
		}
		s.mu.Unlock()
		close(done)
	}()
	for {
		s.mu.Lock()
		if s.shutdownRequest {
			s.mu.Unlock()
			return nil
		}
		err := s.sock.SetReadDeadline(deadlineAfter(pollInterval))
		s.mu.Unlock()
		if err != nil {
			return err
		}
		req, addr, err := s.getRequestWithin(pollInterval)
		s.mu.Lock()
		stop := s.shutdownRequest
		s.mu.Unlock()
		switch {
		case err == nil && stop:
			// bpo-35017: Shutdown came while waiting; Python leaves the
			// request unserved, so the request is closed.
			s.ShutdownRequest(req)
			return nil
		case err == nil:
			s.handleOne(req, addr)
		case stop:
			return nil
		case notReady(err):
		case closedErr(err):
			return err
		default:
			// Python's _handle_request_noblock drops an OSError of
			// get_request (ECONNABORTED, EMFILE, ...) and goes on.
		}
		s.ServiceActions()
	}
}

// Shutdown stops the ServeForever loop and waits until it has stopped, as
// Python's shutdown(). Called while no loop runs, it makes the next
// ServeForever return at once, as Python's does. Like Python's, it
// deadlocks when called from a handler on a server that is not threading:
// the loop waits for the handler, which waits for the loop; call it from
// another goroutine (go s.Shutdown()) there.
func (s *Server) Shutdown() {
	if s.check("shutdown") != nil {
		return
	}
	s.mu.Lock()
	s.shutdownRequest = true
	done := s.isShutDown
	if done != nil && s.sock.Fileno() >= 0 {
		s.sock.SetReadDeadline(longAgo) // wakes the loop's wait at once
	}
	s.mu.Unlock()
	if done != nil {
		<-done
	}
}

// HandleRequest waits for one request and handles it, as Python's
// handle_request(). It waits at most the shorter of the server's Timeout
// and the socket's own timeout (Settimeout), and when neither is set for
// ever; when the time passes with no request it calls HandleTimeout and
// returns nil. Errors of the request go to HandleError; HandleRequest
// returns an error only for the server socket itself: closed, or not
// usable (a *socket.Error). Failures to receive one request (ECONNABORTED,
// EMFILE) drop that request and return nil, as Python's do.
func (s *Server) HandleRequest() error {
	if err := s.check("handle_request"); err != nil {
		return err
	}
	timeout := s.sock.Gettimeout()
	if timeout < 0 {
		timeout = s.timeout
	} else if s.timeout >= 0 {
		timeout = min(timeout, s.timeout)
	}
	if err := s.sock.SetReadDeadline(deadlineAfter(timeout)); err != nil {
		return err
	}
	defer s.sock.SetReadDeadline(time.Time{})
	req, addr, err := s.getRequestWithin(timeout)
	switch {
	case err == nil:
		s.handleOne(req, addr)
	case notReady(err):
		s.HandleTimeout()
	case closedErr(err):
		return err
	}
	return nil
}

// GetRequest receives the next request, as Python's get_request(): a
// stream server accepts a connection, a datagram server receives a
// datagram of up to MaxPacketSize bytes (the Request then holds the
// datagram and the server's socket). It waits under the socket's timeout
// and read deadline. Errors: those of accept(2) and recvfrom(2).
func (s *Server) GetRequest() (*Request, socket.Addr, error) {
	if err := s.check("get_request"); err != nil {
		return nil, nil, err
	}
	if s.kind == socket.SOCK_DGRAM {
		// Receive into the server's buffer and keep a copy of the size
		// received, as Python's recvfrom shrinks its buffer to the datagram.
		s.recvMu.Lock()
		if len(s.recvBuf) != s.maxPacketSize {
			s.recvBuf = make([]byte, s.maxPacketSize)
		}
		n, addr, err := s.sock.RecvfromInto(s.recvBuf)
		var data []byte
		if err == nil {
			data = append([]byte{}, s.recvBuf[:min(n, len(s.recvBuf))]...)
		}
		s.recvMu.Unlock()
		if err != nil {
			return nil, nil, err
		}
		return &Request{Socket: s.sock, Data: data}, addr, nil
	}
	conn, addr, err := s.sock.Accept()
	if err != nil {
		return nil, nil, err
	}
	return &Request{Socket: conn}, addr, nil
}

// getRequestWithin is GetRequest for a wait of d, whose deadline is set
// on the socket already. A wait of 0 is Python's select(0): when nothing is
// pending it fails at once; otherwise GetRequest takes what is there.
func (s *Server) getRequestWithin(d time.Duration) (*Request, socket.Addr, error) {
	if d == 0 {
		ready, err := readableNow(s.sock)
		if err != nil {
			return nil, nil, err
		}
		if !ready {
			return nil, nil, &socket.Error{Op: "select", Err: os.ErrDeadlineExceeded}
		}
	}
	return s.GetRequest()
}

// handleOne is Python's _handle_request_noblock after get_request.
func (s *Server) handleOne(req *Request, addr socket.Addr) {
	if !s.VerifyRequest(req, addr) {
		s.ShutdownRequest(req)
		return
	}
	ok := false
	defer func() {
		if !ok {
			s.ShutdownRequest(req) // a panic goes on up, as Python re-raises
		}
	}()
	if err := s.ProcessRequest(req, addr); err != nil {
		s.HandleError(req, addr, err)
		s.ShutdownRequest(req)
	}
	ok = true
}

// FinishRequest serves one request with a new handler, as Python's
// finish_request(), which instantiates RequestHandlerClass: it makes the
// handler, calls Init, Setup, Handle and, if Setup succeeded, Finish (also
// when Handle fails or panics). It returns Setup's error, or Handle's and
// Finish's joined. A StreamRequestHandler's files are closed after Finish
// even if the handler's own Finish did not close them. Errors: a
// *socket.ValueError when the factory returns a nil Handler.
func (s *Server) FinishRequest(request *Request, clientAddress socket.Addr) (err error) {
	if err := s.check("finish_request"); err != nil {
		return err
	}
	h := s.handlerFactory()
	if isNil(h) {
		return valueError("finish_request", nil, "handler", "the handler factory returned a nil Handler")
	}
	h.Init(request, clientAddress, s)
	if err := h.Setup(); err != nil {
		closeStreamFiles(h)
		return err
	}
	defer func() {
		ferr := h.Finish()
		closeStreamFiles(h)
		if ferr != nil {
			err = errors.Join(err, ferr)
		}
	}()
	return h.Handle()
}

func closeStreamFiles(h Handler) {
	if sf, ok := h.(streamFiler); ok {
		if b := sf.streamFiles(); b != nil {
			b.closeFiles()
		}
	}
}

// ServerBind binds the socket to the server's address, as Python's
// server_bind(), or runs the ServerBind option's override. The
// constructors call it unless BindAndActivate(false). Errors: those of
// setsockopt(2) and bind(2).
func (s *Server) ServerBind() error {
	if err := s.check("server_bind"); err != nil {
		return err
	}
	if s.hooks.serverBind != nil {
		return s.hooks.serverBind(s)
	}
	return s.Super().ServerBind()
}

// ServerActivate makes the socket listen, as Python's server_activate(),
// or runs the override. Errors: those of listen(2).
func (s *Server) ServerActivate() error {
	if err := s.check("server_activate"); err != nil {
		return err
	}
	if s.hooks.serverActivate != nil {
		return s.hooks.serverActivate(s)
	}
	return s.Super().ServerActivate()
}

// ServerClose closes the server's socket and, on a threading server with
// BlockOnClose (the default), waits until every request's goroutine has
// ended, as Python's server_close(); or runs the override. It is Python's
// with-statement exit: defer s.ServerClose(). Calling it again does
// nothing. Errors: those of close(2).
func (s *Server) ServerClose() error {
	if err := s.check("server_close"); err != nil {
		return err
	}
	if s.hooks.serverClose != nil {
		return s.hooks.serverClose(s)
	}
	return s.Super().ServerClose()
}

// VerifyRequest reports whether to serve the request, as Python's
// verify_request(); without an override, true.
func (s *Server) VerifyRequest(request *Request, clientAddress socket.Addr) bool {
	if s.check("verify_request") != nil {
		return false
	}
	if s.hooks.verifyRequest != nil {
		return s.hooks.verifyRequest(s, request, clientAddress)
	}
	return true
}

// ProcessRequest serves the request, as Python's process_request(): it
// calls FinishRequest and then ShutdownRequest; a threading server does
// that in a new goroutine, and sends an error to HandleError there. It
// runs the override if one is given. Errors: FinishRequest's, on a server
// that is not threading (the request is then shut down by the caller).
func (s *Server) ProcessRequest(request *Request, clientAddress socket.Addr) error {
	if err := s.check("process_request"); err != nil {
		return err
	}
	if s.hooks.processRequest != nil {
		return s.hooks.processRequest(s, request, clientAddress)
	}
	return s.Super().ProcessRequest(request, clientAddress)
}

// HandleError reports the error of a request that failed, as Python's
// handle_error(), or runs the override. The report goes to ErrorLog
// (standard error by default), between lines of dashes, as Python's:
//
//	----------------------------------------
//	Exception occurred during processing of request from ('127.0.0.1', 50444)
//	recv: [Errno 104] Connection reset by peer
//	----------------------------------------
func (s *Server) HandleError(request *Request, clientAddress socket.Addr, err error) {
	if s.check("handle_error") != nil {
		return
	}
	if s.hooks.handleError != nil {
		s.hooks.handleError(s, request, clientAddress, err)
		return
	}
	s.Super().HandleError(request, clientAddress, err)
}

// HandleTimeout is called by HandleRequest when no request came in time, as
// Python's handle_timeout(); without an override it does nothing.
func (s *Server) HandleTimeout() {
	if s.check("handle_timeout") != nil {
		return
	}
	if s.hooks.handleTimeout != nil {
		s.hooks.handleTimeout(s)
	}
}

// ServiceActions is called by ServeForever once each round, as Python's
// service_actions(); without an override it does nothing.
func (s *Server) ServiceActions() {
	if s.check("service_actions") != nil {
		return
	}
	if s.hooks.serviceActions != nil {
		s.hooks.serviceActions(s)
	}
}

// ShutdownRequest ends a request, as Python's shutdown_request(): on a
// stream server shutdown(SHUT_WR) (errors ignored, as some peers are gone
// already) and then CloseRequest; on a datagram server CloseRequest. It
// runs the override if one is given.
func (s *Server) ShutdownRequest(request *Request) {
	if s.check("shutdown_request") != nil {
		return
	}
	if s.hooks.shutdownRequest != nil {
		s.hooks.shutdownRequest(s, request)
		return
	}
	s.Super().ShutdownRequest(request)
}

// CloseRequest cleans up after a request, as Python's close_request(): it
// closes a stream connection and does nothing for a datagram (whose socket
// is the server's). It runs the override if one is given.
func (s *Server) CloseRequest(request *Request) {
	if s.check("close_request") != nil {
		return
	}
	if s.hooks.closeRequest != nil {
		s.hooks.closeRequest(s, request)
		return
	}
	s.Super().CloseRequest(request)
}

// check is the error for a nil Server or one not made by a constructor.
func (s *Server) check(op string) error {
	if s == nil || s.sock == nil || s.handlerFactory == nil {
		return valueError(op, nil, "server", "the Server is nil or was not made by a constructor such as NewTCPServer")
	}
	return nil
}

// deadlineAfter is the read deadline for a wait of d: none for a negative
// d (or one too long to represent), and none for 0, which polls instead.
func deadlineAfter(d time.Duration) time.Time {
	switch {
	case d < 0:
		return time.Time{}
	case d == 0:
		return time.Time{} // getRequestWithin polls once
	case d > math.MaxInt64/2:
		return time.Time{} // a thousand years: as good as for ever
	}
	return time.Now().Add(d)
}

var longAgo = time.Unix(1, 0)

// notReady reports an error that means no request came: the wait's
// deadline passed, or a non-blocking socket had none.
func notReady(err error) bool {
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, syscall.EAGAIN)
}

func closedErr(err error) bool {
	return errors.Is(err, net.ErrClosed) || errors.Is(err, syscall.EBADF) ||
		errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSOCK)
}

func valueError(op string, addr socket.Addr, arg, msg string) error {
	return &socket.Error{Op: op, Addr: addr, Err: &socket.ValueError{Arg: arg, Msg: msg}}
}

// isNil reports a nil interface or one holding a nil pointer (a typed nil).
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Interface, reflect.Chan:
		return rv.IsNil()
	}
	return false
}
