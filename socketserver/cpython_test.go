package socketserver_test

// The translatable cases of CPython 3.11's Lib/test/test_socketserver.py,
// with its class and method names. Not ported: the ForkingMixIn cases
// (test_ForkingTCPServer, test_ForkingUDPServer, test_ForkingUnixStreamServer,
// test_ForkingUnixDatagramServer, test_forking_handled,
// test_forking_not_handled), as Go cannot fork a running program, and
// MiscTestCase.test_all, which checks Python's __all__.

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/socketserver"
)

var testStr = []byte("hello world\n")

const host = "127.0.0.1"

type newServerFunc func(socket.Addr, func() socketserver.Handler, ...socketserver.Option) (*socketserver.Server, error)

// lineStreamHandler is make_server's MyHandler over StreamRequestHandler.
type lineStreamHandler struct {
	socketserver.StreamRequestHandler
}

func (h *lineStreamHandler) Handle() error {
	line, err := h.Rfile.Readline()
	if err != nil {
		return err
	}
	_, err = h.Wfile.Write(line)
	return err
}

// lineDgramHandler is make_server's MyHandler over DatagramRequestHandler.
type lineDgramHandler struct {
	socketserver.DatagramRequestHandler
}

func (h *lineDgramHandler) Handle() error {
	line, err := readLine(h.Rfile)
	if err != nil {
		return err
	}
	_, err = h.Wfile.Write(line)
	return err
}

// readLine is io.BytesIO.readline.
func readLine(r *bytes.Reader) ([]byte, error) {
	var line []byte
	for {
		c, err := r.ReadByte()
		if err == io.EOF {
			return line, nil
		}
		if err != nil {
			return line, err
		}
		line = append(line, c)
		if c == '\n' {
			return line, nil
		}
	}
}

// pickaddr is SocketServerTest.pickaddr.
func pickaddr(t *testing.T, family socket.AddressFamily) socket.Addr {
	if family == socket.AF_INET {
		return socket.InetAddr{Host: host, Port: 0}
	}
	return socket.UnixAddr{Path: unixPath(t)}
}

// receive is the test module's receive(): recv with a timeout.
func receive(t *testing.T, s *socket.Socket, n int) []byte {
	t.Helper()
	if err := s.Settimeout(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	data, err := s.Recv(n)
	if err != nil {
		t.Fatalf("timed out on %v: %v", s, err)
	}
	return data
}

func streamExamine(t *testing.T, family socket.AddressFamily, addr socket.Addr) {
	s, err := socket.New(family, socket.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Connect(addr); err != nil {
		t.Fatal(err)
	}
	if err := s.Sendall(testStr); err != nil {
		t.Fatal(err)
	}
	buf := receive(t, s, 100)
	data := buf
	for len(data) > 0 && !bytes.Contains(buf, []byte("\n")) {
		data = receive(t, s, 100)
		buf = append(buf, data...)
	}
	if !bytes.Equal(buf, testStr) {
		t.Errorf("received %q, want %q", buf, testStr)
	}
}

func dgramExamine(t *testing.T, family socket.AddressFamily, addr socket.Addr) {
	s, err := socket.New(family, socket.SOCK_DGRAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if family == socket.AF_UNIX {
		if err := s.Bind(pickaddr(t, family)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Sendto(testStr, addr); err != nil {
		t.Fatal(err)
	}
	buf := receive(t, s, 100)
	data := buf
	for len(data) > 0 && !bytes.Contains(buf, []byte("\n")) {
		data = receive(t, s, 100)
		buf = append(buf, data...)
	}
	if !bytes.Equal(buf, testStr) {
		t.Errorf("received %q, want %q", buf, testStr)
	}
}

// runServer is SocketServerTest.run_server with make_server.
func runServer(t *testing.T, newServer newServerFunc, family socket.AddressFamily, handler func() socketserver.Handler,
	examine func(*testing.T, socket.AddressFamily, socket.Addr)) {
	checkLeaks(t)
	server, err := newServer(pickaddr(t, family), handler,
		// MyServer.handle_error: close the request and fail.
		socketserver.HandleError(func(s *socketserver.Server, r *socketserver.Request, a socket.Addr, err error) {
			s.CloseRequest(r)
			t.Errorf("request from %v failed: %v", a, err)
		}))
	if err != nil {
		t.Fatal(err)
	}
	name, err := server.Socket().Getsockname()
	if err != nil || name != server.ServerAddress() {
		t.Errorf("server_address %v, getsockname %v, %v", server.ServerAddress(), name, err)
	}
	addr := server.ServerAddress()
	done := make(chan error, 1)
	go func() { done <- server.ServeForever(10 * time.Millisecond) }()
	for range 3 {
		examine(t, family, addr)
	}
	server.Shutdown()
	if err := <-done; err != nil {
		t.Errorf("serve_forever: %v", err)
	}
	if err := server.ServerClose(); err != nil {
		t.Error(err)
	}
	if fd := server.Socket().Fileno(); fd != -1 {
		t.Errorf("fileno after server_close = %d, want -1", fd)
	}
}

func newStream() socketserver.Handler { return new(lineStreamHandler) }
func newDgram() socketserver.Handler  { return new(lineDgramHandler) }

func TestCPythonSocketServer(t *testing.T) {
	t.Run("SocketServerTest", func(t *testing.T) {
		servers := []struct {
			name      string
			newServer newServerFunc
			family    socket.AddressFamily
			handler   func() socketserver.Handler
			examine   func(*testing.T, socket.AddressFamily, socket.Addr)
		}{
			{"test_TCPServer", socketserver.NewTCPServer, socket.AF_INET, newStream, streamExamine},
			{"test_ThreadingTCPServer", socketserver.NewThreadingTCPServer, socket.AF_INET, newStream, streamExamine},
			{"test_UnixStreamServer", socketserver.NewUnixStreamServer, socket.AF_UNIX, newStream, streamExamine},
			{"test_ThreadingUnixStreamServer", socketserver.NewThreadingUnixStreamServer, socket.AF_UNIX, newStream, streamExamine},
			{"test_UDPServer", socketserver.NewUDPServer, socket.AF_INET, newDgram, dgramExamine},
			{"test_ThreadingUDPServer", socketserver.NewThreadingUDPServer, socket.AF_INET, newDgram, dgramExamine},
			{"test_UnixDatagramServer", socketserver.NewUnixDatagramServer, socket.AF_UNIX, newDgram, dgramExamine},
			{"test_ThreadingUnixDatagramServer", socketserver.NewThreadingUnixDatagramServer, socket.AF_UNIX, newDgram, dgramExamine},
		}
		for _, c := range servers {
			t.Run(c.name, func(t *testing.T) {
				if c.family == socket.AF_UNIX {
					skipUnlessUnix(t)
				}
				runServer(t, c.newServer, c.family, c.handler, c.examine)
			})
		}

		t.Run("test_shutdown", func(t *testing.T) {
			// Issue #2302: shutdown() always makes the other goroutine
			// leave serve_forever().
			checkLeaks(t)
			type run struct {
				s    *socketserver.Server
				done chan error
			}
			var runs []run
			for range 20 {
				s, err := socketserver.NewTCPServer(socket.InetAddr{Host: host}, func() socketserver.Handler {
					return new(socketserver.StreamRequestHandler)
				})
				if err != nil {
					t.Fatal(err)
				}
				runs = append(runs, run{s, make(chan error, 1)})
			}
			for _, r := range runs {
				go func() { r.done <- r.s.ServeForever(10 * time.Millisecond) }()
				r.s.Shutdown()
			}
			for _, r := range runs {
				if err := <-r.done; err != nil {
					t.Error(err)
				}
				if err := r.s.ServerClose(); err != nil {
					t.Error(err)
				}
			}
		})

		t.Run("test_close_immediately", func(t *testing.T) {
			checkLeaks(t)
			server, err := socketserver.NewThreadingTCPServer(socket.InetAddr{Host: host}, func() socketserver.Handler { return nil })
			if err != nil {
				t.Fatal(err)
			}
			if err := server.ServerClose(); err != nil {
				t.Error(err)
			}
		})

		t.Run("test_tcpserver_bind_leak", func(t *testing.T) {
			// Issue #22435: the socket is closed when bind() or listen() fails.
			checkLeaks(t)
			for range 1024 {
				_, err := socketserver.NewTCPServer(socket.InetAddr{Host: host, Port: -1}, func() socketserver.Handler {
					return new(socketserver.StreamRequestHandler)
				})
				if !errors.Is(err, socket.ErrInvalid) {
					t.Fatalf("port -1: %v, want an OverflowError (socket.ErrInvalid)", err)
				}
			}
		})

		t.Run("test_context_manager", func(t *testing.T) {
			checkLeaks(t)
			server, err := socketserver.NewTCPServer(socket.InetAddr{Host: host}, func() socketserver.Handler {
				return new(socketserver.StreamRequestHandler)
			})
			if err != nil {
				t.Fatal(err)
			}
			func() {
				defer server.ServerClose() // with ... as server:
			}()
			if fd := server.Socket().Fileno(); fd != -1 {
				t.Errorf("fileno after the with block = %d, want -1", fd)
			}
		})
	})

	t.Run("ErrorHandlerTest", func(t *testing.T) {
		for _, c := range []struct {
			name      string
			threading bool
			panics    bool // Python's SystemExit: not handed to handle_error
		}{
			{"test_sync_handled", false, false},
			{"test_sync_not_handled", false, true},
			{"test_threading_handled", true, false},
			{"test_threading_not_handled", true, true},
		} {
			t.Run(c.name, func(t *testing.T) {
				checkLeaks(t)
				var mu sync.Mutex
				var log strings.Builder
				write := func(s string) { mu.Lock(); log.WriteString(s); mu.Unlock() }
				excepthook := new(syncBuffer)
				errorTestServer(t, c.threading, c.panics, write, excepthook)
				want := "Handler called\n"
				if !c.panics {
					want += "Error handled\n"
				}
				if log.String() != want {
					t.Errorf("log %q, want %q", log.String(), want)
				}
				if c.threading && c.panics && !strings.Contains(excepthook.String(), "panic: exit") {
					t.Errorf("the goroutine's panic was not reported: %q", excepthook.String())
				}
			})
		}
	})

	t.Run("SocketWriterTest", func(t *testing.T) {
		t.Run("test_basics", func(t *testing.T) {
			checkLeaks(t)
			type seen struct {
				wmode, rmode string
				sameSocket   bool
			}
			got := make(chan seen, 1)
			server, err := socketserver.NewTCPServer(socket.InetAddr{Host: host}, func() socketserver.Handler {
				return &funcStreamHandler{handle: func(h *socketserver.StreamRequestHandler) error {
					got <- seen{h.Wfile.Mode(), h.Rfile.Mode(), h.Connection == h.Request.Socket}
					return nil
				}}
			})
			if err != nil {
				t.Fatal(err)
			}
			defer server.ServerClose()
			s, err := socket.New(server.AddressFamily(), socket.SOCK_STREAM, socket.IPPROTO_TCP)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Connect(server.ServerAddress()); err != nil {
				t.Fatal(err)
			}
			s.Close()
			if err := server.HandleRequest(); err != nil {
				t.Fatal(err)
			}
			if g := <-got; g != (seen{"wb", "rb", true}) {
				t.Errorf("wfile mode %q, rfile mode %q, connection is the request: %v", g.wmode, g.rmode, g.sameSocket)
			}
		})

		t.Run("test_write", func(t *testing.T) {
			// wfile.write() sends everything (Python's wbufsize=0 sends at
			// once; a socket.File sends on Flush, which the handler calls
			// where Python's needs none).
			checkLeaks(t)
			const sockMaxSize = 16 * 1024 * 1024 // test.support.SOCK_MAX_SIZE
			var sent1, sent2 int
			var received []byte
			server, err := socketserver.NewTCPServer(socket.InetAddr{Host: host}, func() socketserver.Handler {
				return &funcStreamHandler{handle: func(h *socketserver.StreamRequestHandler) error {
					var err error
					if sent1, err = h.Wfile.Write([]byte("write data\n")); err != nil {
						return err
					}
					if received, err = h.Rfile.Readline(); err != nil {
						return err
					}
					sent2, err = h.Wfile.Write(make([]byte, sockMaxSize))
					return err
				}}
			})
			if err != nil {
				t.Fatal(err)
			}
			defer server.ServerClose()
			var response1 []byte
			var received2 int
			clientDone := make(chan error, 1)
			go func() {
				clientDone <- func() error {
					s, err := socket.New(server.AddressFamily(), socket.SOCK_STREAM, socket.IPPROTO_TCP)
					if err != nil {
						return err
					}
					defer s.Close()
					if err := s.Connect(server.ServerAddress()); err != nil {
						return err
					}
					reader, err := s.Makefile("rb")
					if err != nil {
						return err
					}
					defer reader.Close()
					if response1, err = reader.Readline(); err != nil {
						return err
					}
					if err := s.Sendall([]byte("client response\n")); err != nil {
						return err
					}
					if _, err := io.ReadFull(reader, make([]byte, 100)); err != nil {
						return err
					}
					n, err := io.Copy(io.Discard, reader)
					received2 = int(n)
					return err
				}()
			}()
			if err := server.HandleRequest(); err != nil {
				t.Fatal(err)
			}
			if err := <-clientDone; err != nil {
				t.Fatal(err)
			}
			if sent1 != len(response1) || string(response1) != "write data\n" {
				t.Errorf("sent1 %d, response1 %q", sent1, response1)
			}
			if string(received) != "client response\n" {
				t.Errorf("received %q", received)
			}
			if sent2 != sockMaxSize || received2 != sockMaxSize-100 {
				t.Errorf("sent2 %d, received2 %d; want %d and %d", sent2, received2, sockMaxSize, sockMaxSize-100)
			}
		})
	})

	t.Run("MiscTestCase", func(t *testing.T) {
		t.Run("test_shutdown_request_called_if_verify_request_false", func(t *testing.T) {
			// Issue #26309: shutdown_request is called even if
			// verify_request is False.
			checkLeaks(t)
			shutdownCalled := 0
			server, err := socketserver.NewTCPServer(socket.InetAddr{Host: host}, func() socketserver.Handler {
				return new(socketserver.StreamRequestHandler)
			},
				socketserver.VerifyRequest(func(*socketserver.Server, *socketserver.Request, socket.Addr) bool { return false }),
				socketserver.ShutdownRequest(func(s *socketserver.Server, r *socketserver.Request) {
					shutdownCalled++
					s.Super().ShutdownRequest(r)
				}))
			if err != nil {
				t.Fatal(err)
			}
			s, err := socket.New(server.AddressFamily(), socket.SOCK_STREAM, 0)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Connect(server.ServerAddress()); err != nil {
				t.Fatal(err)
			}
			s.Close()
			if err := server.HandleRequest(); err != nil {
				t.Fatal(err)
			}
			if shutdownCalled != 1 {
				t.Errorf("shutdown_request called %d times, want 1", shutdownCalled)
			}
			if err := server.ServerClose(); err != nil {
				t.Error(err)
			}
		})

		t.Run("test_threads_reaped", func(t *testing.T) {
			// #37193: the server keeps nothing of a request once its
			// goroutine has ended (Python's _threads list is reaped).
			checkLeaks(t)
			server, err := socketserver.NewThreadingTCPServer(socket.InetAddr{Host: host}, func() socketserver.Handler {
				return new(socketserver.StreamRequestHandler)
			})
			if err != nil {
				t.Fatal(err)
			}
			g0 := runtime.NumGoroutine()
			for range 10 {
				c, err := socket.CreateConnection(host, server.ServerAddress().(socket.InetAddr).Port, nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := server.HandleRequest(); err != nil {
					t.Fatal(err)
				}
				c.Close()
			}
			deadline := time.Now().Add(5 * time.Second)
			for runtime.NumGoroutine() > g0 && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			if g := runtime.NumGoroutine(); g > g0 {
				t.Errorf("%d goroutines after 10 requests ended, %d before", g, g0)
			}
			if err := server.ServerClose(); err != nil {
				t.Error(err)
			}
		})
	})
}

// errorTestServer is BaseErrorTestServer and ThreadingErrorTestServer: a
// handler that logs and fails (an error, or a panic for Python's
// SystemExit), one request, then server_close.
func errorTestServer(t *testing.T, threading, panics bool, write func(string), excepthook io.Writer) {
	newServer := socketserver.NewTCPServer
	if threading {
		newServer = socketserver.NewThreadingTCPServer
	}
	done := make(chan struct{})
	server, err := newServer(socket.InetAddr{Host: host}, func() socketserver.Handler {
		return &funcBaseHandler{handle: func(*socketserver.BaseRequestHandler) error {
			write("Handler called\n")
			if panics {
				panic("exit")
			}
			return errors.New("Test error")
		}}
	},
		socketserver.HandleError(func(*socketserver.Server, *socketserver.Request, socket.Addr, error) {
			write("Error handled\n")
		}),
		socketserver.ShutdownRequest(func(s *socketserver.Server, r *socketserver.Request) {
			s.Super().ShutdownRequest(r)
			if threading {
				close(done)
			}
		}),
		socketserver.ErrorLog(excepthook))
	if err != nil {
		t.Fatal(err)
	}
	c, err := socket.CreateConnection(host, server.ServerAddress().(socket.InetAddr).Port, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	func() {
		defer server.ServerClose()
		defer func() {
			r := recover()
			if (r != nil) != (panics && !threading) {
				t.Errorf("handle_request panicked with %v", r)
			}
		}()
		if err := server.HandleRequest(); err != nil {
			t.Error(err)
		}
	}()
	if threading {
		<-done
	}
}

// funcBaseHandler and funcStreamHandler are handlers whose Handle is a
// function, for tests that define a handler class inline.
type funcBaseHandler struct {
	socketserver.BaseRequestHandler
	handle func(*socketserver.BaseRequestHandler) error
}

func (h *funcBaseHandler) Handle() error { return h.handle(&h.BaseRequestHandler) }

type funcStreamHandler struct {
	socketserver.StreamRequestHandler
	handle func(*socketserver.StreamRequestHandler) error
}

func (h *funcStreamHandler) Handle() error { return h.handle(&h.StreamRequestHandler) }

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
