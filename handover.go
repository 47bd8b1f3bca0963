package socket

import (
	"sync"
	"weak"

	"golang.org/x/sys/unix"
)

// owners maps each descriptor number that a live Socket's poller owns to
// that Socket. FromFileno consults it, so that a number already owned in
// this process is never owned twice (two owners would both close it, and
// the second close could hit a number reused meanwhile), and Detach
// consults it to learn whether another Socket shares the open file
// description.
// The Sockets are held weakly: a Socket dropped without Close is still
// collected, and its *os.File's finalizer closes the descriptor, as before.
var owners sync.Map // int -> weak.Pointer[Socket]

// own records that s's poller owns its descriptor; disown forgets it, before
// the descriptor closes.
func (s *Socket) own()    { owners.Store(s.sysfd, weak.Make(s)) }
func (s *Socket) disown() { owners.CompareAndDelete(s.sysfd, weak.Make(s)) }

// ownedElsewhere reports whether fd is the descriptor of a live Socket.
func ownedElsewhere(fd int) bool {
	v, ok := owners.Load(fd)
	if !ok {
		return false
	}
	o := v.(weak.Pointer[Socket]).Value()
	return o != nil && !o.isClosed()
}

// sameSocket reports whether descriptors a and b refer to the same socket.
// A socket has one open file description (it cannot be reopened), so two
// descriptors on the same socket share their O_NONBLOCK flag.
func sameSocket(a, b int) bool {
	var sa, sb unix.Stat_t
	if unix.Fstat(a, &sa) != nil || unix.Fstat(b, &sb) != nil {
		return true // unknown: assume shared, the safe answer
	}
	return sa.Dev == sb.Dev && sa.Ino == sb.Ino
}

// sharedInProcess reports whether another live Socket of this process, or
// the connection that FromConn took s from, uses s's open file description
// (fd is s's descriptor, held open by the caller).
func (s *Socket) sharedInProcess(fd int) bool {
	if s.external {
		return true
	}
	shared := false
	owners.Range(func(k, v any) bool {
		o := v.(weak.Pointer[Socket]).Value()
		if o == nil || o == s || o.isClosed() {
			return true
		}
		o.control("", func(ofd int) {
			if sameSocket(fd, ofd) {
				shared = true
			}
		})
		return !shared
	})
	return shared
}

// clearNonblock clears O_NONBLOCK on fd's open file description.
func clearNonblock(fd int) error {
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err != nil {
		return err
	}
	if fl&unix.O_NONBLOCK == 0 {
		return nil
	}
	_, err = unix.FcntlInt(uintptr(fd), unix.F_SETFL, fl&^unix.O_NONBLOCK)
	return err
}

// isBlocking reports whether fd's open file description lacks O_NONBLOCK.
func isBlocking(fd int) bool {
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	return err == nil && fl&unix.O_NONBLOCK == 0
}
