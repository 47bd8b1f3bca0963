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

// The documentation's two client runs.
var messages = []string{"hello world with TCP", "python is nice"}

// TestTCPServer runs this server and Python's original side by side, sends
// both the same requests from the documentation's Python client, and
// compares what the servers and the clients print.
func TestTCPServer(t *testing.T) {
	for _, c := range []struct {
		name, original string
		args           []string
	}{
		{"BaseRequestHandler", "server.py", nil},
		{"StreamRequestHandler", "stream_server.py", []string{"-stream"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			py := needPython(t)
			goPort, goOut, stop := startServer(t, c.args)
			pyPort, pyOut := startPython(t, py, filepath.Join("testdata", c.original), "tcp")
			for _, m := range messages {
				client := filepath.Join("..", "socketserver-tcp-client", "testdata", "client.py")
				fromGo := runPython(t, py, client, goPort, m)
				fromPy := runPython(t, py, client, pyPort, m)
				if fromGo != fromPy {
					t.Errorf("client of the Go server printed\n%s\nclient of the Python server\n%s", fromGo, fromPy)
				}
				if want := "Sent:     " + m + "\nReceived: " + strings.ToUpper(m) + "\n"; fromGo != want {
					t.Errorf("client printed %q, want %q", fromGo, want)
				}
			}
			if err := stop(); err != nil {
				t.Fatal(err)
			}
			want := pyOut()
			if goOut.String() != want {
				t.Errorf("Go server printed\n%s\nPython's printed\n%s", goOut.String(), want)
			}
			if !strings.HasPrefix(want, "127.0.0.1 wrote:\nb'hello world with TCP'\n") {
				t.Errorf("Python server printed %q", want)
			}
		})
	}
	t.Run("net client", func(t *testing.T) {
		port, out, stop := startServer(t, nil)
		c, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", port))
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(10 * time.Second))
		c.Write([]byte("  mixed Case\n"))
		got, err := io.ReadAll(c)
		c.Close()
		if err != nil || string(got) != "MIXED CASE" {
			t.Errorf("answer %q, %v", got, err)
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		if out.String() != "127.0.0.1 wrote:\nb'mixed Case'\n" {
			t.Errorf("server printed %q", out.String())
		}
	})
}

// startServer runs this program on a free port until stop is called, and
// returns the port and what it prints.
func startServer(t *testing.T, args []string) (port string, stdout *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stdout = new(syncBuffer)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-port", "0"}, args...), stdout, pw)
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

func needPython(t *testing.T) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found; install python3 to run Python's original beside the port")
	}
	return py
}

// freePort returns a port that was free a moment ago, for Python's
// original, which takes a fixed port.
func freePort(t *testing.T, network string) string {
	t.Helper()
	var addr net.Addr
	if network == "udp" {
		c, err := net.ListenPacket("udp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr = c.LocalAddr()
		c.Close()
	} else {
		l, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr = l.Addr()
		l.Close()
	}
	_, port, _ := net.SplitHostPort(addr.String())
	return port
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
func startPython(t *testing.T, py, path, network string) (port string, out func() string) {
	t.Helper()
	port = freePort(t, network)
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
	// Wait until it is bound.
	deadline := time.Now().Add(10 * time.Second)
	for {
		var err error
		if network == "udp" {
			err = udpBound(port)
		} else {
			var c net.Conn
			if c, err = net.Dial("tcp", net.JoinHostPort("127.0.0.1", port)); err == nil {
				c.Close()
			}
		}
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("python server did not start: %v\n%s", err, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if network != "udp" {
		// The probe above was a request too: it printed an empty one.
		for !strings.Contains(stdout.String(), "b''\n") && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
	}
	skip := len(stdout.String())
	return port, func() string {
		stop()
		return stdout.String()[skip:]
	}
}

// udpBound reports whether a UDP port is taken, by trying to bind it.
func udpBound(port string) error {
	c, err := net.ListenPacket("udp4", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		return nil
	}
	c.Close()
	return os.ErrNotExist
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
