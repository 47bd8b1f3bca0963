//go:build linux

package socket

import (
	"bytes"
	"testing"
)

// fuzzSockaddr makes a raw sockaddr of family f from fuzz input: the
// family field is forced, the rest is the input, cut to the size of the
// kernel's buffer.
func fuzzSockaddr(f AddressFamily, data []byte) []byte {
	var b sockaddrBuf
	n := min(2+len(data), len(b))
	putSockaddrFamily(&b, f, n)
	copy(b[2:n], data)
	return b[:n]
}

// decodeChecked decodes b and formats the result every way the package
// can, which must not panic.
func decodeChecked(t *testing.T, s *Socket, b []byte) Addr {
	a := decodeAddr(s, b)
	if a == nil {
		t.Fatalf("decodeAddr(% x) = nil", b)
	}
	_ = a.String()
	_ = pyRepr(a)
	if a.Family() != sockaddrFamily(b) {
		t.Fatalf("decodeAddr(% x) gave family %s", b, a.Family())
	}
	return a
}

func FuzzDecodeNetlinkAddr(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{0, 0, 0x39, 0x30, 0, 0, 1, 0, 0, 0})
	f.Add([]byte{0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 7})
	s, err := New(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)
	if err != nil {
		f.Skipf("AF_NETLINK: %v", err)
	}
	f.Cleanup(func() { s.Close() })
	f.Fuzz(func(t *testing.T, data []byte) {
		b := fuzzSockaddr(AF_NETLINK, data)
		a := decodeChecked(t, s, b)
		nl, ok := a.(NetlinkAddr)
		if !ok {
			if len(b) >= sizeofSockaddrNetlink {
				t.Fatalf("a %d-byte sockaddr_nl decoded to %T", len(b), a)
			}
			return
		}
		var out sockaddrBuf
		n, err := nl.encode(s, opBind, &out)
		if err != nil {
			t.Fatalf("encode %v: %v", nl, err)
		}
		if !bytes.Equal(out[4:n], b[4:sizeofSockaddrNetlink]) {
			t.Fatalf("round trip: % x became % x", b[:sizeofSockaddrNetlink], out[:n])
		}
	})
}

func FuzzDecodeVsockAddr(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0})
	f.Add([]byte{0, 0, 0, 4, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0})
	f.Add([]byte{0, 0, 1, 0, 0, 0, 3})
	s, err := New(AF_VSOCK, SOCK_STREAM, 0)
	if err != nil {
		f.Skipf("AF_VSOCK: %v", err)
	}
	f.Cleanup(func() { s.Close() })
	f.Fuzz(func(t *testing.T, data []byte) {
		b := fuzzSockaddr(AF_VSOCK, data)
		a := decodeChecked(t, s, b)
		v, ok := a.(VsockAddr)
		if !ok {
			if len(b) >= 12 {
				t.Fatalf("a %d-byte sockaddr_vm decoded to %T", len(b), a)
			}
			return
		}
		var out sockaddrBuf
		if _, err := v.encode(s, opBind, &out); err != nil {
			t.Fatalf("encode %v: %v", v, err)
		}
		if !bytes.Equal(out[4:12], b[4:12]) {
			t.Fatalf("round trip: % x became % x", b[4:12], out[4:12])
		}
	})
}

func FuzzDecodePacketAddr(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0x08, 0x00, 1, 0, 0, 0, 0x04, 0x03, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{0x88, 0xb5, 2, 0, 0, 0, 1, 0, 3, 6, 2, 0x70, 0x79, 0x73, 0x6b, 0x0a, 0, 0})
	f.Add([]byte{0, 3, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add(append([]byte{0x89, 0x15, 1, 0, 0, 0, 0x20, 0, 0, 20}, bytes.Repeat([]byte{0xab}, 20)...))
	f.Add([]byte{0, 0, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff})
	// A packet socket, where the process may open one, resolves interface
	// indexes as Recvfrom does; without it the names stay empty.
	s, err := New(AF_PACKET, SOCK_DGRAM, 0)
	if err != nil {
		s = nil
	} else {
		f.Cleanup(func() { s.Close() })
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b := fuzzSockaddr(AF_PACKET, data)
		a := decodeChecked(t, s, b)
		p, ok := a.(PacketAddr)
		if !ok {
			if len(b) >= 12 {
				t.Fatalf("a %d-byte sockaddr_ll decoded to %T", len(b), a)
			}
			return
		}
		halen := min(int(b[11]), len(b)-12)
		if len(p.Addr) != halen || !bytes.Equal(p.Addr, b[12:12+halen]) {
			t.Fatalf("hardware address % x from % x", p.Addr, b)
		}
		if s == nil || p.Ifname == "" || len(p.Addr) > maxHardwareAddr {
			return
		}
		// A name the kernel gave back encodes to the same index and fields.
		var out sockaddrBuf
		n, err := p.encode(s, opBind, &out)
		if err != nil {
			t.Fatalf("encode %v: %v", p, err)
		}
		if !bytes.Equal(out[2:11], b[2:11]) || int(out[11]) != halen || !bytes.Equal(out[12:12+halen], b[12:12+halen]) || n != sizeofSockaddrLL {
			t.Fatalf("round trip: % x became % x", b[:12+halen], out[:n])
		}
	})
}
