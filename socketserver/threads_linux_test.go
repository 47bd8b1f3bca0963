package socketserver_test

import (
	"bytes"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/internal/qemuuser"
	"github.com/pysocket/socket/socketserver"
)

// TestIdleThreadedConnections: a ThreadingTCPServer with 1,000 connections
// whose handlers all wait in Rfile.Readline, and the serve loop waiting in
// accept, keeps the process under 50 OS threads: each wait parks a
// goroutine in the runtime's poller, never a thread.
func TestIdleThreadedConnections(t *testing.T) {
	checkLeaks(t)
	const n = 1000
	var waiting atomic.Int32
	s, err := socketserver.NewThreadingTCPServer(loopback, func() socketserver.Handler {
		return &funcStreamHandler{handle: func(h *socketserver.StreamRequestHandler) error {
			waiting.Add(1)
			line, err := h.Rfile.Readline()
			if err != nil {
				return err
			}
			_, err = h.Wfile.Write(bytes.ToUpper(line))
			return err
		}}
	}, socketserver.RequestQueueSize(n))
	if err != nil {
		t.Fatal(err)
	}
	defer s.ServerClose()
	done := make(chan error, 1)
	go func() { done <- s.ServeForever(500 * time.Millisecond) }()
	clients := make([]*socket.Socket, 0, n)
	defer func() {
		for _, c := range clients {
			c.Close()
		}
	}()
	for i := 0; i < n; i++ {
		c, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
		if err := c.Connect(s.ServerAddress()); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for waiting.Load() < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if w := waiting.Load(); w < n {
		t.Fatalf("%d of %d handlers started", w, n)
	}
	time.Sleep(100 * time.Millisecond)
	threads := osThreads(t)
	t.Logf("%d idle connections, each with its handler waiting in Readline: %d OS threads", n, threads)
	if threads >= 50 {
		t.Errorf("%d OS threads with %d idle connections; want under 50", threads, n)
	}
	// Every handler still answers.
	for i, c := range clients {
		if err := c.Sendall([]byte("ping\n")); err != nil {
			t.Fatal(err)
		}
		c.Settimeout(10 * time.Second)
		got, err := c.Recv(16)
		if err != nil || string(got) != "PING\n" {
			t.Fatalf("client %d: %q, %v", i, got, err)
		}
	}
	s.Shutdown()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestRequestQueueSize: request_queue_size is the listen backlog, which
// Linux reports for a listening socket in TCP_INFO's tcpi_sacked
// (sk_max_ack_backlog).
func TestRequestQueueSize(t *testing.T) {
	cases := []struct {
		name string
		opts []socketserver.Option
		want uint32
	}{
		{"default 5", nil, 5},
		{"17", []socketserver.Option{socketserver.RequestQueueSize(17)}, 17},
		{"negative is 0", []socketserver.Option{socketserver.RequestQueueSize(-1)}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkLeaks(t)
			s, err := socketserver.NewTCPServer(loopback, func() socketserver.Handler { return new(socketserver.BaseRequestHandler) }, c.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer s.ServerClose()
			info, err := s.Socket().GetsockoptTCPInfo()
			qemuuser.Skip(t, "getsockopt(IPPROTO_TCP, TCP_INFO)", err)
			if err != nil {
				t.Fatal(err)
			}
			if info.Sacked != c.want {
				t.Errorf("backlog %d, want %d", info.Sacked, c.want)
			}
		})
	}
}
