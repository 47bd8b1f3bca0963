//go:build linux

package socket_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"math"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// algOp binds an AF_ALG socket to addr, sets key when not nil, and returns
// the operation socket that Accept gives, with a 5 s timeout; both are
// closed when t ends.
func algOp(t testing.TB, addr socket.ALGAddr, key []byte, setup ...func(*socket.Socket) error) *socket.Socket {
	t.Helper()
	skipUnless(t, socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
	s := mustNew(t, socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
	if err := s.Bind(addr); err != nil {
		t.Fatalf("bind %v: %v", addr, err)
	}
	if key != nil {
		if err := s.SetsockoptALGSetKey(key); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range setup {
		if err := f(s); err != nil {
			t.Fatal(err)
		}
	}
	op, peer, err := s.Accept()
	if err != nil {
		t.Fatalf("accept: %v", err)
	}
	t.Cleanup(func() { op.Close() })
	if peer != nil {
		t.Errorf("accept on AF_ALG returned the address %#v, want nil", peer)
	}
	if err := op.Settimeout(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	return op
}

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*31 + 7)
	}
	return b
}

func TestALGHash(t *testing.T) {
	key := []byte("the key of the hmac")
	chunks := [][]byte{pattern(1), pattern(1000), {}, pattern(65536), pattern(3)}
	tests := []struct {
		name string
		addr socket.ALGAddr
		key  []byte
		want func() []byte
	}{
		{"sha256", socket.ALGAddr{Type: "hash", Name: "sha256"}, nil, func() []byte {
			h := sha256.New()
			for _, c := range chunks {
				h.Write(c)
			}
			return h.Sum(nil)
		}},
		{"hmac(sha256)", socket.ALGAddr{Type: "hash", Name: "hmac(sha256)"}, key, func() []byte {
			h := hmac.New(sha256.New, key)
			for _, c := range chunks {
				h.Write(c)
			}
			return h.Sum(nil)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := algOp(t, tt.addr, tt.key)
			for i, c := range chunks {
				flags := socket.MSG_MORE
				if i == len(chunks)-1 {
					flags = 0
				}
				if err := op.Sendall(c, flags); err != nil {
					t.Fatalf("chunk %d: %v", i, err)
				}
			}
			got, err := op.Recv(64)
			if err != nil {
				t.Fatal(err)
			}
			if want := tt.want(); !bytes.Equal(got, want) {
				t.Errorf("kernel %x, Go %x", got, want)
			}
		})
	}
}

func TestALGCBCAES(t *testing.T) {
	key, iv := pattern(16), bytes.Repeat([]byte{0x42}, aes.BlockSize)
	plain := pattern(4 * aes.BlockSize)
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(want, plain)

	op := algOp(t, socket.ALGAddr{Type: "skcipher", Name: "cbc(aes)"}, key)
	// The message in two buffers, and in two calls with MSG_MORE.
	n, err := op.SendmsgAfalg([][]byte{plain[:16], plain[16:40]}, socket.ALG_OP_ENCRYPT, iv, 0, socket.MSG_MORE)
	if err != nil || n != 40 {
		t.Fatalf("sendmsg_afalg: %d, %v", n, err)
	}
	if err := op.Sendall(plain[40:]); err != nil {
		t.Fatalf("sendall: %v", err)
	}
	got, err := op.Recv(len(plain))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("kernel encrypts to %x, Go to %x", got, want)
	}

	if _, err := op.SendmsgAfalg([][]byte{want}, socket.ALG_OP_DECRYPT, iv, 0, 0); err != nil {
		t.Fatal(err)
	}
	if got, err = op.Recv(len(want)); err != nil || !bytes.Equal(got, plain) {
		t.Errorf("kernel decrypts to %x (%v), want %x", got, err, plain)
	}

	// A wrong IV length is the kernel's EINVAL.
	if _, err := op.SendmsgAfalg([][]byte{plain}, socket.ALG_OP_ENCRYPT, iv[:3], 0, 0); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("3-byte IV: %v, want EINVAL", err)
	}
}

func TestALGGCMAES(t *testing.T) {
	key, nonce := pattern(32), pattern(12)
	assoc, plain := []byte("header that is authenticated"), pattern(100)
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	sealed := gcm.Seal(nil, nonce, plain, assoc) // ciphertext and tag

	op := algOp(t, socket.ALGAddr{Type: "aead", Name: "gcm(aes)"}, key,
		func(s *socket.Socket) error { return s.SetsockoptALGSetAEADAuthsize(gcm.Overhead()) })
	// Encryption reads assoc || plaintext and writes assoc || ciphertext || tag.
	if _, err := op.SendmsgAfalg([][]byte{assoc, plain}, socket.ALG_OP_ENCRYPT, nonce, len(assoc), 0); err != nil {
		t.Fatal(err)
	}
	got, err := op.Recv(len(assoc) + len(sealed))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got[:len(assoc)], assoc) || !bytes.Equal(got[len(assoc):], sealed) {
		t.Fatalf("kernel seals to %x, Go to %x", got[len(assoc):], sealed)
	}

	// Decryption reads assoc || ciphertext || tag and writes assoc || plaintext.
	if _, err := op.SendmsgAfalg([][]byte{assoc, sealed}, socket.ALG_OP_DECRYPT, nonce, len(assoc), 0); err != nil {
		t.Fatal(err)
	}
	if got, err = op.Recv(len(assoc) + len(plain)); err != nil || !bytes.Equal(got[len(assoc):], plain) {
		t.Fatalf("kernel opens to %x (%v), want %x", got, err, plain)
	}

	// A tag that does not verify is EBADMSG, on the read.
	bad := append([]byte(nil), sealed...)
	bad[len(bad)-1] ^= 1
	if _, err := op.SendmsgAfalg([][]byte{assoc, bad}, socket.ALG_OP_DECRYPT, nonce, len(assoc), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := op.Recv(len(assoc) + len(plain)); !errors.Is(err, syscall.EBADMSG) {
		t.Errorf("tampered tag: %v, want EBADMSG", err)
	}
}

func TestALGBindUnknown(t *testing.T) {
	skipUnless(t, socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
	s := mustNew(t, socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
	if err := s.Bind(socket.ALGAddr{Type: "hash", Name: "no-such-hash"}); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("unknown algorithm: %v, want ENOENT", err)
	}
	if err := s.Bind(socket.ALGAddr{Type: "hash", Name: strings.Repeat("n", 64)}); !errors.Is(err, socket.ErrInvalid) ||
		!strings.Contains(err.Error(), "AF_ALG name too long.") {
		t.Errorf("64-byte name: %v", err)
	}
}

// TestALGSendmsgAfalgArgs checks Python's argument errors; they come before
// any syscall, so any socket shows them.
func TestALGSendmsgAfalgArgs(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_DGRAM)
	tests := []struct {
		name     string
		op       int
		assoclen int
		text     string
	}{
		{"negative op", -1, 0, "Invalid or missing argument 'op'"},
		{"negative assoclen", socket.ALG_OP_ENCRYPT, -1, "assoclen must be positive"},
	}
	if strconv.IntSize == 64 {
		var wide int64 = math.MaxInt32 + 1
		over := int(wide)
		tests = append(tests,
			struct {
				name     string
				op       int
				assoclen int
				text     string
			}{"op over C int", over, 0, "Invalid or missing argument 'op'"},
			struct {
				name     string
				op       int
				assoclen int
				text     string
			}{"assoclen over C int", socket.ALG_OP_ENCRYPT, over, "too large"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.SendmsgAfalg([][]byte{[]byte("x")}, tt.op, nil, tt.assoclen, 0)
			var se *socket.Error
			if !errors.As(err, &se) || se.Op != "sendmsg_afalg" || !errors.Is(err, socket.ErrInvalid) || !strings.Contains(err.Error(), tt.text) {
				t.Errorf("got %v, want a sendmsg_afalg error saying %q", err, tt.text)
			}
		})
	}
	// On a socket that is not AF_ALG the control messages reach the kernel,
	// which ignores SOL_ALG ones on AF_UNIX: the buffers go out as one datagram.
	n, err := a.SendmsgAfalg([][]byte{[]byte("ab"), nil, []byte("c")}, socket.ALG_OP_ENCRYPT, []byte{1}, 3, 0)
	if err != nil || n != 3 {
		t.Fatalf("sendmsg_afalg on AF_UNIX: %d, %v", n, err)
	}
	if got, err := b.Recv(16); err != nil || string(got) != "abc" {
		t.Errorf("received %q, %v", got, err)
	}
}
