// Command quickstart runs an echo server and a client in one process over
// TCP on IPv4 and IPv6, a UNIX socket path and an abstract UNIX name, and
// prints what each side did, as a first look at the package.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/pysocket/socket"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// lockedWriter lets the server goroutine and the client report to one writer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// run echoes one message over each kind of socket and reports to out.
func run(out io.Writer) error {
	w := &lockedWriter{w: out}
	dir, err := os.MkdirTemp("", "quickstart")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cases := []struct {
		name   string
		family socket.AddressFamily
		addr   socket.Addr
	}{
		{"TCP over IPv4", socket.AF_INET, socket.InetAddr{Host: "127.0.0.1", Port: 0}},
		{"TCP over IPv6", socket.AF_INET6, socket.Inet6Addr{Host: "::1", Port: 0}},
		{"UNIX stream on a path", socket.AF_UNIX, socket.UnixAddr{Path: filepath.Join(dir, "echo.sock")}},
		{"UNIX stream on an abstract name", socket.AF_UNIX, socket.UnixAddr{Path: "\x00quickstart-" + strconv.Itoa(os.Getpid())}},
	}
	for _, c := range cases {
		if err := echoOnce(w, c.name, c.family, c.addr); err != nil {
			if c.family == socket.AF_INET6 && !errors.Is(err, socket.ErrInvalid) && isNoIPv6(err) {
				fmt.Fprintf(w, "%s: skipped, IPv6 is not available here (%v)\n", c.name, err)
				continue
			}
			return fmt.Errorf("%s: %w", c.name, err)
		}
	}
	return nil
}

func isNoIPv6(err error) bool {
	var e *socket.Error
	return errors.As(err, &e) && (e.Op == "socket" || e.Op == "bind")
}

// echoOnce listens on addr, connects a client, sends a line and reads the echo.
func echoOnce(w io.Writer, name string, family socket.AddressFamily, addr socket.Addr) error {
	srv, err := socket.New(family, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer srv.Close()
	if err := srv.Bind(addr); err != nil {
		return err
	}
	if err := srv.Listen(1); err != nil {
		return err
	}
	laddr, err := srv.Getsockname()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: server listening on %s\n", name, laddr)

	done := make(chan error, 1)
	go func() { done <- serveOne(w, name, srv) }()

	cli, err := socket.New(family, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer cli.Close()
	if err := cli.Connect(laddr); err != nil {
		return err
	}
	msg := []byte("Hello, world")
	if err := cli.Sendall(msg); err != nil {
		return err
	}
	if err := cli.Shutdown(socket.SHUT_WR); err != nil {
		return err
	}
	var got []byte
	for {
		data, err := cli.Recv(1024)
		if err != nil {
			return err
		}
		if len(data) == 0 {
			break
		}
		got = append(got, data...)
	}
	fmt.Fprintf(w, "%s: client received %s\n", name, socket.PyBytes(got))
	if err := <-done; err != nil {
		return err
	}
	if string(got) != string(msg) {
		return fmt.Errorf("echo mismatch: sent %q, received %q", msg, got)
	}
	return nil
}

// serveOne accepts one connection and echoes it until the client shuts down.
func serveOne(w io.Writer, name string, srv *socket.Socket) error {
	conn, peer, err := srv.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	shown := "an unnamed socket"
	if peer != nil && peer.String() != "" {
		shown = peer.String()
	}
	fmt.Fprintf(w, "%s: server accepted %s\n", name, shown)
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
