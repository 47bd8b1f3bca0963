package main

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// TestServer runs the server on a free port and talks to it with a plain
// socket: it listens on 0.0.0.0 (glibc's passive order) and echoes.
func TestServer(t *testing.T) {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run("", 0, pw)
		pw.Close()
		done <- err
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatal("no output from the server")
	}
	first := lines.Text()
	addr := strings.TrimPrefix(first, "Listening on ")
	if !strings.HasPrefix(addr, "0.0.0.0:") {
		t.Fatalf("server says %q; want it listening on 0.0.0.0 first, as glibc orders passive results", first)
	}
	port, err := strconv.Atoi(addr[len("0.0.0.0:"):])
	if err != nil {
		t.Fatal(err)
	}
	c, err := socket.CreateConnection("127.0.0.1", port, &socket.ConnectionOptions{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "Connected by 127.0.0.1:") {
		t.Fatalf("server says %q", lines.Text())
	}
	if err := c.Sendall([]byte("echo me")); err != nil {
		t.Fatal(err)
	}
	b, err := c.Recv(1024)
	if err != nil || string(b) != "echo me" {
		t.Fatalf("Recv = %q, %v", b, err)
	}
	c.Close()
	go io.Copy(io.Discard, pr)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
