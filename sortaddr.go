package socket

import (
	"encoding/binary"
	"math/bits"
	"net"
	"net/netip"
	"sort"
	"syscall"
)

// rfc3484Sort orders addresses as glibc's getaddrinfo does (its
// rfc3484_sort with the default tables of a system without /etc/gai.conf):
// usable destinations first, then matching scope, matching label, higher
// precedence, smaller scope and longest matching prefix, the original order
// breaking ties. The source address of each destination is found as glibc
// finds it, by connecting an unbound UDP socket and asking its name.
func rfc3484Sort(addrs []gaiAddr, port int) []gaiAddr {
	type result struct {
		a         gaiAddr
		src       netip.Addr // invalid: no usable source
		prefixLen int
		idx       int
	}
	rs := make([]result, len(addrs))
	var ifAddrs []*net.IPNet
	gotIf := false
	for i, a := range addrs {
		rs[i] = result{a: a, idx: i}
		rs[i].src = sourceAddr(a, port)
		if rs[i].src.IsValid() && rs[i].src.Is4() {
			if !gotIf {
				gotIf = true
				if as, err := net.InterfaceAddrs(); err == nil {
					for _, x := range as {
						if n, ok := x.(*net.IPNet); ok {
							ifAddrs = append(ifAddrs, n)
						}
					}
				}
			}
			for _, n := range ifAddrs {
				if n.IP.Equal(net.IP(rs[i].src.AsSlice())) {
					rs[i].prefixLen, _ = n.Mask.Size()
					break
				}
			}
		}
	}
	sort.SliceStable(rs, func(i, j int) bool {
		a1, a2 := &rs[i], &rs[j]
		ok1, ok2 := a1.src.IsValid(), a2.src.IsValid()
		// Rule 1: avoid unusable destinations.
		if ok1 != ok2 {
			return ok1
		}
		// Rule 2: prefer matching scope.
		if ok1 && ok2 {
			m1 := gaiScope(a1.a.ip) == gaiScope(a1.src)
			m2 := gaiScope(a2.a.ip) == gaiScope(a2.src)
			if m1 != m2 {
				return m1
			}
			// Rule 5: prefer matching label.
			l1 := gaiLabel(a1.a.ip) == gaiLabel(a1.src)
			l2 := gaiLabel(a2.a.ip) == gaiLabel(a2.src)
			if l1 != l2 {
				return l1
			}
		}
		// Rule 6: prefer higher precedence.
		if p1, p2 := gaiPrecedence(a1.a.ip), gaiPrecedence(a2.a.ip); p1 != p2 {
			return p1 > p2
		}
		// Rule 8: prefer smaller scope.
		if s1, s2 := gaiScope(a1.a.ip), gaiScope(a2.a.ip); s1 != s2 {
			return s1 < s2
		}
		// Rule 9: longest matching prefix.
		if ok1 && ok2 && a1.a.ip.Is4() == a2.a.ip.Is4() {
			var bit1, bit2 int
			if a1.a.ip.Is4() {
				bit1 = v4PrefixBits(a1.a.ip, a1.src, a1.prefixLen)
				bit2 = v4PrefixBits(a2.a.ip, a2.src, a2.prefixLen)
			} else {
				d1, s1 := a1.a.ip.As16(), a1.src.As16()
				d2, s2 := a2.a.ip.As16(), a2.src.As16()
				for k := 0; k < 16; k += 4 {
					x1 := binary.BigEndian.Uint32(d1[k:]) ^ binary.BigEndian.Uint32(s1[k:])
					x2 := binary.BigEndian.Uint32(d2[k:]) ^ binary.BigEndian.Uint32(s2[k:])
					if x1 != 0 || x2 != 0 {
						bit1, bit2 = bits.Len32(x1), bits.Len32(x2)
						break
					}
				}
			}
			if bit1 != bit2 {
				return bit1 > bit2
			}
		}
		return false
	})
	out := make([]gaiAddr, len(rs))
	for i := range rs {
		out[i] = rs[i].a
	}
	return out
}

// v4PrefixBits is glibc's rule 9 measure for IPv4: the highest differing
// bit when source and destination share the source's subnet, else 0.
func v4PrefixBits(dst, src netip.Addr, prefixLen int) int {
	d4, s4 := dst.As4(), src.As4()
	d, s := binary.BigEndian.Uint32(d4[:]), binary.BigEndian.Uint32(s4[:])
	var mask uint32
	if prefixLen > 0 {
		mask = ^uint32(0) << (32 - prefixLen)
	}
	if s&mask == d&mask {
		return bits.Len32(d ^ s)
	}
	return 0
}

// sourceAddr connects a UDP socket to the destination and returns the
// local address the kernel picked, or an invalid Addr when it cannot.
func sourceAddr(a gaiAddr, port int) netip.Addr {
	var b sockaddrBuf
	var n int
	family := AF_INET
	if a.ip.Is4() {
		putSockaddrFamily(&b, AF_INET, sizeofSockaddrInet4)
		putBe16(b[2:], port)
		ip4 := a.ip.As4()
		copy(b[4:8], ip4[:])
		n = sizeofSockaddrInet4
	} else {
		family = AF_INET6
		putSockaddrFamily(&b, AF_INET6, sizeofSockaddrInet6)
		putBe16(b[2:], port)
		ip16 := a.ip.As16()
		copy(b[8:24], ip16[:])
		nativeEndian.PutUint32(b[24:], a.scope)
		n = sizeofSockaddrInet6
	}
	fd, e := sysSocket(family, SOCK_DGRAM, 0)
	if e != 0 {
		return netip.Addr{}
	}
	defer sysClose(fd)
	for {
		e = sysConnect(fd, &b, n)
		if e != syscall.EINTR {
			break
		}
	}
	if e != 0 {
		return netip.Addr{}
	}
	var sb sockaddrBuf
	sl := uint32(len(sb))
	if sysGetsockname(fd, &sb, &sl) != 0 {
		return netip.Addr{}
	}
	switch {
	case family == AF_INET && sl >= 8:
		return netip.AddrFrom4([4]byte(sb[4:8]))
	case family == AF_INET6 && sl >= 24:
		return netip.AddrFrom16([16]byte(sb[8:24]))
	}
	return netip.Addr{}
}

// gaiMapped returns the address as 16 bytes, IPv4 as ::ffff:a.b.c.d.
func gaiMapped(ip netip.Addr) [16]byte { return ip.As16() }

type prefixEntry struct {
	prefix [16]byte
	bits   int
	val    int
}

func p16(b ...byte) [16]byte {
	var a [16]byte
	copy(a[:], b)
	return a
}

var (
	gaiLabels = []prefixEntry{
		{p16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 128, 0},
		{p16(0x20, 0x02), 16, 2},
		{p16(), 96, 3},
		{p16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff), 96, 4},
		{p16(0xfe, 0xc0), 10, 5},
		{p16(0xfc), 7, 6},
		{p16(0x20, 0x01), 32, 7},
		{p16(), 0, 1},
	}
	gaiPrecedences = []prefixEntry{
		{p16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 128, 50},
		{p16(0x20, 0x02), 16, 30},
		{p16(), 96, 20},
		{p16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff), 96, 10},
		{p16(), 0, 40},
	}
)

func matchTable(t []prefixEntry, ip netip.Addr) int {
	a := gaiMapped(ip)
	for _, e := range t {
		if prefixMatch(a, e.prefix, e.bits) {
			return e.val
		}
	}
	return t[len(t)-1].val
}

func prefixMatch(a, p [16]byte, n int) bool {
	i := 0
	for ; n >= 8; n -= 8 {
		if a[i] != p[i] {
			return false
		}
		i++
	}
	if n > 0 {
		m := byte(0xff << (8 - n))
		return a[i]&m == p[i]&m
	}
	return true
}

func gaiLabel(ip netip.Addr) int      { return matchTable(gaiLabels, ip) }
func gaiPrecedence(ip netip.Addr) int { return matchTable(gaiPrecedences, ip) }

// gaiScope is glibc's get_scope.
func gaiScope(ip netip.Addr) int {
	if ip.Is4() {
		b := ip.As4()
		switch {
		case b[0] == 169 && b[1] == 254, b[0] == 127:
			return 2
		}
		return 14
	}
	b := ip.As16()
	if b[0] == 0xff {
		return int(b[1] & 0xf)
	}
	switch {
	case b[0] == 0xfe && b[1]&0xc0 == 0x80, ip == netip.IPv6Loopback():
		return 2
	case b[0] == 0xfe && b[1]&0xc0 == 0xc0:
		return 5
	}
	return 14
}
