//go:build freebsd

package socket

import "golang.org/x/sys/unix"

// msgCmsgCloexec is MSG_CMSG_CLOEXEC: FreeBSD's recvmsg(2) sets
// close-on-exec on received descriptors itself.
const msgCmsgCloexec = unix.MSG_CMSG_CLOEXEC

// msgCmsgCloexecWanted is the flag RecvFds passes to ask for close-on-exec
// descriptors.
const msgCmsgCloexecWanted = unix.MSG_CMSG_CLOEXEC
