//go:build linux

package socket

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

func TestPyALGAddrRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		addr ALGAddr
		py   string
	}{
		{"hash", ALGAddr{"hash", "sha256", 0, 0}, "('hash', 'sha256', 0, 0)"},
		{"longest", ALGAddr{strings.Repeat("t", 13), strings.Repeat("n", 63), 1, 0xffffffff}, "('" + strings.Repeat("t", 13) + "', '" + strings.Repeat("n", 63) + "', 1, 4294967295)"},
		{"aead", ALGAddr{"aead", "gcm(aes)", 0, 0}, "('aead', 'gcm(aes)', 0, 0)"},
		{"empty", ALGAddr{}, "('', '', 0, 0)"},
	}
	var exprs []string
	for _, tt := range tests {
		exprs = append(exprs, tt.py)
	}
	want := pythonRepr(t, exprs...)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := socketAs(t, AF_ALG, SOCK_SEQPACKET, 0)
			var b sockaddrBuf
			n, err := encodeAddr(s, opBind, tt.addr, &b)
			if err != nil {
				t.Fatal(err)
			}
			if n != sizeofSockaddrALG {
				t.Fatalf("encoded %d bytes, want %d", n, sizeofSockaddrALG)
			}
			// The layout of x/sys/unix's RawSockaddrALG.
			raw := (*unix.RawSockaddrALG)(unsafeSockaddr(&b))
			if raw.Family != unix.AF_ALG || cString(raw.Type[:]) != tt.addr.Type || cString(raw.Name[:]) != tt.addr.Name ||
				raw.Feat != tt.addr.Feat || raw.Mask != tt.addr.Mask {
				t.Errorf("raw sockaddr %+v", raw)
			}
			got := decodeAddr(s, b[:n])
			if got != tt.addr {
				t.Errorf("decoded %#v, want %#v", got, tt.addr)
			}
			if r := pyRepr(got); r != want[i] {
				t.Errorf("pyRepr %s, python says %s", r, want[i])
			}
		})
	}
}

func TestALGAddrErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		family AddressFamily
		addr   Addr
		text   string
	}{
		{"type 14 bytes", AF_ALG, ALGAddr{Type: strings.Repeat("t", 14), Name: "sha256"}, "AF_ALG type too long."},
		{"name 64 bytes", AF_ALG, ALGAddr{Type: "hash", Name: strings.Repeat("n", 64)}, "AF_ALG name too long."},
		{"nul in type", AF_ALG, ALGAddr{Type: "ha\x00sh", Name: "sha256"}, "embedded null character"},
		{"nul in name", AF_ALG, ALGAddr{Type: "hash", Name: "sha\x00256"}, "embedded null character"},
		{"alg addr on unix", AF_UNIX, ALGAddr{Type: "hash", Name: "sha256"}, "UnixAddr"},
		{"inet addr on alg", AF_ALG, InetAddr{"127.0.0.1", 1}, "ALGAddr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := socketAs(t, tt.family, SOCK_SEQPACKET, 0)
			var b sockaddrBuf
			_, err := encodeAddr(s, opBind, tt.addr, &b)
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

// TestAfalgControl checks the control messages of SendmsgAfalg with
// x/sys/unix's parser: the types, the lengths and the values.
func TestAfalgControl(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		op       uint32
		iv       []byte
		assoclen uint32
		types    []int32
	}{
		{"op only", ALG_OP_ENCRYPT, nil, 0, []int32{ALG_SET_OP}},
		{"op and iv", ALG_OP_DECRYPT, bytes.Repeat([]byte{7}, 16), 0, []int32{ALG_SET_OP, ALG_SET_IV}},
		{"empty iv", ALG_OP_DECRYPT, []byte{}, 0, []int32{ALG_SET_OP, ALG_SET_IV}},
		{"odd iv", ALG_OP_ENCRYPT, []byte{1, 2, 3}, 5, []int32{ALG_SET_OP, ALG_SET_IV, ALG_SET_AEAD_ASSOCLEN}},
		{"aead", ALG_OP_ENCRYPT, make([]byte, 12), 20, []int32{ALG_SET_OP, ALG_SET_IV, ALG_SET_AEAD_ASSOCLEN}},
		{"assoclen without iv", ALG_OP_ENCRYPT, nil, 1, []int32{ALG_SET_OP, ALG_SET_AEAD_ASSOCLEN}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			oob, err := buildControl(opSendmsgAfalg, afalgControl(tt.op, tt.iv, tt.assoclen))
			if err != nil {
				t.Fatal(err)
			}
			msgs, err := unix.ParseSocketControlMessage(oob)
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != len(tt.types) {
				t.Fatalf("%d messages, want %d", len(msgs), len(tt.types))
			}
			for i, m := range msgs {
				if m.Header.Level != SOL_ALG || m.Header.Type != tt.types[i] {
					t.Errorf("message %d: level %d type %d", i, m.Header.Level, m.Header.Type)
				}
				switch m.Header.Type {
				case ALG_SET_OP:
					if len(m.Data) != 4 || nativeEndian.Uint32(m.Data) != tt.op {
						t.Errorf("op %x", m.Data)
					}
				case ALG_SET_IV:
					if len(m.Data) != 4+len(tt.iv) || nativeEndian.Uint32(m.Data) != uint32(len(tt.iv)) || !bytes.Equal(m.Data[4:], tt.iv) {
						t.Errorf("iv %x", m.Data)
					}
				case ALG_SET_AEAD_ASSOCLEN:
					if len(m.Data) != 4 || nativeEndian.Uint32(m.Data) != tt.assoclen {
						t.Errorf("assoclen %x", m.Data)
					}
				}
			}
		})
	}
}

// FuzzDecodeALG feeds arbitrary bytes to the AF_ALG decoder: no panic, and
// what it decodes encodes back to the same address.
func FuzzDecodeALG(f *testing.F) {
	var b sockaddrBuf
	n, _ := ALGAddr{"hash", "sha256", 1, 2}.encode(&Socket{family: AF_ALG}, opBind, &b)
	f.Add(append([]byte(nil), b[:n]...))
	f.Add([]byte{38, 0})
	f.Add(bytes.Repeat([]byte{'a'}, 120))
	s := socketAs(f, AF_ALG, SOCK_SEQPACKET, 0)
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > len(sockaddrBuf{}) {
			in = in[:len(sockaddrBuf{})]
		}
		if len(in) >= 2 {
			nativeEndian.PutUint16(in, uint16(AF_ALG))
		}
		a := decodeAddr(s, in)
		if a == nil {
			return
		}
		_ = pyRepr(a)
		_ = a.String()
		var out sockaddrBuf
		n, err := encodeAddr(s, opBind, a, &out)
		if alg := a.(ALGAddr); err != nil && errors.Is(err, ErrInvalid) && (len(alg.Type) >= algTypeLen || len(alg.Name) >= algNameLen) {
			return // fields without their NUL, as CPython's strnlen reads them: no bind takes them
		}
		if err != nil {
			t.Fatalf("re-encoding %#v: %v", a, err)
		}
		if back := decodeAddr(s, out[:n]); back != a {
			t.Fatalf("round trip: %#v became %#v", a, back)
		}
	})
}

func unsafeSockaddr(b *sockaddrBuf) unsafe.Pointer { return unsafe.Pointer(&b[0]) }
