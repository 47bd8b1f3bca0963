//go:build linux

package socket

import "strconv"

// NetlinkAddr is an AF_NETLINK address, as Python's (pid, groups) tuple: PID
// is the netlink port id (0 is the kernel, or "let the kernel choose" in
// Bind) and Groups the bit mask of multicast groups (RTMGRP_LINK and the
// like) that Bind subscribes to and Sendto sends to.
type NetlinkAddr struct {
	PID    uint32
	Groups uint32
}

// Family returns AF_NETLINK.
func (a NetlinkAddr) Family() AddressFamily { return AF_NETLINK }

// Network returns "netlink", so that NetlinkAddr satisfies net.Addr.
func (a NetlinkAddr) Network() string { return "netlink" }

// String returns "pid:groups" in decimal, as Python prints the tuple's
// numbers.
func (a NetlinkAddr) String() string {
	return strconv.FormatUint(uint64(a.PID), 10) + ":" + strconv.FormatUint(uint64(a.Groups), 10)
}

func (a NetlinkAddr) pyRepr() string {
	return "(" + strconv.FormatUint(uint64(a.PID), 10) + ", " + strconv.FormatUint(uint64(a.Groups), 10) + ")"
}

// sizeofSockaddrNetlink is the size of struct sockaddr_nl.
const sizeofSockaddrNetlink = 12

func (a NetlinkAddr) encode(s *Socket, op string, b *sockaddrBuf) (int, error) {
	if s.family != AF_NETLINK {
		return 0, familyMismatch(s, op, a)
	}
	clear(b[:sizeofSockaddrNetlink])
	putSockaddrFamily(b, AF_NETLINK, sizeofSockaddrNetlink)
	nativeEndian.PutUint32(b[4:], a.PID)
	nativeEndian.PutUint32(b[8:], a.Groups)
	return sizeofSockaddrNetlink, nil
}

// decodeNetlink decodes a struct sockaddr_nl; a short one (which the kernel
// never returns) decodes to a RawAddr rather than to invented numbers.
func decodeNetlink(_ *Socket, b []byte) Addr {
	if len(b) < sizeofSockaddrNetlink {
		return RawAddr{SaFamily: AF_NETLINK, Data: append([]byte(nil), b[2:]...)}
	}
	return NetlinkAddr{PID: nativeEndian.Uint32(b[4:]), Groups: nativeEndian.Uint32(b[8:])}
}

func init() {
	registerDecoder(AF_NETLINK, decodeNetlink)
	registerReusable(AF_NETLINK)
	familyAddrTypes[AF_NETLINK] = "NetlinkAddr"
}
