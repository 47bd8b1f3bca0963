//go:build linux && (mips || mipsle || mips64 || mips64le)

package pyselect

import "golang.org/x/sys/unix"

// The poll(2) bits that x/sys/unix does not carry, as arch/mips's
// asm/poll.h defines them: POLLWRNORM is POLLOUT and POLLWRBAND has its own
// bit; the others are asm-generic's.
const (
	// POLLRDNORM is Python's select.POLLRDNORM: normal data to read (poll(2)).
	POLLRDNORM = unix.EPOLLRDNORM
	// POLLRDBAND is Python's select.POLLRDBAND: priority data to read (poll(2)).
	POLLRDBAND = unix.EPOLLRDBAND
	// POLLWRNORM is Python's select.POLLWRNORM: normal data may be written (poll(2)); POLLOUT on mips.
	POLLWRNORM = unix.POLLOUT
	// POLLWRBAND is Python's select.POLLWRBAND: priority data may be written (poll(2)); 0x100 on mips.
	POLLWRBAND = 0x100
	// POLLMSG is Python's select.POLLMSG: unused by Linux (poll(2)).
	POLLMSG = unix.EPOLLMSG
)
