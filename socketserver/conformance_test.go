package socketserver_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/socketserver"
)

// pythonTrace runs one case in CPython's socketserver and prints the
// methods the server and the handler ran, in order.
const pythonTrace = `import socket, socketserver, sys, threading
case = sys.argv[1]
kind, threaded, fail = case.split('-')
trace = []
lock = threading.Lock()
def rec(name):
    with lock:
        trace.append(name)
stream = kind == 'tcp'
base = socketserver.StreamRequestHandler if stream else socketserver.DatagramRequestHandler
class Handler(base):
    def setup(self):
        rec('setup')
        super().setup()
        if fail == 'setup':
            raise ValueError('setup')
    def handle(self):
        rec('handle')
        if fail == 'handle':
            raise ValueError('handle')
    def finish(self):
        rec('finish')
        super().finish()
        if fail == 'finish':
            raise ValueError('finish')
cls = {('tcp', 'sync'): socketserver.TCPServer, ('tcp', 'threading'): socketserver.ThreadingTCPServer,
       ('udp', 'sync'): socketserver.UDPServer, ('udp', 'threading'): socketserver.ThreadingUDPServer}[kind, threaded]
class Server(cls):
    timeout = 0.05 if fail == 'timeout' else None
    def verify_request(self, request, client_address):
        rec('verify_request')
        return fail != 'verify'
    def process_request(self, request, client_address):
        rec('process_request')
        super().process_request(request, client_address)
    def handle_error(self, request, client_address):
        rec('handle_error')
    def handle_timeout(self):
        rec('handle_timeout')
    def shutdown_request(self, request):
        rec('shutdown_request')
        super().shutdown_request(request)
    def close_request(self, request):
        rec('close_request')
        super().close_request(request)
with Server(('127.0.0.1', 0), Handler) as server:
    if fail != 'timeout':
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM if stream else socket.SOCK_DGRAM)
        if stream:
            c.connect(server.server_address)
            c.sendall(b'x\n')
        else:
            c.sendto(b'x\n', server.server_address)
    server.handle_request()
    if kind == 'udp' and threaded == 'threading':
        # The reply comes from the request's thread; wait for it before
        # server_close closes the socket under it.
        c.settimeout(10)
        c.recv(100)
print(' '.join(trace))
`

// TestConformanceTrace runs the same request through CPython's socketserver
// and this package, with every overridable method and the handler's
// Setup, Handle and Finish recording their calls, and compares the order.
func TestConformanceTrace(t *testing.T) {
	needPython(t)
	cases := []string{
		"tcp-sync-none", "tcp-sync-handle", "tcp-sync-setup", "tcp-sync-finish", "tcp-sync-verify", "tcp-sync-timeout",
		"tcp-threading-none", "tcp-threading-handle", "tcp-threading-setup",
		"udp-sync-none", "udp-sync-handle", "udp-sync-verify", "udp-sync-timeout",
		"udp-threading-none", "udp-threading-handle",
	}
	for _, name := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want := strings.TrimSpace(runPython(t, pythonTrace, name))
			got := goTrace(t, name)
			if got != want {
				t.Errorf("calls\n  %s\nCPython's\n  %s", got, want)
			}
		})
	}
}

// traceStream and traceDgram record the handler's calls for goTrace.
type traceStream struct {
	socketserver.StreamRequestHandler
	rec  func(string)
	fail string
}

func (h *traceStream) Setup() error {
	h.rec("setup")
	if err := h.StreamRequestHandler.Setup(); err != nil {
		return err
	}
	return failIf(h.fail == "setup", "setup")
}

func (h *traceStream) Handle() error {
	h.rec("handle")
	return failIf(h.fail == "handle", "handle")
}

func (h *traceStream) Finish() error {
	h.rec("finish")
	return errors.Join(h.StreamRequestHandler.Finish(), failIf(h.fail == "finish", "finish"))
}

type traceDgram struct {
	socketserver.DatagramRequestHandler
	rec  func(string)
	fail string
}

func (h *traceDgram) Setup() error {
	h.rec("setup")
	if err := h.DatagramRequestHandler.Setup(); err != nil {
		return err
	}
	return failIf(h.fail == "setup", "setup")
}

func (h *traceDgram) Handle() error {
	h.rec("handle")
	return failIf(h.fail == "handle", "handle")
}

func (h *traceDgram) Finish() error {
	h.rec("finish")
	return errors.Join(h.DatagramRequestHandler.Finish(), failIf(h.fail == "finish", "finish"))
}

func failIf(cond bool, what string) error {
	if cond {
		return errors.New(what)
	}
	return nil
}

func goTrace(t *testing.T, name string) string {
	parts := strings.Split(name, "-")
	kind, threaded, fail := parts[0], parts[1], parts[2]
	var mu sync.Mutex
	var trace []string
	rec := func(s string) { mu.Lock(); trace = append(trace, s); mu.Unlock() }
	newServer := map[[2]string]newServerFunc{
		{"tcp", "sync"}: socketserver.NewTCPServer, {"tcp", "threading"}: socketserver.NewThreadingTCPServer,
		{"udp", "sync"}: socketserver.NewUDPServer, {"udp", "threading"}: socketserver.NewThreadingUDPServer,
	}[[2]string{kind, threaded}]
	handler := func() socketserver.Handler { return &traceStream{rec: rec, fail: fail} }
	if kind == "udp" {
		handler = func() socketserver.Handler { return &traceDgram{rec: rec, fail: fail} }
	}
	opts := []socketserver.Option{
		socketserver.VerifyRequest(func(*socketserver.Server, *socketserver.Request, socket.Addr) bool {
			rec("verify_request")
			return fail != "verify"
		}),
		socketserver.ProcessRequest(func(s *socketserver.Server, r *socketserver.Request, a socket.Addr) error {
			rec("process_request")
			return s.Super().ProcessRequest(r, a)
		}),
		socketserver.HandleError(func(*socketserver.Server, *socketserver.Request, socket.Addr, error) { rec("handle_error") }),
		socketserver.HandleTimeout(func(*socketserver.Server) { rec("handle_timeout") }),
		socketserver.ShutdownRequest(func(s *socketserver.Server, r *socketserver.Request) {
			rec("shutdown_request")
			s.Super().ShutdownRequest(r)
		}),
		socketserver.CloseRequest(func(s *socketserver.Server, r *socketserver.Request) {
			rec("close_request")
			s.Super().CloseRequest(r)
		}),
	}
	if fail == "timeout" {
		opts = append(opts, socketserver.Timeout(50*time.Millisecond))
	}
	server, err := newServer(loopback, handler, opts...)
	if err != nil {
		t.Fatal(err)
	}
	func() {
		defer server.ServerClose() // with Server(...) as server:
		var c *socket.Socket
		if fail != "timeout" {
			sockType := socket.SOCK_STREAM
			if kind == "udp" {
				sockType = socket.SOCK_DGRAM
			}
			var err error
			if c, err = socket.New(socket.AF_INET, sockType, 0); err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if sockType == socket.SOCK_STREAM {
				if err := c.Connect(server.ServerAddress()); err != nil {
					t.Fatal(err)
				}
				c.Sendall([]byte("x\n"))
			} else {
				c.Sendto([]byte("x\n"), server.ServerAddress())
			}
		}
		if err := server.HandleRequest(); err != nil {
			t.Error(err)
		}
		if kind == "udp" && threaded == "threading" {
			// The reply comes from the request's goroutine; wait for it
			// before ServerClose closes the socket under it.
			c.Settimeout(10 * time.Second)
			if _, err := c.Recv(100); err != nil {
				t.Error(err)
			}
		}
	}()
	mu.Lock()
	defer mu.Unlock()
	return strings.Join(trace, " ")
}
