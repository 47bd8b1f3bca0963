// Package socketserver is Python's socketserver module for Go: TCP, UDP
// and Unix-domain servers that make one handler per request, serially or
// in a goroutine per request, with CPython 3.11's classes, methods,
// attributes and behaviour, over the sockets of package socket.
//
// The documentation's three-line server ports line by line:
//
//	class MyTCPHandler(socketserver.BaseRequestHandler):   type MyTCPHandler struct{ socketserver.BaseRequestHandler }
//	    def handle(self):                                  func (h *MyTCPHandler) Handle() error {
//	        self.data = self.request.recv(1024).strip()        data, err := h.Request.Recv(1024)
//	        self.request.sendall(self.data.upper())            ...
//	                                                           return h.Request.Sendall(bytes.ToUpper(data))
//	                                                       }
//	with socketserver.TCPServer((HOST, PORT),              server, err := socketserver.NewTCPServer(socket.InetAddr{HOST, PORT},
//	                            MyTCPHandler) as server:       func() socketserver.Handler { return new(MyTCPHandler) })
//	                                                       defer server.ServerClose()
//	    server.serve_forever()                             server.ServeForever(500 * time.Millisecond)
//
// # Handlers
//
// Python subclasses BaseRequestHandler (or StreamRequestHandler,
// DatagramRequestHandler) and overrides handle(); the server instantiates
// the class for each request. In Go a handler is a struct that embeds
// BaseRequestHandler, StreamRequestHandler or DatagramRequestHandler and
// defines Handle; the server calls a func() Handler for each request. The
// embedded type provides Init (Python's __init__ storing request,
// client_address and server), Setup, Handle and Finish, so a handler that
// defines only Handle works, and one that defines Setup or Finish calls the
// embedded one as Python calls super().setup(). Setup, Handle and Finish
// return an error where Python raises; Finish runs even when Handle fails.
//
// # Python to Go
//
// Classes (Python's X(...) is NewX(...)):
//
//	TCPServer(addr, Handler, bind_and_activate=True)    NewTCPServer(addr, func() Handler, opts...)
//	UDPServer                                           NewUDPServer
//	UnixStreamServer, UnixDatagramServer                NewUnixStreamServer, NewUnixDatagramServer
//	ThreadingTCPServer, ThreadingUDPServer              NewThreadingTCPServer, NewThreadingUDPServer
//	ThreadingUnixStreamServer, ...DatagramServer        NewThreadingUnixStreamServer, NewThreadingUnixDatagramServer
//	class X(ThreadingMixIn, TCPServer)                  NewThreadingTCPServer (the mix-in is the constructor's)
//	ForkingMixIn, ForkingTCPServer, ForkingUDPServer    none: see below
//	BaseRequestHandler                                  BaseRequestHandler (embed it)
//	StreamRequestHandler                                StreamRequestHandler
//	DatagramRequestHandler                              DatagramRequestHandler
//
// Server methods:
//
//	serve_forever(poll_interval=0.5)    ServeForever(pollInterval time.Duration) error
//	shutdown()                          Shutdown()
//	handle_request()                    HandleRequest() error
//	server_close(), with server:         ServerClose() error, defer server.ServerClose()
//	server_bind(), server_activate()    ServerBind() error, ServerActivate() error (after BindAndActivate(false))
//	fileno()                            Fileno() int
//	get_request()                       GetRequest() (*Request, socket.Addr, error)
//	verify_request(request, addr)       VerifyRequest(request, addr) bool
//	process_request(request, addr)      ProcessRequest(request, addr) error
//	finish_request(request, addr)       FinishRequest(request, addr) error
//	handle_error(request, addr)         HandleError(request, addr, err)
//	handle_timeout()                    HandleTimeout()
//	service_actions()                   ServiceActions()
//	shutdown_request(request)           ShutdownRequest(request)
//	close_request(request)              CloseRequest(request)
//	super().method(...) in an override  s.Super().Method(...)
//
// Server attributes. Python sets them as class attributes of a subclass (or
// on the instance); Go gives them to the constructor as Options of the same
// name. Python's overridable methods are Options too, taking a function
// that receives the server:
//
//	server_address                      ServerAddress() socket.Addr
//	socket                              Socket() *socket.Socket
//	address_family, socket_type         AddressFamily(), SocketType(); option AddressFamily(f)
//	RequestHandlerClass                 the func() Handler given to the constructor
//	allow_reuse_address = True          AllowReuseAddress(true)
//	allow_reuse_port = True             AllowReusePort(true)
//	request_queue_size = 5              RequestQueueSize(5)
//	timeout = None                      Timeout(socket.NoTimeout); Timeout(2*time.Second) for 2.0
//	max_packet_size = 8192              MaxPacketSize(8192)
//	daemon_threads = False              DaemonThreads(false)
//	block_on_close = True               BlockOnClose(true)
//	bind_and_activate=False             BindAndActivate(false)
//	sys.stderr (where handle_error prints)  ErrorLog(w)
//	def verify_request(self, r, a): ... VerifyRequest(func(s *Server, r *Request, a socket.Addr) bool { ... })
//	def process_request(...), handle_error(...), handle_timeout(), service_actions(),
//	shutdown_request(r), close_request(r), server_bind(), server_activate(), server_close()
//	                                    ProcessRequest(fn), HandleError(fn), HandleTimeout(fn), ServiceActions(fn),
//	                                    ShutdownRequest(fn), CloseRequest(fn), ServerBind(fn), ServerActivate(fn), ServerClose(fn)
//
// Handler attributes:
//
//	self.request (stream)               h.Request: embeds the connection's *socket.Socket (h.Request.Recv(1024))
//	self.request[0], self.request[1]    h.Request.Data, h.Request.Socket (datagram servers)
//	self.client_address, self.server    h.ClientAddress, h.Server
//	self.rfile, self.wfile (stream)     h.Rfile, h.Wfile (*socket.File: Readline, Read, Write, Flush)
//	self.connection                     h.Connection
//	rbufsize, wbufsize, timeout,        h.Rbufsize, h.Wbufsize, h.Timeout, h.DisableNagleAlgorithm,
//	disable_nagle_algorithm             set by the func() Handler
//	self.rfile, self.wfile (datagram)   h.Rfile *bytes.Reader, h.Wfile *bytes.Buffer
//	self.packet, self.socket            h.Packet, h.Socket
//
// # Behaviour
//
// As in Python: each request gets a new handler, whose Setup, Handle and
// Finish run in turn (Finish also when Handle fails); an error from them
// goes to HandleError, which prints a report to standard error and lets
// the server go on; the request is then shut down (SHUT_WR and close for a
// connection). A request that VerifyRequest refuses is shut down unserved.
// A datagram server's request is one datagram of up to MaxPacketSize bytes;
// DatagramRequestHandler sends what the handler wrote to Wfile back to the
// client in Finish. ServeForever calls ServiceActions after every request
// and every pollInterval, and HandleRequest waits at most Timeout (or the
// socket's own timeout) before calling HandleTimeout.
//
// Threading servers serve each request in a goroutine of its own (Python:
// a thread), and ServerClose waits for those goroutines unless
// BlockOnClose(false) or DaemonThreads(true). All waiting (for a request in
// ServeForever or HandleRequest, for data in a handler) parks a goroutine
// in the runtime's poller through package socket; no OS thread is held, so
// ten thousand idle connections cost ten thousand goroutines.
//
// Where Go differs, and why:
//
//   - ForkingMixIn, ForkingTCPServer, ForkingUDPServer and their Unix
//     variants do not exist: a Go program cannot fork(2) itself and go on
//     running in the child, since the runtime's other threads do not
//     survive the fork. Use the threading servers; a goroutine per request
//     costs less than Python's thread or process.
//   - Python's exceptions that derive from Exception are errors returned
//     by Setup, Handle and Finish; those that do not (SystemExit,
//     KeyboardInterrupt) are panics. A panic in a handler of a server that
//     is not threading shuts the request down and goes on up out of
//     HandleRequest or ServeForever, as Python re-raises; in a threading
//     server's goroutine it is recovered and reported with its stack to
//     ErrorLog, as Python's threading.excepthook reports an exception that
//     ends a thread, and the server goes on.
//   - HandleError prints the error where Python prints a traceback; the
//     frame around it (the dashes, "Exception occurred during processing of
//     request from ('127.0.0.1', 50444)") is Python's.
//   - Shutdown wakes ServeForever at once instead of within pollInterval,
//     and ServeForever(socket.NoTimeout) waits without polling at all.
//     Like Python's, Shutdown called from a handler of a server that is not
//     threading deadlocks: ServeForever waits for the handler, which waits
//     for ServeForever. Call it from another goroutine (go s.Shutdown()).
//     Called while no loop runs, Shutdown returns at once and makes the next
//     ServeForever return at once, as in Python.
//   - StreamRequestHandler's Rbufsize of 0 (Go's zero value) is Python's
//     default -1, a buffered Rfile; Python's rbufsize=0 (unbuffered) has no
//     spelling. Wbufsize keeps Python's meaning: 0, the default, writes
//     through at once.
//   - A TCP or UDP server given a socket.Inet6Addr is AF_INET6 without a
//     subclass setting address_family.
//   - ServeForever called while it already runs on the same server returns
//     an error instead of running two loops.
package socketserver
