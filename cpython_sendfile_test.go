//go:build linux

package socket_test

import (
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// test_socket's SendfileUsingSendfileTest: socket.sendfile over a 10 MiB
// file, with offsets, counts, timeouts and the refusals.

const (
	sendfileSize = 10 * 1024 * 1024 // FILESIZE
	sendfileBuf  = 8192             // BUFSIZE
)

// sendfileData is FILEDATA: one random chunk of ASCII letters repeated.
var sendfileData = sync.OnceValue(func() []byte {
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	chunk := make([]byte, sendfileBuf)
	for i := range chunk {
		chunk[i] = letters[rand.IntN(len(letters))]
	}
	data := make([]byte, 0, sendfileSize)
	for len(data) < sendfileSize {
		data = append(data, chunk[:min(len(chunk), sendfileSize-len(data))]...)
	}
	return data
})

// sendfileEnv adds the test file (os_helper.TESTFN) to ThreadedTCPSocketTest.
type sendfileEnv struct {
	*sockEnv
	path string
}

func sendfileSetUp(t *testing.T) *sendfileEnv {
	e := &sendfileEnv{sockEnv: tcpSetUp(t), path: filepath.Join(t.TempDir(), "testfn")}
	noErr(t, os.WriteFile(e.path, sendfileData(), 0o600))
	return e
}

func (e *sendfileEnv) acceptConn(t *testing.T) *socket.Socket {
	t.Helper()
	noErr(t, e.serv.Settimeout(5*time.Minute))
	conn, _, err := e.serv.Accept()
	noErr(t, err)
	e.server(conn)
	noErr(t, conn.Settimeout(pyTimeout))
	return conn
}

func recvData(t *testing.T, conn *socket.Socket) []byte {
	t.Helper()
	var got []byte
	for {
		chunk, err := conn.Recv(sendfileBuf)
		noErr(t, err)
		if len(chunk) == 0 {
			return got
		}
		got = append(got, chunk...)
	}
}

// connectAndOpen is the client's "with socket.create_connection(address)
// as sock, open(TESTFN, 'rb') as file".
func (e *sendfileEnv) connectAndOpen(t tb, timeout time.Duration) (*socket.Socket, *os.File) {
	t.Helper()
	var opts *socket.ConnectionOptions
	if timeout != 0 {
		opts = &socket.ConnectionOptions{Timeout: timeout}
	}
	sock, err := socket.CreateConnection(pyHOST, e.port, opts)
	noErr(t, err)
	e.client(sock)
	f, err := os.Open(e.path)
	noErr(t, err)
	t.Cleanup(func() { f.Close() })
	return sock, f
}

func tell(t tb, f *os.File) int64 {
	t.Helper()
	off, err := f.Seek(0, io.SeekCurrent)
	noErr(t, err)
	return off
}

// sendfileCase is a case whose client sends the file from offset, count
// bytes (0 for all), and whose server checks what arrived.
func sendfileCase(name string, timeout time.Duration, offset, count int64) pyCase[*sendfileEnv] {
	want := func() []byte {
		d := sendfileData()[offset:]
		if count != 0 {
			d = d[:count]
		}
		return d
	}
	return pyCase[*sendfileEnv]{name, func(t *testing.T, e *sendfileEnv) {
		conn := e.acceptConn(t)
		data := recvData(t, conn)
		assertEqual(t, len(data), len(want()))
		assertEqualBytes(t, data, want())
	}, func(t tb, e *sendfileEnv) {
		sock, f := e.connectAndOpen(t, timeout)
		sent, err := sock.Sendfile(f, offset, count)
		noErr(t, err)
		assertEqual(t, sent, int64(len(want())))
		assertEqual(t, tell(t, f), offset+int64(len(want())))
		sock.Close()
	}}
}

func sendfileTests() []pyCase[*sendfileEnv] {
	return []pyCase[*sendfileEnv]{
		sendfileCase("testRegularFile", 0, 0, 0),
		{"testNonRegularFile", func(t *testing.T, e *sendfileEnv) {
			conn := e.acceptConn(t)
			data := recvData(t, conn)
			assertEqual(t, len(data), sendfileSize)
			assertEqualBytes(t, data, sendfileData())
		}, func(t tb, e *sendfileEnv) {
			// io.BytesIO's Go form: a pipe, which sendfile(2) refuses.
			sock, err := socket.CreateConnection(pyHOST, e.port, nil)
			noErr(t, err)
			e.client(sock)
			r, w, err := os.Pipe()
			noErr(t, err)
			defer r.Close()
			go func() {
				w.Write(sendfileData())
				w.Close()
			}()
			sent, err := sock.Sendfile(r, 0, 0)
			noErr(t, err)
			assertEqual(t, sent, int64(sendfileSize))
			sock.Close()
		}},
		{"testEmptyFileSend", func(t *testing.T, e *sendfileEnv) {
			conn := e.acceptConn(t)
			assertEqualBytes(t, recvData(t, conn), nil)
		}, func(t tb, e *sendfileEnv) {
			e.path += "2"
			noErr(t, os.WriteFile(e.path, nil, 0o600))
			sock, f := e.connectAndOpen(t, 0)
			sent, err := sock.Sendfile(f, 0, 0)
			noErr(t, err)
			assertEqual(t, sent, int64(0))
			assertEqual(t, tell(t, f), int64(0))
			sock.Close()
		}},
		sendfileCase("testOffset", 0, 5000, 0),
		sendfileCase("testCount", pyTimeout, 0, 5000007),
		sendfileCase("testCountSmall", pyTimeout, 0, 1),
		sendfileCase("testCountWithOffset", 2*time.Second, 2007, 100007),
		{"testNonBlocking", func(t *testing.T, e *sendfileEnv) {
			conn := e.acceptConn(t)
			got, err := conn.Recv(8192)
			noErr(t, err)
			if len(got) != 0 {
				t.Error("was not supposed to receive any data")
			}
		}, func(t tb, e *sendfileEnv) {
			sock, f := e.connectAndOpen(t, 0)
			noErr(t, sock.Setblocking(false))
			_, err := sock.Sendfile(f, 0, 0)
			assertRaisesValue(t, err)
			sock.Close()
		}},
		sendfileCase("testWithTimeout", pyTimeout, 0, 0),
		{"testWithTimeoutTriggeredSend", func(t *testing.T, e *sendfileEnv) {
			conn := e.acceptConn(t)
			_, err := conn.Recv(88192)
			noErr(t, err)
			time.Sleep(time.Second)
		}, func(t tb, e *sendfileEnv) {
			sock, f := e.connectAndOpen(t, 0)
			noErr(t, sock.Settimeout(10*time.Millisecond))
			_, err := sock.Sendfile(f, 0, 0)
			assertTimeout(t, err)
			sock.Close()
		}},
		{"test_errors", func(t *testing.T, e *sendfileEnv) {
			f, err := os.Open(e.path)
			noErr(t, err)
			defer f.Close()
			d := newSock(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
			_, err = d.Sendfile(f, 0, 0)
			d.Close()
			assertRaisesValue(t, err)
			if err == nil || !strings.Contains(err.Error(), "SOCK_STREAM") {
				t.Errorf("datagram socket: %v", err)
			}
			// "binary mode" (a text file) and count='2' or 0.1 are type
			// errors that Go's *os.File and int64 cannot express.
			s := newSock(t, socket.AF_INET, socket.SOCK_STREAM, 0)
			defer s.Close()
			_, err = s.Sendfile(f, 0, -1)
			assertRaisesValue(t, err)
			if err == nil || !strings.Contains(err.Error(), "positive integer") {
				t.Errorf("count -1: %v", err)
			}
			// count=0 raises ValueError in Python; in Go count 0 is None.
			pyDiff(t, "Sendfile's count 0 means to the end of the file, Python's None")
		}, nil},
	}
}

func init() {
	register(pyClass[*sendfileEnv]{name: "SendfileUsingSendfileTest", setUp: sendfileSetUp, cases: sendfileTests()})
}
