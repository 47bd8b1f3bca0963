// Echo-server is the IPv4 echo server of Python's socket documentation:
//
//	HOST = ''                 # Symbolic name meaning all available interfaces
//	PORT = 50007              # Arbitrary non-privileged port
//	with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
//	    s.bind((HOST, PORT))
//	    s.listen(1)
//	    conn, addr = s.accept()
//	    with conn:
//	        print('Connected by', addr)
//	        while True:
//	            data = conn.recv(1024)
//	            if not data: break
//	            conn.sendall(data)
//
// It serves one client and exits. The host and port can be changed with
// -host and -port, or ECHO_HOST and ECHO_PORT; it reports the address it
// listens on to standard error (port 0 picks a free port).
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
	fs := flag.NewFlagSet("echo-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	host := fs.String("host", envOr("ECHO_HOST", ""), "address to listen on; '' means all interfaces (env ECHO_HOST)")
	port := fs.Int("port", envInt("ECHO_PORT", 50007), "port to listen on; 0 picks a free one (env ECHO_PORT)")
	if err := fs.Parse(args); err != nil {
		return err
	}

	s, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Bind(socket.InetAddr{Host: *host, Port: *port}); err != nil {
		return err
	}
	if err := s.Listen(1); err != nil {
		return err
	}
	if la, err := s.Getsockname(); err == nil {
		fmt.Fprintln(stderr, "Listening on", la)
	}
	conn, addr, err := s.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	fmt.Fprintln(stdout, "Connected by", tuple(addr))
	for {
		data, err := conn.Recv(1024)
		if err != nil {
			return err
		}
		if len(data) == 0 {
			return nil
		}
		if err := conn.Sendall(data); err != nil {
			return err
		}
	}
}

// tuple prints an address as Python prints its tuple: ('127.0.0.1', 54321).
func tuple(a socket.Addr) string {
	if in, ok := a.(socket.InetAddr); ok {
		return fmt.Sprintf("('%s', %d)", in.Host, in.Port)
	}
	return fmt.Sprint(a)
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
