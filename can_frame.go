//go:build linux

package socket

import (
	"errors"
	"strconv"
	"time"
	"unsafe"
)

// CANFrame is a classic CAN frame, the kernel's struct can_frame (16 bytes:
// u32 can_id, u8 len, three bytes of padding and reserved fields, 8 data
// bytes), as Python's CAN example packs it with struct format "=IB3x8s".
// ID is the can_id with its flag bits: CAN_EFF_FLAG for a 29-bit id,
// CAN_RTR_FLAG for a remote request, CAN_ERR_FLAG for an error frame. Data
// holds at most CAN_MAX_DLEN (8) bytes; its length is the frame's length
// (for a remote request, the length requested).
type CANFrame struct {
	ID   uint32
	Data []byte
}

// CANFDFrame is a CAN FD frame, the kernel's struct canfd_frame (72 bytes:
// u32 can_id, u8 len, u8 flags, two reserved bytes, 64 data bytes). Flags
// holds CANFD_BRS, CANFD_ESI and CANFD_FDF. Data holds at most
// CANFD_MAX_DLEN (64) bytes.
type CANFDFrame struct {
	ID    uint32
	Flags uint8
	Data  []byte
}

// ErrCANFrame is the cause of the errors that the CAN frame and BCM
// encoders and decoders return: a buffer of the wrong size, a length out of
// range. errors.Is(err, ErrInvalid) holds as well.
var ErrCANFrame = errors.New("bad CAN frame")

type canFrameError struct{ msg string }

func (e *canFrameError) Error() string        { return "CAN frame: " + e.msg }
func (e *canFrameError) Is(target error) bool { return target == ErrCANFrame || target == ErrInvalid }

func frameErr(format string, n, limit int) error {
	return &canFrameError{msg: format + " (" + strconv.Itoa(n) + "; the limit is " + strconv.Itoa(limit) + ")"}
}

// IsExtended reports whether the frame has a 29-bit id (CAN_EFF_FLAG).
func (f CANFrame) IsExtended() bool { return f.ID&CAN_EFF_FLAG != 0 }

// IsRemote reports whether the frame is a remote request (CAN_RTR_FLAG).
func (f CANFrame) IsRemote() bool { return f.ID&CAN_RTR_FLAG != 0 }

// IsError reports whether the frame is an error frame (CAN_ERR_FLAG).
func (f CANFrame) IsError() bool { return f.ID&CAN_ERR_FLAG != 0 }

// ArbitrationID returns the id without its flag bits: 11 bits for a
// standard frame, 29 for an extended one.
func (f CANFrame) ArbitrationID() uint32 { return canArbID(f.ID) }

// ArbitrationID returns the id without its flag bits.
func (f CANFDFrame) ArbitrationID() uint32 { return canArbID(f.ID) }

func canArbID(id uint32) uint32 {
	if id&CAN_EFF_FLAG != 0 {
		return id & CAN_EFF_MASK
	}
	return id & CAN_SFF_MASK
}

// String formats the frame as candump does: "123#0102", "12345678#", "123#R".
func (f CANFrame) String() string { return canString(f.ID, f.Data, 0, false) }

// String formats the frame as candump does for FD frames: "123##1" then the
// flags nibble and the data in hex.
func (f CANFDFrame) String() string { return canString(f.ID, f.Data, f.Flags, true) }

func canString(id uint32, data []byte, flags uint8, fd bool) string {
	const hexdigits = "0123456789ABCDEF"
	b := make([]byte, 0, 16+2*len(data))
	if id&CAN_EFF_FLAG != 0 || id&CAN_ERR_FLAG != 0 {
		s := strconv.FormatUint(uint64(id&(CAN_EFF_MASK|CAN_ERR_FLAG)), 16)
		for i := len(s); i < 8; i++ {
			b = append(b, '0')
		}
		for _, c := range []byte(s) {
			if c >= 'a' {
				c -= 'a' - 'A'
			}
			b = append(b, c)
		}
	} else {
		v := id & CAN_SFF_MASK
		b = append(b, hexdigits[v>>8], hexdigits[v>>4&15], hexdigits[v&15])
	}
	b = append(b, '#')
	if fd {
		b = append(b, '#', hexdigits[flags&15])
	} else if id&CAN_RTR_FLAG != 0 {
		b = append(b, 'R')
		if len(data) > 0 {
			b = append(b, hexdigits[len(data)&15])
		}
		return string(b)
	}
	for _, c := range data {
		b = append(b, hexdigits[c>>4], hexdigits[c&15])
	}
	return string(b)
}

// MarshalBinary returns the frame as the kernel's 16-byte struct can_frame
// in native byte order. More than 8 data bytes is an error.
func (f CANFrame) MarshalBinary() ([]byte, error) { return f.AppendBinary(make([]byte, 0, CAN_MTU)) }

// AppendBinary appends the frame's struct can_frame to b; it allocates
// nothing when b has room.
func (f CANFrame) AppendBinary(b []byte) ([]byte, error) {
	if len(f.Data) > CAN_MAX_DLEN {
		return b, frameErr("data is too long", len(f.Data), CAN_MAX_DLEN)
	}
	n := len(b)
	b = append(b, make([]byte, CAN_MTU)...)
	nativeEndian.PutUint32(b[n:], f.ID)
	b[n+4] = uint8(len(f.Data))
	copy(b[n+8:], f.Data)
	return b, nil
}

// UnmarshalBinary reads a 16-byte struct can_frame in native byte order
// into f, reusing f.Data's storage. A buffer of another size or a length
// over 8 is an error.
func (f *CANFrame) UnmarshalBinary(b []byte) error {
	if len(b) != CAN_MTU {
		return frameErr("struct can_frame must be 16 bytes", len(b), CAN_MTU)
	}
	n := int(b[4])
	if n > CAN_MAX_DLEN {
		return frameErr("len is out of range", n, CAN_MAX_DLEN)
	}
	f.ID = nativeEndian.Uint32(b)
	f.Data = append(f.Data[:0], b[8:8+n]...)
	return nil
}

// MarshalBinary returns the frame as the kernel's 72-byte struct
// canfd_frame in native byte order. More than 64 data bytes is an error.
func (f CANFDFrame) MarshalBinary() ([]byte, error) {
	return f.AppendBinary(make([]byte, 0, CANFD_MTU))
}

// AppendBinary appends the frame's struct canfd_frame to b; it allocates
// nothing when b has room.
func (f CANFDFrame) AppendBinary(b []byte) ([]byte, error) {
	if len(f.Data) > CANFD_MAX_DLEN {
		return b, frameErr("data is too long", len(f.Data), CANFD_MAX_DLEN)
	}
	n := len(b)
	b = append(b, make([]byte, CANFD_MTU)...)
	nativeEndian.PutUint32(b[n:], f.ID)
	b[n+4] = uint8(len(f.Data))
	b[n+5] = f.Flags
	copy(b[n+8:], f.Data)
	return b, nil
}

// UnmarshalBinary reads a 72-byte struct canfd_frame in native byte order
// into f, reusing f.Data's storage. A 16-byte classic frame is accepted too
// (a CAN_RAW_FD_FRAMES socket delivers both). Another size or a length out
// of range is an error.
func (f *CANFDFrame) UnmarshalBinary(b []byte) error {
	limit := CANFD_MAX_DLEN
	switch len(b) {
	case CANFD_MTU:
	case CAN_MTU:
		limit = CAN_MAX_DLEN
	default:
		return frameErr("struct canfd_frame must be 72 bytes", len(b), CANFD_MTU)
	}
	n := int(b[4])
	if n > limit {
		return frameErr("len is out of range", n, limit)
	}
	f.ID = nativeEndian.Uint32(b)
	f.Flags = 0
	if len(b) == CANFD_MTU {
		f.Flags = b[5]
	}
	f.Data = append(f.Data[:0], b[8:8+n]...)
	return nil
}

// CANFilter is one entry of CAN_RAW_FILTER, the kernel's struct can_filter:
// a frame passes when its can_id & Mask == ID & Mask (CAN_INV_FILTER in ID
// inverts the test).
type CANFilter struct {
	ID   uint32
	Mask uint32
}

// BCMMsgHead is the head of a CAN_BCM message, the kernel's struct
// bcm_msg_head (Python's test packs it with native format "@3I4l2I"
// padded to a multiple of 8): Opcode is CAN_BCM_TX_SETUP, CAN_BCM_RX_SETUP
// and so on; Flags the CAN_BCM_* flags (SETTIMER, STARTTIMER, ...); Count
// the number of frames sent at Ival1 before going on at Ival2; CANID the id
// the operation is about; Nframes the number of frames that follow the head.
// The intervals travel as struct bcm_timeval (seconds and microseconds, C
// longs), so they are kept to the microsecond.
type BCMMsgHead struct {
	Opcode  uint32
	Flags   uint32
	Count   uint32
	Ival1   time.Duration
	Ival2   time.Duration
	CANID   uint32
	Nframes uint32
}

// The layout of struct bcm_msg_head: three u32, then two bcm_timeval of two
// C longs each (long is pointer-sized on Linux), then can_id and nframes;
// the frames after it are 8-byte aligned.
const (
	bcmLong    = int(unsafe.Sizeof(uintptr(0)))
	bcmIval1   = (12 + bcmLong - 1) / bcmLong * bcmLong
	bcmCANID   = bcmIval1 + 4*bcmLong
	bcmHeadEnd = bcmCANID + 8
	bcmMaxSec  = 400 * 24 * 60 * 60
)

// BCMHeadSize is sizeof(struct bcm_msg_head), where a CAN_BCM message's
// frames start: 56 bytes on 64-bit systems, 40 on 32-bit ones.
const BCMHeadSize = (bcmHeadEnd + 7) / 8 * 8

// AppendBinary appends the head as the kernel's struct bcm_msg_head in
// native byte order. A negative interval is an error, as is one over the kernel's 400 days.
func (h BCMMsgHead) AppendBinary(b []byte) ([]byte, error) {
	n := len(b)
	b = append(b, make([]byte, BCMHeadSize)...)
	p := b[n:]
	nativeEndian.PutUint32(p[0:], h.Opcode)
	nativeEndian.PutUint32(p[4:], h.Flags)
	nativeEndian.PutUint32(p[8:], h.Count)
	for i, d := range [2]time.Duration{h.Ival1, h.Ival2} {
		if d < 0 || d/time.Second > bcmMaxSec {
			return b[:n], &canFrameError{msg: "BCM interval out of range (0 to 400 days): " + d.String()}
		}
		sec := int64(d / time.Second)
		usec := int64(d%time.Second) / int64(time.Microsecond)
		off := bcmIval1 + i*2*bcmLong
		if bcmLong == 8 {
			nativeEndian.PutUint64(p[off:], uint64(sec))
			nativeEndian.PutUint64(p[off+8:], uint64(usec))
		} else {
			nativeEndian.PutUint32(p[off:], uint32(sec))
			nativeEndian.PutUint32(p[off+4:], uint32(usec))
		}
	}
	nativeEndian.PutUint32(p[bcmCANID:], h.CANID)
	nativeEndian.PutUint32(p[bcmCANID+4:], h.Nframes)
	return b, nil
}

// MarshalBinary returns the head as struct bcm_msg_head.
func (h BCMMsgHead) MarshalBinary() ([]byte, error) {
	return h.AppendBinary(make([]byte, 0, BCMHeadSize))
}

// UnmarshalBinary reads a struct bcm_msg_head from the start of b (the
// frames may follow it). A buffer shorter than BCMHeadSize or an interval
// out of the kernel's range is an error.
func (h *BCMMsgHead) UnmarshalBinary(b []byte) error {
	if len(b) < BCMHeadSize {
		return frameErr("struct bcm_msg_head is too short", len(b), BCMHeadSize)
	}
	h.Opcode = nativeEndian.Uint32(b[0:])
	h.Flags = nativeEndian.Uint32(b[4:])
	h.Count = nativeEndian.Uint32(b[8:])
	for i, d := range [2]*time.Duration{&h.Ival1, &h.Ival2} {
		off := bcmIval1 + i*2*bcmLong
		var sec, usec int64
		if bcmLong == 8 {
			sec, usec = int64(nativeEndian.Uint64(b[off:])), int64(nativeEndian.Uint64(b[off+8:]))
		} else {
			sec, usec = int64(int32(nativeEndian.Uint32(b[off:]))), int64(int32(nativeEndian.Uint32(b[off+4:])))
		}
		// The kernel's own limit (bcm_is_invalid_tv) is 400 days.
		if sec < 0 || sec > bcmMaxSec || usec < 0 || usec >= 1e6 {
			return &canFrameError{msg: "BCM interval out of range: " + strconv.FormatInt(sec, 10) + " s " + strconv.FormatInt(usec, 10) + " us"}
		}
		*d = time.Duration(sec)*time.Second + time.Duration(usec)*time.Microsecond
	}
	h.CANID = nativeEndian.Uint32(b[bcmCANID:])
	h.Nframes = nativeEndian.Uint32(b[bcmCANID+4:])
	return nil
}

// BCMMessage builds a CAN_BCM message: head, with Nframes set to
// len(frames), followed by the classic frames. It is what Send on a CAN_BCM
// socket takes. A frame with more than 8 data bytes is an error.
func BCMMessage(head BCMMsgHead, frames ...CANFrame) ([]byte, error) {
	head.Nframes = uint32(len(frames))
	b, err := head.AppendBinary(make([]byte, 0, BCMHeadSize+len(frames)*CAN_MTU))
	if err != nil {
		return nil, err
	}
	for _, f := range frames {
		if b, err = f.AppendBinary(b); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// ParseBCMMessage splits a CAN_BCM message, as Recv on a CAN_BCM socket
// returns it, into its head and its classic frames. A message whose length
// does not match the head's Nframes is an error; so is one with the
// CAN_BCM_CAN_FD_FRAME flag (its frames are struct canfd_frame: use
// BCMMsgHead.UnmarshalBinary and CANFDFrame.UnmarshalBinary).
func ParseBCMMessage(b []byte) (BCMMsgHead, []CANFrame, error) {
	var h BCMMsgHead
	if err := h.UnmarshalBinary(b); err != nil {
		return h, nil, err
	}
	if h.Flags&CAN_BCM_CAN_FD_FRAME != 0 {
		return h, nil, &canFrameError{msg: "BCM message carries CAN FD frames"}
	}
	rest := b[BCMHeadSize:]
	if uint64(len(rest)) != uint64(h.Nframes)*CAN_MTU {
		return h, nil, frameErr("BCM message length does not match nframes", len(rest), int(min(uint64(h.Nframes)*CAN_MTU, 1<<31)))
	}
	frames := make([]CANFrame, h.Nframes)
	for i := range frames {
		if err := frames[i].UnmarshalBinary(rest[i*CAN_MTU : (i+1)*CAN_MTU]); err != nil {
			return h, nil, err
		}
	}
	return h, frames, nil
}
