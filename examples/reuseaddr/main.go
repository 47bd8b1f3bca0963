// Reuseaddr shows the SO_REUSEADDR passage of Python's socket documentation:
// a server that closes a connection first leaves it in TIME_WAIT, and a
// server started again at once on the same port fails to bind with
// "[Errno 98] Address already in use", unless it sets SO_REUSEADDR before
// bind, as the documentation's fix says:
//
//	s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
//	s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
//	s.bind((HOST, PORT))
//
// It runs the server twice without SO_REUSEADDR, then twice with it, each
// time serving one client of its own, and prints what happened. -host and
// -port choose the address (port 0 picks a free port for the first run).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"syscall"

	"github.com/pysocket/socket"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("reuseaddr", flag.ContinueOnError)
	flags.SetOutput(stderr)
	host := flags.String("host", "127.0.0.1", "address to serve on")
	port := flags.Int("port", 0, "port to serve on; 0 picks a free one")
	if err := flags.Parse(args); err != nil {
		return err
	}
	for _, reuse := range []bool{false, true} {
		p, err := serveOnce(*host, *port, reuse)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "SO_REUSEADDR=%d: served a client, closed first; the connection is in TIME_WAIT\n", b2i(reuse))
		_, err = serveOnce(*host, p, reuse)
		switch {
		case err == nil:
			fmt.Fprintf(stdout, "SO_REUSEADDR=%d: restarted at once on the same port\n", b2i(reuse))
		case errors.Is(err, syscall.EADDRINUSE):
			fmt.Fprintf(stdout, "SO_REUSEADDR=%d: restart failed: [Errno %d] Address already in use\n", b2i(reuse), int(syscall.EADDRINUSE))
		default:
			return err
		}
	}
	return nil
}

// serveOnce listens on host:port, serves one client that it connects
// itself, closes the connection first (so that it is the side left in
// TIME_WAIT) and returns the port.
func serveOnce(host string, port int, reuse bool) (int, error) {
	s, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	if reuse {
		if err := s.Setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); err != nil {
			return 0, err
		}
	}
	if err := s.Bind(socket.InetAddr{Host: host, Port: port}); err != nil {
		return 0, err
	}
	if err := s.Listen(1); err != nil {
		return 0, err
	}
	la, err := s.Getsockname()
	if err != nil {
		return 0, err
	}
	c, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	if err := c.Connect(la); err != nil {
		return 0, err
	}
	conn, _, err := s.Accept()
	if err != nil {
		return 0, err
	}
	if err := conn.Sendall([]byte("bye\n")); err != nil {
		conn.Close()
		return 0, err
	}
	conn.Close() // the server closes first
	for {        // the client reads to the end and closes too
		data, err := c.Recv(64)
		if err != nil {
			return 0, err
		}
		if len(data) == 0 {
			break
		}
	}
	return la.(socket.InetAddr).Port, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
