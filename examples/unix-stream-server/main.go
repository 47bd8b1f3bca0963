// Unix-stream-server is the UNIX-domain stream server of the classic Python
// demos: it binds a path, listens, and for each client prints what it sends,
// line by line, until the client closes.
//
//	server_address = './uds_socket'
//	try:
//	    os.unlink(server_address)
//	except FileNotFoundError:
//	    pass
//	sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
//	sock.bind(server_address)
//	sock.listen(1)
//	while True:
//	    connection, client_address = sock.accept()
//	    try:
//	        print('connection from', client_address)
//	        while True:
//	            data = connection.recv(16)
//	            if not data: break
//	            ...print each complete line...
//	    finally:
//	        connection.close()
//
// -path sets the socket's path (a name starting with '@' is an abstract
// name) and -clients stops after that many clients (0 serves for ever). It
// reports the path it listens on to standard error.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"strings"

	"github.com/pysocket/socket"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("unix-stream-server", flag.ContinueOnError)
	flags.SetOutput(stderr)
	path := flags.String("path", "./uds_socket", "socket path; '@name' is an abstract name")
	clients := flags.Int("clients", 0, "clients to serve before exiting; 0 serves for ever")
	if err := flags.Parse(args); err != nil {
		return err
	}
	addr := socket.UnixAddr{Path: *path}
	if strings.HasPrefix(*path, "@") {
		addr.Path = "\x00" + (*path)[1:]
	} else if err := os.Remove(*path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}

	sock, err := socket.New(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer sock.Close()
	if err := sock.Bind(addr); err != nil {
		return err
	}
	if !addr.Abstract() {
		defer os.Remove(*path)
	}
	if err := sock.Listen(1); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "Listening on", addr)
	for n := 0; *clients == 0 || n < *clients; n++ {
		conn, client, err := sock.Accept()
		if err != nil {
			return err
		}
		err = serve(conn, client, stdout)
		conn.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// serve prints each line the client sends, and the rest when it closes.
func serve(conn *socket.Socket, client socket.Addr, stdout io.Writer) error {
	// An unbound client has the empty address; quoting it, as Python's
	// repr(client_address) does, makes it show.
	fmt.Fprintf(stdout, "connection from '%s'\n", client)
	var pending []byte
	for {
		data, err := conn.Recv(16)
		if err != nil {
			return err
		}
		if len(data) == 0 {
			break
		}
		pending = append(pending, data...)
		for {
			i := bytes.IndexByte(pending, '\n')
			if i < 0 {
				break
			}
			fmt.Fprintf(stdout, "received %q\n", pending[:i])
			pending = pending[i+1:]
		}
	}
	if len(pending) > 0 {
		fmt.Fprintf(stdout, "received %q\n", pending)
	}
	fmt.Fprintln(stdout, "closed")
	return nil
}
