//go:build linux

// Selectors-echo is the echo server of the "Examples" section of Python's
// selectors documentation, ported line by line:
//
//	sel = selectors.DefaultSelector()
//
//	def accept(sock, mask):
//	    conn, addr = sock.accept()  # Should be ready
//	    print('accepted', conn, 'from', addr)
//	    conn.setblocking(False)
//	    sel.register(conn, selectors.EVENT_READ, read)
//
//	def read(conn, mask):
//	    data = conn.recv(1000)  # Should be ready
//	    if data:
//	        print('echoing', repr(data), 'to', conn)
//	        conn.send(data)  # Hope it won't block
//	    else:
//	        print('closing', conn)
//	        sel.unregister(conn)
//	        conn.close()
//
//	sock = socket.socket()
//	sock.bind(('localhost', 1234))
//	sock.listen(100)
//	sock.setblocking(False)
//	sel.register(sock, selectors.EVENT_READ, accept)
//
//	while True:
//	    events = sel.select()
//	    for key, mask in events:
//	        callback = key.data
//	        callback(key.fileobj, mask)
//
// -host and -port change the address (port 0 picks a free one, reported
// on standard error); -clients N stops after N connections have closed,
// so that tests can run it (0, the default, serves forever, as Python's).
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/selectors"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// callback is what the keys' data hold, as Python's key.data holds a function.
type callback func(sock *socket.Socket, mask selectors.EventMask) error

// server is the Python program's module state: the selector and where
// print writes.
type server struct {
	sel    selectors.Selector
	out    io.Writer
	closed int
}

func (s *server) accept(sock *socket.Socket, mask selectors.EventMask) error {
	conn, addr, err := sock.Accept() // Should be ready
	if err != nil {
		return err
	}
	fmt.Fprintln(s.out, "accepted", conn, "from", pyAddr(addr))
	if err := conn.Setblocking(false); err != nil {
		return err
	}
	_, err = s.sel.Register(conn, selectors.EVENT_READ, callback(s.read))
	return err
}

func (s *server) read(conn *socket.Socket, mask selectors.EventMask) error {
	data, err := conn.Recv(1000) // Should be ready
	if err != nil {
		return err
	}
	if len(data) > 0 {
		fmt.Fprintln(s.out, "echoing", socket.PyBytes(data), "to", conn)
		_, err = conn.Send(data) // Hope it won't block
		return err
	}
	fmt.Fprintln(s.out, "closing", conn)
	if _, err := s.sel.Unregister(conn); err != nil {
		return err
	}
	s.closed++
	return conn.Close()
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("selectors-echo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	host := fs.String("host", "localhost", "address to listen on")
	port := fs.Int("port", 1234, "port to listen on; 0 picks a free one")
	clients := fs.Int("clients", 0, "stop after this many connections closed; 0 serves forever")
	if err := fs.Parse(args); err != nil {
		return err
	}

	sel, err := selectors.NewDefaultSelector()
	if err != nil {
		return err
	}
	defer sel.Close()
	s := &server{sel: sel, out: stdout}

	sock, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer sock.Close()
	if err := sock.Bind(socket.InetAddr{Host: *host, Port: *port}); err != nil {
		return err
	}
	if err := sock.Listen(100); err != nil {
		return err
	}
	if la, err := sock.Getsockname(); err == nil {
		fmt.Fprintln(stderr, "Listening on", la)
	}
	if err := sock.Setblocking(false); err != nil {
		return err
	}
	if _, err := sel.Register(sock, selectors.EVENT_READ, callback(s.accept)); err != nil {
		return err
	}

	for *clients == 0 || s.closed < *clients {
		events, err := sel.Select(socket.NoTimeout)
		if err != nil {
			return err
		}
		for _, ev := range events {
			cb := ev.Key.Data.(callback)
			if err := cb(ev.Key.Fileobj.(*socket.Socket), ev.Events); err != nil {
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
