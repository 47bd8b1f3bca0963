package main

import (
	"bytes"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestTCPClient runs this client and Python's original against Python's
// server from the same documentation section, and compares what they print.
func TestTCPClient(t *testing.T) {
	t.Run("python server", func(t *testing.T) {
		py, err := exec.LookPath("python3")
		if err != nil {
			t.Skip("python3 not found; install python3 to run Python's original beside the port")
		}
		port := startPythonServer(t, py, filepath.Join("..", "socketserver-tcp-server", "testdata", "server.py"))
		for _, args := range [][]string{{"hello", "world", "with", "TCP"}, {"python", "is", "nice"}, {}} {
			var out bytes.Buffer
			if err := run(append([]string{"-port", port}, args...), &out, io.Discard); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(py, append([]string{"-c", withPort(t, filepath.Join("testdata", "client.py"), port)}, args...)...)
			cmd.Stderr = os.Stderr
			want, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != string(want) {
				t.Errorf("args %q: Go client printed\n%s\nPython's printed\n%s", args, out.String(), want)
			}
		}
	})
	t.Run("net server", func(t *testing.T) {
		ln, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go func() {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			line := make([]byte, 100)
			n, _ := c.Read(line)
			c.Write(bytes.ToUpper(bytes.TrimSpace(line[:n])))
		}()
		var out bytes.Buffer
		port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
		if err := run([]string{"-host", "127.0.0.1", "-port", port, "a", "b"}, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		if out.String() != "Sent:     a b\nReceived: A B\n" {
			t.Errorf("client printed %q", out.String())
		}
	})
	t.Run("refused", func(t *testing.T) {
		ln, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
		ln.Close()
		if err := run([]string{"-port", port, "x"}, io.Discard, io.Discard); err == nil {
			t.Error("client succeeded with no server")
		}
	})
}

// withPort returns the Python program at path with its PORT set to port.
func withPort(t *testing.T, path, port string) string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const line = `HOST, PORT = "localhost", 9999`
	if !bytes.Contains(src, []byte(line)) {
		t.Fatalf("%s has no line %q", path, line)
	}
	return strings.Replace(string(src), line, `HOST, PORT = "localhost", `+port, 1)
}

// startPythonServer runs Python's server on a free port until t ends.
func startPythonServer(t *testing.T, py, path string) string {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	cmd := exec.Command(py, "-u", "-c", withPort(t, path, port))
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp4", net.JoinHostPort("127.0.0.1", port))
		if err == nil {
			c.Close()
			return port
		}
		if time.Now().After(deadline) {
			t.Fatalf("python server did not start: %v\n%s", err, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
