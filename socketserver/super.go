package socketserver

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/pysocket/socket"
)

// Super is the behaviour of the server's own class, without the overrides
// given as Options: what Python's super().method() (or
// TCPServer.method(self, ...)) reaches from inside an override. It is
// TCPServer's for stream servers, UDPServer's for datagram servers, with
// ThreadingMixIn's ProcessRequest and ServerClose on threading servers.
type Super struct{ s *Server }

// Super returns the server's class behaviour, for overrides that extend it.
func (s *Server) Super() Super { return Super{s} }

// ServerBind is TCPServer.server_bind: SO_REUSEADDR and SO_REUSEPORT as
// the options say, bind(2) to the server address, and the bound address
// (getsockname(2)) becomes ServerAddress. Errors: those of setsockopt(2),
// bind(2) and getsockname(2).
func (b Super) ServerBind() error {
	if err := b.s.check("server_bind"); err != nil {
		return err
	}
	s := b.s
	if s.allowReuseAddress {
		if err := s.sock.Setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); err != nil {
			return err
		}
	}
	if s.allowReusePort {
		if err := s.sock.Setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1); err != nil {
			return err
		}
	}
	if err := s.sock.Bind(s.serverAddress); err != nil {
		return err
	}
	addr, err := s.sock.Getsockname()
	if err != nil {
		return err
	}
	s.serverAddress = addr
	return nil
}

// ServerActivate is TCPServer.server_activate, listen(2) with
// RequestQueueSize, on a stream server; UDPServer's does nothing. Errors:
// those of listen(2).
func (b Super) ServerActivate() error {
	if err := b.s.check("server_activate"); err != nil {
		return err
	}
	if b.s.kind == socket.SOCK_DGRAM {
		return nil
	}
	return b.s.sock.Listen(b.s.requestQueueSize)
}

// ServerClose is TCPServer.server_close, which closes the socket, and on a
// threading server ThreadingMixIn.server_close, which then waits for the
// requests' goroutines unless BlockOnClose is false. Errors: close(2)'s.
func (b Super) ServerClose() error {
	if err := b.s.check("server_close"); err != nil {
		return err
	}
	err := b.s.sock.Close()
	if b.s.threading {
		b.s.threads.Wait()
	}
	return err
}

// ProcessRequest is BaseServer.process_request (FinishRequest, then
// ShutdownRequest; FinishRequest's error comes back) or, on a threading
// server, ThreadingMixIn.process_request: a new goroutine runs
// FinishRequest, sends its error to HandleError and shuts the request
// down, and ProcessRequest returns nil at once. A panic in that goroutine
// is reported to ErrorLog with its stack, as Python's threading.excepthook
// reports an exception that ends a thread, and the server goes on.
func (b Super) ProcessRequest(request *Request, clientAddress socket.Addr) error {
	if err := b.s.check("process_request"); err != nil {
		return err
	}
	s := b.s
	if !s.threading {
		if err := s.FinishRequest(request, clientAddress); err != nil {
			return err
		}
		s.ShutdownRequest(request)
		return nil
	}
	tracked := s.blockOnClose && !s.daemonThreads
	if tracked {
		s.threads.Add(1)
	}
	go s.processRequestThread(request, clientAddress, tracked)
	return nil
}

// processRequestThread is ThreadingMixIn.process_request_thread.
func (s *Server) processRequestThread(request *Request, clientAddress socket.Addr, tracked bool) {
	if tracked {
		defer s.threads.Done()
	}
	shut := false
	defer func() {
		if r := recover(); r != nil {
			if !shut {
				shut = true
				s.ShutdownRequest(request)
			}
			fmt.Fprintf(s.errorLog, "Exception in goroutine serving %s:\npanic: %v\n\n%s", pyAddr(clientAddress), r, debug.Stack())
		}
	}()
	if err := s.FinishRequest(request, clientAddress); err != nil {
		s.HandleError(request, clientAddress, err)
	}
	shut = true
	s.ShutdownRequest(request)
}

// HandleError is BaseServer.handle_error: a report of the failed request
// to ErrorLog, as Python prints one with the traceback to sys.stderr.
func (b Super) HandleError(request *Request, clientAddress socket.Addr, err error) {
	if b.s.check("handle_error") != nil {
		return
	}
	var sb strings.Builder
	sb.WriteString(strings.Repeat("-", 40) + "\n")
	sb.WriteString("Exception occurred during processing of request from " + pyAddr(clientAddress) + "\n")
	fmt.Fprintf(&sb, "%v\n", err)
	sb.WriteString(strings.Repeat("-", 40) + "\n")
	b.s.errorLog.Write([]byte(sb.String()))
}

// ShutdownRequest is TCPServer.shutdown_request, shutdown(SHUT_WR) with
// its error ignored and then CloseRequest, or UDPServer's, CloseRequest
// alone.
func (b Super) ShutdownRequest(request *Request) {
	if b.s.check("shutdown_request") != nil {
		return
	}
	if request == nil || request.Socket == nil {
		return
	}
	if b.s.kind != socket.SOCK_DGRAM {
		request.Shutdown(socket.SHUT_WR) // ENOTCONN where the peer is gone: ignored, as Python does
	}
	b.s.CloseRequest(request)
}

// CloseRequest is TCPServer.close_request, which closes the connection, or
// UDPServer's, which does nothing.
func (b Super) CloseRequest(request *Request) {
	if b.s.check("close_request") != nil {
		return
	}
	if request == nil || request.Socket == nil || b.s.kind == socket.SOCK_DGRAM {
		return
	}
	request.Close()
}

// pyAddr prints a client address as Python's print() does: an INET
// address as its tuple, a UNIX path as the string, None for none.
func pyAddr(a socket.Addr) string {
	switch v := a.(type) {
	case nil:
		return "None"
	case socket.InetAddr:
		return "(" + pyQuote(v.Host) + ", " + strconv.Itoa(v.Port) + ")"
	case socket.Inet6Addr:
		return "(" + pyQuote(v.Host) + ", " + strconv.Itoa(v.Port) + ", " +
			strconv.FormatUint(uint64(v.Flowinfo), 10) + ", " + strconv.FormatUint(uint64(v.ScopeID), 10) + ")"
	case socket.UnixAddr:
		if v.Abstract() {
			return socket.PyBytes([]byte(v.Path))
		}
		return v.Path
	}
	if isNil(a) {
		return "None"
	}
	return a.String()
}

// pyQuote is Python's repr of a host string: numeric hosts need no escapes.
func pyQuote(s string) string {
	if strings.ContainsAny(s, "'\\") {
		return strconv.Quote(s)
	}
	return "'" + s + "'"
}
