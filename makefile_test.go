package socket_test

import (
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pysocket/socket"
)

// TestMakefileModes checks the modes against python3's makefile: the valid
// ones open, the others fail with Python's message.
func TestMakefileModes(t *testing.T) {
	t.Parallel()
	modes := []string{"r", "w", "rw", "rb", "wb", "rwb", "", "wr", "bw", "rt", "x", "rwx", "a", "r+", "'"}
	out := python(t, `
import socket, sys
s = socket.socket()
for m in sys.argv[1:]:
    try:
        f = s.makefile(m)
        # BufferedRWPair has no mode; the package reports "rwb" there.
        mode = getattr(f, 'mode', None)
        print('ok', 'rwb' if mode is None else mode)
    except ValueError as e:
        print('error', e)
`, modes...)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, len(modes))
	for i, m := range modes {
		t.Run("mode "+m, func(t *testing.T) {
			a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
			f, err := a.Makefile(m)
			if err != nil {
				var ve *socket.ValueError
				require.ErrorAs(t, err, &ve)
				assert.Equal(t, lines[i], "error "+ve.Msg)
				return
			}
			defer f.Close()
			assert.Equal(t, lines[i], "ok "+f.Mode())
		})
	}
}

// TestMakefileDeferredClose: the socket's Close waits for its Files, as in
// Python; the last File's Close closes the descriptor.
func TestMakefileDeferredClose(t *testing.T) {
	checkLeaks(t)
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	r, err := a.Makefile("rb")
	require.NoError(t, err)
	w, err := a.Makefile("wb")
	require.NoError(t, err)
	require.NoError(t, a.Close())
	assert.NotEqual(t, -1, a.Fileno(), "the descriptor must stay open while a File is")

	_, err = b.Send([]byte("still here\n"))
	require.NoError(t, err)
	line, err := r.Readline()
	require.NoError(t, err)
	assert.Equal(t, "still here\n", string(line))
	require.NoError(t, r.Close())
	require.NoError(t, r.Close(), "closing twice is not an error")
	assert.NotEqual(t, -1, a.Fileno(), "one File is still open")

	_, err = w.Write([]byte("bye"))
	require.NoError(t, err)
	require.NoError(t, w.Close(), "the last File flushes and closes the socket")
	assert.Equal(t, -1, a.Fileno())
	got, err := b.Recv(100)
	require.NoError(t, err)
	assert.Equal(t, "bye", string(got))
	got, err = b.Recv(100)
	require.NoError(t, err)
	assert.Empty(t, got, "the peer sees the end of the stream")

	_, err = a.Makefile("r")
	assert.ErrorIs(t, err, syscall.EBADF)
}

// TestMakefileWithoutSocketClose: closing a File alone leaves the socket open.
func TestMakefileWithoutSocketClose(t *testing.T) {
	t.Parallel()
	a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	f, err := a.Makefile("rwb")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	assert.NotEqual(t, -1, a.Fileno())
	_, err = f.Read(make([]byte, 1))
	var ve *socket.ValueError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "I/O operation on closed file.", ve.Msg)
	_, err = f.Write([]byte("x"))
	assert.ErrorIs(t, err, socket.ErrInvalid)
	assert.ErrorIs(t, f.Flush(), socket.ErrInvalid)
	_, err = f.Readline()
	assert.ErrorIs(t, err, socket.ErrInvalid)
}

// TestMakefileBuffering: writes stay in the buffer until Flush or Close.
func TestMakefileBuffering(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	require.NoError(t, b.Settimeout(0))
	f, err := a.Makefile("wb")
	require.NoError(t, err)
	n, err := f.Write([]byte("buffered"))
	require.NoError(t, err)
	assert.Equal(t, 8, n)
	_, err = b.Recv(100)
	assert.ErrorIs(t, err, syscall.EAGAIN, "nothing may reach the peer before Flush")
	require.NoError(t, f.Flush())
	got, err := b.Recv(100)
	require.NoError(t, err)
	assert.Equal(t, "buffered", string(got))

	big := make([]byte, 20000)
	_, err = f.Write(big)
	require.NoError(t, err)
	_, err = f.Write([]byte("tail"))
	require.NoError(t, err)
	require.NoError(t, f.Close())
	total := 0
	for total < len(big)+4 {
		d, err := b.Recv(1 << 16)
		require.NoError(t, err)
		total += len(d)
	}
	assert.Equal(t, len(big)+4, total)

	r, err := a.Makefile("r")
	require.NoError(t, err)
	defer r.Close()
	_, err = r.Write([]byte("x"))
	assert.ErrorIs(t, err, socket.ErrInvalid)
	assert.NoError(t, r.Flush(), "Flush on a reading File does nothing")
	_, err = f.Read(make([]byte, 1))
	assert.ErrorIs(t, err, socket.ErrInvalid)
}

// TestMakefileTimeout: after a read times out, the File refuses to read,
// as Python's SocketIO does.
func TestMakefileTimeout(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	require.NoError(t, a.Settimeout(30*time.Millisecond))
	f, err := a.Makefile("rb")
	require.NoError(t, err)
	defer f.Close()
	buf := make([]byte, 10)
	_, err = f.Read(buf)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	_, err = b.Send([]byte("late\n"))
	require.NoError(t, err)
	_, err = f.Read(buf)
	require.ErrorIs(t, err, socket.ErrTimedOutObject)
	assert.False(t, errors.Is(err, os.ErrDeadlineExceeded), "later reads are Python's plain OSError")
	assert.Contains(t, err.Error(), "cannot read from timed out object")
	_, err = f.Readline()
	assert.ErrorIs(t, err, socket.ErrTimedOutObject)
}

// TestMakefileReadline reads lines, a last line without newline, and EOF.
func TestMakefileReadline(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	f, err := a.Makefile("rwb")
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, b.Sendall([]byte("one\ntwo\nlast")))
	require.NoError(t, b.Shutdown(socket.SHUT_WR))
	var lines []string
	for {
		l, err := f.Readline()
		if err == io.EOF {
			assert.Empty(t, l)
			break
		}
		require.NoError(t, err)
		lines = append(lines, string(l))
	}
	assert.Equal(t, []string{"one\n", "two\n", "last"}, lines)
	n, err := f.Read(make([]byte, 4))
	assert.Zero(t, n)
	assert.ErrorIs(t, err, io.EOF)

	// The same File writes too.
	_, err = f.Write([]byte("reply"))
	require.NoError(t, err)
	require.NoError(t, f.Flush())
	got, err := b.Recv(10)
	require.NoError(t, err)
	assert.Equal(t, "reply", string(got))
}

// TestMakefilePython reads and writes through a File opposite python3's
// own makefile over TCP loopback.
func TestMakefilePython(t *testing.T) {
	t.Parallel()
	l := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	require.NoError(t, l.Bind(socket.InetAddr{Host: "127.0.0.1"}))
	require.NoError(t, l.Listen(1))
	addr, err := l.Getsockname()
	require.NoError(t, err)
	port := addr.(socket.InetAddr).Port
	errc := make(chan error, 1)
	go func() {
		c, _, err := l.Accept()
		if err != nil {
			errc <- err
			return
		}
		defer c.Close()
		f, err := c.Makefile("rwb")
		if err != nil {
			errc <- err
			return
		}
		defer f.Close()
		for {
			line, err := f.Readline()
			if err != nil {
				errc <- nil
				return
			}
			if _, err := f.Write([]byte(strings.ToUpper(string(line)))); err != nil {
				errc <- err
				return
			}
			if err := f.Flush(); err != nil {
				errc <- err
				return
			}
		}
	}()
	out := python(t, `
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
f = s.makefile('rwb')
for w in (b'alpha\n', b'beta\n'):
    f.write(w)
    f.flush()
    print(f.readline().decode().strip())
f.close()
s.close()
`, strconv.Itoa(port))
	assert.Equal(t, "ALPHA\nBETA\n", out)
	require.NoError(t, <-errc)
}
