//go:build freebsd

package socket

import "golang.org/x/sys/unix"

// Constants of Python's socket module that FreeBSD has and darwin lacks,
// with FreeBSD's values.
const (
	SOCK_CLOEXEC     SocketKind = unix.SOCK_CLOEXEC
	SOCK_NONBLOCK    SocketKind = unix.SOCK_NONBLOCK
	MSG_CMSG_CLOEXEC            = unix.MSG_CMSG_CLOEXEC
	SO_PROTOCOL                 = unix.SO_PROTOCOL
)
