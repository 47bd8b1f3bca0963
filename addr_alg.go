//go:build linux

package socket

import (
	"bytes"
	"context"
	"math"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// ALGAddr is an AF_ALG address, as Python's (type, name, feat, mask) tuple:
// the kind of transformation ("hash", "skcipher", "aead", "rng"), the
// algorithm's name in the kernel's crypto API ("sha256", "cbc(aes)",
// "gcm(aes)") and the feature and mask bits (usually 0). Type is at most 13
// bytes and Name at most 63.
type ALGAddr struct {
	Type string
	Name string
	Feat uint32
	Mask uint32
}

// Family returns AF_ALG.
func (a ALGAddr) Family() AddressFamily { return AF_ALG }

// Network returns "alg".
func (a ALGAddr) Network() string { return "alg" }

// String returns "type:name", with the feature and mask bits in hex when
// either is set ("hash:sha256", "skcipher:cbc(aes) feat 0x1 mask 0x1").
func (a ALGAddr) String() string {
	s := a.Type + ":" + a.Name
	if a.Feat != 0 || a.Mask != 0 {
		s += " feat 0x" + strconv.FormatUint(uint64(a.Feat), 16) + " mask 0x" + strconv.FormatUint(uint64(a.Mask), 16)
	}
	return s
}

func (a ALGAddr) pyRepr() string {
	return "(" + pyStr(a.Type) + ", " + pyStr(a.Name) + ", " + strconv.FormatUint(uint64(a.Feat), 10) + ", " +
		strconv.FormatUint(uint64(a.Mask), 10) + ")"
}

// struct sockaddr_alg: family u16, salg_type[14] at 2, salg_feat u32 at 16,
// salg_mask u32 at 20, salg_name[64] at 24.
const (
	sizeofSockaddrALG = unix.SizeofSockaddrALG
	algTypeLen        = 14
	algNameLen        = 64
)

func init() {
	registerDecoder(AF_ALG, decodeALG)
	familyAddrTypes[AF_ALG] = "ALGAddr"
	// accept(2) on an AF_ALG socket must get no address buffer.
	acceptsNoPeer[AF_ALG] = true
}

func (a ALGAddr) encode(s *Socket, op string, b *sockaddrBuf) (int, error) {
	if s.family != AF_ALG {
		return 0, familyMismatch(s, op, a)
	}
	if len(a.Type) >= algTypeLen {
		return 0, valueErr(op, a, "type", "AF_ALG type too long. (%d bytes; the limit is %d)", len(a.Type), algTypeLen-1)
	}
	if len(a.Name) >= algNameLen {
		return 0, valueErr(op, a, "name", "AF_ALG name too long. (%d bytes; the limit is %d)", len(a.Name), algNameLen-1)
	}
	if strings.IndexByte(a.Type, 0) >= 0 {
		return 0, valueErr(op, a, "type", "embedded null character")
	}
	if strings.IndexByte(a.Name, 0) >= 0 {
		return 0, valueErr(op, a, "name", "embedded null character")
	}
	clear(b[:sizeofSockaddrALG])
	putSockaddrFamily(b, AF_ALG, sizeofSockaddrALG)
	copy(b[2:2+algTypeLen], a.Type)
	nativeEndian.PutUint32(b[16:], a.Feat)
	nativeEndian.PutUint32(b[20:], a.Mask)
	copy(b[24:24+algNameLen], a.Name)
	return sizeofSockaddrALG, nil
}

// decodeALG decodes a struct sockaddr_alg; a short one reads as zero-padded.
func decodeALG(_ *Socket, b []byte) Addr {
	var sa [sizeofSockaddrALG]byte
	copy(sa[:], b)
	return ALGAddr{
		Type: cString(sa[2 : 2+algTypeLen]),
		Name: cString(sa[24 : 24+algNameLen]),
		Feat: nativeEndian.Uint32(sa[16:]),
		Mask: nativeEndian.Uint32(sa[20:]),
	}
}

// cString returns the bytes of b up to its first NUL.
func cString(b []byte) string {
	if n := bytes.IndexByte(b, 0); n >= 0 {
		b = b[:n]
	}
	return string(b)
}

const opSendmsgAfalg = "sendmsg_afalg"

// maxIVLen is the longest IV whose control message length fits the u32
// ivlen and cmsg_len.
const maxIVLen = math.MaxUint32 - unix.SizeofCmsghdr - 4 - 8

// SendmsgAfalg sends the buffers of msg to an AF_ALG operation socket (one
// that Accept returned) with the control messages that set up the
// operation, as Python's socket.sendmsg_afalg; it wraps sendmsg(2).
//
// op is ALG_OP_ENCRYPT, ALG_OP_DECRYPT (or ALG_OP_SIGN, ALG_OP_VERIFY) and
// goes out as ALG_SET_OP. A non-nil iv goes out as ALG_SET_IV (struct
// af_alg_iv); nil sends none. A positive assoclen goes out as
// ALG_SET_AEAD_ASSOCLEN; 0 sends none, which the kernel takes as 0. flags
// are sendmsg's, optional as in Python (MSG_MORE to continue the operation
// in a later call). It
// returns the number of bytes sent.
//
// Errors: a negative op or one over a C int, a negative assoclen or one over
// a C int, or an iv longer than 4294967295 bytes is an *Error with a
// *ValueError, before any syscall; otherwise an *Error with the errno
// (EINVAL for a wrong IV length or operation, EBADMSG when an AEAD tag does
// not verify, which the kernel reports on the read), os.ErrDeadlineExceeded
// on timeout.
func (s *Socket) SendmsgAfalg(msg [][]byte, op int, iv []byte, assoclen int, flags ...int) (int, error) {
	if op < 0 || op > math.MaxInt32 {
		return 0, valueErr(opSendmsgAfalg, nil, "op", "Invalid or missing argument 'op' (%d)", op)
	}
	if assoclen < 0 {
		return 0, valueErr(opSendmsgAfalg, nil, "assoclen", "assoclen must be positive (%d)", assoclen)
	}
	if assoclen > math.MaxInt32 {
		return 0, valueErr(opSendmsgAfalg, nil, "assoclen", "Python int too large to convert to C int (%d)", assoclen)
	}
	if uint64(len(iv)) > maxIVLen {
		return 0, valueErr(opSendmsgAfalg, nil, "iv", "iv is %d bytes; the limit is %d", len(iv), uint64(maxIVLen))
	}
	f := flagsOf(flags)
	if f < math.MinInt32 || f > math.MaxInt32 {
		return 0, valueErr(opSendmsgAfalg, nil, "flags", "%d does not fit a C int", f)
	}
	return s.sendmsg(context.Background(), opSendmsgAfalg, msg, afalgControl(uint32(op), iv, uint32(assoclen)), f, nil)
}

// afalgControl gives the control messages of SendmsgAfalg: ALG_SET_OP (a
// u32), ALG_SET_IV (struct af_alg_iv: u32 ivlen, then the bytes) when iv is
// not nil, and ALG_SET_AEAD_ASSOCLEN (a u32) when assoclen is not 0.
func afalgControl(op uint32, iv []byte, assoclen uint32) []ControlMessage {
	u32 := func(v uint32) []byte { return nativeEndian.AppendUint32(nil, v) }
	msgs := []ControlMessage{{Level: SOL_ALG, Type: ALG_SET_OP, Data: u32(op)}}
	if iv != nil {
		msgs = append(msgs, ControlMessage{Level: SOL_ALG, Type: ALG_SET_IV, Data: append(u32(uint32(len(iv))), iv...)})
	}
	if assoclen != 0 {
		msgs = append(msgs, ControlMessage{Level: SOL_ALG, Type: ALG_SET_AEAD_ASSOCLEN, Data: u32(assoclen)})
	}
	return msgs
}

// SetsockoptALGSetKey sets the key of an AF_ALG transformation (hmac, a cipher, an
// AEAD) on the bound socket, before Accept, as Python's
// setsockopt(SOL_ALG, ALG_SET_KEY, key); it wraps setsockopt(2). Errors:
// EINVAL for a key of the wrong size, ENOPROTOOPT for an algorithm that
// takes no key.
func (s *Socket) SetsockoptALGSetKey(key []byte) error {
	return s.SetsockoptBytes(SOL_ALG, ALG_SET_KEY, key)
}

// SetsockoptALGSetAEADAuthsize sets the tag size of an AF_ALG AEAD transformation, as
// Python's setsockopt(SOL_ALG, ALG_SET_AEAD_AUTHSIZE, None, size); it wraps
// setsockopt(2) with a NULL value of length size. A negative size or one
// over a C int is an *Error with a *ValueError; the kernel answers EINVAL
// for a size the algorithm does not take.
func (s *Socket) SetsockoptALGSetAEADAuthsize(size int) error {
	if size < 0 || size > math.MaxInt32 {
		return valueErr(opSetsockopt, nil, "size", "AEAD tag size %d is out of range (0 to %d)", size, math.MaxInt32)
	}
	return s.setOpt(SOL_ALG, ALG_SET_AEAD_AUTHSIZE, nil, size)
}
