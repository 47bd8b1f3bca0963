package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func startServer(t *testing.T, path string, clients int) (*bytes.Buffer, chan error) {
	t.Helper()
	pr, pw := io.Pipe()
	stdout := new(bytes.Buffer)
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"-path", path, "-clients", fmt.Sprint(clients)}, stdout, pw)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	go io.Copy(io.Discard, pr)
	if !strings.HasPrefix(line, "Listening on ") {
		t.Fatalf("server said %q", line)
	}
	return stdout, done
}

func TestUnixStreamServer(t *testing.T) {
	want := "connection from ''\nreceived \"first line\"\nreceived \"a second, longer line than sixteen bytes\"\nreceived \"no newline\"\nclosed\n"
	t.Run("path", func(t *testing.T) {
		path := t.TempDir() + "/uds_socket"
		// A stale file at the path is removed first, as the Python demo does.
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		stdout, done := startServer(t, path, 2)
		for i := 0; i < 2; i++ {
			c, err := net.Dial("unix", path)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(c, "first line\na second, longer line than sixteen bytes\nno newline")
			c.Close()
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if got := stdout.String(); got != want+want {
			t.Errorf("server printed %q, want %q", got, want+want)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("socket file left behind: %v", err)
		}
	})
	t.Run("abstract with python client", func(t *testing.T) {
		py, err := exec.LookPath("python3")
		if err != nil {
			t.Skip("python3 not found; install python3 to run the Python client")
		}
		name := fmt.Sprintf("pysocket-uds-demo-%d", os.Getpid())
		stdout, done := startServer(t, "@"+name, 1)
		prog := `import socket
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.connect(b'\0` + name + `')
try:
    for line in ['first line', 'a second, longer line than sixteen bytes']:
        sock.sendall(line.encode() + b'\n')
    sock.sendall(b'no newline')
finally:
    sock.close()
`
		if out, err := exec.Command(py, "-c", prog).CombinedOutput(); err != nil {
			t.Fatalf("python3: %v\n%s", err, out)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if got := stdout.String(); got != want {
			t.Errorf("server printed %q, want %q", got, want)
		}
	})
	t.Run("path too long", func(t *testing.T) {
		if err := run([]string{"-path", "/tmp/" + strings.Repeat("x", 200)}, io.Discard, io.Discard); err == nil {
			t.Error("run with a 205-byte path succeeded")
		}
	})
}
