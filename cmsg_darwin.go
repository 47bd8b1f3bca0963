//go:build darwin

package socket

// msgCmsgCloexec is 0 where recvmsg(2) cannot set close-on-exec on received
// descriptors itself; RecvFds sets it with fcntl(2) right after.
const msgCmsgCloexec = 0

// msgCmsgCloexecWanted marks RecvFds's receive; it is a flag bit that
// recvmsg(2) does not use on darwin, removed before the call.
const msgCmsgCloexecWanted = 1 << 30
