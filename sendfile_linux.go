//go:build linux

package socket

import (
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// haveSendfile says that Sendfile can use sendfile(2).
const haveSendfile = true

// sysSendfile copies up to n bytes of the file in to the socket out from
// *off, advancing *off; it wraps sendfile(2). sendfile(2) has no
// MSG_NOSIGNAL: to a peer that has gone it raises SIGPIPE on the calling
// thread besides returning EPIPE. So SIGPIPE is blocked on this thread
// (which the goroutine keeps for the call) around sendfile(2), and a
// SIGPIPE the call left pending (it failed or came short) is taken off with
// rt_sigtimedwait before the mask is restored: a program that watches
// SIGPIPE with signal.Notify sees none, as with send(2) and MSG_NOSIGNAL.
func sysSendfile(out, in int, off *int64, n int) (int, syscall.Errno) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var pipe, old unix.Sigset_t
	pipe.Val[0] = 1 << (unix.SIGPIPE - 1)
	masked := unix.PthreadSigmask(unix.SIG_BLOCK, &pipe, &old) == nil
	w, e := sendfile(out, in, off, n)
	if masked {
		// The call may raise SIGPIPE and still return a short count
		// without an error (the bytes before the failure).
		if (e != 0 || w < n) && old.Val[0]&(1<<(unix.SIGPIPE-1)) == 0 {
			dropPending(&pipe)
		}
		unix.PthreadSigmask(unix.SIG_SETMASK, &old, nil)
	}
	return w, e
}

func sendfile(out, in int, off *int64, n int) (int, syscall.Errno) {
	w, err := unix.Sendfile(out, in, off, n)
	if err != nil {
		if e, ok := err.(syscall.Errno); ok {
			return w, e
		}
		return w, syscall.EINVAL
	}
	return w, 0
}

// dropPending takes the pending signals in set off the calling thread
// without waiting: rt_sigtimedwait with a zero timeout, until none is left.
func dropPending(set *unix.Sigset_t) {
	var zero unix.Timespec
	for {
		_, _, e := unix.Syscall6(unix.SYS_RT_SIGTIMEDWAIT, uintptr(unsafe.Pointer(set)), 0, uintptr(unsafe.Pointer(&zero)), kernelSigsetSize, 0, 0)
		if e != 0 && e != syscall.EINTR {
			return // EAGAIN: nothing left
		}
	}
}
