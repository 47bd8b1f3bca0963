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
