// Socketserver-tcp-client is the TCP client of the "Examples" section of
// Python's socketserver documentation (3.11), testdata/client.py:
//
//	HOST, PORT = "localhost", 9999
//	data = " ".join(sys.argv[1:])
//	with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
//	    sock.connect((HOST, PORT))
//	    sock.sendall(bytes(data + "\n", "utf-8"))
//	    received = str(sock.recv(1024), "utf-8")
//	print("Sent:     {}".format(data))
//	print("Received: {}".format(received))
//
// It sends its arguments as one line to socketserver-tcp-server and prints
// the upper-cased answer. -host and -port change the server's address.
package main

import (
	"flag"
	"fmt"
	"io"
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
	fs := flag.NewFlagSet("socketserver-tcp-client", flag.ContinueOnError)
	fs.SetOutput(stderr)
	host := fs.String("host", "localhost", "server host")
	port := fs.Int("port", 9999, "server port")
	if err := fs.Parse(args); err != nil {
		return err
	}
	HOST, PORT := *host, *port
	data := strings.Join(fs.Args(), " ")

	// Create a socket (SOCK_STREAM means a TCP socket)
	sock, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer sock.Close()
	// Connect to server and send data
	if err := sock.Connect(socket.InetAddr{Host: HOST, Port: PORT}); err != nil {
		return err
	}
	if err := sock.Sendall([]byte(data + "\n")); err != nil {
		return err
	}
	// Receive data from the server and shut down
	received, err := sock.Recv(1024)
	if err != nil {
		return err
	}
	if err := sock.Close(); err != nil {
		return err
	}

	fmt.Fprintf(stdout, "Sent:     %s\n", data)
	fmt.Fprintf(stdout, "Received: %s\n", received)
	return nil
}
