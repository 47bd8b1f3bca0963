// Socketserver-tcp-server is the TCP server of the "Examples" section of
// Python's socketserver documentation (3.11), testdata/server.py:
//
//	class MyTCPHandler(socketserver.BaseRequestHandler):
//	    def handle(self):
//	        # self.request is the TCP socket connected to the client
//	        self.data = self.request.recv(1024).strip()
//	        print("{} wrote:".format(self.client_address[0]))
//	        print(self.data)
//	        # just send back the same data, but upper-cased
//	        self.request.sendall(self.data.upper())
//
//	if __name__ == "__main__":
//	    HOST, PORT = "localhost", 9999
//	    with socketserver.TCPServer((HOST, PORT), MyTCPHandler) as server:
//	        server.serve_forever()
//
// With -stream it uses the documentation's alternative handler, a
// StreamRequestHandler that reads a line from self.rfile and writes the
// answer to self.wfile (testdata/stream_server.py). -host and -port change
// the address (-port 0 picks a free port); the address the server listens
// on goes to standard error. Ctrl-C stops it, as it stops Python's.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/socketserver"
)

// MyTCPHandler is the request handler: the server makes one per
// connection, and it overrides Handle to talk to the client.
type MyTCPHandler struct {
	socketserver.BaseRequestHandler
	data   []byte
	stdout io.Writer
}

func (h *MyTCPHandler) Handle() error {
	// h.Request is the TCP socket connected to the client
	data, err := h.Request.Recv(1024)
	if err != nil {
		return err
	}
	h.data = bytes.TrimSpace(data)
	fmt.Fprintf(h.stdout, "%s wrote:\n", host(h.ClientAddress))
	fmt.Fprintln(h.stdout, socket.PyBytes(h.data))
	// just send back the same data, but upper-cased
	return h.Request.Sendall(bytes.ToUpper(h.data))
}

// MyStreamHandler is the documentation's alternative handler, over
// StreamRequestHandler's Rfile and Wfile.
type MyStreamHandler struct {
	socketserver.StreamRequestHandler
	data   []byte
	stdout io.Writer
}

func (h *MyStreamHandler) Handle() error {
	// h.Rfile is a buffered stream made by the handler; Readline instead
	// of raw Recv calls
	line, err := h.Rfile.Readline()
	if err != nil && err != io.EOF {
		return err
	}
	h.data = bytes.TrimSpace(line)
	fmt.Fprintf(h.stdout, "%s wrote:\n", host(h.ClientAddress))
	fmt.Fprintln(h.stdout, socket.PyBytes(h.data))
	// Likewise, h.Wfile writes back to the client (Finish flushes it)
	_, err = h.Wfile.Write(bytes.ToUpper(h.data))
	return err
}

// host is client_address[0].
func host(a socket.Addr) string {
	if in, ok := a.(socket.InetAddr); ok {
		return in.Host
	}
	return fmt.Sprint(a)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// run serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("socketserver-tcp-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	hostFlag := fs.String("host", "localhost", "address to listen on")
	port := fs.Int("port", 9999, "port to listen on; 0 picks a free one")
	stream := fs.Bool("stream", false, "use the StreamRequestHandler version of the handler")
	if err := fs.Parse(args); err != nil {
		return err
	}
	HOST, PORT := *hostFlag, *port

	handler := func() socketserver.Handler { return &MyTCPHandler{stdout: stdout} }
	if *stream {
		handler = func() socketserver.Handler { return &MyStreamHandler{stdout: stdout} }
	}
	// Create the server, binding to localhost on port 9999
	server, err := socketserver.NewTCPServer(socket.InetAddr{Host: HOST, Port: PORT}, handler)
	if err != nil {
		return err
	}
	defer server.ServerClose()
	fmt.Fprintln(stderr, "Listening on", server.ServerAddress())
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		<-ctx.Done()
		server.Shutdown()
	}()
	// Activate the server; this will keep running until you interrupt the
	// program with Ctrl-C
	return server.ServeForever(500 * time.Millisecond)
}
