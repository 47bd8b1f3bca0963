package socketserver

import (
	"bytes"
	"errors"
	"time"

	"github.com/pysocket/socket"
)

// Request is what a handler serves, Python's self.request. On a stream
// server it is the accepted connection: Python's self.request.recv(1024) is
// h.Request.Recv(1024). On a datagram server Socket is the server's own
// socket and Data the datagram received: Python's self.request[0] is
// h.Request.Data and self.request[1] is h.Request.Socket.
type Request struct {
	*socket.Socket
	Data []byte
}

// Handler is a request handler, Python's BaseRequestHandler protocol. The
// server makes a new Handler for each request (Python instantiates
// RequestHandlerClass), calls Init with the request, then Setup, then Handle
// and, when Setup succeeded, Finish even when Handle fails, as Python's
// BaseRequestHandler.__init__ does. An error from Handle or Finish goes to
// the server's HandleError.
//
// A handler is a struct that embeds BaseRequestHandler,
// StreamRequestHandler or DatagramRequestHandler, which provide Init, Setup,
// Handle and Finish, and defines its own Handle, as a Python subclass
// overrides handle():
//
//	type MyTCPHandler struct{ socketserver.BaseRequestHandler }
//
//	func (h *MyTCPHandler) Handle() error {
//		data, err := h.Request.Recv(1024)
//		...
//	}
//
//	socketserver.NewTCPServer(addr, func() socketserver.Handler { return new(MyTCPHandler) })
type Handler interface {
	Init(request *Request, clientAddress socket.Addr, server *Server)
	Setup() error
	Handle() error
	Finish() error
}

// BaseRequestHandler is Python's socketserver.BaseRequestHandler: it keeps
// the request, the client's address and the server (Python's self.request,
// self.client_address and self.server), and its Setup, Handle and Finish do
// nothing. Embed it and define Handle.
type BaseRequestHandler struct {
	Request       *Request
	ClientAddress socket.Addr
	Server        *Server
}

// Init stores the request, the client's address and the server, as the
// start of Python's BaseRequestHandler.__init__. The server calls it before
// Setup.
func (h *BaseRequestHandler) Init(request *Request, clientAddress socket.Addr, server *Server) {
	if h == nil {
		return
	}
	h.Request, h.ClientAddress, h.Server = request, clientAddress, server
}

// Setup is Python's BaseRequestHandler.setup: it does nothing and returns nil.
func (h *BaseRequestHandler) Setup() error { return nil }

// Handle is Python's BaseRequestHandler.handle: it does nothing and returns
// nil. A handler defines its own.
func (h *BaseRequestHandler) Handle() error { return nil }

// Finish is Python's BaseRequestHandler.finish: it does nothing and returns nil.
func (h *BaseRequestHandler) Finish() error { return nil }

// StreamRequestHandler is Python's socketserver.StreamRequestHandler: Setup
// gives the handler Rfile and Wfile, buffered streams over the connection
// (Python's self.rfile and self.wfile, from socket.makefile), and Finish
// flushes Wfile and closes both. Connection is Python's self.connection,
// the same socket as Request.
//
// The other fields are Python's class attributes; a handler sets them in
// the function that makes it (Python overrides them in the subclass):
//
//	Rbufsize               rbufsize: Rfile's buffer in bytes; the zero value
//	                       and -1 are Python's default -1 (8192 bytes)
//	Wbufsize               wbufsize: Wfile's buffer in bytes; the zero value
//	                       is Python's default 0 (every write is sent at once,
//	                       as Python's _SocketWriter), -1 is 8192 bytes
//	Timeout                timeout: the zero value and socket.NoTimeout are
//	                       Python's None (the connection keeps the timeout
//	                       it was accepted with, socket.Getdefaulttimeout());
//	                       a positive duration is settimeout(timeout)
//	DisableNagleAlgorithm  disable_nagle_algorithm: TCP_NODELAY on the connection
//
// Python's rbufsize=0 makes rfile unbuffered; here the zero value must
// be the default, so Rfile always buffers (reading ahead of what the
// handler asks for, which only matters to a handler that hands the
// connection on). With a positive Wbufsize, Finish flushes whatever is
// left, as Python's finish does.
type StreamRequestHandler struct {
	BaseRequestHandler
	Rfile, Wfile *socket.File

	Connection            *socket.Socket
	Rbufsize              int
	Wbufsize              int
	Timeout               time.Duration
	DisableNagleAlgorithm bool
}

// Setup applies Timeout and DisableNagleAlgorithm to the connection and
// opens Rfile ("rb") and Wfile ("wb") on it, as Python's
// StreamRequestHandler.setup. Errors: those of Settimeout, Setsockopt
// (TCP_NODELAY on a socket that is not TCP: ENOTSUP/EOPNOTSUPP) and
// Makefile; whatever it opened is closed again on failure.
func (h *StreamRequestHandler) Setup() error {
	if h == nil || h.Request == nil || h.Request.Socket == nil {
		return &socket.Error{Op: "setup", Err: &socket.ValueError{Arg: "request", Msg: "StreamRequestHandler needs a connected stream socket; the request has none"}}
	}
	h.Connection = h.Request.Socket
	if h.Timeout > 0 {
		if err := h.Connection.Settimeout(h.Timeout); err != nil {
			return err
		}
	}
	if h.DisableNagleAlgorithm {
		if err := h.Connection.Setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1); err != nil {
			return err
		}
	}
	rbufsize := h.Rbufsize
	if rbufsize == 0 {
		rbufsize = -1
	}
	rfile, err := h.Connection.Makefile("rb", rbufsize)
	if err != nil {
		return err
	}
	wfile, err := h.Connection.Makefile("wb", h.Wbufsize)
	if err != nil {
		return errors.Join(err, rfile.Close())
	}
	h.Rfile, h.Wfile = rfile, wfile
	return nil
}

// Init is BaseRequestHandler.Init: it stores the request, the client's
// address and the server. (Defined here too so that a nil
// *StreamRequestHandler does nothing instead of panicking.)
func (h *StreamRequestHandler) Init(request *Request, clientAddress socket.Addr, server *Server) {
	if h != nil {
		h.BaseRequestHandler.Init(request, clientAddress, server)
	}
}

// Handle is BaseRequestHandler.Handle: it does nothing and returns nil. A
// handler defines its own.
func (h *StreamRequestHandler) Handle() error { return nil }

// Finish flushes Wfile and closes Wfile and Rfile, as Python's
// StreamRequestHandler.finish. A failing flush is not an error, as in
// Python (the peer may be gone); closing is. A handler that defines its own
// Finish calls this one too, or its files keep the descriptor open until
// the server closes them after Finish.
func (h *StreamRequestHandler) Finish() error {
	return h.closeFiles()
}

func (h *StreamRequestHandler) closeFiles() error {
	if h == nil {
		return nil
	}
	var err error
	if h.Wfile != nil {
		// Python ignores a failing final flush (the peer may be gone,
		// ECONNABORTED); closing then only repeats that flush's error.
		ferr := h.Wfile.Flush()
		if cerr := h.Wfile.Close(); cerr != nil && ferr == nil {
			err = cerr
		}
	}
	if h.Rfile != nil {
		if cerr := h.Rfile.Close(); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}
	return err
}

// streamFiles lets the server close a stream handler's files after Finish,
// whatever the handler's own Finish did.
func (h *StreamRequestHandler) streamFiles() *StreamRequestHandler { return h }

type streamFiler interface{ streamFiles() *StreamRequestHandler }

// DatagramRequestHandler is Python's socketserver.DatagramRequestHandler:
// Setup gives the handler Rfile, a reader over the datagram, and Wfile, an
// empty buffer; Finish sends what Wfile holds back to the client in one
// datagram (an empty one if nothing was written, as Python does). Packet and
// Socket are Python's self.packet and self.socket: the datagram and the
// server's socket.
type DatagramRequestHandler struct {
	BaseRequestHandler
	Rfile *bytes.Reader
	Wfile *bytes.Buffer

	Packet []byte
	Socket *socket.Socket
}

// Setup makes Rfile and Wfile, as Python's DatagramRequestHandler.setup.
// It fails only for a request without a socket.
func (h *DatagramRequestHandler) Setup() error {
	if h == nil || h.Request == nil || h.Request.Socket == nil {
		return &socket.Error{Op: "setup", Err: &socket.ValueError{Arg: "request", Msg: "DatagramRequestHandler needs the server's datagram socket; the request has none"}}
	}
	h.Packet, h.Socket = h.Request.Data, h.Request.Socket
	h.Rfile = bytes.NewReader(h.Packet)
	h.Wfile = new(bytes.Buffer)
	return nil
}

// Init is BaseRequestHandler.Init: it stores the request, the client's
// address and the server. (Defined here too so that a nil
// *DatagramRequestHandler does nothing instead of panicking.)
func (h *DatagramRequestHandler) Init(request *Request, clientAddress socket.Addr, server *Server) {
	if h != nil {
		h.BaseRequestHandler.Init(request, clientAddress, server)
	}
}

// Handle is BaseRequestHandler.Handle: it does nothing and returns nil. A
// handler defines its own.
func (h *DatagramRequestHandler) Handle() error { return nil }

// Finish sends Wfile's contents to ClientAddress with Sendto, as Python's
// DatagramRequestHandler.finish. Errors: those of Sendto.
func (h *DatagramRequestHandler) Finish() error {
	if h == nil || h.Socket == nil || h.Wfile == nil {
		return nil
	}
	_, err := h.Socket.Sendto(h.Wfile.Bytes(), h.ClientAddress)
	return err
}
