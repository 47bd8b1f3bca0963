// Echo-client is the IPv4 echo client of Python's socket documentation:
//
//	HOST = 'daring.cwi.nl'    # The remote host
//	PORT = 50007              # The same port as used by the server
//	with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
//	    s.connect((HOST, PORT))
//	    s.sendall(b'Hello, world')
//	    data = s.recv(1024)
//	print('Received', repr(data))
//
// The host and port can be changed with -host and -port, or ECHO_HOST and
// ECHO_PORT; the default host is localhost, where echo-server listens.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strconv"

	"github.com/pysocket/socket"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("echo-client", flag.ContinueOnError)
	fs.SetOutput(stderr)
	host := fs.String("host", envOr("ECHO_HOST", "localhost"), "server host name or address (env ECHO_HOST)")
	port := fs.Int("port", envInt("ECHO_PORT", 50007), "server port (env ECHO_PORT)")
	if err := fs.Parse(args); err != nil {
		return err
	}

	s, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Connect(socket.InetAddr{Host: *host, Port: *port}); err != nil {
		return err
	}
	if err := s.Sendall([]byte("Hello, world")); err != nil {
		return err
	}
	data, err := s.Recv(1024)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Received", socket.PyBytes(data)) // repr(data)
	return nil
}

func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}
