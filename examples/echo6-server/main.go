// Command echo6-server is the IPv6-ready echo server of Python's socket
// documentation, ported line by line: it loops over the Getaddrinfo
// results for a passive address, keeps the first one it can bind and
// listen on, accepts one connection and echoes what it receives.
//
// With glibc's order, which Getaddrinfo follows, the passive results put
// 0.0.0.0 before ::, so the server listens on IPv4 as the Python program
// does on Linux. -port 0 picks a free port; the server then says which on
// its first line, which the Python program has no need to do.
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
	host := flag.String("host", "", "host to listen on (empty: None, every address)")
	port := flag.Int("port", 50007, "port to listen on (0: a free one)")
	flag.Parse()
	if err := run(*host, *port, os.Stdout); err != nil {
		fmt.Fprintln(os.Stdout, err)
		os.Exit(1)
	}
}

// errNoSocket is the program's failure when no address could be used.
var errNoSocket = fmt.Errorf("could not open socket")

func run(host string, port int, out io.Writer) error {
	var s *socket.Socket
	res, err := socket.Getaddrinfo(host, strconv.Itoa(port), socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_PASSIVE)
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
		if err := s.Bind(sa); err != nil {
			s.Close()
			s = nil
			continue
		}
		if err := s.Listen(1); err != nil {
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
	if port == 0 {
		a, err := s.Getsockname()
		if err != nil {
			return err
		}
		fmt.Fprintln(out, "Listening on", a)
	}
	conn, addr, err := s.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	fmt.Fprintln(out, "Connected by", addr)
	for {
		data, err := conn.Recv(1024)
		if err != nil {
			return err
		}
		if len(data) == 0 {
			break
		}
		if _, err := conn.Send(data); err != nil {
			return err
		}
	}
	return nil
}
