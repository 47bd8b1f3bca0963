package socket_test

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// TestMakefileNonblockingReadline checks Readline in non-blocking mode
// against python3: what is there comes back, then an empty line, no error.
func TestMakefileNonblockingReadline(t *testing.T) {
	t.Parallel()
	want := python(t, `import socket
a, b = socket.socketpair()
a.setblocking(False)
b.sendall(b"abc\ndefgh")
f = a.makefile("rb")
print(repr(f.readline()), repr(f.readline()), repr(f.readline()))
`)
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	a.Setblocking(false)
	if err := b.Sendall([]byte("abc\ndefgh")); err != nil {
		t.Fatal(err)
	}
	f, err := a.Makefile("rb")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []string
	for i := 0; i < 3; i++ {
		l, err := f.Readline()
		if err != nil {
			t.Fatalf("Readline %d: %v", i, err)
		}
		got = append(got, "b'"+strings.ReplaceAll(string(l), "\n", `\n`)+"'")
	}
	if g := strings.Join(got, " ") + "\n"; g != want {
		t.Errorf("got %s, python3 %s", g, want)
	}
}

// TestMakefileTimeoutReadline checks that a timed-out Readline returns no
// partial line, and that later reads say "cannot read from timed out
// object", as Python's TimeoutError and then OSError.
func TestMakefileTimeoutReadline(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	a.Settimeout(50 * time.Millisecond)
	b.Sendall([]byte("partial"))
	f, err := a.Makefile("rb")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := f.Readline()
	if !errors.Is(err, os.ErrDeadlineExceeded) || len(l) != 0 {
		t.Fatalf("Readline = %q, %v; want nothing and a timeout", l, err)
	}
	b.Sendall([]byte(" rest\n"))
	if _, err := f.Readline(); !errors.Is(err, socket.ErrTimedOutObject) {
		t.Fatalf("second Readline: %v, want ErrTimedOutObject", err)
	}
}

// TestMakefileReadFull checks that Read(p) waits for len(p) bytes or the
// end of the stream, as Python's BufferedReader.read(n), while Read1 is
// one receive, as read1.
func TestMakefileReadFull(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	f, err := a.Makefile("rb")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	go func() {
		b.Sendall([]byte("ab"))
		time.Sleep(50 * time.Millisecond)
		b.Sendall([]byte("cd"))
		time.Sleep(50 * time.Millisecond)
		b.Sendall([]byte("efg"))
		b.Shutdown(socket.SHUT_WR)
	}()
	p := make([]byte, 4)
	if n, err := f.Read(p); n != 4 || err != nil || string(p) != "abcd" {
		t.Fatalf("Read = %d %q, %v; want 4 \"abcd\"", n, p[:n], err)
	}
	n, err := f.Read1(make([]byte, 10))
	if n != 3 || err != nil {
		t.Fatalf("Read1 = %d, %v; want 3", n, err)
	}
	if n, err := f.Read(p); n != 0 || err != io.EOF {
		t.Fatalf("Read at the end = %d, %v; want io.EOF", n, err)
	}
}

// TestMakefileBufferingAndLimit checks Makefile's buffering argument and
// Readline's limit against python3.
func TestMakefileBufferingAndLimit(t *testing.T) {
	t.Parallel()
	want := python(t, `import socket
a, b = socket.socketpair()
b.sendall(b"hello world\nnext\n")
for buffering in (0, -1, 4):
    f = a.makefile("rb", buffering=buffering)
    print(type(f).__name__, f.readline(5), f.readline(), end=" ")
    b.sendall(b"hello world\nnext\n")
    f.close()
print()
try:
    a.makefile("r", buffering=0)
except ValueError as e:
    print(e)
`)
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	var out strings.Builder
	b.Sendall([]byte("hello world\nnext\n"))
	for _, buffering := range []int{0, -1, 4} {
		f, err := a.Makefile("rb", buffering)
		if err != nil {
			t.Fatal(err)
		}
		l1, err := f.Readline(5)
		if err != nil {
			t.Fatal(err)
		}
		l2, err := f.Readline()
		if err != nil {
			t.Fatal(err)
		}
		kind := "BufferedReader"
		if buffering == 0 {
			kind = "SocketIO"
		}
		out.WriteString(kind + " b'" + strings.ReplaceAll(string(l1), "\n", `\n`) + "' b'" + strings.ReplaceAll(string(l2), "\n", `\n`) + "' ")
		b.Sendall([]byte("hello world\nnext\n"))
		f.Close()
	}
	out.WriteString("\n")
	_, err := a.Makefile("r", 0)
	var ve *socket.ValueError
	if !errors.As(err, &ve) {
		t.Fatalf("Makefile(\"r\", 0) = %v, want a *ValueError", err)
	}
	out.WriteString(ve.Msg + "\n")
	if out.String() != want {
		t.Errorf("got\n%s\npython3\n%s", out.String(), want)
	}
	// Unbuffered writes go at once, without Flush.
	w, err := a.Makefile("wb", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Write([]byte("now")); err != nil {
		t.Fatal(err)
	}
	b.Settimeout(5 * time.Second)
	if got, err := b.Recv(16); err != nil || string(got) != "now" {
		t.Fatalf("peer Recv = %q, %v; want \"now\" without Flush", got, err)
	}
}
