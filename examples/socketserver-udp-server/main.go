// Socketserver-udp-server is the UDP server of the "Examples" section of
// Python's socketserver documentation (3.11), testdata/server.py:
//
//	class MyUDPHandler(socketserver.BaseRequestHandler):
//	    def handle(self):
//	        data = self.request[0].strip()
//	        socket = self.request[1]
//	        print("{} wrote:".format(self.client_address[0]))
//	        print(data)
//	        socket.sendto(data.upper(), self.client_address)
//
//	if __name__ == "__main__":
//	    HOST, PORT = "localhost", 9999
//	    with socketserver.UDPServer((HOST, PORT), MyUDPHandler) as server:
//	        server.serve_forever()
//
// -host and -port change the address (-port 0 picks a free port); the
// address the server is bound to goes to standard error. Ctrl-C stops it.
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

// MyUDPHandler works as the TCP handler does, except that h.Request holds
// the datagram (Data) and the server's socket (Socket), and since there is
// no connection the client's address is given to Sendto.
type MyUDPHandler struct {
	socketserver.BaseRequestHandler
	stdout io.Writer
}

func (h *MyUDPHandler) Handle() error {
	data := bytes.TrimSpace(h.Request.Data)
	sock := h.Request.Socket
	fmt.Fprintf(h.stdout, "%s wrote:\n", host(h.ClientAddress))
	fmt.Fprintln(h.stdout, socket.PyBytes(data))
	_, err := sock.Sendto(bytes.ToUpper(data), h.ClientAddress)
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
	fs := flag.NewFlagSet("socketserver-udp-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	hostFlag := fs.String("host", "localhost", "address to bind")
	port := fs.Int("port", 9999, "port to bind; 0 picks a free one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	HOST, PORT := *hostFlag, *port

	server, err := socketserver.NewUDPServer(socket.InetAddr{Host: HOST, Port: PORT},
		func() socketserver.Handler { return &MyUDPHandler{stdout: stdout} })
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
	return server.ServeForever(500 * time.Millisecond)
}
