//go:build freebsd

package socket

import "golang.org/x/sys/unix"

const msgNoSignal = unix.MSG_NOSIGNAL

func setNoSigpipe(int) {}
