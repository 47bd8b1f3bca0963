// Unix-stream-client is the UNIX-domain stream client of the classic Python
// demos: it connects to the server's path and sends lines.
//
//	sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
//	sock.connect(server_address)
//	try:
//	    for line in lines:
//	        sock.sendall(line.encode() + b'\n')
//	finally:
//	    sock.close()
//
// The lines are the arguments, or standard input's lines when there are
// none. -path names the server's socket ('@name' for an abstract name).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/pysocket/socket"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("unix-stream-client", flag.ContinueOnError)
	flags.SetOutput(stderr)
	path := flags.String("path", "./uds_socket", "the server's socket path; '@name' is an abstract name")
	if err := flags.Parse(args); err != nil {
		return err
	}
	addr := socket.UnixAddr{Path: *path}
	if strings.HasPrefix(*path, "@") {
		addr.Path = "\x00" + (*path)[1:]
	}

	sock, err := socket.New(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer sock.Close()
	fmt.Fprintln(stdout, "connecting to", addr)
	if err := sock.Connect(addr); err != nil {
		return err
	}
	send := func(line string) error {
		fmt.Fprintf(stdout, "sending %q\n", line)
		return sock.Sendall([]byte(line + "\n"))
	}
	if flags.NArg() > 0 {
		for _, line := range flags.Args() {
			if err := send(line); err != nil {
				return err
			}
		}
		return nil
	}
	sc := bufio.NewScanner(stdin)
	for sc.Scan() {
		if err := send(sc.Text()); err != nil {
			return err
		}
	}
	return sc.Err()
}
