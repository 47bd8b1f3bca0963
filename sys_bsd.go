//go:build darwin || freebsd

package socket

import "encoding/binary"

// The sockaddr layout that darwin and freebsd share: a length byte before
// the family byte.

var nativeEndian = binary.NativeEndian

// sockaddrFamily reads the family field of a raw sockaddr (after sa_len on BSD).
func sockaddrFamily(b []byte) AddressFamily { return AddressFamily(b[1]) }

func putSockaddrFamily(b *sockaddrBuf, f AddressFamily, n int) {
	b[0] = byte(n)
	b[1] = byte(f)
}

const sunPathMax = 104

// The socket type and protocols of glibc's getaddrinfo table that the
// package's resolver follows everywhere, with Linux's numbers: these systems
// have no DCCP or UDP-Lite sockets, so the entries only match a request that
// names those numbers.
const (
	sockDCCP       = SocketKind(6)
	ipprotoDCCP    = 33
	ipprotoUDPLite = 136
)
