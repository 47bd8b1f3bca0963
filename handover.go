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
var owners ownerTable

// ownerTable is indexed by descriptor number, in pages of ownerPage
// entries made as numbers come into use: descriptors are small and dense,
// so each Socket costs one 8-byte entry here (a map would cost an entry
// node, boxed key and value, and its share of the trie, over 100 bytes).
type ownerTable struct {
	mu    sync.RWMutex
	pages []*[ownerPage]weak.Pointer[Socket]
}

const ownerPage = 1024

func (t *ownerTable) store(fd int, p weak.Pointer[Socket]) {
	t.mu.Lock()
	defer t.mu.Unlock()
	i := fd / ownerPage
	for len(t.pages) <= i {
		t.pages = append(t.pages, nil)
	}
	if t.pages[i] == nil {
		t.pages[i] = new([ownerPage]weak.Pointer[Socket])
	}
	t.pages[i][fd%ownerPage] = p
}

func (t *ownerTable) compareAndDelete(fd int, p weak.Pointer[Socket]) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if i := fd / ownerPage; fd >= 0 && i < len(t.pages) && t.pages[i] != nil && t.pages[i][fd%ownerPage] == p {
		t.pages[i][fd%ownerPage] = weak.Pointer[Socket]{}
	}
}

// load returns the Socket recorded for fd, nil if none or if it was
// collected.
func (t *ownerTable) load(fd int) *Socket {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if i := fd / ownerPage; fd >= 0 && i < len(t.pages) && t.pages[i] != nil {
		return t.pages[i][fd%ownerPage].Value()
	}
	return nil
}

// all returns the live Sockets recorded.
func (t *ownerTable) all() []*Socket {
	t.mu.RLock()
	defer t.mu.RUnlock()
	var out []*Socket
	for _, pg := range t.pages {
		if pg == nil {
			continue
		}
		for _, p := range pg {
			if o := p.Value(); o != nil {
				out = append(out, o)
			}
		}
	}
	return out
}

// own records that s's poller owns its descriptor; disown forgets it, before
// the descriptor closes.
func (s *Socket) own()    { owners.store(s.sysfd, weak.Make(s)) }
func (s *Socket) disown() { owners.compareAndDelete(s.sysfd, weak.Make(s)) }

// ownedElsewhere reports whether fd is the descriptor of a live Socket.
func ownedElsewhere(fd int) bool {
	o := owners.load(fd)
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
	for _, o := range owners.all() {
		if o == s || o.isClosed() {
			continue
		}
		o.control("", func(ofd int) {
			if sameSocket(fd, ofd) {
				shared = true
			}
		})
		if shared {
			break
		}
	}
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
