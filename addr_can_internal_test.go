//go:build linux

package socket

import (
	"errors"
	"net"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// socketAs opens a UDP socket and labels it with family, kind and proto, so
// that the address code of a family this kernel lacks (AF_CAN, AF_ALG) runs
// against a real descriptor: the interface ioctls work on any socket.
func socketAs(t testing.TB, family AddressFamily, kind SocketKind, proto int) *Socket {
	t.Helper()
	fd, e := sysSocket(AF_INET, SOCK_DGRAM, 0)
	if e != 0 {
		t.Fatalf("socket: %v", e)
	}
	s, err := newSocket(fd, family, kind, proto, NoTimeout, opSocket)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// pythonRepr evaluates each expression in python3 and returns the repr of
// each, one a line; it skips t where python3 is missing.
func pythonRepr(t testing.TB, exprs ...string) []string {
	t.Helper()
	exe, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found; install python3 to run the CPython conformance tests")
	}
	prog := "import sys\nfor e in sys.argv[1:]: print(repr(eval(e)))"
	out, err := exec.Command(exe, append([]string{"-c", prog}, exprs...)...).Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
}

func loIndex(t testing.TB) int {
	t.Helper()
	ifi, err := net.InterfaceByName("lo")
	if err != nil {
		t.Skipf("no lo interface: %v", err)
	}
	return ifi.Index
}

func TestPyCANAddrRoundTrip(t *testing.T) {
	t.Parallel()
	lo := loIndex(t)
	tests := []struct {
		name  string
		proto int
		addr  Addr
		py    string
	}{
		{"raw", CAN_RAW, CANAddr{"lo"}, "('lo',)"},
		{"raw all", CAN_RAW, CANAddr{""}, "('',)"},
		{"bcm", CAN_BCM, CANAddr{"lo"}, "('lo',)"},
		{"isotp", CAN_ISOTP, CANISOTPAddr{"lo", 0x123, 0x80000321}, "('lo', 0x123, 0x80000321)"},
		{"j1939", CAN_J1939, CANJ1939Addr{"lo", 0x1122334455667788, 0x3ff00, 0xfe}, "('lo', 0x1122334455667788, 0x3ff00, 0xfe)"},
		{"j1939 none", CAN_J1939, CANJ1939Addr{"", J1939_NO_NAME, J1939_NO_PGN, J1939_NO_ADDR}, "('', 0, 0x40000, 0xff)"},
	}
	var exprs []string
	for _, tt := range tests {
		exprs = append(exprs, tt.py)
	}
	want := pythonRepr(t, exprs...)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := socketAs(t, AF_CAN, SOCK_RAW, tt.proto)
			var b sockaddrBuf
			n, err := encodeAddr(s, opBind, tt.addr, &b)
			if err != nil {
				t.Fatal(err)
			}
			if n != sizeofSockaddrCAN || sockaddrFamily(b[:]) != AF_CAN {
				t.Fatalf("encoded %d bytes of family %d", n, sockaddrFamily(b[:]))
			}
			wantIndex := uint32(0)
			if !strings.HasPrefix(tt.py, "('',") {
				wantIndex = uint32(lo)
			}
			if got := nativeEndian.Uint32(b[4:]); got != wantIndex {
				t.Errorf("ifindex %d, want %d", got, wantIndex)
			}
			got := decodeAddr(s, b[:n])
			if got != tt.addr {
				t.Errorf("decoded %#v, want %#v", got, tt.addr)
			}
			if r := pyRepr(got); r != want[i] {
				t.Errorf("pyRepr %s, python says %s", r, want[i])
			}
			if got.Family() != AF_CAN || got.(interface{ Network() string }).Network() != "can" {
				t.Errorf("family %v network %q", got.Family(), got.(interface{ Network() string }).Network())
			}
		})
	}
}

func TestCANAddrShortSockaddr(t *testing.T) {
	t.Parallel()
	lo := loIndex(t)
	s := socketAs(t, AF_CAN, SOCK_RAW, CAN_RAW)
	// CAN_RAW's getsockname and recvfrom report 8 bytes: family and ifindex.
	b := make([]byte, 8)
	nativeEndian.PutUint16(b, uint16(AF_CAN))
	nativeEndian.PutUint32(b[4:], uint32(lo))
	if got := decodeAddr(s, b); got != (CANAddr{"lo"}) {
		t.Errorf("got %#v", got)
	}
	// An index that names no interface decodes to "", as CPython's makesockaddr.
	nativeEndian.PutUint32(b[4:], 0x7ffffff0)
	if got := decodeAddr(s, b); got != (CANAddr{""}) {
		t.Errorf("unknown index: got %#v", got)
	}
}

func TestCANAddrErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		family AddressFamily
		proto  int
		addr   Addr
		errno  syscall.Errno // 0: a *ValueError
		text   string
	}{
		{"name 16 bytes", AF_CAN, CAN_RAW, CANAddr{"abcdefghijklmnop"}, 0, "AF_CAN interface name too long"},
		{"name 40 bytes", AF_CAN, CAN_ISOTP, CANISOTPAddr{Interface: strings.Repeat("x", 40)}, 0, "AF_CAN interface name too long"},
		{"j1939 name too long", AF_CAN, CAN_J1939, CANJ1939Addr{Interface: strings.Repeat("x", 16)}, 0, "AF_CAN interface name too long"},
		{"embedded nul", AF_CAN, CAN_RAW, CANAddr{"vc\x00an"}, 0, "embedded null byte"},
		{"unknown 15 bytes", AF_CAN, CAN_RAW, CANAddr{"abcdefghijklmno"}, syscall.ENODEV, ""},
		{"isotp addr on raw", AF_CAN, CAN_RAW, CANISOTPAddr{Interface: "lo"}, 0, "CAN_RAW socket takes a CANAddr"},
		{"raw addr on isotp", AF_CAN, CAN_ISOTP, CANAddr{"lo"}, 0, "CAN_ISOTP socket takes a CANISOTPAddr"},
		{"raw addr on j1939", AF_CAN, CAN_J1939, CANAddr{"lo"}, 0, "CAN_J1939 socket takes a CANJ1939Addr"},
		{"unknown protocol", AF_CAN, 3, CANAddr{"lo"}, 0, "unsupported CAN protocol"},
		{"can addr on inet", AF_INET, 0, CANAddr{"lo"}, 0, "AF_INET socket"},
		{"inet addr on can", AF_CAN, CAN_RAW, InetAddr{"127.0.0.1", 1}, 0, "CANAddr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := socketAs(t, tt.family, SOCK_RAW, tt.proto)
			var b sockaddrBuf
			_, err := encodeAddr(s, opBind, tt.addr, &b)
			var se *Error
			if !errors.As(err, &se) || se.Op != opBind {
				t.Fatalf("got %v, want an *Error of bind", err)
			}
			if tt.errno != 0 {
				if !errors.Is(err, tt.errno) {
					t.Fatalf("got %v, want %v", err, tt.errno)
				}
				return
			}
			var ve *ValueError
			if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want a *ValueError", err)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q does not say %q", err, tt.text)
			}
		})
	}
}

// FuzzDecodeCAN feeds arbitrary sockaddr bytes to the AF_CAN decoder under
// each protocol: it must not panic, and what it decodes must encode again
// to the same fields.
func FuzzDecodeCAN(f *testing.F) {
	f.Add([]byte{29, 0, 0, 0, 1, 0, 0, 0}, uint8(CAN_RAW))
	f.Add([]byte{29, 0, 0, 0, 1, 0, 0, 0, 0x23, 1, 0, 0, 0x21, 3, 0, 0}, uint8(CAN_ISOTP))
	f.Add(make([]byte, 24), uint8(CAN_J1939))
	f.Add([]byte{29}, uint8(CAN_BCM))
	f.Add(make([]byte, 200), uint8(CAN_J1939))
	socks := map[uint8]*Socket{}
	for _, p := range []int{CAN_RAW, CAN_BCM, CAN_ISOTP, CAN_J1939} {
		socks[uint8(p)] = socketAs(f, AF_CAN, SOCK_RAW, p)
	}
	f.Fuzz(func(t *testing.T, b []byte, proto uint8) {
		s := socks[proto%8]
		if s == nil {
			s = socks[CAN_RAW]
		}
		if len(b) > len(sockaddrBuf{}) {
			b = b[:len(sockaddrBuf{})]
		}
		if len(b) >= 2 {
			nativeEndian.PutUint16(b, uint16(AF_CAN))
		}
		a := decodeAddr(s, b)
		if len(b) < 2 {
			if a != nil {
				t.Fatalf("short sockaddr decoded to %#v", a)
			}
			return
		}
		_ = pyRepr(a)
		_ = a.String()
		var out sockaddrBuf
		n, err := encodeAddr(s, opBind, a, &out)
		if err != nil {
			t.Fatalf("re-encoding %#v: %v", a, err)
		}
		if back := decodeAddr(s, out[:n]); back != a {
			t.Fatalf("round trip: %#v became %#v", a, back)
		}
	})
}

// FuzzCANFrameUnmarshal checks that the frame decoders never panic and that
// what they accept marshals back to the same bytes where those are defined.
func FuzzCANFrameUnmarshal(f *testing.F) {
	seed := make([]byte, CAN_MTU)
	seed[4] = 3
	f.Add(seed)
	f.Add(make([]byte, CANFD_MTU))
	f.Add([]byte{1, 2, 3})
	seed = make([]byte, CANFD_MTU)
	seed[4], seed[5] = 64, CANFD_BRS
	f.Add(seed)
	f.Fuzz(func(t *testing.T, b []byte) {
		var c CANFrame
		if err := c.UnmarshalBinary(b); err == nil {
			out, err := c.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if string(out[:5]) != string(b[:5]) || string(out[8:8+len(c.Data)]) != string(b[8:8+len(c.Data)]) {
				t.Fatalf("classic round trip: %x became %x", b, out)
			}
		} else if !errors.Is(err, ErrCANFrame) {
			t.Fatalf("error %v is not ErrCANFrame", err)
		}
		var fd CANFDFrame
		if err := fd.UnmarshalBinary(b); err == nil {
			out, err := fd.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if nativeEndian.Uint32(out) != nativeEndian.Uint32(b) || int(out[4]) != int(b[4]) {
				t.Fatalf("FD round trip: %x became %x", b, out)
			}
		}
		h, frames, err := ParseBCMMessage(b)
		if err == nil {
			back, err := BCMMessage(h, frames...)
			if err != nil {
				t.Fatal(err)
			}
			if len(back) != len(b) {
				t.Fatalf("BCM round trip: %d bytes became %d", len(b), len(back))
			}
		}
		_ = fd.String()
		_ = c.String()
	})
}
