package socketserver

import (
	"errors"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// readableNow reports whether a request is waiting on s, as Python's
// select(0) on the server socket: poll(2) with a zero timeout, which never
// blocks, run on the descriptor through the socket's RawConn so that it
// cannot be closed under the call. Errors: net.ErrClosed (through
// RawConn) on a closed socket; poll(2)'s.
func readableNow(s *socket.Socket) (bool, error) {
	rc, err := s.SyscallConn()
	if err != nil {
		return false, err
	}
	var n int
	var perr error
	fds := []unix.PollFd{{Events: unix.POLLIN}}
	cerr := rc.Control(func(fd uintptr) {
		fds[0].Fd = int32(fd)
		for {
			n, perr = unix.Poll(fds, 0)
			if !errors.Is(perr, syscall.EINTR) {
				return
			}
		}
	})
	if cerr != nil {
		return false, &socket.Error{Op: "select", Err: cerr}
	}
	if perr != nil {
		return false, &socket.Error{Op: "select", Err: perr}
	}
	return n > 0 && fds[0].Revents != 0, nil
}
