package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/pysocket/socket"
)

func TestEchoClient(t *testing.T) {
	t.Run("net server", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
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
			io.Copy(c, c)
		}()
		port := ln.Addr().(*net.TCPAddr).Port
		var out bytes.Buffer
		if err := run([]string{"-host", "127.0.0.1", "-port", strconv.Itoa(port)}, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		if out.String() != "Received b'Hello, world'\n" {
			t.Errorf("client printed %q", out.String())
		}
	})
	t.Run("python server", func(t *testing.T) {
		py, err := exec.LookPath("python3")
		if err != nil {
			t.Skip("python3 not found; install python3 to run the server of Python's documentation")
		}
		// The server of Python's documentation, on a free port that it
		// reports first.
		prog := `import socket
HOST = '127.0.0.1'
PORT = 0
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen(1)
    print(s.getsockname()[1], flush=True)
    conn, addr = s.accept()
    with conn:
        print('Connected by', addr)
        while True:
            data = conn.recv(1024)
            if not data: break
            conn.sendall(data)
`
		cmd := exec.Command(py, "-c", prog)
		cmd.Stderr = os.Stderr
		pout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer cmd.Process.Kill()
		r := bufio.NewReader(pout)
		port, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		// The environment sets the port, as the program allows.
		t.Setenv("ECHO_PORT", strings.TrimSpace(port))
		t.Setenv("ECHO_HOST", "127.0.0.1")
		var out bytes.Buffer
		if err := run(nil, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		if out.String() != "Received b'Hello, world'\n" {
			t.Errorf("client printed %q", out.String())
		}
		rest, _ := io.ReadAll(r)
		if err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(rest), "Connected by ('127.0.0.1', ") {
			t.Errorf("python server printed %q", rest)
		}
	})
	t.Run("refused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		if err := run([]string{"-host", "127.0.0.1", "-port", strconv.Itoa(port)}, io.Discard, io.Discard); err == nil {
			t.Error("client succeeded with no server")
		}
	})
	t.Run("repr", func(t *testing.T) {
		py, err := exec.LookPath("python3")
		if err != nil {
			t.Skip("python3 not found; it is the oracle for bytes reprs")
		}
		cases := []string{"Hello, world", "a'\\\n\x00\xff", "'\"", "\"", "\t\r\x7f"}
		var in strings.Builder
		for _, c := range cases {
			in.WriteString(hex.EncodeToString([]byte(c)) + "\n")
		}
		cmd := exec.Command(py, "-c", "import sys\nfor l in sys.stdin: print(repr(bytes.fromhex(l.strip())))")
		cmd.Stdin = strings.NewReader(in.String())
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
		if len(want) != len(cases) {
			t.Fatalf("python3 printed %q", out)
		}
		for i, data := range cases {
			if got := socket.PyBytes([]byte(data)); got != want[i] {
				t.Errorf("PyBytes(%q) = %s, want %s", data, got, want[i])
			}
		}
	})
}
