// Command echo6-client is the IPv6-ready echo client of Python's socket
// documentation, ported line by line: it loops over the Getaddrinfo
// results for the server, keeps the first socket that connects, sends
// "Hello, world" and prints what comes back.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/pysocket/socket"
)

func main() {
	host := flag.String("host", "", "server host (empty: None, the loopback addresses)")
	port := flag.Int("port", 50007, "server port")
	flag.Parse()
	if err := run(*host, *port, os.Stdout); err != nil {
		fmt.Fprintln(os.Stdout, err)
		os.Exit(1)
	}
}

// errNoSocket is the program's failure when no address could be reached.
var errNoSocket = fmt.Errorf("could not open socket")

func run(host string, port int, out io.Writer) error {
	var s *socket.Socket
	res, err := socket.Getaddrinfo(host, strconv.Itoa(port), socket.AF_UNSPEC, socket.SOCK_STREAM, 0, 0)
	if err != nil {
		return err
	}
	for _, r := range res {
		af, socktype, proto, sa := r.Family, r.Type, r.Proto, r.Sockaddr
		s, err = socket.New(af, socktype, proto)
		if err != nil {
			s = nil
			continue
		}
		if err := s.Connect(sa); err != nil {
			s.Close()
			s = nil
			continue
		}
		break
	}
	if s == nil {
		return errNoSocket
	}
	defer s.Close()
	if err := s.Sendall([]byte("Hello, world")); err != nil {
		return err
	}
	data, err := s.Recv(1024)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "Received", socket.PyBytes(data))
	return nil
}
