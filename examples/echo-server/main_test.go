package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// startServer runs the server on a free loopback port and returns the
// address it reports and a channel with its result.
func startServer(t *testing.T) (addr string, stdout *bytes.Buffer, done chan error) {
	t.Helper()
	pr, pw := io.Pipe()
	stdout = new(bytes.Buffer)
	done = make(chan error, 1)
	go func() {
		done <- run([]string{"-host", "127.0.0.1", "-port", "0"}, stdout, pw)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	go io.Copy(io.Discard, pr)
	addr = strings.TrimSpace(strings.TrimPrefix(line, "Listening on "))
	return addr, stdout, done
}

var connectedBy = regexp.MustCompile(`^Connected by \('127\.0\.0\.1', \d+\)\n$`)

func TestEchoServer(t *testing.T) {
	t.Run("net client", func(t *testing.T) {
		addr, stdout, done := startServer(t)
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(10 * time.Second))
		msg := strings.Repeat("echo ", 1000)
		if _, err := c.Write([]byte(msg)); err != nil {
			t.Fatal(err)
		}
		c.(*net.TCPConn).CloseWrite()
		got, err := io.ReadAll(c)
		c.Close()
		if err != nil || string(got) != msg {
			t.Fatalf("echoed %d bytes, %v; want %d", len(got), err, len(msg))
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if !connectedBy.MatchString(stdout.String()) {
			t.Errorf("server printed %q", stdout)
		}
	})
	t.Run("python client", func(t *testing.T) {
		py, err := exec.LookPath("python3")
		if err != nil {
			t.Skip("python3 not found; install python3 to run the client of Python's documentation")
		}
		addr, stdout, done := startServer(t)
		_, port, _ := net.SplitHostPort(addr)
		// The client of Python's documentation, with the host and port set.
		prog := `import socket
HOST = '127.0.0.1'
PORT = ` + port + `
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    s.sendall(b'Hello, world')
    data = s.recv(1024)
print('Received', repr(data))
`
		out, err := exec.Command(py, "-c", prog).CombinedOutput()
		if err != nil {
			t.Fatalf("python3: %v\n%s", err, out)
		}
		if string(out) != "Received b'Hello, world'\n" {
			t.Errorf("python client printed %q", out)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if !connectedBy.MatchString(stdout.String()) {
			t.Errorf("server printed %q", stdout)
		}
	})
	t.Run("bad flag", func(t *testing.T) {
		if err := run([]string{"-port", "x"}, io.Discard, io.Discard); err == nil {
			t.Error("run with a bad port succeeded")
		}
	})
}
