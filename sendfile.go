//go:build linux || darwin || freebsd

package socket

import (
	"context"
	"errors"
	"io"
	"os"
	"syscall"
)

const opSendfile = "sendfile"

// sendfileChunk is the most Sendfile hands sendfile(2) at once, as Python's
// 1 GiB blocks.
const sendfileChunk = 1 << 30

// Sendfile sends the contents of f from offset, count bytes or, with count
// 0, to the end of the file, and returns how many bytes went, as Python's
// socket.sendfile(file, offset, count); it wraps sendfile(2), which copies
// in the kernel (zero copy). Where the kernel refuses sendfile(2) (a file
// that is not a regular file, such as a pipe; a system without it),
// Sendfile reads f and sends what it read. Each wait for the socket to
// drain is bounded by the socket's timeout, as each send is in Python. A
// peer that has gone is EPIPE, never SIGPIPE: sendfile(2) has no
// MSG_NOSIGNAL, so on Linux SIGPIPE is blocked on the calling thread for the
// call and a SIGPIPE it raised is taken off again, and a program that
// asked for SIGPIPE with signal.Notify does not see one.
//
// Afterwards f's offset is offset plus the bytes sent, also when Sendfile
// stops with an error, as in Python; as in Python too, when nothing went
// through sendfile(2) the offset stays where it was. Errors: a *ValueError for a negative
// offset ("negative seek position") or count ("count must be a positive
// integer"), for a socket that is not SOCK_STREAM ("only SOCK_STREAM type
// sockets are supported", as Python), for a socket in non-blocking mode ("non-blocking sockets are
// not supported", as Python) and for a nil f; EPIPE, ECONNRESET,
// os.ErrDeadlineExceeded on timeout, net.ErrClosed, and f's read or seek
// errors (ESPIPE for a non-zero offset on a pipe).
func (s *Socket) Sendfile(f *os.File, offset, count int64) (int64, error) {
	return s.sendfile(context.Background(), f, offset, count)
}

func (s *Socket) sendfile(ctx context.Context, f *os.File, offset, count int64) (int64, error) {
	if f == nil {
		return 0, valueErr(opSendfile, nil, "f", "nil file")
	}
	if offset < 0 {
		return 0, valueErr(opSendfile, nil, "offset", "negative seek position %d", offset)
	}
	if count < 0 {
		return 0, valueErr(opSendfile, nil, "count", "count must be a positive integer (got %d)", count)
	}
	if s.isClosed() {
		return 0, &Error{Op: opSendfile, Err: errClosedBefore}
	}
	if s.kind != SOCK_STREAM {
		return 0, valueErr(opSendfile, nil, "", "only SOCK_STREAM type sockets are supported")
	}
	if s.timeout.Load() == 0 {
		return 0, valueErr(opSendfile, nil, "", "non-blocking sockets are not supported")
	}
	regular := false
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		regular = true
	}
	if haveSendfile && regular {
		sent, err, ok := s.sendfileKernel(ctx, f, offset, count)
		if ok {
			if sent > 0 {
				if _, serr := f.Seek(offset+sent, io.SeekStart); serr != nil && err == nil {
					err = &Error{Op: opSendfile, Err: unwrapPath(serr)}
				}
			}
			return sent, err
		}
	}
	return s.sendfileCopy(ctx, f, regular, offset, count)
}

// sendfileKernel runs sendfile(2) in a loop through the poller. ok is false
// when the first call is refused, so that the caller copies instead.
func (s *Socket) sendfileKernel(ctx context.Context, f *os.File, offset, count int64) (sent int64, err error, ok bool) {
	rc, rerr := f.SyscallConn()
	if rerr != nil {
		return 0, nil, false
	}
	off := offset
	for count == 0 || sent < count {
		block := int64(sendfileChunk)
		if count > 0 {
			block = min(block, count-sent)
		}
		var n int
		var ferr error
		err = s.do(ctx, opSendfile, nil, false, 0, func(fd int) (bool, syscall.Errno) {
			var e syscall.Errno
			cerr := rc.Control(func(ffd uintptr) { n, e = sysSendfile(fd, int(ffd), &off, int(block)) })
			if cerr != nil {
				ferr = cerr
				return true, 0
			}
			if e == syscall.EAGAIN {
				return false, 0
			}
			return true, e
		})
		if ferr != nil {
			return sent, &Error{Op: opSendfile, Err: ferr}, true
		}
		if err != nil {
			if sent == 0 && refused(err) {
				return 0, nil, false
			}
			return sent, err, true
		}
		if n <= 0 {
			break // end of file
		}
		sent += int64(n)
	}
	return sent, nil, true
}

// refused reports whether sendfile(2) failed because the kernel does not do
// it for this pair of descriptors.
func refused(err error) bool {
	return errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOSYS) ||
		errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.ENOTSUP) || errors.Is(err, syscall.ESPIPE)
}

// sendfileCopy is the read-and-send path: it reads f from offset (with
// pread on a regular file, so that a failed send leaves nothing read in
// between) and sends each block whole.
func (s *Socket) sendfileCopy(ctx context.Context, f *os.File, regular bool, offset, count int64) (int64, error) {
	size := 64 << 10
	if count > 0 && count < int64(size) {
		size = int(count)
	}
	if !regular && offset != 0 {
		if _, err := f.Seek(offset, io.SeekStart); err != nil {
			return 0, &Error{Op: opSendfile, Err: unwrapPath(err)}
		}
	}
	buf := make([]byte, size)
	var sent int64
	var err error
	for count == 0 || sent < count {
		want := len(buf)
		if count > 0 {
			want = int(min(int64(want), count-sent))
		}
		var n int
		var rerr error
		if regular {
			n, rerr = f.ReadAt(buf[:want], offset+sent)
		} else {
			n, rerr = f.Read(buf[:want])
		}
		if n > 0 {
			m, serr := s.sendBlock(ctx, buf[:n])
			sent += int64(m)
			if serr != nil {
				err = serr
				break
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			err = &Error{Op: opSendfile, Err: unwrapPath(rerr)}
			break
		}
	}
	if regular && (sent > 0 || offset != 0) {
		// Python seeks to offset first and to offset+sent at the end.
		if _, serr := f.Seek(offset+sent, io.SeekStart); serr != nil && err == nil {
			err = &Error{Op: opSendfile, Err: unwrapPath(serr)}
		}
	}
	return sent, err
}

// sendBlock sends p whole (each send under the timeout) and returns the
// bytes that went.
func (s *Socket) sendBlock(ctx context.Context, p []byte) (int, error) {
	sent := 0
	for sent < len(p) {
		n, err := s.send(ctx, p[sent:], 0)
		sent += n
		if err != nil {
			var e *Error
			if errors.As(err, &e) {
				err = &Error{Op: opSendfile, Addr: e.Addr, Err: e.Err}
			}
			return sent, err
		}
	}
	return sent, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
