//go:build linux

package socket_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// test_socket's FileObjectClassTestCase and its subclasses: the object
// that makefile returns, buffered (-1, 1, 2), unbuffered (0), and in the
// text modes, where Go moves the same bytes (Python's str of MSG is Go's
// UTF-8 bytes of it).

// pyFile is the io object of Python's makefile: the package's File.
type pyFile struct{ f *socket.File }

// makefile is sock.makefile(mode, bufsize).
func makefile(t tb, s *socket.Socket, mode string, bufsize int) *pyFile {
	t.Helper()
	f, err := s.Makefile(mode, bufsize)
	noErr(t, err)
	return &pyFile{f}
}

// read is file.read(n), n < 0 for read(): b"" at the end of the stream.
func (p *pyFile) read(n int) ([]byte, error) {
	if n < 0 {
		return io.ReadAll(p.f)
	}
	buf := make([]byte, n)
	k, err := p.f.Read(buf)
	if err == io.EOF {
		err = nil
	}
	return buf[:k], err
}

// readinto is file.readinto(b).
func (p *pyFile) readinto(b []byte) (int, error) {
	n, err := p.f.Read(b)
	if err == io.EOF {
		err = nil
	}
	return n, err
}

// readline is file.readline(): b"" at the end.
func (p *pyFile) readline() ([]byte, error) {
	line, err := p.f.Readline()
	if err == io.EOF {
		err = nil
	}
	return line, err
}

func (p *pyFile) write(b []byte) (int, error) { return p.f.Write(b) }
func (p *pyFile) flush() error                { return p.f.Flush() }
func (p *pyFile) close() error                { return p.f.Close() }
func (p *pyFile) mode() string                { return p.f.Mode() }

// closed is file.closed: a closed File refuses a flush with ValueError
// "I/O operation on closed file.".
func (p *pyFile) closed() bool {
	var ve *socket.ValueError
	err := p.f.Flush()
	return errors.As(err, &ve) && strings.Contains(err.Error(), "closed file")
}

type fileEnv struct {
	*sockEnv
	readFile, writeFile                   *pyFile
	readMode, writeMode                   string
	bufsize                               int
	evt1, evt2, servFinished, cliFinished chan struct{}
}

func fileSetUp(readMode, writeMode string, bufsize int) func(t *testing.T) *fileEnv {
	return func(t *testing.T) *fileEnv {
		e := &fileEnv{sockEnv: connectedSetUp(t), readMode: readMode, writeMode: writeMode, bufsize: bufsize}
		e.evt1, e.evt2, e.servFinished, e.cliFinished = make(chan struct{}), make(chan struct{}), make(chan struct{}), make(chan struct{})
		e.readFile = makefile(t, e.cliConn, readMode, bufsize)
		e.onServerDown(func() {
			if err := e.readFile.close(); err != nil {
				t.Errorf("read_file.close(): %v", err)
			}
			if !e.readFile.closed() {
				t.Errorf("read_file not closed")
			}
		})
		e.onServerDown(func() { close(e.servFinished) })
		e.writeFile = makefile(t, e.cli, writeMode, bufsize)
		e.onClientDown(func() {
			e.writeFile.close()
			if !e.writeFile.closed() {
				t.Errorf("write_file not closed")
			}
		})
		e.onClientDown(func() { close(e.cliFinished) })
		return e
	}
}

func waitCh(t tb, c chan struct{}, d time.Duration) bool {
	t.Helper()
	select {
	case <-c:
		return true
	case <-time.After(d):
		return false
	}
}

func writeFlush(t tb, e *fileEnv) {
	t.Helper()
	_, err := e.writeFile.write(pyMSG)
	noErr(t, err)
	noErr(t, e.writeFile.flush())
}

func fileObjectTests() []pyCase[*fileEnv] {
	return []pyCase[*fileEnv]{
		{"testReadAfterTimeout", func(t *testing.T, e *fileEnv) {
			noErr(t, e.cliConn.Settimeout(time.Second))
			_, err := e.readFile.read(3)
			noErr(t, err)
			_, err = e.readFile.read(1)
			assertTimeout(t, err)
			_, err = e.readFile.read(1)
			assertRaisesOSError(t, err)
			if err == nil || !strings.Contains(err.Error(), "cannot read from timed out object") {
				t.Errorf("got %v", err)
			}
		}, func(t tb, e *fileEnv) {
			_, err := e.writeFile.write(pyMSG[:3])
			noErr(t, err)
			noErr(t, e.writeFile.flush())
			waitCh(t, e.servFinished, pyTimeout)
		}},
		{"testSmallRead", func(t *testing.T, e *fileEnv) {
			first, err := e.readFile.read(len(pyMSG) - 3)
			noErr(t, err)
			second, err := e.readFile.read(3)
			noErr(t, err)
			assertEqualBytes(t, append(first, second...), pyMSG)
		}, writeFlush},
		{"testFullRead", func(t *testing.T, e *fileEnv) {
			msg, err := e.readFile.read(-1)
			noErr(t, err)
			assertEqualBytes(t, msg, pyMSG)
		}, func(t tb, e *fileEnv) {
			_, err := e.writeFile.write(pyMSG)
			noErr(t, err)
			noErr(t, e.writeFile.close())
		}},
		{"testUnbufferedRead", func(t *testing.T, e *fileEnv) {
			var buf []byte
			for {
				c, err := e.readFile.read(1)
				noErr(t, err)
				if len(c) == 0 {
					break
				}
				buf = append(buf, c...)
			}
			assertEqualBytes(t, buf, pyMSG)
		}, writeFlush},
		{"testReadline", func(t *testing.T, e *fileEnv) {
			line, err := e.readFile.readline()
			noErr(t, err)
			assertEqualBytes(t, line, pyMSG)
		}, writeFlush},
		{"testCloseAfterMakefile", func(t *testing.T, e *fileEnv) {
			noErr(t, e.cliConn.Close())
			msg, err := e.readFile.read(-1)
			noErr(t, err)
			assertEqualBytes(t, msg, pyMSG)
		}, writeFlush},
		{"testMakefileAfterMakefileClose", func(t *testing.T, e *fileEnv) {
			noErr(t, e.readFile.close())
			recvEq(t, e.cliConn, len(pyMSG), pyMSG)
		}, writeFlush},
		{"testClosedAttr", func(t *testing.T, e *fileEnv) {
			if e.readFile.closed() {
				t.Error("read_file closed")
			}
		}, func(t tb, e *fileEnv) {
			if e.writeFile.closed() {
				t.Errorf("write_file closed")
			}
		}},
		{"testAttributes", func(t *testing.T, e *fileEnv) {
			// file.name (the descriptor) has no Go counterpart.
			assertEqual(t, e.readFile.mode(), e.readMode)
		}, func(t tb, e *fileEnv) {
			assertEqual(t, e.writeFile.mode(), e.writeMode)
		}},
		{"testRealClose", func(t *testing.T, e *fileEnv) {
			noErr(t, e.readFile.close())
			// read_file.fileno() raises ValueError: a closed File refuses reads.
			_, err := e.readFile.read(1)
			assertRaisesValue(t, err)
			noErr(t, e.cliConn.Close())
			_, err = e.cliConn.Getsockname()
			assertRaisesOSError(t, err)
		}, nil},
	}
}

func unbufferedFileObjectTests() []pyCase[*fileEnv] {
	return append(fileObjectTests(),
		pyCase[*fileEnv]{"testUnbufferedReadline", func(t *testing.T, e *fileEnv) {
			line, err := e.readFile.readline()
			noErr(t, err)
			assertEqualBytes(t, line, append([]byte("A. "), pyMSG...))
			// Python drops the first file object, which closes it.
			noErr(t, e.readFile.close())
			e.readFile = makefile(t, e.cliConn, "rb", 0)
			line, err = e.readFile.readline()
			noErr(t, err)
			assertEqualBytes(t, line, append([]byte("B. "), pyMSG...))
		}, func(t tb, e *fileEnv) {
			_, err := e.writeFile.write(append([]byte("A. "), pyMSG...))
			noErr(t, err)
			_, err = e.writeFile.write(append([]byte("B. "), pyMSG...))
			noErr(t, err)
			noErr(t, e.writeFile.flush())
		}},
		pyCase[*fileEnv]{"testMakefileClose", func(t *testing.T, e *fileEnv) {
			noErr(t, e.cliConn.Close())
			recvEq(t, e.cliConn, 1024, pyMSG)
			noErr(t, e.readFile.close())
			_, err := e.cliConn.Recv(1024)
			assertRaisesOSError(t, err)
		}, writeFlush},
		pyCase[*fileEnv]{"testSmallReadNonBlocking", func(t *testing.T, e *fileEnv) {
			noErr(t, e.cliConn.Setblocking(false))
			// Python's None (no data yet) is EAGAIN.
			_, err := e.readFile.readinto(make([]byte, 10))
			assertRaisesErrno(t, err, syscall.EAGAIN)
			_, err = e.readFile.read(len(pyMSG) - 3)
			assertRaisesErrno(t, err, syscall.EAGAIN)
			close(e.evt1)
			waitCh(t, e.evt2, time.Second)
			first, err := e.readFile.read(len(pyMSG) - 3)
			if errors.Is(err, syscall.EAGAIN) {
				time.Sleep(500 * time.Millisecond)
				first, err = e.readFile.read(len(pyMSG) - 3)
			}
			noErr(t, err)
			buf := make([]byte, 10)
			n, err := e.readFile.readinto(buf)
			noErr(t, err)
			assertEqual(t, n, 3)
			assertEqualBytes(t, append(first, buf[:n]...), pyMSG)
			_, err = e.readFile.readinto(make([]byte, 16))
			assertRaisesErrno(t, err, syscall.EAGAIN)
			_, err = e.readFile.read(1)
			assertRaisesErrno(t, err, syscall.EAGAIN)
		}, func(t tb, e *fileEnv) {
			waitCh(t, e.evt1, time.Second)
			writeFlush(t, e)
			close(e.evt2)
			waitCh(t, e.servFinished, 5*time.Second)
		}},
		pyCase[*fileEnv]{"testWriteNonBlocking", func(t *testing.T, e *fileEnv) {
			waitCh(t, e.cliFinished, 5*time.Second)
		}, func(t tb, e *fileEnv) {
			noErr(t, e.cli.Setblocking(false))
			big := bytes.Repeat([]byte("x"), 16<<20)
			n, err := e.writeFile.write(big)
			if n <= 0 {
				t.Errorf("first write wrote %d: %v", n, err)
			}
			// Python's None (would block) is EAGAIN, with what went.
			for range 10 {
				n, err = e.writeFile.write(big)
				if err != nil {
					assertRaisesErrno(t, err, syscall.EAGAIN)
					return
				}
				if n <= 0 {
					t.Errorf("write wrote %d", n)
				}
			}
			t.Logf("failed to saturate the socket buffer")
		}},
	)
}

func init() {
	for _, c := range []struct {
		name         string
		rmode, wmode string
		bufsize      int
	}{
		{"FileObjectClassTestCase", "rb", "wb", -1},
		{"LineBufferedFileObjectClassTestCase", "rb", "wb", 1},
		{"SmallBufferedFileObjectClassTestCase", "rb", "wb", 2},
		{"UnicodeReadFileObjectClassTestCase", "r", "wb", -1},
		{"UnicodeWriteFileObjectClassTestCase", "rb", "w", -1},
		{"UnicodeReadWriteFileObjectClassTestCase", "r", "w", -1},
	} {
		register(pyClass[*fileEnv]{name: c.name, setUp: fileSetUp(c.rmode, c.wmode, c.bufsize), cases: fileObjectTests()})
	}
	register(pyClass[*fileEnv]{name: "UnbufferedFileObjectClassTestCase", setUp: fileSetUp("rb", "wb", 0), cases: unbufferedFileObjectTests()})
}
