//go:build linux

package socket_test

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pysocket/socket"
)

// tempFile writes n random bytes to a file in dir and returns it open for
// reading, with the bytes.
func tempFile(t testing.TB, dir string, n int) (*os.File, []byte) {
	t.Helper()
	data := make([]byte, n)
	rand.Read(data)
	p := filepath.Join(dir, fmt.Sprintf("data-%d", n))
	require.NoError(t, os.WriteFile(p, data, 0o600))
	f, err := os.Open(p)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f, data
}

// drainAll reads everything from s until EOF in the background.
func drainAll(s *socket.Socket) <-chan []byte {
	ch := make(chan []byte, 1)
	go func() {
		var out bytes.Buffer
		buf := make([]byte, 1<<16)
		for {
			n, err := s.Read(buf)
			out.Write(buf[:n])
			if err != nil {
				break
			}
		}
		ch <- out.Bytes()
	}()
	return ch
}

// TestSendfileMatchesPython runs the same offsets and counts through
// python3's socket.sendfile and the package's, and compares the bytes
// sent, the data and the file offset afterwards.
func TestSendfileMatchesPython(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f, data := tempFile(t, dir, 10000)
	cases := []struct {
		name          string
		offset, count int64
	}{
		{"whole", 0, 0},
		{"from offset", 1234, 0},
		{"count", 0, 777},
		{"offset and count", 5000, 4000},
		{"count past the end", 9000, 5000},
		{"offset at the end", 10000, 0},
		{"offset past the end", 20000, 0},
	}
	var args []string
	for _, c := range cases {
		args = append(args, fmt.Sprintf("%d,%d", c.offset, c.count))
	}
	out := python(t, `
import socket, sys
path = sys.argv[1]
for arg in sys.argv[2:]:
    off, cnt = map(int, arg.split(','))
    a, b = socket.socketpair()
    with open(path, 'rb') as f:
        n = a.sendfile(f, off, cnt or None)
        a.close()
        got = b''
        while True:
            d = b.recv(65536)
            if not d:
                break
            got += d
        print(n, f.tell(), len(got))
    b.close()
`, append([]string{f.Name()}, args...)...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, len(cases))
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.Seek(0, io.SeekStart)
			require.NoError(t, err)
			a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
			require.NoError(t, err)
			defer b.Close()
			got := drainAll(b)
			n, err := a.Sendfile(f, c.offset, c.count)
			require.NoError(t, err)
			a.Close()
			recv := <-got
			pos, err := f.Seek(0, io.SeekCurrent)
			require.NoError(t, err)
			assert.Equal(t, lines[i], fmt.Sprintf("%d %d %d", n, pos, len(recv)))
			end := int64(len(data))
			if c.count > 0 {
				end = min(end, c.offset+c.count)
			}
			start := min(c.offset, int64(len(data)))
			assert.Equal(t, string(data[start:max(start, end)]), string(recv))
		})
	}
}

// TestSendfileLarge sends a file larger than the socket buffers over TCP,
// through sendfile(2) and the poller.
func TestSendfileLarge(t *testing.T) {
	t.Parallel()
	f, data := tempFile(t, t.TempDir(), 5<<20+13)
	c, s := tcpPair(t, socket.AF_INET)
	got := drainAll(s)
	n, err := c.Sendfile(f, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, int64(len(data)), n)
	require.NoError(t, c.Shutdown(socket.SHUT_WR))
	assert.True(t, bytes.Equal(data, <-got), "data differs")
}

// TestSendfileFallback covers the read-and-send paths: a pipe (not a
// regular file) and a datagram socket.
func TestSendfileFallback(t *testing.T) {
	t.Parallel()
	t.Run("pipe", func(t *testing.T) {
		t.Parallel()
		pr, pw, err := os.Pipe()
		require.NoError(t, err)
		defer pr.Close()
		want := bytes.Repeat([]byte("pipe data "), 30000)
		go func() { pw.Write(want); pw.Close() }()
		a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
		got := drainAll(b)
		n, err := a.Sendfile(pr, 0, 0)
		require.NoError(t, err)
		assert.Equal(t, int64(len(want)), n)
		a.Shutdown(socket.SHUT_WR)
		assert.Equal(t, want, <-got)
		// A pipe cannot seek to an offset: ESPIPE, as Python's seek.
		_, err = a.Sendfile(pr, 10, 0)
		assert.ErrorIs(t, err, syscall.ESPIPE)
	})
	t.Run("datagram", func(t *testing.T) {
		t.Parallel()
		// Python 3.11 refuses datagram sockets before sending anything.
		want := strings.TrimSpace(python(t, `import socket
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
try:
    a.sendfile(open("/etc/hostname", "rb"))
except ValueError as e:
    print(e)
`))
		f, _ := tempFile(t, t.TempDir(), 20000)
		a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_DGRAM)
		n, err := a.Sendfile(f, 100, 0)
		var ve *socket.ValueError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, want, ve.Msg)
		assert.Equal(t, int64(0), n)
		b.Setblocking(false)
		_, err = b.Recv(65536)
		assert.ErrorIs(t, err, syscall.EAGAIN, "nothing was sent")
		pos, _ := f.Seek(0, io.SeekCurrent)
		assert.Equal(t, int64(0), pos)
	})
}

// TestSendfileTimeout stops on the socket's timeout when the peer does not
// read, and leaves the file offset at offset plus what went.
func TestSendfileTimeout(t *testing.T) {
	t.Parallel()
	f, _ := tempFile(t, t.TempDir(), 8<<20)
	a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	require.NoError(t, a.Settimeout(50*time.Millisecond))
	n, err := a.Sendfile(f, 10, 0)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	var se *socket.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "sendfile", se.Op)
	assert.Greater(t, n, int64(0))
	assert.Less(t, n, int64(8<<20))
	pos, _ := f.Seek(0, io.SeekCurrent)
	assert.Equal(t, 10+n, pos)
}

func TestSendfileBadInput(t *testing.T) {
	t.Parallel()
	f, _ := tempFile(t, t.TempDir(), 10)
	a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	cases := []struct {
		name          string
		offset, count int64
		msg           string
	}{
		{"negative count", 0, -1, "count must be a positive integer (got -1)"},
		{"negative offset", -5, 0, "negative seek position -5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := a.Sendfile(f, c.offset, c.count)
			var ve *socket.ValueError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, c.msg, ve.Msg)
		})
	}
	_, err := a.Sendfile(nil, 0, 0)
	assert.ErrorIs(t, err, socket.ErrInvalid)
	require.NoError(t, a.Setblocking(false))
	_, err = a.Sendfile(f, 0, 0)
	var ve *socket.ValueError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "non-blocking sockets are not supported", ve.Msg)
	a.Close()
	_, err = a.Sendfile(f, 0, 0)
	assert.ErrorIs(t, err, syscall.EBADF)
}

// BenchmarkSendfile copies a 64 MiB file over TCP loopback with Sendfile
// (sendfile(2), zero copy) and with a plain read+Sendall loop.
func BenchmarkSendfile(b *testing.B) {
	const size = 64 << 20
	f, _ := tempFile(b, b.TempDir(), size)
	for _, mode := range []string{"sendfile", "read+sendall"} {
		b.Run(mode, func(b *testing.B) {
			c, s := tcpPair(b, socket.AF_INET)
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				buf := make([]byte, 1<<20)
				for {
					if _, err := s.Read(buf); err != nil {
						return
					}
				}
			}()
			buf := make([]byte, 1<<20)
			b.SetBytes(size)
			cpu0 := cpuTime()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if mode == "sendfile" {
					n, err := c.Sendfile(f, 0, 0)
					if err != nil || n != size {
						b.Fatal(n, err)
					}
					continue
				}
				if _, err := f.Seek(0, io.SeekStart); err != nil {
					b.Fatal(err)
				}
				for {
					n, err := f.Read(buf)
					if n > 0 {
						if err := c.Sendall(buf[:n]); err != nil {
							b.Fatal(err)
						}
					}
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.StopTimer()
			// The process's CPU time (sender and receiver) per copy: the
			// work that zero copy saves, apart from the wall clock.
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
			c.Shutdown(socket.SHUT_WR)
			wg.Wait()
		})
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
