package socketserver

import (
	"io"
	"time"

	"github.com/pysocket/socket"
)

// Option sets one of Python's server attributes or overrides one of its
// methods, as a Python subclass of TCPServer sets a class attribute or
// defines a method. Options are given to the constructors:
//
//	srv, err := socketserver.NewThreadingTCPServer(addr, newHandler,
//		socketserver.AllowReuseAddress(true),   // allow_reuse_address = True
//		socketserver.DaemonThreads(true),       // daemon_threads = True
//		socketserver.VerifyRequest(func(s *socketserver.Server, r *socketserver.Request, a socket.Addr) bool {
//			return allowed(a)                    // def verify_request(self, request, client_address): ...
//		}))
type Option func(*Server)

// AllowReuseAddress is Python's class attribute allow_reuse_address: when
// true, ServerBind sets SO_REUSEADDR before bind(2). Default false.
func AllowReuseAddress(v bool) Option { return func(s *Server) { s.allowReuseAddress = v } }

// AllowReusePort is Python's class attribute allow_reuse_port: when true,
// ServerBind sets SO_REUSEPORT before bind(2). Default false.
func AllowReusePort(v bool) Option { return func(s *Server) { s.allowReusePort = v } }

// RequestQueueSize is Python's class attribute request_queue_size, the
// backlog that ServerActivate gives listen(2) on a stream server. Default
// 5, as Python's.
func RequestQueueSize(n int) Option { return func(s *Server) { s.requestQueueSize = n } }

// Timeout is Python's attribute timeout: how long HandleRequest waits for a
// request before it calls HandleTimeout. socket.NoTimeout (Python's None,
// the default) waits for ever; 0 polls once. ServeForever ignores it, as
// Python's does.
func Timeout(d time.Duration) Option {
	return func(s *Server) {
		if d < 0 {
			d = socket.NoTimeout
		}
		s.timeout = d
	}
}

// MaxPacketSize is Python's UDPServer.max_packet_size: the largest datagram
// a datagram server receives whole (longer ones are truncated). Default 8192.
func MaxPacketSize(n int) Option { return func(s *Server) { s.maxPacketSize = n } }

// AddressFamily is Python's class attribute address_family. A TCP or UDP
// server is AF_INET unless its address is a socket.Inet6Addr (then
// AF_INET6); a Unix server is AF_UNIX.
func AddressFamily(f socket.AddressFamily) Option { return func(s *Server) { s.family = f } }

// BindAndActivate is the constructors' bind_and_activate argument: with
// false the constructor only makes the socket; the caller sets it up
// (s.Socket().Setsockopt...) and then calls ServerBind and ServerActivate.
// Default true.
func BindAndActivate(v bool) Option { return func(s *Server) { s.bindAndActivate = v } }

// DaemonThreads is ThreadingMixIn's daemon_threads: when true, ServerClose
// does not wait for the goroutines that serve requests (Python does not join
// daemon threads). Default false. It has no effect on a server that is not
// threading.
func DaemonThreads(v bool) Option { return func(s *Server) { s.daemonThreads = v } }

// BlockOnClose is ThreadingMixIn's block_on_close: when true (the default)
// ServerClose waits until every goroutine serving a request has ended. It
// has no effect on a server that is not threading.
func BlockOnClose(v bool) Option { return func(s *Server) { s.blockOnClose = v } }

// ErrorLog sets where HandleError's default report goes, Python's
// sys.stderr. Default os.Stderr; nil discards.
func ErrorLog(w io.Writer) Option {
	return func(s *Server) {
		if w == nil {
			w = io.Discard
		}
		s.errorLog = w
	}
}

// The options below override a method of Python's server classes. The
// function receives the server; it reaches what Python's super() or an
// explicit TCPServer.method(self, ...) reaches through s.Super():
//
//	def shutdown_request(self, request):         socketserver.ShutdownRequest(func(s *socketserver.Server, r *socketserver.Request) {
//	    self.count += 1                              count++
//	    super().shutdown_request(request)            s.Super().ShutdownRequest(r)
//	                                             })

// ServerBind overrides server_bind. The default sets the reuse options,
// binds the socket to the address and reads back the bound address.
func ServerBind(fn func(s *Server) error) Option { return func(s *Server) { s.hooks.serverBind = fn } }

// ServerActivate overrides server_activate. The default calls listen(2)
// with RequestQueueSize on a stream server and does nothing on a datagram
// server.
func ServerActivate(fn func(s *Server) error) Option {
	return func(s *Server) { s.hooks.serverActivate = fn }
}

// ServerClose overrides server_close. The default closes the socket and,
// on a threading server with BlockOnClose, waits for the requests' goroutines.
func ServerClose(fn func(s *Server) error) Option {
	return func(s *Server) { s.hooks.serverClose = fn }
}

// VerifyRequest overrides verify_request: a request for which fn returns
// false is shut down without being served. The default accepts every request.
func VerifyRequest(fn func(s *Server, request *Request, clientAddress socket.Addr) bool) Option {
	return func(s *Server) { s.hooks.verifyRequest = fn }
}

// ProcessRequest overrides process_request. The default serves the request
// (FinishRequest) and shuts it down; on a threading server it does that in
// a new goroutine. An error it returns goes to HandleError, and the request
// is shut down.
func ProcessRequest(fn func(s *Server, request *Request, clientAddress socket.Addr) error) Option {
	return func(s *Server) { s.hooks.processRequest = fn }
}

// HandleError overrides handle_error, which gets the error of a request
// that failed. The default prints a report to ErrorLog, as Python prints a
// traceback to sys.stderr.
func HandleError(fn func(s *Server, request *Request, clientAddress socket.Addr, err error)) Option {
	return func(s *Server) { s.hooks.handleError = fn }
}

// HandleTimeout overrides handle_timeout, which HandleRequest calls when no
// request came within the timeout. The default does nothing.
func HandleTimeout(fn func(s *Server)) Option { return func(s *Server) { s.hooks.handleTimeout = fn } }

// ServiceActions overrides service_actions, which ServeForever calls once
// each round: after each request and after each pollInterval without one.
// The default does nothing.
func ServiceActions(fn func(s *Server)) Option {
	return func(s *Server) { s.hooks.serviceActions = fn }
}

// ShutdownRequest overrides shutdown_request. The default shuts down the
// writing side of a stream connection (errors ignored, as Python does) and
// calls CloseRequest.
func ShutdownRequest(fn func(s *Server, request *Request)) Option {
	return func(s *Server) { s.hooks.shutdownRequest = fn }
}

// CloseRequest overrides close_request. The default closes a stream
// connection and does nothing for a datagram.
func CloseRequest(fn func(s *Server, request *Request)) Option {
	return func(s *Server) { s.hooks.closeRequest = fn }
}
