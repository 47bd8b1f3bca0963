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
	"testing"
	"time"
)

// TestUDPClient runs this client and Python's original against Python's
// server from the same documentation section, and compares what they print.
func TestUDPClient(t *testing.T) {
	t.Run("python server", func(t *testing.T) {
		py, err := exec.LookPath("python3")
		if err != nil {
			t.Skip("python3 not found; install python3 to run Python's original beside the port")
		}
		port := startPythonServer(t, py, filepath.Join("..", "socketserver-udp-server", "testdata", "server.py"))
		for _, args := range [][]string{{"hello", "world", "with", "UDP"}, {"python", "is", "nice"}} {
			var out bytes.Buffer
			if err := run(append([]string{"-port", port, "-timeout", "10s"}, args...), &out, io.Discard); err != nil {
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
		c, err := net.ListenPacket("udp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		go func() {
			buf := make([]byte, 100)
			c.SetDeadline(time.Now().Add(10 * time.Second))
			n, addr, err := c.ReadFrom(buf)
			if err == nil {
				c.WriteTo(bytes.ToUpper(bytes.TrimSpace(buf[:n])), addr)
			}
		}()
		var out bytes.Buffer
		port := strconv.Itoa(c.LocalAddr().(*net.UDPAddr).Port)
		if err := run([]string{"-host", "127.0.0.1", "-port", port, "-timeout", "10s", "a", "b"}, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		if out.String() != "Sent:     a b\nReceived: A B\n" {
			t.Errorf("client printed %q", out.String())
		}
	})
	t.Run("no answer", func(t *testing.T) {
		c, err := net.ListenPacket("udp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		port := strconv.Itoa(c.LocalAddr().(*net.UDPAddr).Port)
		if err := run([]string{"-port", port, "-timeout", "50ms", "x"}, io.Discard, io.Discard); err == nil {
			t.Error("client succeeded with no answer")
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
	c, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(c.LocalAddr().(*net.UDPAddr).Port)
	c.Close()
	cmd := exec.Command(py, "-u", "-c", withPort(t, path, port))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.ListenPacket("udp4", net.JoinHostPort("127.0.0.1", port))
		if err != nil {
			return port // bound by the server
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("python server did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
