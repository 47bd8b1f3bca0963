package socket

import (
	"encoding/binary"
	"strings"
	"syscall"
)

// The operation names of the conversion functions.
const (
	opInetAton = "inet_aton"
	opInetNtoa = "inet_ntoa"
	opInetPton = "inet_pton"
	opInetNtop = "inet_ntop"
)

// CPython's texts for the conversion errors.
const (
	msgIllegalAton = "illegal IP address string passed to inet_aton"
	msgIllegalPton = "illegal IP address string passed to inet_pton"
	msgNtoaLength  = "packed IP wrong length for inet_ntoa"
	msgNtopLength  = "invalid length of packed IP address string"
	msgEmbeddedNul = "embedded null character"
)

// InetAton converts an IPv4 address in any of the forms that glibc's
// inet_aton(3) accepts to its 4 packed bytes in network order, as Python's
// socket.inet_aton. Besides dotted quads it takes one to three parts (the
// last filling the remaining bytes: "1.2.3" is 1.2.0.3, "1" is 0.0.0.1),
// hexadecimal ("0x7f.1") and octal ("017.0.0.1") parts, and ignores
// anything after the first white space ("1.2.3.4 junk"). Anything else is
// an *Error whose cause is a *ValueError with Python's message ("illegal
// IP address string passed to inet_aton"); an embedded NUL is one too
// ("embedded null character").
func InetAton(s string) ([]byte, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, valueErr(opInetAton, nil, "ip_string", msgEmbeddedNul)
	}
	v, ok := parseInetAton(s)
	if !ok {
		return nil, valueErr(opInetAton, nil, "ip_string", msgIllegalAton)
	}
	b := make([]byte, 4)
	binary.BigEndian.PutUint32(b, v)
	return b, nil
}

// isCSpace is C's isspace in the C locale.
func isCSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

// parseInetAton is glibc's inet_aton_end: each part is a C integer
// constant (decimal, 0x hexadecimal or 0 octal) read as strtoul(3) reads
// it; parts before the last are bytes and the last fills what remains; the
// text may end at a NUL or white space.
func parseInetAton(s string) (uint32, bool) {
	var parts [3]uint32
	np := 0
	i := 0
	var val uint64
	for {
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		var ok bool
		val, i, ok = strtoulC(s, i)
		if !ok || val > 0xffffffff {
			return 0, false
		}
		if i < len(s) && s[i] == '.' {
			if np > 2 || val > 0xff {
				return 0, false
			}
			parts[np] = uint32(val)
			np++
			i++
			continue
		}
		break
	}
	if i < len(s) && !isCSpace(s[i]) {
		return 0, false
	}
	max := [4]uint64{0xffffffff, 0xffffff, 0xffff, 0xff}
	if val > max[np] {
		return 0, false
	}
	var res uint32
	for k := 0; k < np; k++ {
		res |= parts[k] << (24 - 8*k)
	}
	return res | uint32(val), true
}

// strtoulC reads an unsigned C integer constant at s[i:] with base 0, as
// strtoul(3) does after its first character was found to be a digit: "0x"
// followed by a hexadecimal digit starts a hexadecimal number, a leading
// "0" an octal one. It returns the value, the index after it, and false on
// overflow of 64 bits.
func strtoulC(s string, i int) (uint64, int, bool) {
	base := uint64(10)
	if s[i] == '0' {
		base = 8
		if i+2 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X') && hexVal(s[i+2]) >= 0 {
			base = 16
			i += 2
		}
	}
	var v uint64
	overflow := false
	for ; i < len(s); i++ {
		d := hexVal(s[i])
		if d < 0 || uint64(d) >= base {
			break
		}
		nv := v*base + uint64(d)
		if v > (^uint64(0)-uint64(d))/base {
			overflow = true
		}
		v = nv
	}
	return v, i, !overflow
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// InetNtoa converts 4 packed bytes to a dotted quad, as Python's
// socket.inet_ntoa. Another length is an *Error whose cause is a
// *ValueError with Python's message ("packed IP wrong length for
// inet_ntoa").
func InetNtoa(packed []byte) (string, error) {
	if len(packed) != 4 {
		return "", valueErr(opInetNtoa, nil, "packed_ip", msgNtoaLength)
	}
	return formatIPv4(packed), nil
}

// InetPton converts an address in its standard text form to packed bytes,
// as Python's socket.inet_pton; it follows glibc's inet_pton(3). For AF_INET
// only four decimal parts without leading zeros are accepted; for AF_INET6
// the forms of RFC 4291, with an optional dotted IPv4 tail, and no zone.
// Text that does not parse is an *Error whose cause is a *ValueError with
// Python's message ("illegal IP address string passed to inet_pton"); a
// family other than AF_INET and AF_INET6 is EAFNOSUPPORT, as Python raises.
func InetPton(family AddressFamily, s string) ([]byte, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, valueErr(opInetPton, nil, "ip_string", msgEmbeddedNul)
	}
	switch family {
	case AF_INET:
		var b [4]byte
		if !parsePton4(s, b[:]) {
			return nil, valueErr(opInetPton, nil, "ip_string", msgIllegalPton)
		}
		return b[:], nil
	case AF_INET6:
		var b [16]byte
		if !parsePton6(s, &b) {
			return nil, valueErr(opInetPton, nil, "ip_string", msgIllegalPton)
		}
		return b[:], nil
	}
	return nil, &Error{Op: opInetPton, Err: syscall.EAFNOSUPPORT}
}

// parsePton4 is glibc's inet_pton4: exactly four decimal parts of at most
// 255, no leading zeros.
func parsePton4(s string, dst []byte) bool {
	var tmp [4]byte
	sawDigit := false
	octets := 0
	tp := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= '0' && ch <= '9':
			nv := uint(tmp[tp])*10 + uint(ch-'0')
			if sawDigit && tmp[tp] == 0 {
				return false
			}
			if nv > 255 {
				return false
			}
			tmp[tp] = byte(nv)
			if !sawDigit {
				octets++
				if octets > 4 {
					return false
				}
				sawDigit = true
			}
		case ch == '.' && sawDigit:
			if octets == 4 {
				return false
			}
			tp++
			tmp[tp] = 0
			sawDigit = false
		default:
			return false
		}
	}
	if octets < 4 {
		return false
	}
	copy(dst, tmp[:])
	return true
}

// parsePton6 is glibc's inet_pton6.
func parsePton6(s string, dst *[16]byte) bool {
	var tmp [16]byte
	tp := 0
	colonp := -1
	if len(s) == 0 {
		return false
	}
	i := 0
	if s[0] == ':' {
		i++
		if i == len(s) || s[i] != ':' {
			return false
		}
	}
	curtok := i
	xdigits := 0
	val := uint32(0)
	for i < len(s) {
		ch := s[i]
		i++
		if d := hexVal(ch); d >= 0 {
			if xdigits == 4 {
				return false
			}
			val = val<<4 | uint32(d)
			xdigits++
			continue
		}
		if ch == ':' {
			curtok = i
			if xdigits == 0 {
				if colonp >= 0 {
					return false
				}
				colonp = tp
				continue
			} else if i == len(s) {
				return false
			}
			if tp+2 > 16 {
				return false
			}
			tmp[tp] = byte(val >> 8)
			tmp[tp+1] = byte(val)
			tp += 2
			xdigits, val = 0, 0
			continue
		}
		if ch == '.' && tp+4 <= 16 && parsePton4(s[curtok:], tmp[tp:tp+4]) {
			tp += 4
			xdigits = 0
			break
		}
		return false
	}
	if xdigits > 0 {
		if tp+2 > 16 {
			return false
		}
		tmp[tp] = byte(val >> 8)
		tmp[tp+1] = byte(val)
		tp += 2
	}
	if colonp >= 0 {
		if tp == 16 {
			return false
		}
		n := tp - colonp
		copy(tmp[16-n:], tmp[colonp:tp])
		clear(tmp[colonp : 16-n])
		tp = 16
	}
	if tp != 16 {
		return false
	}
	*dst = tmp
	return true
}

// InetNtop converts packed bytes to the address's standard text form, as
// Python's socket.inet_ntop: 4 bytes for AF_INET, 16 for AF_INET6 in
// glibc's form (the longest run of zero groups compressed, IPv4-mapped and
// compatible addresses with a dotted tail). A wrong length or another
// family is an *Error whose cause is a *ValueError with Python's message
// ("invalid length of packed IP address string", "unknown address family
// 1").
func InetNtop(family AddressFamily, packed []byte) (string, error) {
	switch family {
	case AF_INET:
		if len(packed) != 4 {
			return "", valueErr(opInetNtop, nil, "packed_ip", msgNtopLength)
		}
		return formatIPv4(packed), nil
	case AF_INET6:
		if len(packed) != 16 {
			return "", valueErr(opInetNtop, nil, "packed_ip", msgNtopLength)
		}
		return formatIPv6(packed), nil
	}
	return "", valueErr(opInetNtop, nil, "address_family", "unknown address family %d", int(family))
}

// Htons converts a 16-bit number from host to network byte order, as
// Python's socket.htons and C's htons(3).
func Htons(x uint16) uint16 {
	var b [2]byte
	binary.BigEndian.PutUint16(b[:], x)
	return nativeEndian.Uint16(b[:])
}

// Ntohs converts a 16-bit number from network to host byte order, as
// Python's socket.ntohs and C's ntohs(3).
func Ntohs(x uint16) uint16 { return Htons(x) }

// Htonl converts a 32-bit number from host to network byte order, as
// Python's socket.htonl and C's htonl(3).
func Htonl(x uint32) uint32 {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], x)
	return nativeEndian.Uint32(b[:])
}

// Ntohl converts a 32-bit number from network to host byte order, as
// Python's socket.ntohl and C's ntohl(3).
func Ntohl(x uint32) uint32 { return Htonl(x) }
