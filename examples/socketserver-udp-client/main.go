// Socketserver-udp-client is the UDP client of the "Examples" section of
// Python's socketserver documentation (3.11), testdata/client.py:
//
//	HOST, PORT = "localhost", 9999
//	data = " ".join(sys.argv[1:])
//	sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
//	sock.sendto(bytes(data + "\n", "utf-8"), (HOST, PORT))
//	received = str(sock.recv(1024), "utf-8")
//	print("Sent:     {}".format(data))
//	print("Received: {}".format(received))
//
// It sends its arguments in one datagram to socketserver-udp-server and
// prints the upper-cased answer. -host and -port change the server's
// address; -timeout bounds the wait for the answer (Python's waits for
// ever, the default here too).
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
	fs := flag.NewFlagSet("socketserver-udp-client", flag.ContinueOnError)
	fs.SetOutput(stderr)
	host := fs.String("host", "localhost", "server host")
	port := fs.Int("port", 9999, "server port")
	timeout := fs.Duration("timeout", socket.NoTimeout, "how long to wait for the answer; negative waits for ever")
	if err := fs.Parse(args); err != nil {
		return err
	}
	HOST, PORT := *host, *port
	data := strings.Join(fs.Args(), " ")

	// SOCK_DGRAM is the socket type to use for UDP sockets
	sock, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	defer sock.Close()
	if *timeout < 0 {
		*timeout = socket.NoTimeout
	}
	if err := sock.Settimeout(*timeout); err != nil {
		return err
	}

	// As you can see, there is no Connect call; UDP has no connections.
	// Instead, data is directly sent to the recipient via Sendto.
	if _, err := sock.Sendto([]byte(data+"\n"), socket.InetAddr{Host: HOST, Port: PORT}); err != nil {
		return err
	}
	received, err := sock.Recv(1024)
	if err != nil {
		return err
	}

	fmt.Fprintf(stdout, "Sent:     %s\n", data)
	fmt.Fprintf(stdout, "Received: %s\n", received)
	return nil
}
