package socket

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"
)

const opMakefile = "makefile"

// ErrTimedOutObject is the cause of the error that a File's reads return
// after one of them timed out, as Python's SocketIO raises
// OSError("cannot read from timed out object"): the buffered data around a
// timeout is lost, so the stream cannot go on.
var ErrTimedOutObject = errors.New("cannot read from timed out object")

// File is a buffered stream over a socket, as the object that Python's
// socket.makefile returns (a BufferedReader, BufferedWriter or
// BufferedRWPair over a SocketIO, or the SocketIO itself when unbuffered).
// It implements io.Reader, io.Writer and io.Closer. Go has no text mode, so
// "r" and "rb" move the same bytes; only Mode tells them apart. A File is
// safe for one reader and one writer at a time. A zero File, or a nil
// *File, reads as closed: its methods return errors.
type File struct {
	s       *Socket
	mode    string
	reading bool
	writing bool
	rmu     sync.Mutex
	r       *bufio.Reader // nil when unbuffered
	wmu     sync.Mutex
	w       *bufio.Writer // nil when unbuffered
	raw     fileIO
	cmu     sync.Mutex
	closed  bool
}

// fileIO is the raw stream under a File's buffers: Python's SocketIO.
type fileIO struct {
	s        *Socket
	timedOut bool
}

// makefileBuffer is io.DEFAULT_BUFFER_SIZE, Python's buffer size.
const makefileBuffer = 8192

// Makefile returns a File that reads from and writes to the socket, as
// Python's socket.makefile(mode, buffering). mode's letters must come from
// r, w and b, as in Python ("r", "w", "rw", "rb", "wb", "rwb"; "" is "r"),
// otherwise a *ValueError with Python's text ("invalid mode 'rt' (only r,
// w, b allowed)"). buffering is Python's: none or -1 (None) is the default
// buffer of 8192 bytes (io.DEFAULT_BUFFER_SIZE), 0 is unbuffered (every
// Read is one receive, every Write is sent at once; Python allows it only
// with "b" in mode and so does Makefile: "unbuffered streams must be
// binary"), n > 0 a buffer of n bytes.
//
// The socket's Close does not close the descriptor while a File is open: it
// closes when the socket and all its Files are closed, as in Python. Reads
// and writes run under the socket's timeout mode; after a read times out,
// later reads fail with ErrTimedOutObject. Buffered writes reach the peer
// on Flush and Close. Errors: EBADF when the socket is closed.
func (s *Socket) Makefile(mode string, buffering ...int) (*File, error) {
	for _, c := range mode {
		if c != 'r' && c != 'w' && c != 'b' {
			return nil, valueErr(opMakefile, nil, "mode", "invalid mode %s (only r, w, b allowed)", pyStr(mode))
		}
	}
	size := -1
	for _, b := range buffering {
		size = b
	}
	binary := strings.Contains(mode, "b")
	if size == 0 && !binary {
		return nil, valueErr(opMakefile, nil, "buffering", "unbuffered streams must be binary")
	}
	if size < 0 {
		size = makefileBuffer
	}
	writing := strings.Contains(mode, "w")
	reading := strings.Contains(mode, "r") || !writing
	if s.isClosed() {
		return nil, &Error{Op: opMakefile, Err: errClosedBefore}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.isClosed() {
		return nil, &Error{Op: opMakefile, Err: errClosedBefore}
	}
	s.ioRefs++
	f := &File{s: s, raw: fileIO{s: s}, reading: reading, writing: writing}
	raw := ""
	if reading {
		raw += "r"
		if size > 0 {
			f.r = bufio.NewReaderSize(&f.raw, size)
		}
	}
	if writing {
		raw += "w"
		if size > 0 {
			f.w = bufio.NewWriterSize(&f.raw, size)
		}
	}
	f.mode = mode
	if binary {
		f.mode = raw + "b"
	}
	return f, nil
}

// Read reads len(p) bytes, as Python's file.read(len(p)) on a buffered
// File: it waits until p is full or the stream ends, and returns io.EOF
// once the peer has shut down its side and nothing is left. In
// non-blocking mode it returns what is there, and EAGAIN when nothing is
// (Python returns None). On an unbuffered File it is one receive, as
// Python's SocketIO.read. Errors: those of Recv; ErrTimedOutObject after a
// timeout; a *ValueError on a File not opened for reading or closed.
func (f *File) Read(p []byte) (int, error) {
	if err := f.check(opRead, false); err != nil {
		return 0, err
	}
	f.rmu.Lock()
	defer f.rmu.Unlock()
	if f.r == nil {
		return f.raw.Read(p)
	}
	n := 0
	for n < len(p) {
		m, err := f.r.Read(p[n:])
		n += m
		if err != nil {
			if n > 0 && (err == io.EOF || errors.Is(err, syscall.EAGAIN)) {
				return n, nil
			}
			return n, err
		}
	}
	return n, nil
}

// Read1 reads up to len(p) bytes with at most one receive, as Python's
// file.read1(len(p)): what is buffered, or else what one receive brings.
// Errors as Read.
func (f *File) Read1(p []byte) (int, error) {
	if err := f.check("read1", false); err != nil {
		return 0, err
	}
	f.rmu.Lock()
	defer f.rmu.Unlock()
	if f.r == nil {
		return f.raw.Read(p)
	}
	return f.r.Read(p)
}

// Readline reads through the next newline and returns the line with it, as
// Python's file.readline(limit): with a limit of 0 or more it returns at
// most limit bytes. A last line without a newline comes back whole with a
// nil error; at the end of the stream Readline returns no data and io.EOF
// (Python returns b""). In non-blocking mode it returns what is there,
// with a nil error, and an empty line when nothing is (as Python's b"").
// In timeout mode a timeout returns no data (the partial line is lost, as
// in Python) and later reads fail with ErrTimedOutObject. Errors as Read.
func (f *File) Readline(limit ...int) ([]byte, error) {
	if err := f.check("readline", false); err != nil {
		return nil, err
	}
	max := -1
	for _, l := range limit {
		max = l
	}
	f.rmu.Lock()
	defer f.rmu.Unlock()
	var line []byte
	for max < 0 || len(line) < max {
		var err error
		if f.r == nil {
			// Unbuffered: one byte at a time, as Python's RawIOBase.readline.
			var b [1]byte
			var n int
			n, err = f.raw.Read(b[:])
			if n == 0 && err == nil {
				err = io.EOF
			}
			if n == 1 {
				line = append(line, b[0])
				if b[0] == '\n' {
					return line, nil
				}
				continue
			}
		} else {
			if f.r.Buffered() == 0 {
				_, err = f.r.Peek(1)
			}
			if err == nil {
				n := f.r.Buffered()
				if max >= 0 {
					n = min(n, max-len(line))
				}
				b, _ := f.r.Peek(n)
				if i := bytes.IndexByte(b, '\n'); i >= 0 {
					line = append(line, b[:i+1]...)
					f.r.Discard(i + 1)
					return line, nil
				}
				line = append(line, b...)
				f.r.Discard(len(b))
				continue
			}
		}
		switch {
		case err == io.EOF:
			if len(line) > 0 {
				return line, nil
			}
			return nil, io.EOF
		case errors.Is(err, syscall.EAGAIN):
			if line == nil {
				line = []byte{}
			}
			return line, nil
		case errors.Is(err, os.ErrDeadlineExceeded):
			return nil, err
		default:
			return line, err
		}
	}
	if line == nil {
		line = []byte{}
	}
	return line, nil
}

// Write writes p into the buffer, sending what fills it, as Python's
// BufferedWriter.write; the rest goes on Flush or Close. On an unbuffered
// File it sends p at once, whole (Sendall). It returns len(p) unless an
// error stops it. Errors: those of Sendall; a *ValueError on a File not
// opened for writing or closed.
func (f *File) Write(p []byte) (int, error) {
	if err := f.check(opWrite, true); err != nil {
		return 0, err
	}
	f.wmu.Lock()
	defer f.wmu.Unlock()
	if f.w == nil {
		return f.raw.Write(p)
	}
	return f.w.Write(p)
}

// Flush sends the buffered data, as Python's file.flush(). On a File not
// opened for writing or unbuffered it does nothing. Errors: those of
// Sendall; a *ValueError on a closed File.
func (f *File) Flush() error {
	if err := f.checkOpen("flush"); err != nil {
		return err
	}
	f.wmu.Lock()
	defer f.wmu.Unlock()
	if f.w == nil {
		return nil
	}
	return f.w.Flush()
}

// Mode returns the File's mode as Python's file.mode does: the mode as
// given for "r", "w" and the other modes without "b" (Python's text
// modes), and "rb", "wb" or "rwb" with "b" (Python's
// BufferedRWPair has no mode; "rwb" here). A nil *File's mode is "".
func (f *File) Mode() string {
	if f == nil {
		return ""
	}
	return f.mode
}

// checkOpen is the error for a call on a closed File, a zero File or a nil
// *File: Python's ValueError("I/O operation on closed file.").
func (f *File) checkOpen(op string) error {
	if f == nil || f.s == nil {
		return valueErr(op, nil, "", "I/O operation on closed file.")
	}
	f.cmu.Lock()
	closed := f.closed
	f.cmu.Unlock()
	if closed {
		return valueErr(op, nil, "", "I/O operation on closed file.")
	}
	return nil
}

// check is checkOpen, and the error for a File not opened for reading
// (write false) or writing (write true).
func (f *File) check(op string, write bool) error {
	if err := f.checkOpen(op); err != nil {
		return err
	}
	if write && !f.writing {
		return valueErr(op, nil, "", "File not open for writing")
	}
	if !write && !f.reading {
		return valueErr(op, nil, "", "File not open for reading")
	}
	return nil
}

// Close flushes the buffered writes and closes the File, as Python's
// file.close(). The socket stays open unless its Close was called while a
// File was open and this is the last File; then the descriptor closes now.
// Closing twice is not an error. Errors: the flush's, or close(2)'s; a
// *ValueError for a zero File or a nil *File, which no Makefile opened.
func (f *File) Close() error {
	if f == nil || f.s == nil {
		return valueErr(opClose, nil, "", "I/O operation on closed file.")
	}
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
