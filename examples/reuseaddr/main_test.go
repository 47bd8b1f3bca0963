package main

import (
	"bytes"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const want = `SO_REUSEADDR=0: served a client, closed first; the connection is in TIME_WAIT
SO_REUSEADDR=0: restart failed: [Errno 98] Address already in use
SO_REUSEADDR=1: served a client, closed first; the connection is in TIME_WAIT
SO_REUSEADDR=1: restarted at once on the same port
`

func TestReuseaddr(t *testing.T) {
	var out bytes.Buffer
	if err := run(nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", out.String(), want)
	}
}

// TestReuseaddrPython runs the same sequence in python3, the reference:
// the bind error and its absence must be the same.
func TestReuseaddrPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found; it is the reference for this example")
	}
	prog := `import socket
def serve(port, reuse):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with s:
        if reuse:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(('127.0.0.1', port))
        s.listen(1)
        port = s.getsockname()[1]
        c = socket.create_connection(('127.0.0.1', port))
        conn, _ = s.accept()
        conn.sendall(b'bye\n')
        conn.close()
        while c.recv(64):
            pass
        c.close()
    return port
for reuse in (0, 1):
    p = serve(0, reuse)
    print(f'SO_REUSEADDR={reuse}: served a client, closed first; the connection is in TIME_WAIT')
    try:
        serve(p, reuse)
        print(f'SO_REUSEADDR={reuse}: restarted at once on the same port')
    except OSError as e:
        print(f'SO_REUSEADDR={reuse}: restart failed: {e}')
`
	out, err := exec.Command(py, "-c", prog).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	if string(out) != want {
		t.Errorf("python3 printed\n%s\nwant\n%s", out, want)
	}
	if !strings.Contains(string(out), "Errno 98") {
		t.Error("python3 saw no EADDRINUSE")
	}
}
