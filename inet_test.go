package socket_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"syscall"
	"testing"

	"github.com/pysocket/socket"
)

func TestInetConversions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		family socket.AddressFamily
		text   string
		packed []byte
	}{
		{"v4", socket.AF_INET, "1.2.3.4", []byte{1, 2, 3, 4}},
		{"v4 zero", socket.AF_INET, "0.0.0.0", []byte{0, 0, 0, 0}},
		{"v6 loopback", socket.AF_INET6, "::1", append(make([]byte, 15), 1)},
		{"v6 mapped", socket.AF_INET6, "::ffff:1.2.3.4", []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4}},
		{"v6 full", socket.AF_INET6, "1:2:3:4:5:6:7:8", []byte{0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := socket.InetPton(tt.family, tt.text)
			if err != nil || !bytes.Equal(b, tt.packed) {
				t.Fatalf("InetPton(%s, %q) = %x, %v; want %x", tt.family, tt.text, b, err, tt.packed)
			}
			s, err := socket.InetNtop(tt.family, tt.packed)
			if err != nil || s != tt.text {
				t.Fatalf("InetNtop(%s, %x) = %q, %v; want %q", tt.family, tt.packed, s, err, tt.text)
			}
		})
	}
}

func TestInetBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"aton nul", func() error { _, err := socket.InetAton("1.2.3.4\x00"); return err }, socket.ErrInvalid},
		{"aton junk", func() error { _, err := socket.InetAton("1.2.3.4.5"); return err }, socket.ErrInvalid},
		{"ntoa short", func() error { _, err := socket.InetNtoa([]byte{1, 2, 3}); return err }, socket.ErrInvalid},
		{"ntoa nil", func() error { _, err := socket.InetNtoa(nil); return err }, socket.ErrInvalid},
		{"pton family", func() error { _, err := socket.InetPton(socket.AF_UNIX, "1.2.3.4"); return err }, syscall.EAFNOSUPPORT},
		{"pton strict", func() error { _, err := socket.InetPton(socket.AF_INET, "01.2.3.4"); return err }, socket.ErrInvalid},
		{"ntop length", func() error { _, err := socket.InetNtop(socket.AF_INET6, make([]byte, 15)); return err }, socket.ErrInvalid},
		{"ntop family", func() error { _, err := socket.InetNtop(socket.AddressFamily(99), make([]byte, 4)); return err }, socket.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v; want %v", err, tt.want)
			}
			var se *socket.Error
			if !errors.As(err, &se) || se.Op == "" {
				t.Fatalf("err = %#v; want a *socket.Error with the operation", err)
			}
		})
	}
}

func TestByteOrder(t *testing.T) {
	t.Parallel()
	for _, x := range []uint16{0, 1, 0x1234, 0xffff} {
		if socket.Ntohs(socket.Htons(x)) != x {
			t.Errorf("Ntohs(Htons(%#x)) != %#x", x, x)
		}
		b := []byte{byte(x >> 8), byte(x)}
		if got := socket.Htons(x); got != binary.NativeEndian.Uint16(b) {
			t.Errorf("Htons(%#x) = %#x; not network order", x, got)
		}
	}
	for _, x := range []uint32{0, 1, 0x12345678, 0xffffffff} {
		if socket.Ntohl(socket.Htonl(x)) != x {
			t.Errorf("Ntohl(Htonl(%#x)) != %#x", x, x)
		}
		b := binary.BigEndian.AppendUint32(nil, x)
		if got := socket.Htonl(x); got != binary.NativeEndian.Uint32(b) {
			t.Errorf("Htonl(%#x) = %#x; not network order", x, got)
		}
	}
}

// FuzzInetAton checks that InetAton never panics and that what it accepts
// survives InetNtoa and the strict InetPton.
func FuzzInetAton(f *testing.F) {
	for _, s := range []string{"1.2.3.4", "1.2.3", "1", "0x7f.1", "017.0.0.1", "4294967295", "1.2.3.4 junk",
		"255.255.255.256", "", " 1", "0x", "08", "1.16777215", "0xffffffff", "1..2", "1.2.3.4\x00", "99999999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := socket.InetAton(s)
		if err != nil {
			if !errors.Is(err, socket.ErrInvalid) {
				t.Fatalf("InetAton(%q): %v is not ErrInvalid", s, err)
			}
			return
		}
		if len(b) != 4 {
			t.Fatalf("InetAton(%q) = %x", s, b)
		}
		text, err := socket.InetNtoa(b)
		if err != nil {
			t.Fatal(err)
		}
		b2, err := socket.InetAton(text)
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("InetAton(InetNtoa(%x) = %q) = %x, %v", b, text, b2, err)
		}
		b3, err := socket.InetPton(socket.AF_INET, text)
		if err != nil || !bytes.Equal(b, b3) {
			t.Fatalf("InetPton(%q) = %x, %v; want %x", text, b3, err, b)
		}
	})
}

// FuzzInetPton checks that InetPton never panics, that what it accepts
// formats back to text that parses to the same bytes, and that every
// strict IPv4 address is one that InetAton reads the same.
func FuzzInetPton(f *testing.F) {
	for _, s := range []string{"::1", "::", "1::", ":1::", "1:::2", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::",
		"fe80::1%lo", "00000::1", "::1.2.3", "1.2.3.4", "01.2.3.4", "256.0.0.0", "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4:1"} {
		f.Add(uint8(4), s)
		f.Add(uint8(6), s)
	}
	f.Fuzz(func(t *testing.T, fam uint8, s string) {
		family := socket.AF_INET
		if fam%2 == 0 {
			family = socket.AF_INET6
		}
		b, err := socket.InetPton(family, s)
		if err != nil {
			if !errors.Is(err, socket.ErrInvalid) {
				t.Fatalf("InetPton(%q): %v is not ErrInvalid", s, err)
			}
			return
		}
		text, err := socket.InetNtop(family, b)
		if err != nil {
			t.Fatal(err)
		}
		b2, err := socket.InetPton(family, text)
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("InetPton(InetNtop(%x) = %q) = %x, %v", b, text, b2, err)
		}
		if family == socket.AF_INET {
			b3, err := socket.InetAton(s)
			if err != nil || !bytes.Equal(b, b3) {
				t.Fatalf("InetAton(%q) = %x, %v; InetPton gave %x", s, b3, err, b)
			}
		}
	})
}

// FuzzInetNtop checks that every 4 or 16 bytes format to text that
// InetPton reads back to the same bytes, and other lengths are errors.
func FuzzInetNtop(f *testing.F) {
	for _, b := range [][]byte{{1, 2, 3, 4}, make([]byte, 16), append(make([]byte, 15), 1),
		{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4}, {0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, {1, 2, 3}} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		family := socket.AF_INET6
		if len(b) == 4 {
			family = socket.AF_INET
		}
		text, err := socket.InetNtop(family, b)
		if len(b) != 4 && len(b) != 16 {
			if !errors.Is(err, socket.ErrInvalid) {
				t.Fatalf("InetNtop(%x) = %q, %v; want ErrInvalid", b, text, err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		b2, err := socket.InetPton(family, text)
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("InetPton(InetNtop(%x) = %q) = %x, %v", b, text, b2, err)
		}
	})
}
