//go:build linux

package socket

import "strconv"

// VsockAddr is an AF_VSOCK address, as Python's (cid, port) tuple: CID is
// the context id of a virtual machine or of the host (VMADDR_CID_HOST),
// VMADDR_CID_LOCAL for the loopback transport, or VMADDR_CID_ANY in Bind;
// Port is the port, VMADDR_PORT_ANY in Bind for one the kernel chooses.
type VsockAddr struct {
	CID  uint32
	Port uint32
}

// Family returns AF_VSOCK.
func (a VsockAddr) Family() AddressFamily { return AF_VSOCK }

// Network returns "vsock", so that VsockAddr satisfies net.Addr.
func (a VsockAddr) Network() string { return "vsock" }

// String returns "cid:port" in decimal.
func (a VsockAddr) String() string {
	return strconv.FormatUint(uint64(a.CID), 10) + ":" + strconv.FormatUint(uint64(a.Port), 10)
}

func (a VsockAddr) pyRepr() string {
	return "(" + strconv.FormatUint(uint64(a.CID), 10) + ", " + strconv.FormatUint(uint64(a.Port), 10) + ")"
}

// sizeofSockaddrVM is the size of struct sockaddr_vm: family, reserved,
// port, cid, flags and three bytes of padding.
const sizeofSockaddrVM = 16

func (a VsockAddr) encode(s *Socket, op string, b *sockaddrBuf) (int, error) {
	if s.family != AF_VSOCK {
		return 0, familyMismatch(s, op, a)
	}
	clear(b[:sizeofSockaddrVM])
	putSockaddrFamily(b, AF_VSOCK, sizeofSockaddrVM)
	nativeEndian.PutUint32(b[4:], a.Port)
	nativeEndian.PutUint32(b[8:], a.CID)
	return sizeofSockaddrVM, nil
}

// decodeVsock decodes a struct sockaddr_vm (its svm_flags are dropped, as
// Python drops them); a short one decodes to a RawAddr.
func decodeVsock(_ *Socket, b []byte) Addr {
	if len(b) < 12 {
		return RawAddr{SaFamily: AF_VSOCK, Data: append([]byte(nil), b[2:]...)}
	}
	return VsockAddr{CID: nativeEndian.Uint32(b[8:]), Port: nativeEndian.Uint32(b[4:])}
}

func init() {
	registerDecoder(AF_VSOCK, decodeVsock)
	registerReusable(AF_VSOCK)
	familyAddrTypes[AF_VSOCK] = "VsockAddr"
}
