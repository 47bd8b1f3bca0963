//go:build linux || darwin || freebsd

package socket

import (
	"fmt"
	"math"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The operation names of the raw ancillary-data functions.
const (
	opParseControl  = "ParseControlMessages"
	opAppendControl = "AppendControlMessage"
)

// ParseControlMessages splits raw ancillary data, as the kernel lays it out
// in a msghdr's control buffer, into Python's (level, type, data) items:
// pass a received Message's OOB[:NN]. Python does this inside recvmsg; Go
// needs it for the batches of Recvmmsg, whose OOB stays raw so that a
// receive loop allocates nothing. Each Data aliases oob. A message that the
// kernel cut short (MSG_CTRUNC) keeps the bytes that arrived. It does no
// system call. Errors: an *Error whose cause is a *ValueError naming oob
// and the offset, for a header that does not fit, a cmsg_len shorter than
// its header or one that runs past the end of oob.
func ParseControlMessages(oob []byte) ([]ControlMessage, error) {
	var msgs []ControlMessage
	err := walkControl(oob, func(level, typ int32, data []byte) {
		msgs = append(msgs, ControlMessage{Level: int(level), Type: int(typ), Data: data})
	})
	if err != nil {
		return nil, valueErr(opParseControl, nil, "oob", "%v", err)
	}
	return msgs, nil
}

// checkControl checks that oob is well-formed ancillary data.
func checkControl(oob []byte) error { return walkControl(oob, nil) }

// walkControl calls f (when not nil) for each control message in oob, and
// returns an error for malformed data. It reads only inside oob.
func walkControl(oob []byte, f func(level, typ int32, data []byte)) error {
	for off := 0; off < len(oob); {
		rest := len(oob) - off
		if rest < unix.SizeofCmsghdr {
			return fmt.Errorf("%d bytes at offset %d are too short for a control message header (%d bytes)", rest, off, unix.SizeofCmsghdr)
		}
		var h unix.Cmsghdr
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&h)), unix.SizeofCmsghdr), oob[off:])
		l := uint64(h.Len)
		switch {
		case l < uint64(cmsgHdrLen):
			return fmt.Errorf("control message at offset %d: cmsg_len %d is shorter than its header (%d bytes)", off, l, cmsgHdrLen)
		case l > uint64(rest):
			return fmt.Errorf("control message at offset %d: cmsg_len %d runs past the end (%d bytes left)", off, l, rest)
		}
		if f != nil {
			end := off + int(l)
			f(h.Level, h.Type, oob[off+cmsgHdrLen:end:end])
		}
		// The last message's padding may be missing.
		off += min(cmsgAlign(int(l)), rest)
	}
	return nil
}

// AppendControlMessage appends cm to oob as the kernel reads ancillary
// data (the header with its cmsg_len, the data and the padding to the
// architecture's alignment: CMSG_SPACE(len(cm.Data)) bytes) and returns
// the extended slice, as append does; Python builds this inside sendmsg. Use
// it for a Message's OOB in Sendmmsg, for example a UDP_SEGMENT message
// whose Data is the segment size as a native-endian uint16. It does no
// system call and returns no error: a Level or Type outside a C int or Data
// too long for a cmsg_len (over 2 GiB) cannot be laid out, and then it
// appends a header whose cmsg_len is 0, which ParseControlMessages and
// Sendmmsg reject with a *ValueError and the kernel with EINVAL; it never
// truncates a value silently.
func AppendControlMessage(oob []byte, cm ControlMessage) []byte {
	var h unix.Cmsghdr
	ok := cm.Level >= math.MinInt32 && cm.Level <= math.MaxInt32 &&
		cm.Type >= math.MinInt32 && cm.Type <= math.MaxInt32 && len(cm.Data) <= cmsgSpaceMax
	if !ok {
		return append(oob, make([]byte, cmsgHdrLen)...)
	}
	h.Level, h.Type = int32(cm.Level), int32(cm.Type)
	h.SetLen(unix.CmsgLen(len(cm.Data)))
	off := len(oob)
	oob = append(oob, make([]byte, unix.CmsgSpace(len(cm.Data)))...)
	copy(oob[off:], unsafe.Slice((*byte)(unsafe.Pointer(&h)), unix.SizeofCmsghdr))
	copy(oob[off+cmsgHdrLen:], cm.Data)
	return oob
}
