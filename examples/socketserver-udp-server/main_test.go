package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestUDPServer runs this server and Python's original side by side, sends
// both the same datagrams from the documentation's Python client, and
// compares what the servers and the clients print.
func TestUDPServer(t *testing.T) {
	t.Run("python", func(t *testing.T) {
		py, err := exec.LookPath("python3")
		if err != nil {
			t.Skip("python3 not found; install python3 to run Python's original beside the port")
		}
		goPort, goOut, stop := startServer(t)
		pyPort, pyOut := startPython(t, py, filepath.Join("testdata", "server.py"))
		client := filepath.Join("..", "socketserver-udp-client", "testdata", "client.py")
		for _, m := range []string{"hello world with UDP", "python is nice", ""} {
			fromGo := runPython(t, py, client, goPort, m)
			fromPy := runPython(t, py, client, pyPort, m)
			if fromGo != fromPy {
				t.Errorf("client of the Go server printed\n%s\nclient of the Python server\n%s", fromGo, fromPy)
			}
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		want := pyOut()
		if goOut.String() != want {
			t.Errorf("Go server printed\n%s\nPython's printed\n%s", goOut.String(), want)
		}
		if !strings.HasPrefix(want, "127.0.0.1 wrote:\nb'hello world with UDP'\n") {
			t.Errorf("Python server printed %q", want)
		}
	})
	t.Run("net client", func(t *testing.T) {
		port, out, stop := startServer(t)
		c, err := net.Dial("udp4", net.JoinHostPort("127.0.0.1", port))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		c.Write([]byte(" Datagram\n"))
		buf := make([]byte, 100)
		n, err := c.Read(buf)
		if err != nil || string(buf[:n]) != "DATAGRAM" {
			t.Errorf("answer %q, %v", buf[:n], err)
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		if out.String() != "127.0.0.1 wrote:\nb'Datagram'\n" {
			t.Errorf("server printed %q", out.String())
		}
	})
}

// startServer runs this program on a free port until stop is called, and
// returns the port and what it prints.
func startServer(t *testing.T) (port string, stdout *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stdout = new(syncBuffer)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-port", "0"}, stdout, pw)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("server: %v", err)
	}
	go io.Copy(io.Discard, pr)
	_, port, _ = net.SplitHostPort(strings.TrimSpace(strings.TrimPrefix(line, "Listening on ")))
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() { stop() })
	return port, stdout, stop
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

// startPython runs Python's server on a free port until t ends; out
// returns what it printed, once it has been stopped.
func startPython(t *testing.T, py, path string) (port string, out func() string) {
	t.Helper()
	c, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ = net.SplitHostPort(c.LocalAddr().String())
	c.Close()
	cmd := exec.Command(py, "-u", "-c", withPort(t, path, port))
	var stdout, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waited := false
	stop := func() {
		if !waited {
			waited = true
			cmd.Process.Kill()
			cmd.Wait()
		}
	}
	t.Cleanup(stop)
	// Wait until it is bound: binding the port then fails.
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.ListenPacket("udp4", net.JoinHostPort("127.0.0.1", port))
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("python server did not start\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return port, func() string {
		stop()
		return stdout.String()
	}
}

func runPython(t *testing.T, py, path, port string, args ...string) string {
	t.Helper()
	cmd := exec.Command(py, append([]string{"-c", withPort(t, path, port)}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", path, err, stderr.String())
	}
	return string(out)
}

// syncBuffer is a bytes.Buffer for output written by other goroutines.
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
