package socketserver_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/socketserver"
)

// MyTCPHandler is Python's
//
//	class MyTCPHandler(socketserver.BaseRequestHandler):
//	    def handle(self):
//	        self.data = self.request.recv(1024).strip()
//	        self.request.sendall(self.data.upper())
type MyTCPHandler struct {
	socketserver.BaseRequestHandler
}

func (h *MyTCPHandler) Handle() error {
	data, err := h.Request.Recv(1024)
	if err != nil {
		return err
	}
	return h.Request.Sendall(bytes.ToUpper(bytes.TrimSpace(data)))
}

// request sends one line to addr and prints the answer.
func request(addr socket.Addr, line string) {
	s, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	if err := s.Connect(addr); err != nil {
		fmt.Println(err)
		return
	}
	s.Sendall([]byte(line + "\n"))
	received, err := s.Recv(1024)
	fmt.Printf("Received: %s %v\n", received, err)
}

// A ThreadingTCPServer serving MyTCPHandler, with serve_forever in a
// goroutine of its own, as in the ThreadingMixIn example of Python's
// documentation.
func Example() {
	server, err := socketserver.NewThreadingTCPServer(socket.InetAddr{Host: "127.0.0.1", Port: 0},
		func() socketserver.Handler { return new(MyTCPHandler) })
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.ServerClose() // with server:
	go server.ServeForever(500 * time.Millisecond)

	request(server.ServerAddress(), "hello world with TCP")
	request(server.ServerAddress(), "python is nice")
	server.Shutdown()
	// Output:
	// Received: HELLO WORLD WITH TCP <nil>
	// Received: PYTHON IS NICE <nil>
}

// LineHandler uses StreamRequestHandler's Rfile and Wfile, as Python's
//
//	class LineHandler(socketserver.StreamRequestHandler):
//	    timeout = 5
//	    def handle(self):
//	        for line in self.rfile:
//	            self.wfile.write(line.upper())
type LineHandler struct {
	socketserver.StreamRequestHandler
}

func (h *LineHandler) Handle() error {
	for {
		line, err := h.Rfile.Readline()
		if err != nil {
			return nil // end of stream (or the timeout)
		}
		h.Wfile.Write(bytes.ToUpper(line))
	}
}

// A StreamRequestHandler whose class attribute timeout is set by the
// function that makes it, served one request at a time by HandleRequest.
func ExampleStreamRequestHandler() {
	server, err := socketserver.NewTCPServer(socket.InetAddr{Host: "127.0.0.1", Port: 0}, func() socketserver.Handler {
		h := new(LineHandler)
		h.Timeout = 5 * time.Second // timeout = 5
		return h
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.ServerClose()

	c, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	c.Connect(server.ServerAddress())
	c.Sendall([]byte("one\ntwo\n"))
	c.Shutdown(socket.SHUT_WR)
	server.HandleRequest()
	answer, _ := c.Recv(100)
	fmt.Printf("%q\n", answer)
	// Output: "ONE\nTWO\n"
}

// EchoDatagram is Python's
//
//	class EchoDatagram(socketserver.DatagramRequestHandler):
//	    def handle(self):
//	        self.wfile.write(b"echo: " + self.rfile.read())
type EchoDatagram struct {
	socketserver.DatagramRequestHandler
}

func (h *EchoDatagram) Handle() error {
	h.Wfile.WriteString("echo: ")
	_, err := h.Rfile.WriteTo(h.Wfile)
	return err
}

// A UDPServer with a DatagramRequestHandler, whose Finish sends Wfile back
// to the client.
func ExampleNewUDPServer() {
	server, err := socketserver.NewUDPServer(socket.InetAddr{Host: "127.0.0.1", Port: 0},
		func() socketserver.Handler { return new(EchoDatagram) })
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.ServerClose()

	c, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	c.Sendto([]byte("ping"), server.ServerAddress())
	server.HandleRequest()
	data, _ := c.Recv(100)
	fmt.Println(socket.PyBytes(data))
	// Output: b'echo: ping'
}
