package socketserver_test

import (
	"errors"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/socketserver"
)

var loopback = socket.InetAddr{Host: host}

// connect opens a TCP connection to the server, closed when t ends.
func connect(t *testing.T, s *socketserver.Server) *socket.Socket {
	t.Helper()
	c, err := socket.New(s.AddressFamily(), socket.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Connect(s.ServerAddress()); err != nil {
		t.Fatal(err)
	}
	c.Settimeout(10 * time.Second)
	return c
}

// lifecycleHandler records the calls the server makes and fails where told.
type lifecycleHandler struct {
	socketserver.BaseRequestHandler
	calls                          *[]string
	setupErr, handleErr, finishErr error
	handlePanics                   bool
}

func (h *lifecycleHandler) Setup() error {
	*h.calls = append(*h.calls, "setup")
	return h.setupErr
}

func (h *lifecycleHandler) Handle() error {
	*h.calls = append(*h.calls, "handle")
	if h.handlePanics {
		panic("handle")
	}
	return h.handleErr
}

func (h *lifecycleHandler) Finish() error {
	*h.calls = append(*h.calls, "finish")
	return h.finishErr
}

func TestHandlerLifecycle(t *testing.T) {
	errSetup, errHandle, errFinish := errors.New("setup failed"), errors.New("handle failed"), errors.New("finish failed")
	cases := []struct {
		name                           string
		setupErr, handleErr, finishErr error
		handlePanics                   bool
		wantCalls                      string
		wantErrs                       []error // errors.Is each, in the error handle_error gets; none: not called
	}{
		{name: "all succeed", wantCalls: "setup handle finish"},
		{name: "handle fails, finish runs", handleErr: errHandle, wantCalls: "setup handle finish", wantErrs: []error{errHandle}},
		{name: "finish fails", finishErr: errFinish, wantCalls: "setup handle finish", wantErrs: []error{errFinish}},
		{name: "both fail", handleErr: errHandle, finishErr: errFinish, wantCalls: "setup handle finish", wantErrs: []error{errHandle, errFinish}},
		{name: "setup fails, nothing else runs", setupErr: errSetup, wantCalls: "setup", wantErrs: []error{errSetup}},
		{name: "handle panics, finish runs", handlePanics: true, wantCalls: "setup handle finish"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkLeaks(t)
			var calls []string
			var handled []error
			shutdowns := 0
			server, err := socketserver.NewTCPServer(loopback, func() socketserver.Handler {
				return &lifecycleHandler{calls: &calls, setupErr: c.setupErr, handleErr: c.handleErr,
					finishErr: c.finishErr, handlePanics: c.handlePanics}
			},
				socketserver.HandleError(func(_ *socketserver.Server, _ *socketserver.Request, _ socket.Addr, err error) {
					handled = append(handled, err)
				}),
				socketserver.ShutdownRequest(func(s *socketserver.Server, r *socketserver.Request) {
					shutdowns++
					s.Super().ShutdownRequest(r)
				}))
			if err != nil {
				t.Fatal(err)
			}
			defer server.ServerClose()
			connect(t, server)
			var panicked any
			func() {
				defer func() { panicked = recover() }()
				server.HandleRequest()
			}()
			if (panicked != nil) != c.handlePanics {
				t.Errorf("panic %v, want one: %v", panicked, c.handlePanics)
			}
			if got := strings.Join(calls, " "); got != c.wantCalls {
				t.Errorf("calls %q, want %q", got, c.wantCalls)
			}
			if len(c.wantErrs) == 0 && len(handled) != 0 {
				t.Errorf("handle_error got %v, want no call", handled)
			}
			if len(c.wantErrs) > 0 {
				if len(handled) != 1 {
					t.Fatalf("handle_error called %d times, want 1", len(handled))
				}
				for _, w := range c.wantErrs {
					if !errors.Is(handled[0], w) {
						t.Errorf("handle_error got %v, want it to match %v", handled[0], w)
					}
				}
			}
			if shutdowns != 1 {
				t.Errorf("shutdown_request called %d times, want 1", shutdowns)
			}
		})
	}
}

// TestServerOptions checks each of Python's attributes that can be seen on
// the socket or in the calls the server makes.
func TestServerOptions(t *testing.T) {
	cases := []struct {
		name  string
		opts  []socketserver.Option
		check func(t *testing.T, s *socketserver.Server)
	}{
		{"allow_reuse_address", []socketserver.Option{socketserver.AllowReuseAddress(true)}, func(t *testing.T, s *socketserver.Server) {
			if v, err := s.Socket().Getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR); err != nil || v == 0 {
				t.Errorf("SO_REUSEADDR = %d, %v; want set", v, err)
			}
		}},
		{"allow_reuse_address default", nil, func(t *testing.T, s *socketserver.Server) {
			if v, err := s.Socket().Getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR); err != nil || v != 0 {
				t.Errorf("SO_REUSEADDR = %d, %v; want unset", v, err)
			}
		}},
		{"allow_reuse_port", []socketserver.Option{socketserver.AllowReusePort(true)}, func(t *testing.T, s *socketserver.Server) {
			if v, err := s.Socket().Getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT); err != nil || v == 0 {
				t.Errorf("SO_REUSEPORT = %d, %v; want set", v, err)
			}
		}},
		{"address_family AF_INET by default", nil, func(t *testing.T, s *socketserver.Server) {
			if s.AddressFamily() != socket.AF_INET || s.Socket().Family() != socket.AF_INET {
				t.Errorf("family %v", s.AddressFamily())
			}
			if _, ok := s.ServerAddress().(socket.InetAddr); !ok {
				t.Errorf("server_address %#v", s.ServerAddress())
			}
		}},
		{"bind_and_activate false", []socketserver.Option{socketserver.BindAndActivate(false)}, func(t *testing.T, s *socketserver.Server) {
			if a, err := s.Socket().Getsockname(); err != nil || a.(socket.InetAddr).Port != 0 {
				t.Errorf("unbound socket has address %v, %v", a, err)
			}
			if err := s.Socket().Setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); err != nil {
				t.Fatal(err)
			}
			if err := s.ServerBind(); err != nil {
				t.Fatal(err)
			}
			if err := s.ServerActivate(); err != nil {
				t.Fatal(err)
			}
			if s.ServerAddress().(socket.InetAddr).Port == 0 {
				t.Errorf("server_address %v after server_bind", s.ServerAddress())
			}
			c := connect(t, s)
			c.Close()
		}},
		{"server_bind and server_activate overridden", []socketserver.Option{
			socketserver.ServerBind(func(s *socketserver.Server) error {
				if err := s.Socket().Setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1); err != nil {
					return err
				}
				return s.Super().ServerBind()
			}),
			socketserver.ServerActivate(func(s *socketserver.Server) error { return s.Socket().Listen(1) }),
		}, func(t *testing.T, s *socketserver.Server) {
			if v, err := s.Socket().Getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE); err != nil || v == 0 {
				t.Errorf("SO_KEEPALIVE = %d, %v; the override did not run", v, err)
			}
			if v, err := s.Socket().Getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN); err != nil || v == 0 {
				t.Errorf("SO_ACCEPTCONN = %d, %v; want listening", v, err)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkLeaks(t)
			s, err := socketserver.NewTCPServer(loopback, func() socketserver.Handler { return new(socketserver.BaseRequestHandler) }, c.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer s.ServerClose()
			c.check(t, s)
		})
	}
}

func TestHandleRequestTimeout(t *testing.T) {
	cases := []struct {
		name          string
		serverTimeout time.Duration // socketserver.Timeout; 0 here means not given
		setTimeout    bool
		socketTimeout time.Duration // Settimeout on the server socket
		setSocket     bool
	}{
		{name: "timeout", serverTimeout: 30 * time.Millisecond},
		{name: "timeout zero polls once", serverTimeout: 0, setTimeout: true},
		{name: "socket timeout alone", socketTimeout: 30 * time.Millisecond, setSocket: true},
		{name: "the shorter of both", serverTimeout: time.Hour, socketTimeout: 30 * time.Millisecond, setSocket: true},
		{name: "non-blocking socket", socketTimeout: 0, setSocket: true, serverTimeout: time.Hour},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkLeaks(t)
			timeouts := 0
			opts := []socketserver.Option{socketserver.HandleTimeout(func(*socketserver.Server) { timeouts++ })}
			if c.setTimeout || c.serverTimeout != 0 {
				opts = append(opts, socketserver.Timeout(c.serverTimeout))
			}
			handled := 0
			s, err := socketserver.NewTCPServer(loopback, func() socketserver.Handler {
				handled++
				return new(socketserver.BaseRequestHandler)
			}, opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer s.ServerClose()
			if c.setSocket {
				s.Socket().Settimeout(c.socketTimeout)
			}
			if err := s.HandleRequest(); err != nil {
				t.Fatal(err)
			}
			if timeouts != 1 || handled != 0 {
				t.Errorf("handle_timeout called %d times, %d requests handled; want 1 and 0", timeouts, handled)
			}
			// A request that is there is served, and the wait's deadline
			// does not stay behind on the socket.
			connect(t, s)
			if err := s.HandleRequest(); err != nil {
				t.Fatal(err)
			}
			if handled != 1 {
				t.Errorf("%d requests handled, want 1", handled)
			}
		})
	}
}

func TestServeForever(t *testing.T) {
	t.Run("service_actions each poll", func(t *testing.T) {
		checkLeaks(t)
		var rounds atomic.Int32
		s, err := socketserver.NewUDPServer(loopback, func() socketserver.Handler { return new(socketserver.DatagramRequestHandler) },
			socketserver.ServiceActions(func(*socketserver.Server) { rounds.Add(1) }))
		if err != nil {
			t.Fatal(err)
		}
		defer s.ServerClose()
		done := make(chan error, 1)
		go func() { done <- s.ServeForever(5 * time.Millisecond) }()
		for rounds.Load() < 3 {
			time.Sleep(5 * time.Millisecond)
		}
		s.Shutdown()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
	for _, interval := range []time.Duration{socket.NoTimeout, time.Duration(1<<63 - 1)} {
		t.Run("shutdown wakes a loop that does not poll/"+interval.String(), func(t *testing.T) {
			checkLeaks(t)
			s, err := socketserver.NewThreadingTCPServer(loopback, func() socketserver.Handler { return new(socketserver.BaseRequestHandler) })
			if err != nil {
				t.Fatal(err)
			}
			defer s.ServerClose()
			done := make(chan error, 1)
			go func() { done <- s.ServeForever(interval) }()
			connect(t, s) // the loop is running once this is served
			c := connect(t, s)
			if data, err := c.Recv(1); err != nil || len(data) != 0 {
				t.Fatalf("recv %q, %v; want the server's end of stream", data, err)
			}
			s.Shutdown()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("shutdown from a handler in a goroutine", func(t *testing.T) {
		// Calling Shutdown in the handler of a server that is not
		// threading deadlocks, as in Python; go s.Shutdown() does not.
		checkLeaks(t)
		var shutdownDone sync.WaitGroup
		s, err := socketserver.NewTCPServer(loopback, func() socketserver.Handler {
			return &funcBaseHandler{handle: func(h *socketserver.BaseRequestHandler) error {
				shutdownDone.Go(h.Server.Shutdown)
				return nil
			}}
		})
		if err != nil {
			t.Fatal(err)
		}
		defer s.ServerClose()
		done := make(chan error, 1)
		go func() { done <- s.ServeForever(socket.NoTimeout) }()
		connect(t, s)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		shutdownDone.Wait()
	})
	t.Run("shutdown before serve_forever", func(t *testing.T) {
		checkLeaks(t)
		s, err := socketserver.NewTCPServer(loopback, func() socketserver.Handler { return new(socketserver.BaseRequestHandler) })
		if err != nil {
			t.Fatal(err)
		}
		defer s.ServerClose()
		s.Shutdown() // returns: no loop runs
		if err := s.ServeForever(time.Hour); err != nil {
			t.Fatal(err) // and the next loop stops at once, as Python's
		}
	})
	t.Run("twice at once", func(t *testing.T) {
		checkLeaks(t)
		s, err := socketserver.NewTCPServer(loopback, func() socketserver.Handler { return new(socketserver.BaseRequestHandler) })
		if err != nil {
			t.Fatal(err)
		}
		defer s.ServerClose()
		done := make(chan error, 1)
		go func() { done <- s.ServeForever(socket.NoTimeout) }()
		connect(t, s).Recv(1) // served: the loop runs
		if err := s.ServeForever(time.Millisecond); !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("second serve_forever: %v, want a ValueError", err)
		}
		s.Shutdown()
		<-done
	})
	t.Run("server_close under the loop", func(t *testing.T) {
		checkLeaks(t)
		s, err := socketserver.NewTCPServer(loopback, func() socketserver.Handler { return new(socketserver.BaseRequestHandler) })
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- s.ServeForever(socket.NoTimeout) }()
		connect(t, s).Recv(1)
		if err := s.ServerClose(); err != nil {
			t.Fatal(err)
		}
		if err := <-done; !errors.Is(err, net.ErrClosed) {
			t.Errorf("serve_forever after server_close: %v, want net.ErrClosed", err)
		}
		s.Shutdown() // no loop: returns
		if err := s.HandleRequest(); !errors.Is(err, net.ErrClosed) && !errors.Is(err, syscall.EBADF) {
			t.Errorf("handle_request after server_close: %v, want EBADF", err)
		}
	})
	t.Run("a panic ends the loop, which runs again", func(t *testing.T) {
		checkLeaks(t)
		boom := true
		s, err := socketserver.NewTCPServer(loopback, func() socketserver.Handler {
			return &funcBaseHandler{handle: func(*socketserver.BaseRequestHandler) error {
				if boom {
					boom = false
					panic("boom")
				}
				return nil
			}}
		})
		if err != nil {
			t.Fatal(err)
		}
		defer s.ServerClose()
		c := connect(t, s)
		func() {
			defer func() {
				if r := recover(); r != "boom" {
					t.Errorf("recovered %v", r)
				}
			}()
			s.ServeForever(socket.NoTimeout)
		}()
		if data, err := c.Recv(1); err != nil || len(data) != 0 {
			t.Errorf("the panicking request's connection: %q, %v; want it closed", data, err)
		}
		done := make(chan error, 1)
		go func() { done <- s.ServeForever(socket.NoTimeout) }()
		connect(t, s).Recv(1)
		s.Shutdown()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}

func TestThreadingClose(t *testing.T) {
	cases := []struct {
		name     string
		opts     []socketserver.Option
		waits    bool
		threaded bool
	}{
		{"block_on_close waits", nil, true, true},
		{"daemon_threads does not wait", []socketserver.Option{socketserver.DaemonThreads(true)}, false, true},
		{"block_on_close false does not wait", []socketserver.Option{socketserver.BlockOnClose(false)}, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkLeaks(t)
			release := make(chan struct{})
			var finished atomic.Bool
			started := make(chan struct{})
			s, err := socketserver.NewThreadingTCPServer(loopback, func() socketserver.Handler {
				return &funcBaseHandler{handle: func(*socketserver.BaseRequestHandler) error {
					close(started)
					<-release
					finished.Store(true)
					return nil
				}}
			}, c.opts...)
			if err != nil {
				t.Fatal(err)
			}
			connect(t, s)
			if err := s.HandleRequest(); err != nil {
				t.Fatal(err)
			}
			<-started
			closed := make(chan error, 1)
			go func() { closed <- s.ServerClose() }()
			var closeErr error
			returned := false
			if c.waits {
				// It must not return while the request runs.
				select {
				case closeErr = <-closed:
					returned = true
					t.Errorf("server_close returned (%v) while a request ran", closeErr)
				case <-time.After(100 * time.Millisecond):
				}
			} else {
				// It must return without the request ending.
				select {
				case closeErr = <-closed:
					returned = true
				case <-time.After(30 * time.Second):
					t.Errorf("server_close still waits for the request after 30s")
				}
			}
			close(release)
			if !returned {
				closeErr = <-closed
			}
			if closeErr != nil {
				t.Fatal(closeErr)
			}
			if c.waits && !finished.Load() {
				t.Error("server_close returned before the request ended")
			}
		})
	}
}

func TestHostile(t *testing.T) {
	newH := func() socketserver.Handler { return new(socketserver.BaseRequestHandler) }
	var typedNilAddr *socket.InetAddr
	cases := []struct {
		name    string
		addr    socket.Addr
		handler func() socketserver.Handler
		opts    []socketserver.Option
		want    error
	}{
		{"nil handler factory", loopback, nil, nil, socket.ErrInvalid},
		{"nil address", nil, newH, nil, socket.ErrInvalid},
		{"typed nil address", typedNilAddr, newH, nil, socket.ErrInvalid},
		{"wrong family", socket.UnixAddr{Path: "/tmp/x"}, newH, nil, socket.ErrInvalid},
		{"port out of range", socket.InetAddr{Host: host, Port: 70000}, newH, nil, socket.ErrInvalid},
		{"negative max_packet_size", loopback, newH, []socketserver.Option{socketserver.MaxPacketSize(-1)}, socket.ErrInvalid},
		{"address in use", nil, newH, nil, syscall.EADDRINUSE},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkLeaks(t)
			addr := c.addr
			if c.want == syscall.EADDRINUSE {
				first, err := socketserver.NewTCPServer(loopback, newH)
				if err != nil {
					t.Fatal(err)
				}
				defer first.ServerClose()
				addr = first.ServerAddress()
			}
			s, err := socketserver.NewTCPServer(addr, c.handler, append(c.opts, socketserver.RequestQueueSize(-5))...)
			if !errors.Is(err, c.want) {
				t.Errorf("error %v, want %v", err, c.want)
			}
			if s != nil {
				t.Errorf("a server came back with the error")
				s.ServerClose()
			}
		})
	}
	t.Run("factory returns typed nil", func(t *testing.T) {
		checkLeaks(t)
		var got error
		s, err := socketserver.NewTCPServer(loopback, func() socketserver.Handler {
			var h *lineStreamHandler
			return h
		}, socketserver.HandleError(func(_ *socketserver.Server, _ *socketserver.Request, _ socket.Addr, err error) { got = err }))
		if err != nil {
			t.Fatal(err)
		}
		defer s.ServerClose()
		connect(t, s)
		if err := s.HandleRequest(); err != nil {
			t.Fatal(err)
		}
		if !errors.Is(got, socket.ErrInvalid) {
			t.Errorf("handle_error got %v, want a ValueError", got)
		}
	})
	t.Run("request without a socket", func(t *testing.T) {
		for _, h := range []socketserver.Handler{new(socketserver.StreamRequestHandler), new(socketserver.DatagramRequestHandler)} {
			h.Init(&socketserver.Request{}, nil, nil)
			if err := h.Setup(); !errors.Is(err, socket.ErrInvalid) {
				t.Errorf("%T.Setup: %v, want a ValueError", h, err)
			}
			if err := h.Finish(); err != nil {
				t.Errorf("%T.Finish after a failed Setup: %v", h, err)
			}
		}
	})
	t.Run("closed server", func(t *testing.T) {
		checkLeaks(t)
		s, err := socketserver.NewUDPServer(loopback, newH)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ServerClose(); err != nil {
			t.Fatal(err)
		}
		if err := s.ServerClose(); err != nil {
			t.Errorf("second server_close: %v", err)
		}
		if err := s.ServeForever(time.Millisecond); err == nil {
			t.Error("serve_forever on a closed server succeeded")
		}
		if s.Fileno() != -1 {
			t.Errorf("fileno %d", s.Fileno())
		}
	})
}

func TestStreamRequestHandlerAttributes(t *testing.T) {
	checkLeaks(t)
	type seen struct {
		timeout time.Duration
		nodelay int
	}
	cases := []struct {
		name    string
		timeout time.Duration
		nagle   bool
		want    seen
	}{
		{"defaults", 0, false, seen{socket.NoTimeout, 0}},
		{"timeout", 2 * time.Second, false, seen{2 * time.Second, 0}},
		{"timeout None", socket.NoTimeout, false, seen{socket.NoTimeout, 0}},
		{"disable_nagle_algorithm", 0, true, seen{socket.NoTimeout, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got seen
			s, err := socketserver.NewTCPServer(loopback, func() socketserver.Handler {
				h := &funcStreamHandler{handle: func(h *socketserver.StreamRequestHandler) error {
					got.timeout = h.Connection.Gettimeout()
					var err error
					got.nodelay, err = h.Connection.Getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
					return err
				}}
				h.Timeout, h.DisableNagleAlgorithm = c.timeout, c.nagle
				return h
			}, socketserver.HandleError(func(_ *socketserver.Server, _ *socketserver.Request, _ socket.Addr, err error) { t.Error(err) }))
			if err != nil {
				t.Fatal(err)
			}
			defer s.ServerClose()
			connect(t, s)
			if err := s.HandleRequest(); err != nil {
				t.Fatal(err)
			}
			if got.nodelay != 0 {
				got.nodelay = 1
			}
			if got != c.want {
				t.Errorf("connection timeout %v, TCP_NODELAY %d; want %v, %d", got.timeout, got.nodelay, c.want.timeout, c.want.nodelay)
			}
		})
	}
}

func TestDatagramReplyEmpty(t *testing.T) {
	// Python's DatagramRequestHandler.finish sends wfile's contents even
	// when nothing was written: an empty datagram.
	checkLeaks(t)
	s, err := socketserver.NewUDPServer(loopback, func() socketserver.Handler { return new(socketserver.DatagramRequestHandler) })
	if err != nil {
		t.Fatal(err)
	}
	defer s.ServerClose()
	c, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Sendto([]byte("x"), s.ServerAddress()); err != nil {
		t.Fatal(err)
	}
	if err := s.HandleRequest(); err != nil {
		t.Fatal(err)
	}
	c.Settimeout(5 * time.Second)
	data, addr, err := c.Recvfrom(100)
	if err != nil || len(data) != 0 || addr != s.ServerAddress() {
		t.Errorf("reply %q from %v, %v; want an empty datagram from %v", data, addr, err, s.ServerAddress())
	}
}

func TestHandleErrorReport(t *testing.T) {
	// Python's handle_error prints 40 dashes, the line naming the client
	// as print() shows its address, the traceback, and 40 dashes.
	checkLeaks(t)
	needPython(t)
	var log syncBuffer
	var client socket.Addr
	var mu sync.Mutex
	s, err := socketserver.NewTCPServer(loopback, func() socketserver.Handler {
		return &funcBaseHandler{handle: func(h *socketserver.BaseRequestHandler) error {
			mu.Lock()
			client = h.ClientAddress
			mu.Unlock()
			return &socket.Error{Op: "recv", Err: syscall.ECONNRESET}
		}}
	}, socketserver.ErrorLog(&log))
	if err != nil {
		t.Fatal(err)
	}
	defer s.ServerClose()
	c := connect(t, s)
	if err := s.HandleRequest(); err != nil {
		t.Fatal(err)
	}
	la, _ := c.Getsockname()
	// The same report from CPython, for the same client address.
	pyOut := pythonHandleError(t, la.(socket.InetAddr))
	got := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
	want := strings.Split(strings.TrimSuffix(pyOut, "\n"), "\n")
	if len(got) < 3 || len(want) < 3 {
		t.Fatalf("report %q, python's %q", got, want)
	}
	if got[0] != want[0] || got[1] != want[1] || got[len(got)-1] != want[len(want)-1] {
		t.Errorf("report\n%s\nwant the frame of python's\n%s", log.String(), pyOut)
	}
	if !strings.Contains(log.String(), "recv: ") {
		t.Errorf("report lacks the error: %q", log.String())
	}
	mu.Lock()
	defer mu.Unlock()
	if client != la {
		t.Errorf("client_address %v, the client is %v", client, la)
	}
}

// pythonHandleError prints what CPython's handle_error prints for a request
// from addr.
func pythonHandleError(t *testing.T, addr socket.InetAddr) string {
	t.Helper()
	prog := `import socketserver, sys
sys.stderr = sys.stdout
class S(socketserver.TCPServer):
    pass
s = S(('127.0.0.1', 0), socketserver.BaseRequestHandler)
try:
    raise ConnectionResetError(104, 'Connection reset by peer')
except Exception:
    s.handle_error(None, (sys.argv[1], int(sys.argv[2])))
s.server_close()
`
	return runPython(t, prog, addr.Host, strconv.Itoa(addr.Port))
}

func runPython(t testing.TB, prog string, args ...string) string {
	t.Helper()
	py := needPython(t)
	out, err := exec.Command(py, append([]string{"-c", prog}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	return string(out)
}

func TestInet6Server(t *testing.T) {
	if !socket.HasIpv6 {
		t.Skip("IPv6 not built in; enable IPv6")
	}
	checkLeaks(t)
	for _, c := range []struct {
		name      string
		newServer newServerFunc
		handler   func() socketserver.Handler
		examine   func(*testing.T, socket.AddressFamily, socket.Addr)
	}{
		{"TCPServer", socketserver.NewThreadingTCPServer, newStream, streamExamine},
		{"UDPServer", socketserver.NewThreadingUDPServer, newDgram, dgramExamine},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := c.newServer(socket.Inet6Addr{Host: "::1"}, c.handler)
			if err != nil {
				if errors.Is(err, syscall.EADDRNOTAVAIL) || errors.Is(err, syscall.EAFNOSUPPORT) {
					t.Skipf("no IPv6 loopback here (%v); enable IPv6 (sysctl net.ipv6.conf.all.disable_ipv6=0)", err)
				}
				t.Fatal(err)
			}
			defer s.ServerClose()
			if s.AddressFamily() != socket.AF_INET6 {
				t.Errorf("address_family %v, want AF_INET6", s.AddressFamily())
			}
			done := make(chan error, 1)
			go func() { done <- s.ServeForever(socket.NoTimeout) }()
			c.examine(t, socket.AF_INET6, s.ServerAddress())
			s.Shutdown()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestNilAndZeroServer: every method of a nil *Server and of a Server not
// made by a constructor returns a ValueError or does nothing, and nil
// handlers do not panic.
func TestNilAndZeroServer(t *testing.T) {
	for _, c := range []struct {
		name string
		s    *socketserver.Server
	}{{"nil", nil}, {"zero", new(socketserver.Server)}} {
		t.Run(c.name, func(t *testing.T) {
			s := c.s
			for _, call := range []struct {
				name string
				err  error
			}{
				{"ServeForever", s.ServeForever(time.Millisecond)},
				{"HandleRequest", s.HandleRequest()},
				{"ServerBind", s.ServerBind()},
				{"ServerActivate", s.ServerActivate()},
				{"ServerClose", s.ServerClose()},
				{"ProcessRequest", s.ProcessRequest(nil, nil)},
				{"FinishRequest", s.FinishRequest(nil, nil)},
				{"Super.ServerBind", s.Super().ServerBind()},
				{"Super.ServerClose", s.Super().ServerClose()},
				{"Super.ProcessRequest", s.Super().ProcessRequest(nil, nil)},
			} {
				if !errors.Is(call.err, socket.ErrInvalid) {
					t.Errorf("%s: %v, want a ValueError", call.name, call.err)
				}
			}
			if _, _, err := s.GetRequest(); !errors.Is(err, socket.ErrInvalid) {
				t.Errorf("GetRequest: %v, want a ValueError", err)
			}
			s.Shutdown()
			s.HandleError(nil, nil, errors.New("x"))
			s.HandleTimeout()
			s.ServiceActions()
			s.ShutdownRequest(nil)
			s.CloseRequest(nil)
			s.Super().HandleError(nil, nil, nil)
			s.Super().ShutdownRequest(nil)
			s.Super().CloseRequest(nil)
			if s.VerifyRequest(nil, nil) || s.Fileno() != -1 || s.Socket() != nil || s.ServerAddress() != nil {
				t.Error("a server without a socket claims one")
			}
		})
	}
	t.Run("nil handlers", func(t *testing.T) {
		var b *socketserver.BaseRequestHandler
		b.Init(nil, nil, nil)
		var st *socketserver.StreamRequestHandler
		var dg *socketserver.DatagramRequestHandler
		for _, h := range []socketserver.Handler{st, dg} {
			h.Init(nil, nil, nil)
			if err := h.Setup(); !errors.Is(err, socket.ErrInvalid) {
				t.Errorf("%T.Setup: %v, want a ValueError", h, err)
			}
			if err := h.Handle(); err != nil {
				t.Errorf("%T.Handle: %v", h, err)
			}
			if err := h.Finish(); err != nil {
				t.Errorf("%T.Finish: %v", h, err)
			}
		}
	})
}
