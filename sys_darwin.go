//go:build darwin

package socket

import "golang.org/x/sys/unix"

const msgNoSignal = 0

// setNoSigpipe asks the kernel not to raise SIGPIPE on this socket; darwin
// has no MSG_NOSIGNAL.
func setNoSigpipe(fd int) { sysSetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_NOSIGPIPE, 1) }
