//go:build linux

// Select-echo-server is a multi-client echo server on select.select, as
// the socket HOWTO's "Non-blocking Sockets" section describes it, ported
// line by line from the Python program in testdata/select_echo_server.py:
// non-blocking sockets, one Select over the listening socket, the clients
// to read and the clients with data to write back, and a queue of unsent
// data per client.
//
//	while inputs:
//	    readable, writable, exceptional = select.select(inputs, outputs, inputs, 60)
//	    ...
//
// -host and -port change the address (port 0 picks a free one, reported on
// standard error); -clients N stops after N clients have gone, so that
// tests can run it (0, the default, serves forever, as the Python program).
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/pyselect"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("select-echo-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	host := fs.String("host", "127.0.0.1", "address to listen on")
	port := fs.Int("port", 50007, "port to listen on; 0 picks a free one")
	clients := fs.Int("clients", 0, "stop after this many clients have gone; 0 serves forever")
	if err := fs.Parse(args); err != nil {
		return err
	}

	server, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer server.Close()
	if err := server.Setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); err != nil {
		return err
	}
	if err := server.Bind(socket.InetAddr{Host: *host, Port: *port}); err != nil {
		return err
	}
	if err := server.Listen(5); err != nil {
		return err
	}
	if la, err := server.Getsockname(); err == nil {
		fmt.Fprintln(stderr, "Listening on", la)
	}
	if err := server.Setblocking(false); err != nil {
		return err
	}

	inputs := []*socket.Socket{server}
	var outputs []*socket.Socket
	queues := map[*socket.Socket][]byte{}
	peers := map[*socket.Socket]socket.Addr{}
	gone := 0
	closeClient := func(s *socket.Socket) error {
		outputs = slices.DeleteFunc(outputs, func(o *socket.Socket) bool { return o == s })
		inputs = slices.DeleteFunc(inputs, func(o *socket.Socket) bool { return o == s })
		delete(queues, s)
		delete(peers, s)
		gone++
		return s.Close()
	}
	defer func() {
		for s := range queues {
			s.Close()
		}
	}()

	for len(inputs) > 0 && (*clients == 0 || gone < *clients) {
		readable, writable, exceptional, err := pyselect.Select(inputs, outputs, inputs, 60*time.Second)
		if err != nil {
			return err
		}
		if len(readable)+len(writable)+len(exceptional) == 0 {
			fmt.Fprintln(stdout, "timed out")
			continue
		}
		for _, s := range readable {
			if s == server {
				conn, addr, err := s.Accept()
				if err != nil {
					return err
				}
				fmt.Fprintln(stdout, "connection from", pyAddr(addr))
				if err := conn.Setblocking(false); err != nil {
					return err
				}
				inputs = append(inputs, conn)
				queues[conn] = []byte{}
				peers[conn] = addr
				continue
			}
			data, err := s.Recv(1024)
			if err != nil {
				return err
			}
			if len(data) > 0 {
				fmt.Fprintln(stdout, "received", socket.PyBytes(data), "from", pyAddr(peers[s]))
				queues[s] = append(queues[s], data...)
				if !slices.Contains(outputs, s) {
					outputs = append(outputs, s)
				}
			} else {
				fmt.Fprintln(stdout, "closing", pyAddr(peers[s]))
				if err := closeClient(s); err != nil {
					return err
				}
			}
		}
		for _, s := range writable {
			q, ok := queues[s]
			if !ok {
				continue
			}
			sent, err := s.Send(q)
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, "sent", sent, "bytes to", pyAddr(peers[s]))
			queues[s] = q[sent:]
			if len(queues[s]) == 0 {
				outputs = slices.DeleteFunc(outputs, func(o *socket.Socket) bool { return o == s })
			}
		}
		for _, s := range exceptional {
			if _, ok := queues[s]; !ok {
				continue
			}
			fmt.Fprintln(stdout, "exceptional condition on", pyAddr(peers[s]))
			if err := closeClient(s); err != nil {
				return err
			}
		}
	}
	return nil
}

// pyAddr prints an address as Python prints the tuple: ('127.0.0.1', 5000).
func pyAddr(a socket.Addr) string {
	if in, ok := a.(socket.InetAddr); ok {
		return fmt.Sprintf("('%s', %d)", in.Host, in.Port)
	}
	return fmt.Sprint(a)
}
