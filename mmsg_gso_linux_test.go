//go:build linux

package socket_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// skipUnlessUDPOffload skips t, naming the capability and the fix, unless
// the kernel takes the UDP_SEGMENT and UDP_GRO options (Linux 4.18 and
// 5.0). Inside the test machine it fails instead.
func skipUnlessUDPOffload(t testing.TB, s *socket.Socket) {
	t.Helper()
	for _, opt := range []int{socket.UDP_SEGMENT, socket.UDP_GRO} {
		if _, err := s.Getsockopt(socket.SOL_UDP, opt); err != nil {
			if inVM || !errors.Is(err, syscall.ENOPROTOOPT) {
				t.Fatalf("getsockopt(SOL_UDP, %d): %v", opt, err)
			}
			t.Skipf("UDP GSO/GRO not supported by this kernel (%v); it needs Linux 5.0 or later", err)
		}
	}
}

// segmentOOB is the control message that asks for GSO of one send.
func segmentOOB(size int) []byte {
	return socket.AppendControlMessage(nil, socket.ControlMessage{
		Level: socket.SOL_UDP, Type: socket.UDP_SEGMENT,
		Data: binary.NativeEndian.AppendUint16(nil, uint16(size)),
	})
}

// TestUDPGSOGRO sends large buffers that the kernel cuts into datagrams
// (a per-message UDP_SEGMENT control message, and the socket-wide option)
// to a receiver without GRO, which gets every datagram alone, and to one
// with GRO, which gets them coalesced with a UDP_GRO control message that
// gives the segment size. Every datagram's bytes are checked.
func TestUDPGSOGRO(t *testing.T) {
	t.Parallel()
	const seg, segs, sends = 1200, 20, 4
	total := seg*segs - 300 // the last segment of each send is shorter
	tests := []struct {
		name       string
		socketWide bool
		gro        bool
	}{
		{"control message, no GRO", false, false},
		{"control message, GRO", false, true},
		{"socket option, no GRO", true, false},
		{"socket option, GRO", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, b, _, bAddr := udpPair(t, socket.AF_INET)
			skipUnlessUDPOffload(t, a)
			skipQemuUDPSegmentCmsg(t)
			b.Settimeout(10 * time.Second)
			if err := b.Setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4<<20); err != nil {
				t.Fatal(err)
			}
			var oob []byte
			if tt.socketWide {
				if err := a.Setsockopt(socket.SOL_UDP, socket.UDP_SEGMENT, seg); err != nil {
					t.Fatal(err)
				}
				if v, _ := a.Getsockopt(socket.SOL_UDP, socket.UDP_SEGMENT); v != seg {
					t.Errorf("getsockopt UDP_SEGMENT = %d, want %d", v, seg)
				}
			} else {
				oob = segmentOOB(seg)
			}
			if tt.gro {
				if err := b.Setsockopt(socket.SOL_UDP, socket.UDP_GRO, 1); err != nil {
					t.Fatal(err)
				}
			}
			var want [][]byte
			msgs := make([]socket.Message, sends)
			for k := range msgs {
				data := payload(1000+k, total)
				msgs[k] = socket.Message{Buffers: [][]byte{data[:1000], data[1000:]}, OOB: oob, Addr: bAddr}
				for off := 0; off < total; off += seg {
					want = append(want, data[off:min(off+seg, total)])
				}
			}
			for sent := 0; sent < sends; {
				n, err := a.Sendmmsg(msgs[sent:])
				if err != nil {
					t.Fatalf("Sendmmsg: %v", err)
				}
				if msgs[sent].N != total {
					t.Fatalf("sent N = %d, want %d", msgs[sent].N, total)
				}
				sent += n
			}
			got, coalesced := recvSegments(t, b, len(want))
			for i := range want {
				if !bytes.Equal(got[i], want[i]) {
					t.Fatalf("datagram %d: %d bytes %q..., want %d bytes %q...", i, len(got[i]), got[i][:4], len(want[i]), want[i][:4])
				}
			}
			if !tt.gro && coalesced > 0 {
				t.Errorf("%d messages carried UDP_GRO without GRO on", coalesced)
			}
			t.Logf("%d datagrams in %d coalesced messages", len(got), coalesced)
		})
	}
}

// recvSegments receives want datagrams with Recvmmsg, splitting each
// message that carries a UDP_GRO control message into its segments, and
// returns them with the number of messages that carried one.
func recvSegments(t *testing.T, s *socket.Socket, want int) ([][]byte, int) {
	t.Helper()
	msgs := make([]socket.Message, 8)
	for i := range msgs {
		msgs[i].Buffers = [][]byte{make([]byte, 1<<16)}
		msgs[i].OOB = make([]byte, 64)
	}
	var got [][]byte
	coalesced := 0
	for len(got) < want {
		n, err := s.Recvmmsg(msgs)
		if err != nil {
			t.Fatalf("Recvmmsg after %d of %d datagrams: %v", len(got), want, err)
		}
		for _, m := range msgs[:n] {
			if m.Flags&(socket.MSG_TRUNC|socket.MSG_CTRUNC) != 0 {
				t.Fatalf("message flags %#x", m.Flags)
			}
			cms, err := socket.ParseControlMessages(m.OOB[:m.NN])
			if err != nil {
				t.Fatal(err)
			}
			size := m.N
			for _, cm := range cms {
				if cm.Level == socket.SOL_UDP && cm.Type == socket.UDP_GRO {
					if len(cm.Data) != 4 {
						t.Fatalf("UDP_GRO data %x, want a C int", cm.Data)
					}
					size = int(int32(binary.NativeEndian.Uint32(cm.Data)))
					coalesced++
				}
			}
			if size <= 0 {
				t.Fatalf("segment size %d", size)
			}
			data := m.Buffers[0][:m.N]
			for off := 0; off < len(data) || off == 0; off += size {
				got = append(got, append([]byte(nil), data[off:min(off+size, len(data))]...))
			}
		}
	}
	return got, coalesced
}

// TestUDPSegmentErrors: a UDP_SEGMENT control message whose data is not a
// uint16, and one whose segment size makes more than the kernel's segment
// limit, are errors of the call, not panics.
func TestUDPSegmentErrors(t *testing.T) {
	t.Parallel()
	a, _, _, bAddr := udpPair(t, socket.AF_INET)
	skipUnlessUDPOffload(t, a)
	bad := socket.AppendControlMessage(nil, socket.ControlMessage{Level: socket.SOL_UDP, Type: socket.UDP_SEGMENT, Data: []byte{1, 2, 3, 4}})
	n, err := a.Sendmmsg([]socket.Message{{Buffers: [][]byte{make([]byte, 3000)}, OOB: bad, Addr: bAddr}})
	if n != 0 || !errors.Is(err, syscall.EINVAL) {
		t.Errorf("Sendmmsg with a 4-byte UDP_SEGMENT = %d, %v; want EINVAL", n, err)
	}
}

// probeUDPSegmentCmsg sends 300 bytes with a UDP_SEGMENT control message of
// 100 to a receiver with UDP_GRO on, and checks that the kernel cut them
// into 100-byte segments: three datagrams, or one carrying a UDP_GRO
// control message of 100. qemu-user passes both control messages through
// without byte-swapping them on a big-endian target.
func probeUDPSegmentCmsg() error {
	r, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	defer r.Close()
	s, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := r.Bind(socket.InetAddr{Host: "127.0.0.1"}); err != nil {
		return err
	}
	if err := r.Setsockopt(socket.SOL_UDP, socket.UDP_GRO, 1); err != nil {
		return err
	}
	addr, err := r.Getsockname()
	if err != nil {
		return err
	}
	cm := socket.ControlMessage{Level: socket.SOL_UDP, Type: socket.UDP_SEGMENT, Data: binary.NativeEndian.AppendUint16(nil, 100)}
	if _, err := s.Sendmsg([][]byte{make([]byte, 300)}, []socket.ControlMessage{cm}, addr); err != nil {
		return err
	}
	r.Settimeout(2 * time.Second)
	data, anc, _, _, err := r.Recvmsg(1<<16, 64)
	if err != nil {
		return err
	}
	if len(data) == 100 {
		return nil
	}
	for _, c := range anc {
		if c.Level == socket.SOL_UDP && c.Type == socket.UDP_GRO && len(c.Data) >= 2 {
			if v := binary.NativeEndian.Uint16(c.Data); v != 100 {
				return fmt.Errorf("UDP_GRO segment size %d, want 100", v)
			}
			return nil
		}
	}
	return fmt.Errorf("one datagram of %d bytes for a UDP_SEGMENT of 100", len(data))
}

// skipQemuUDPSegmentCmsg skips t where qemu-user does not translate the
// UDP_SEGMENT and UDP_GRO control messages.
func skipQemuUDPSegmentCmsg(t testing.TB) {
	t.Helper()
	if on, _ := underQemuUser(); on {
		skipQemu(t, "the UDP_SEGMENT and UDP_GRO control messages, which it passes on without byte-swapping", probeUDPSegmentCmsg())
	}
}

// probeExamplesLinux probes the calls that the Linux-only examples depend
// on, for skipQemuExamples.
func probeExamplesLinux() error { return probeUDPSegmentCmsg() }
