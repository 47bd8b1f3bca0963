//go:build linux

package socket

// Ucred is the credentials of a process as the kernel passes them: C's
// struct ucred (pid, uid, gid), which Python unpacks with
// struct.unpack('3i', ...) from SO_PEERCRED and SCM_CREDENTIALS.
type Ucred struct{ Pid, Uid, Gid int }

const sizeofUcred = 12

// GetsockoptPeercred reads SO_PEERCRED, the credentials of the process that
// made the peer of a connected AF_UNIX socket (or of a socketpair), as
// Python's struct.unpack('3i', s.getsockopt(SOL_SOCKET, SO_PEERCRED, 12));
// it wraps getsockopt(2). Errors: those of Getsockopt (ENOPROTOOPT on other
// families), and a *ValueError if the kernel's answer is not 12 bytes.
func (s *Socket) GetsockoptPeercred() (Ucred, error) {
	var b [sizeofUcred]byte
	n, err := s.getOpt(SOL_SOCKET, SO_PEERCRED, b[:])
	if err != nil {
		return Ucred{}, err
	}
	if n != sizeofUcred {
		return Ucred{}, wrongLength("SO_PEERCRED", n, sizeofUcred)
	}
	return parseUcred(b[:]), nil
}

func parseUcred(b []byte) Ucred {
	return Ucred{
		Pid: int(int32(nativeEndian.Uint32(b[0:]))),
		Uid: int(nativeEndian.Uint32(b[4:])),
		Gid: int(nativeEndian.Uint32(b[8:])),
	}
}

// Bytes returns u as the data of an SCM_CREDENTIALS control message (C's
// struct ucred), as Python's struct.pack('3i', pid, uid, gid). Values that
// do not fit 32 bits are cut to their low 32 bits.
func (u Ucred) Bytes() []byte {
	b := make([]byte, sizeofUcred)
	nativeEndian.PutUint32(b[0:], uint32(u.Pid))
	nativeEndian.PutUint32(b[4:], uint32(u.Uid))
	nativeEndian.PutUint32(b[8:], uint32(u.Gid))
	return b
}

// ParseUcred decodes the data of an SCM_CREDENTIALS control message or an
// SO_PEERCRED value (C's struct ucred). Data that is not 12 bytes is a
// *ValueError.
func ParseUcred(data []byte) (Ucred, error) {
	if len(data) != sizeofUcred {
		return Ucred{}, valueErr("recvmsg", nil, "data", "struct ucred is %d bytes, not %d", sizeofUcred, len(data))
	}
	return parseUcred(data), nil
}

// TCPInfo is the state of a TCP connection as the kernel reports it in
// TCP_INFO: the fields of Linux's struct tcp_info, in its order, with Go
// names (tcpi_snd_mss is SndMss). Times are in microseconds unless the
// kernel's header says otherwise (the Last* fields are in milliseconds). A
// field that the running kernel does not report is 0.
type TCPInfo struct {
	State, CaState, Retransmits, Probes, Backoff, Options uint8
	SndWscale, RcvWscale                                  uint8
	DeliveryRateAppLimited, FastopenClientFail            uint8

	Rto, Ato, SndMss, RcvMss                                                 uint32
	Unacked, Sacked, Lost, Retrans, Fackets                                  uint32
	LastDataSent, LastAckSent, LastDataRecv, LastAckRecv                     uint32
	Pmtu, RcvSsthresh, Rtt, Rttvar, SndSsthresh, SndCwnd, Advmss, Reordering uint32
	RcvRtt, RcvSpace, TotalRetrans                                           uint32

	PacingRate, MaxPacingRate, BytesAcked, BytesReceived           uint64
	SegsOut, SegsIn, NotsentBytes, MinRtt, DataSegsIn, DataSegsOut uint32
	DeliveryRate, BusyTime, RwndLimited, SndbufLimited             uint64
	Delivered, DeliveredCe                                         uint32
	BytesSent, BytesRetrans                                        uint64
	DsackDups, ReordSeen, RcvOoopack, SndWnd, RcvWnd, Rehash       uint32
	TotalRto, TotalRtoRecoveries                                   uint16
	TotalRtoTime, ReceivedCe                                       uint32
	DeliveredE1Bytes, DeliveredE0Bytes, DeliveredCeBytes           uint32
	ReceivedE1Bytes, ReceivedE0Bytes, ReceivedCeBytes              uint32
}

// sizeofTCPInfo is the size of struct tcp_info that GetsockoptTCPInfo asks
// for: the whole struct of current kernels, with room to spare.
const sizeofTCPInfo = 512

// GetsockoptTCPInfo reads TCP_INFO, as Python's
// s.getsockopt(IPPROTO_TCP, TCP_INFO, size) unpacked by hand; it wraps
// getsockopt(2). The kernel fills as much of struct tcp_info as it knows;
// later fields stay 0. Errors: those of Getsockopt (EOPNOTSUPP on a socket
// that is not TCP), and a *ValueError if the kernel's answer is shorter
// than the oldest struct tcp_info (104 bytes).
func (s *Socket) GetsockoptTCPInfo() (TCPInfo, error) {
	var b [sizeofTCPInfo]byte
	n, err := s.getOpt(IPPROTO_TCP, TCP_INFO, b[:])
	if err != nil {
		return TCPInfo{}, err
	}
	if n < 104 {
		return TCPInfo{}, wrongLength("TCP_INFO", n, 104)
	}
	return parseTCPInfo(b[:n]), nil
}

// tcpInfoReader reads struct tcp_info's fields in order; a field past the
// end of the kernel's answer reads as 0.
type tcpInfoReader struct {
	b   []byte
	off int
}

func (r *tcpInfoReader) u8() uint8 {
	r.off++
	if r.off > len(r.b) {
		return 0
	}
	return r.b[r.off-1]
}

func (r *tcpInfoReader) u16() uint16 {
	r.off += 2
	if r.off > len(r.b) {
		return 0
	}
	return nativeEndian.Uint16(r.b[r.off-2:])
}

func (r *tcpInfoReader) u32() uint32 {
	r.off += 4
	if r.off > len(r.b) {
		return 0
	}
	return nativeEndian.Uint32(r.b[r.off-4:])
}

func (r *tcpInfoReader) u64() uint64 {
	r.off += 8
	if r.off > len(r.b) {
		return 0
	}
	return nativeEndian.Uint64(r.b[r.off-8:])
}

func parseTCPInfo(b []byte) TCPInfo {
	r := &tcpInfoReader{b: b}
	var t TCPInfo
	t.State, t.CaState, t.Retransmits, t.Probes, t.Backoff, t.Options = r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8()
	w := r.u8()
	t.SndWscale, t.RcvWscale = w&0xf, w>>4
	f := r.u8()
	t.DeliveryRateAppLimited, t.FastopenClientFail = f&1, (f>>1)&3
	for _, p := range []*uint32{&t.Rto, &t.Ato, &t.SndMss, &t.RcvMss, &t.Unacked, &t.Sacked, &t.Lost, &t.Retrans, &t.Fackets,
		&t.LastDataSent, &t.LastAckSent, &t.LastDataRecv, &t.LastAckRecv,
		&t.Pmtu, &t.RcvSsthresh, &t.Rtt, &t.Rttvar, &t.SndSsthresh, &t.SndCwnd, &t.Advmss, &t.Reordering,
		&t.RcvRtt, &t.RcvSpace, &t.TotalRetrans} {
		*p = r.u32()
	}
	t.PacingRate, t.MaxPacingRate, t.BytesAcked, t.BytesReceived = r.u64(), r.u64(), r.u64(), r.u64()
	t.SegsOut, t.SegsIn, t.NotsentBytes, t.MinRtt, t.DataSegsIn, t.DataSegsOut = r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32()
	t.DeliveryRate, t.BusyTime, t.RwndLimited, t.SndbufLimited = r.u64(), r.u64(), r.u64(), r.u64()
	t.Delivered, t.DeliveredCe = r.u32(), r.u32()
	t.BytesSent, t.BytesRetrans = r.u64(), r.u64()
	t.DsackDups, t.ReordSeen, t.RcvOoopack, t.SndWnd, t.RcvWnd, t.Rehash = r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32()
	t.TotalRto, t.TotalRtoRecoveries = r.u16(), r.u16()
	t.TotalRtoTime, t.ReceivedCe = r.u32(), r.u32()
	t.DeliveredE1Bytes, t.DeliveredE0Bytes, t.DeliveredCeBytes = r.u32(), r.u32(), r.u32()
	t.ReceivedE1Bytes, t.ReceivedE0Bytes, t.ReceivedCeBytes = r.u32(), r.u32(), r.u32()
	return t
}
