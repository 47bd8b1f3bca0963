package socket

import (
	"encoding/binary"
	"math/bits"
	"net"
	"net/netip"
	"syscall"
)

// sortResult is what glibc's rfc3484_sort knows of one result.
type sortResult struct {
	dst       netip.Addr // 4 bytes for AF_INET, 16 for AF_INET6
	src       netip.Addr // invalid: no usable source
	prefixLen int        // the source's prefix length on its interface
}

// rfc3484Sort orders getaddrinfo's results as glibc does: its
// rfc3484_sort comparison (with the default tables of a system without
// /etc/gai.conf) run by its merge sort, whose exact steps matter because
// the comparison is not transitive across families. The rules: usable
// destinations first, then matching scope, matching label, higher
// precedence, smaller scope and longest matching prefix, the original order
// breaking ties. The source address of each destination is found as glibc
// finds it, by connecting a UDP socket and asking its name; its prefix
// length comes from the interface addresses.
func rfc3484Sort(res []AddrInfo) []AddrInfo {
	rs := make([]sortResult, len(res))
	type probe struct {
		src       netip.Addr
		prefixLen int
	}
	probed := map[string]probe{}
	var ifAddrs []netip.Prefix
	gotIf := false
	for i, r := range res {
		var port int
		var scope uint32
		switch a := r.Sockaddr.(type) {
		case InetAddr:
			rs[i].dst, _ = netip.ParseAddr(a.Host)
			port = a.Port
		case Inet6Addr:
			ip, _ := netip.ParseAddr(a.Host)
			rs[i].dst = netip.AddrFrom16(ip.As16())
			port, scope = a.Port, a.ScopeID
		}
		key := r.Sockaddr.String()
		p, ok := probed[key]
		if !ok {
			p.src = sourceAddr(rs[i].dst, scope, port)
			if p.src.IsValid() {
				if !gotIf {
					gotIf = true
					ifAddrs = interfacePrefixes()
				}
				look := p.src
				if rs[i].dst.Is4() && rs[i].dst.As4()[0] == 127 {
					// glibc's special case for lo, whose source may differ
					// from the interface address.
					look = netip.AddrFrom4([4]byte{127, 0, 0, 1})
				}
				for _, pf := range ifAddrs {
					if pf.Addr() == look {
						p.prefixLen = pf.Bits()
						break
					}
				}
			}
			probed[key] = p
		}
		rs[i].src, rs[i].prefixLen = p.src, p.prefixLen
	}
	order := make([]int, len(res))
	for i := range order {
		order[i] = i
	}
	tmp := make([]int, len(res))
	glibcMsort(order, tmp, func(i, j int) int { return rfc3484Compare(rs, i, j) })
	out := make([]AddrInfo, len(res))
	for k, i := range order {
		out[k] = res[i]
		out[k].Canonname = ""
	}
	return out
}

// interfacePrefixes lists the addresses of the interfaces with their
// prefix lengths, IPv4 as 4 bytes.
func interfacePrefixes() []netip.Prefix {
	as, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []netip.Prefix
	for _, x := range as {
		n, ok := x.(*net.IPNet)
		if !ok {
			continue
		}
		ip, ok := netip.AddrFromSlice(n.IP)
		if !ok {
			continue
		}
		ones, _ := n.Mask.Size()
		out = append(out, netip.PrefixFrom(ip.Unmap(), ones))
	}
	return out
}

// glibcMsort is glibc's msort_with_tmp on an index array: a top-down merge
// sort that takes from the left run when cmp says <= 0.
func glibcMsort(b, tmp []int, cmp func(i, j int) int) {
	n := len(b)
	if n <= 1 {
		return
	}
	n1 := n / 2
	b1, b2 := b[:n1], b[n1:]
	glibcMsort(b1, tmp, cmp)
	glibcMsort(b2, tmp, cmp)
	t := tmp[:0]
	for len(b1) > 0 && len(b2) > 0 {
		if cmp(b1[0], b2[0]) <= 0 {
			t = append(t, b1[0])
			b1 = b1[1:]
		} else {
			t = append(t, b2[0])
			b2 = b2[1:]
		}
	}
	t = append(t, b1...)
	copy(b, t)
}

// rfc3484Compare is glibc's rfc3484_sort for results i and j. Rules 3, 4
// and 7 (deprecated and home addresses, native transport) need interface
// flags that the standard library does not give; they only matter with
// deprecated IPv6 addresses, mobile IPv6 or tunnels.
func rfc3484Compare(rs []sortResult, i, j int) int {
	a1, a2 := &rs[i], &rs[j]
	ok1, ok2 := a1.src.IsValid(), a2.src.IsValid()
	// Rule 1: avoid unusable destinations.
	if ok1 && !ok2 {
		return -1
	}
	if !ok1 && ok2 {
		return 1
	}
	d1, d2 := gaiScope(a1.dst), gaiScope(a2.dst)
	if ok1 {
		// Rule 2: prefer matching scope.
		s1, s2 := gaiScope(a1.src), gaiScope(a2.src)
		if d1 == s1 && d2 != s2 {
			return -1
		}
		if d1 != s1 && d2 == s2 {
			return 1
		}
		// Rule 5: prefer matching label.
		l1 := gaiLabel(a1.dst) == gaiLabel(a1.src)
		l2 := gaiLabel(a2.dst) == gaiLabel(a2.src)
		if l1 && !l2 {
			return -1
		}
		if !l1 && l2 {
			return 1
		}
	}
	// Rule 6: prefer higher precedence.
	if p1, p2 := gaiPrecedence(a1.dst), gaiPrecedence(a2.dst); p1 != p2 {
		if p1 > p2 {
			return -1
		}
		return 1
	}
	// Rule 8: prefer smaller scope.
	if d1 != d2 {
		if d1 < d2 {
			return -1
		}
		return 1
	}
	// Rule 9: use the longest matching prefix.
	if ok1 && a1.dst.Is4() == a2.dst.Is4() {
		var bit1, bit2 int
		if a1.dst.Is4() {
			bit1 = v4PrefixBits(a1.dst, a1.src, a1.prefixLen)
			bit2 = v4PrefixBits(a2.dst, a2.src, a2.prefixLen)
		} else {
			x1, y1 := a1.dst.As16(), a1.src.As16()
			x2, y2 := a2.dst.As16(), a2.src.As16()
			for k := 0; k < 16; k += 4 {
				w1 := binary.BigEndian.Uint32(x1[k:]) ^ binary.BigEndian.Uint32(y1[k:])
				w2 := binary.BigEndian.Uint32(x2[k:]) ^ binary.BigEndian.Uint32(y2[k:])
				if w1 != 0 || w2 != 0 {
					bit1, bit2 = bits.LeadingZeros32(w1), bits.LeadingZeros32(w2)
					break
				}
			}
		}
		if bit1 > bit2 {
			return -1
		}
		if bit1 < bit2 {
			return 1
		}
	}
	// Rule 10: keep the order.
	if i < j {
		return -1
	}
	return 1
}

// v4PrefixBits is glibc's rule 9 measure for IPv4: the length of the
// common prefix when source and destination share the source's subnet,
// else 0. A prefix length of 0 (the source is on no interface) gives a
// mask of all ones, as glibc's shift by 32 does on the hardware.
func v4PrefixBits(dst, src netip.Addr, prefixLen int) int {
	d4, s4 := dst.As4(), src.As4()
	d, s := binary.BigEndian.Uint32(d4[:]), binary.BigEndian.Uint32(s4[:])
	mask := ^uint32(0)
	if prefixLen > 0 {
		mask <<= 32 - prefixLen
	}
	if s&mask == d&mask {
		return bits.LeadingZeros32(d ^ s)
	}
	return 0
}

// sourceAddr connects a UDP socket to the destination and returns the
// local address the kernel picked, or an invalid Addr when it cannot.
func sourceAddr(ip netip.Addr, scope uint32, port int) netip.Addr {
	var b sockaddrBuf
	var n int
	family := AF_INET
	if ip.Is4() {
		putSockaddrFamily(&b, AF_INET, sizeofSockaddrInet4)
		putBe16(b[2:], port)
		ip4 := ip.As4()
		copy(b[4:8], ip4[:])
		n = sizeofSockaddrInet4
	} else {
		family = AF_INET6
		putSockaddrFamily(&b, AF_INET6, sizeofSockaddrInet6)
		putBe16(b[2:], port)
		ip16 := ip.As16()
		copy(b[8:24], ip16[:])
		nativeEndian.PutUint32(b[24:], scope)
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
