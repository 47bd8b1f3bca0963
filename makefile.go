package socket

import (
	"bufio"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
)

const opMakefile = "makefile"

// ErrTimedOutObject is the cause of the error that a File's reads return
// after one of them timed out, as Python's SocketIO raises
// OSError("cannot read from timed out object"): the buffered data around a
// timeout is lost, so the stream cannot go on.
var ErrTimedOutObject = errors.New("cannot read from timed out object")

// File is a buffered stream over a socket, as the object that Python's
// socket.makefile returns (a BufferedReader, BufferedWriter or
// BufferedRWPair over a SocketIO). It implements io.Reader, io.Writer and
// io.Closer. Go has no text mode, so "r" and "rb" behave alike and every
// File moves bytes. A File is safe for one reader and one writer at a time.
type File struct {
	s      *Socket
	mode   string
	rmu    sync.Mutex
	r      *bufio.Reader
	wmu    sync.Mutex
	w      *bufio.Writer
	raw    fileIO
	cmu    sync.Mutex
	closed bool
}

// fileIO is the raw stream under a File's buffers: Python's SocketIO.
type fileIO struct {
	s        *Socket
	timedOut bool
}

// makefileBuffer is io.DEFAULT_BUFFER_SIZE, Python's buffer size.
const makefileBuffer = 8192

// Makefile returns a File that reads from and writes to the socket through
// buffers, as Python's socket.makefile(mode). mode's letters must come from
// r, w and b, as in Python ("r", "w", "rw", "rb", "wb", "rwb"; "" is "r"),
// otherwise a *ValueError with Python's text ("invalid mode 'rt' (only r,
// w, b allowed)"). The socket's Close does not close the descriptor while a
// File is open: it closes when the socket and all its Files are closed, as
// in Python. Reads and writes run under the socket's timeout mode; after a
// read times out, later reads fail with ErrTimedOutObject. Buffered writes
// reach the peer on Flush and Close. Errors: EBADF when the socket is
// closed.
func (s *Socket) Makefile(mode string) (*File, error) {
	for _, c := range mode {
		if c != 'r' && c != 'w' && c != 'b' {
			return nil, valueErr(opMakefile, nil, "mode", "invalid mode %s (only r, w, b allowed)", pyStr(mode))
		}
	}
	writing := strings.Contains(mode, "w")
	reading := strings.Contains(mode, "r") || !writing
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.Load() != stateOpen {
		return nil, &Error{Op: opMakefile, Err: errClosedBefore}
	}
	s.ioRefs++
	f := &File{s: s, raw: fileIO{s: s}}
	m := ""
	if reading {
		m += "r"
		f.r = bufio.NewReaderSize(&f.raw, makefileBuffer)
	}
	if writing {
		m += "w"
		f.w = bufio.NewWriterSize(&f.raw, makefileBuffer)
	}
	f.mode = m + "b"
	return f, nil
}

// Read reads from the socket through the buffer, as Python's
// file.read1(len(p)): it returns what is buffered or what one receive
// brings, and io.EOF once the peer has shut down its side. Errors: those
// of Recv; ErrTimedOutObject after a timeout; a *ValueError on a File not
// opened for reading or already closed.
func (f *File) Read(p []byte) (int, error) {
	f.rmu.Lock()
	defer f.rmu.Unlock()
	if err := f.check(opRead, f.r == nil, "File not open for reading"); err != nil {
		return 0, err
	}
	return f.r.Read(p)
}

// Readline reads through the next newline and returns the line with it, as
// Python's file.readline(). A last line without a newline comes back
// whole with a nil error; at the end of the stream Readline returns no data
// and io.EOF (Python returns b""). Errors as Read.
func (f *File) Readline() ([]byte, error) {
	f.rmu.Lock()
	defer f.rmu.Unlock()
	if err := f.check("readline", f.r == nil, "File not open for reading"); err != nil {
		return nil, err
	}
	line, err := f.r.ReadBytes('\n')
	if err == io.EOF && len(line) > 0 {
		err = nil
	}
	return line, err
}

// Write writes p into the buffer, sending what fills it, as Python's
// BufferedWriter.write; the rest goes on Flush or Close. It returns
// len(p) unless an error stops it. Errors: those of Sendall; a *ValueError
// on a File not opened for writing or already closed.
func (f *File) Write(p []byte) (int, error) {
	f.wmu.Lock()
	defer f.wmu.Unlock()
	if err := f.check(opWrite, f.w == nil, "File not open for writing"); err != nil {
		return 0, err
	}
	return f.w.Write(p)
}

// Flush sends the buffered data, as Python's file.flush(). On a File not
// opened for writing it does nothing. Errors: those of Sendall; a
// *ValueError on a closed File.
func (f *File) Flush() error {
	f.wmu.Lock()
	defer f.wmu.Unlock()
	if err := f.check("flush", false, ""); err != nil {
		return err
	}
	if f.w == nil {
		return nil
	}
	return f.w.Flush()
}

// Mode returns the File's mode as Python's SocketIO.mode: "rb", "wb" or "rwb".
func (f *File) Mode() string { return f.mode }

func (f *File) check(op string, wrongMode bool, msg string) error {
	f.cmu.Lock()
	closed := f.closed
	f.cmu.Unlock()
	if closed {
		return valueErr(op, nil, "", "I/O operation on closed file.")
	}
	if wrongMode {
		return valueErr(op, nil, "", "%s", msg)
	}
	return nil
}

// Close flushes the buffered writes and closes the File, as Python's
// file.close(). The socket stays open unless its Close was called while a
// File was open and this is the last File; then the descriptor closes now.
// Closing twice is not an error. Errors: the flush's, or close(2)'s.
func (f *File) Close() error {
	f.wmu.Lock()
	f.cmu.Lock()
	if f.closed {
		f.cmu.Unlock()
		f.wmu.Unlock()
		return nil
	}
	f.cmu.Unlock()
	var err error
	if f.w != nil {
		err = f.w.Flush()
	}
	f.cmu.Lock()
	f.closed = true
	f.cmu.Unlock()
	f.wmu.Unlock()

	s := f.s
	s.mu.Lock()
	s.ioRefs--
	if s.ioRefs > 0 || !s.closeWant || s.state.Load() != stateOpen {
		s.mu.Unlock()
		return err
	}
	s.closeWant = false
	s.state.Store(stateClosed)
	s.mu.Unlock()
	if cerr := s.closeFile(); err == nil {
		err = cerr
	}
	return err
}

// Read is Python's SocketIO.readinto: one receive, and a refusal to go on
// after a timeout.
func (r *fileIO) Read(p []byte) (int, error) {
	if r.timedOut {
		return 0, &Error{Op: "readinto", Err: ErrTimedOutObject}
	}
	n, err := r.s.Read(p)
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
		r.timedOut = true
	}
	return n, err
}

// Write is Python's BufferedWriter flushing into SocketIO.write: it sends
// all of p.
func (r *fileIO) Write(p []byte) (int, error) {
	return r.s.Write(p)
}
