//go:build linux

package socket

import "golang.org/x/sys/unix"

// msgCmsgCloexec is MSG_CMSG_CLOEXEC where recvmsg(2) takes it; the kernel
// then sets close-on-exec on received descriptors itself.
const msgCmsgCloexec = unix.MSG_CMSG_CLOEXEC

// msgCmsgCloexecWanted is the flag RecvFds passes to ask for close-on-exec
// descriptors.
const msgCmsgCloexecWanted = unix.MSG_CMSG_CLOEXEC

// Control-message and option constants of Linux that Python 3.11's socket
// module lacks (3.12 and later add some of them), with the kernel's values.
const (
	// IP_PKTINFO asks for (and sends) struct in_pktinfo: the interface
	// and addresses of a datagram.
	IP_PKTINFO = unix.IP_PKTINFO
	// IP_RECVTTL asks for an IP_TTL control message with each datagram.
	IP_RECVTTL = unix.IP_RECVTTL
	// IP_RECVERR queues ICMP errors for reading with MSG_ERRQUEUE.
	IP_RECVERR = unix.IP_RECVERR
	// IP_FREEBIND allows binding to an address that is not (yet) local.
	IP_FREEBIND = unix.IP_FREEBIND
	// IP_MTU_DISCOVER sets the path MTU discovery mode (IP_PMTUDISC_*).
	IP_MTU_DISCOVER = unix.IP_MTU_DISCOVER
	// IPV6_RECVERR queues ICMPv6 errors for reading with MSG_ERRQUEUE.
	IPV6_RECVERR = unix.IPV6_RECVERR
	// SO_TIMESTAMP asks for an SCM_TIMESTAMP control message with each datagram.
	SO_TIMESTAMP = unix.SO_TIMESTAMP
	// SO_TIMESTAMPNS asks for an SCM_TIMESTAMPNS control message with each datagram.
	SO_TIMESTAMPNS = unix.SO_TIMESTAMPNS
	// SCM_MAX_FD is the most descriptors one SCM_RIGHTS message may carry.
	SCM_MAX_FD = 253
)
