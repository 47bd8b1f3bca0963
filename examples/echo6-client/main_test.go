package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// TestClientAgainstServer builds the echo6-server program, runs it on a
// free port, and runs the client against it, as the Python documentation
// runs the pair. The client's host is None, so it tries ::1 first, which
// refuses (the server listens on 0.0.0.0), and then 127.0.0.1.
func TestClientAgainstServer(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "echo6-server")
	build := exec.Command("go", "build", "-o", bin, "../echo6-server")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	srv := exec.Command(bin, "-port", "0")
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait closes the pipe, so it runs only after every line has been read
	// (exec.Cmd's rule); the lines come through a channel.
	lines := make(chan string, 16)
	waited := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		waited <- srv.Wait()
	}()
	t.Cleanup(func() {
		srv.Process.Kill()
		for range lines {
		}
		<-waited
	})
	first, ok := <-lines
	if !ok {
		t.Fatal("no output from the server")
	}
	_, portText, ok := strings.Cut(strings.TrimPrefix(first, "Listening on "), ":")
	port, err := strconv.Atoi(portText)
	if !ok || err != nil {
		t.Fatalf("server says %q", first)
	}
	var out bytes.Buffer
	if err := run("", port, &out); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "Received b'Hello, world'\n"; got != want {
		t.Errorf("client printed %q; want %q", got, want)
	}
	if second := <-lines; !strings.HasPrefix(second, "Connected by 127.0.0.1:") {
		t.Errorf("server printed %q", second)
	}
	select {
	case err := <-waited:
		waited <- err // for the cleanup
		if err != nil {
			t.Errorf("server: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("the server did not end after the client left")
	}
}

// TestClientNoServer checks the program's failure path: every address
// refuses, so it reports that it could not open a socket.
func TestClientNoServer(t *testing.T) {
	s, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Bind(socket.InetAddr{Host: "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	a, _ := s.Getsockname()
	var out bytes.Buffer
	err = run("", a.(socket.InetAddr).Port, &out)
	if !errors.Is(err, errNoSocket) {
		t.Fatalf("err = %v; want %v", err, errNoSocket)
	}
}
