//go:build linux

package socket

import (
	"syscall"
)

// Typed CAN socket options. Each is a setsockopt(2) or getsockopt(2) at the
// option's level with the kernel's struct, built in native byte order, so
// that callers need not pack bytes as Python code does with struct.pack.

// SetsockoptCANRawFilter sets CAN_RAW_FILTER, the list of filters that received
// frames must pass (any one of them), as Python's
// setsockopt(SOL_CAN_RAW, CAN_RAW_FILTER, packed_filters); it wraps
// setsockopt(2). An empty list receives no frames. More than
// CAN_RAW_FILTER_MAX (512) filters is an *Error with a *ValueError; the
// kernel's errors are EINVAL and ENOPROTOOPT (not a CAN_RAW socket).
func (s *Socket) SetsockoptCANRawFilter(filters []CANFilter) error {
	if len(filters) > CAN_RAW_FILTER_MAX {
		return valueErr(opSetsockopt, nil, "filters", "%d CAN filters; the limit is %d", len(filters), CAN_RAW_FILTER_MAX)
	}
	b := make([]byte, 8*len(filters))
	for i, f := range filters {
		nativeEndian.PutUint32(b[8*i:], f.ID)
		nativeEndian.PutUint32(b[8*i+4:], f.Mask)
	}
	return s.SetsockoptBytes(SOL_CAN_RAW, CAN_RAW_FILTER, b)
}

// GetsockoptCANRawFilter returns the CAN_RAW_FILTER list, as Python's
// getsockopt(SOL_CAN_RAW, CAN_RAW_FILTER, buflen); it wraps getsockopt(2).
// A new socket has one filter that passes everything ({0, 0}).
func (s *Socket) GetsockoptCANRawFilter() ([]CANFilter, error) {
	b := make([]byte, 8*CAN_RAW_FILTER_MAX)
	n, err := s.getOpt(SOL_CAN_RAW, CAN_RAW_FILTER, b)
	if err != nil {
		return nil, err
	}
	filters := make([]CANFilter, n/8)
	for i := range filters {
		filters[i] = CANFilter{ID: nativeEndian.Uint32(b[8*i:]), Mask: nativeEndian.Uint32(b[8*i+4:])}
	}
	return filters, nil
}

// SetsockoptCANRawErrFilter sets CAN_RAW_ERR_FILTER, the mask of error classes
// (CAN_ERR_TX_TIMEOUT, CAN_ERR_BUSOFF, ... or CAN_ERR_MASK for all) whose
// error frames the socket receives; it wraps setsockopt(2) with a u32.
func (s *Socket) SetsockoptCANRawErrFilter(mask uint32) error {
	var b [4]byte
	nativeEndian.PutUint32(b[:], mask)
	return s.SetsockoptBytes(SOL_CAN_RAW, CAN_RAW_ERR_FILTER, b[:])
}

// GetsockoptCANRawErrFilter returns the CAN_RAW_ERR_FILTER mask; it wraps getsockopt(2).
func (s *Socket) GetsockoptCANRawErrFilter() (uint32, error) {
	var b [4]byte
	n, err := s.getOpt(SOL_CAN_RAW, CAN_RAW_ERR_FILTER, b[:])
	if err != nil {
		return 0, err
	}
	if n != 4 {
		return 0, &Error{Op: opGetsockopt, Err: syscall.EINVAL}
	}
	return nativeEndian.Uint32(b[:]), nil
}

// SetsockoptCANRawFDFrames turns CAN_RAW_FD_FRAMES on or off: with it on, the
// socket sends and receives 72-byte CAN FD frames besides 16-byte classic
// ones. It wraps setsockopt(2). Errors: ENOPROTOOPT on a kernel without CAN
// FD.
func (s *Socket) SetsockoptCANRawFDFrames(on bool) error {
	return s.Setsockopt(SOL_CAN_RAW, CAN_RAW_FD_FRAMES, boolInt(on))
}

// GetsockoptCANRawFDFrames reports whether CAN_RAW_FD_FRAMES is on; it wraps getsockopt(2).
func (s *Socket) GetsockoptCANRawFDFrames() (bool, error) {
	v, err := s.Getsockopt(SOL_CAN_RAW, CAN_RAW_FD_FRAMES)
	return v != 0, err
}

func boolInt(on bool) int {
	if on {
		return 1
	}
	return 0
}

// CANISOTPOptions is the kernel's struct can_isotp_options (12 bytes), the
// value of CAN_ISOTP_OPTS: Flags are CAN_ISOTP_TX_PADDING and the other
// CAN_ISOTP_* flags; FrameTxtime the gap between frames in nanoseconds
// (CAN_ISOTP_FRAME_TXTIME_ZERO for none); the addresses and padding bytes
// apply with the matching flags.
type CANISOTPOptions struct {
	Flags        uint32
	FrameTxtime  uint32
	ExtAddress   uint8
	TxpadContent uint8
	RxpadContent uint8
	RxExtAddress uint8
}

// SetsockoptCANISOTPOpts sets CAN_ISOTP_OPTS; it wraps setsockopt(2) at
// SOL_CAN_ISOTP. It must come before Bind (EISCONN after).
func (s *Socket) SetsockoptCANISOTPOpts(o CANISOTPOptions) error {
	var b [12]byte
	nativeEndian.PutUint32(b[0:], o.Flags)
	nativeEndian.PutUint32(b[4:], o.FrameTxtime)
	b[8], b[9], b[10], b[11] = o.ExtAddress, o.TxpadContent, o.RxpadContent, o.RxExtAddress
	return s.SetsockoptBytes(SOL_CAN_ISOTP, CAN_ISOTP_OPTS, b[:])
}

// GetsockoptCANISOTPOpts returns CAN_ISOTP_OPTS; it wraps getsockopt(2).
func (s *Socket) GetsockoptCANISOTPOpts() (CANISOTPOptions, error) {
	var b [12]byte
	n, err := s.getOpt(SOL_CAN_ISOTP, CAN_ISOTP_OPTS, b[:])
	if err != nil {
		return CANISOTPOptions{}, err
	}
	if n != len(b) {
		return CANISOTPOptions{}, &Error{Op: opGetsockopt, Err: syscall.EINVAL}
	}
	return CANISOTPOptions{
		Flags: nativeEndian.Uint32(b[0:]), FrameTxtime: nativeEndian.Uint32(b[4:]),
		ExtAddress: b[8], TxpadContent: b[9], RxpadContent: b[10], RxExtAddress: b[11],
	}, nil
}

// CANISOTPFlowControl is the kernel's struct can_isotp_fc_options (3
// bytes), the value of CAN_ISOTP_RECV_FC: the block size, the minimum
// separation time (STmin, as coded on the bus) and the most wait frames the
// receiver sends.
type CANISOTPFlowControl struct {
	BS     uint8
	STmin  uint8
	WFTmax uint8
}

// SetsockoptCANISOTPRecvFC sets CAN_ISOTP_RECV_FC, the flow control the
// socket answers with when it receives; it wraps setsockopt(2). It must come
// before Bind.
func (s *Socket) SetsockoptCANISOTPRecvFC(fc CANISOTPFlowControl) error {
	return s.SetsockoptBytes(SOL_CAN_ISOTP, CAN_ISOTP_RECV_FC, []byte{fc.BS, fc.STmin, fc.WFTmax})
}

// GetsockoptCANISOTPRecvFC returns CAN_ISOTP_RECV_FC; it wraps getsockopt(2).
func (s *Socket) GetsockoptCANISOTPRecvFC() (CANISOTPFlowControl, error) {
	var b [3]byte
	n, err := s.getOpt(SOL_CAN_ISOTP, CAN_ISOTP_RECV_FC, b[:])
	if err != nil {
		return CANISOTPFlowControl{}, err
	}
	if n != len(b) {
		return CANISOTPFlowControl{}, &Error{Op: opGetsockopt, Err: syscall.EINVAL}
	}
	return CANISOTPFlowControl{BS: b[0], STmin: b[1], WFTmax: b[2]}, nil
}

// J1939Filter is one entry of SO_J1939_FILTER, the kernel's struct
// j1939_filter: a message passes when its NAME, PGN and address, each under
// its mask, equal the filter's.
type J1939Filter struct {
	Name     uint64
	NameMask uint64
	PGN      uint32
	PGNMask  uint32
	Addr     uint8
	AddrMask uint8
}

// sizeofJ1939Filter is sizeof(struct j1939_filter): 26 bytes of fields,
// padded to the alignment of its u64.
const sizeofJ1939Filter = 32

// SetsockoptJ1939Filter sets SO_J1939_FILTER; it wraps setsockopt(2) at
// SOL_CAN_J1939. More than J1939_FILTER_MAX (512) filters is an *Error with
// a *ValueError; an empty list removes the filters.
func (s *Socket) SetsockoptJ1939Filter(filters []J1939Filter) error {
	if len(filters) > J1939_FILTER_MAX {
		return valueErr(opSetsockopt, nil, "filters", "%d J1939 filters; the limit is %d", len(filters), J1939_FILTER_MAX)
	}
	b := make([]byte, sizeofJ1939Filter*len(filters))
	for i, f := range filters {
		p := b[sizeofJ1939Filter*i:]
		nativeEndian.PutUint64(p[0:], f.Name)
		nativeEndian.PutUint64(p[8:], f.NameMask)
		nativeEndian.PutUint32(p[16:], f.PGN)
		nativeEndian.PutUint32(p[20:], f.PGNMask)
		p[24], p[25] = f.Addr, f.AddrMask
	}
	return s.SetsockoptBytes(SOL_CAN_J1939, SO_J1939_FILTER, b)
}

// SetsockoptJ1939Promisc turns SO_J1939_PROMISC on or off (receive messages for
// every address); it wraps setsockopt(2).
func (s *Socket) SetsockoptJ1939Promisc(on bool) error {
	return s.Setsockopt(SOL_CAN_J1939, SO_J1939_PROMISC, boolInt(on))
}

// GetsockoptJ1939Promisc reports whether SO_J1939_PROMISC is on; it wraps getsockopt(2).
func (s *Socket) GetsockoptJ1939Promisc() (bool, error) {
	v, err := s.Getsockopt(SOL_CAN_J1939, SO_J1939_PROMISC)
	return v != 0, err
}

// SetsockoptJ1939SendPrio sets SO_J1939_SEND_PRIO, the priority (0 highest to 7)
// of the messages sent; it wraps setsockopt(2). Priorities 0 and 1 need
// CAP_NET_ADMIN (EPERM); others are EINVAL.
func (s *Socket) SetsockoptJ1939SendPrio(prio int) error {
	return s.Setsockopt(SOL_CAN_J1939, SO_J1939_SEND_PRIO, prio)
}

// GetsockoptJ1939SendPrio returns SO_J1939_SEND_PRIO; it wraps getsockopt(2).
func (s *Socket) GetsockoptJ1939SendPrio() (int, error) {
	return s.Getsockopt(SOL_CAN_J1939, SO_J1939_SEND_PRIO)
}

// SetsockoptJ1939Errqueue turns SO_J1939_ERRQUEUE on or off (transmit
// notifications on the error queue); it wraps setsockopt(2).
func (s *Socket) SetsockoptJ1939Errqueue(on bool) error {
	return s.Setsockopt(SOL_CAN_J1939, SO_J1939_ERRQUEUE, boolInt(on))
}
