//go:build linux

package socket_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// needCAN is skipUnless for AF_CAN plus the vcan0 interface.
func needCAN(t testing.TB, kind socket.SocketKind, proto int) {
	t.Helper()
	skipUnless(t, socket.AF_CAN, kind, proto)
	if _, err := net.InterfaceByName("vcan0"); err != nil {
		if inVM {
			t.Fatalf("vcan0: %v", err)
		}
		t.Skipf("no vcan0 interface (%v); run scripts/vmtest", err)
	}
}

const vcan = "vcan0"

// canSock opens a CAN socket with a 5 s timeout, closed when t ends.
func canSock(t testing.TB, kind socket.SocketKind, proto int) *socket.Socket {
	t.Helper()
	s := mustNew(t, socket.AF_CAN, kind, proto)
	if err := s.Settimeout(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	return s
}

// rawPair opens two CAN_RAW sockets bound to vcan0.
func rawPair(t testing.TB) (tx, rx *socket.Socket) {
	t.Helper()
	tx, rx = canSock(t, socket.SOCK_RAW, socket.CAN_RAW), canSock(t, socket.SOCK_RAW, socket.CAN_RAW)
	for _, s := range []*socket.Socket{tx, rx} {
		if err := s.Bind(socket.CANAddr{Interface: vcan}); err != nil {
			t.Fatal(err)
		}
	}
	return tx, rx
}

func sendFrame(t testing.TB, s *socket.Socket, f socket.CANFrame) {
	t.Helper()
	b, err := f.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.Send(b); err != nil || n != len(b) {
		t.Fatalf("send %v: %d, %v", f, n, err)
	}
}

func recvCANFrame(t testing.TB, s *socket.Socket) (socket.CANFrame, socket.Addr) {
	t.Helper()
	b, addr, err := s.Recvfrom(socket.CANFD_MTU)
	if err != nil {
		t.Fatalf("recvfrom: %v", err)
	}
	var f socket.CANFrame
	if err := f.UnmarshalBinary(b); err != nil {
		t.Fatalf("frame of %d bytes: %v", len(b), err)
	}
	return f, addr
}

// recvUntil collects the frames s receives up to and including one with
// the id marker.
func recvUntil(t testing.TB, s *socket.Socket, marker uint32) []uint32 {
	t.Helper()
	var ids []uint32
	for {
		f, _ := recvCANFrame(t, s)
		ids = append(ids, f.ID)
		if f.ID == marker {
			return ids
		}
	}
}

func TestCANRawFrames(t *testing.T) {
	needCAN(t, socket.SOCK_RAW, socket.CAN_RAW)
	tx, rx := rawPair(t)
	if a, err := rx.Getsockname(); err != nil || a != (socket.CANAddr{Interface: vcan}) {
		t.Fatalf("getsockname: %#v, %v", a, err)
	}
	frames := []socket.CANFrame{
		{ID: 0x123, Data: []byte{0xde, 0xad, 0xbe, 0xef}},
		{ID: 0x7ff, Data: []byte{}},
		{ID: 0x1abcdef0 | socket.CAN_EFF_FLAG, Data: []byte{1, 2, 3, 4, 5, 6, 7, 8}},
		{ID: 0x42 | socket.CAN_RTR_FLAG, Data: make([]byte, 4)},
	}
	for _, want := range frames {
		t.Run(want.String(), func(t *testing.T) {
			sendFrame(t, tx, want)
			got, addr := recvCANFrame(t, rx)
			if got.ID != want.ID || !bytes.Equal(got.Data, want.Data) {
				t.Errorf("received %v, sent %v", got, want)
			}
			if addr != (socket.CANAddr{Interface: vcan}) {
				t.Errorf("recvfrom address %#v, want CANAddr{%q}", addr, vcan)
			}
		})
	}

	t.Run("fd", func(t *testing.T) {
		for _, s := range []*socket.Socket{tx, rx} {
			if err := s.SetsockoptCANRawFDFrames(true); err != nil {
				t.Fatal(err)
			}
		}
		if on, err := rx.GetsockoptCANRawFDFrames(); err != nil || !on {
			t.Fatalf("CAN_RAW_FD_FRAMES reads %v, %v", on, err)
		}
		want := socket.CANFDFrame{ID: 0x321, Flags: socket.CANFD_BRS, Data: bytes.Repeat([]byte{0x5a}, 64)}
		b, err := want.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if n, err := tx.Send(b); err != nil || n != socket.CANFD_MTU {
			t.Fatalf("send FD frame: %d, %v", n, err)
		}
		got, addr, err := rx.Recvfrom(socket.CANFD_MTU)
		if err != nil {
			t.Fatal(err)
		}
		var f socket.CANFDFrame
		if err := f.UnmarshalBinary(got); err != nil {
			t.Fatal(err)
		}
		if len(got) != socket.CANFD_MTU || f.ID != want.ID || f.Flags&socket.CANFD_BRS == 0 || !bytes.Equal(f.Data, want.Data) {
			t.Errorf("received %v (%d bytes), sent %v", f, len(got), want)
		}
		if addr != (socket.CANAddr{Interface: vcan}) {
			t.Errorf("address %#v", addr)
		}
		// A classic frame still arrives as 16 bytes on an FD socket.
		sendFrame(t, tx, socket.CANFrame{ID: 0x10, Data: []byte{9}})
		if got, _, err = rx.Recvfrom(socket.CANFD_MTU); err != nil || len(got) != socket.CAN_MTU {
			t.Errorf("classic frame on an FD socket: %d bytes, %v", len(got), err)
		}
	})
}

func TestCANRawFilter(t *testing.T) {
	needCAN(t, socket.SOCK_RAW, socket.CAN_RAW)
	tx, rx := rawPair(t)
	const marker = 0x7ff
	filters := []socket.CANFilter{
		{ID: 0x100, Mask: 0x7f0 | socket.CAN_EFF_FLAG}, // standard ids 0x100-0x10f
		{ID: 0x12345678 | socket.CAN_EFF_FLAG, Mask: socket.CAN_EFF_MASK | socket.CAN_EFF_FLAG},
		{ID: marker, Mask: socket.CAN_SFF_MASK | socket.CAN_EFF_FLAG},
	}
	if err := rx.SetsockoptCANRawFilter(filters); err != nil {
		t.Fatal(err)
	}
	got, err := rx.GetsockoptCANRawFilter()
	if err != nil || !slices.Equal(got, filters) {
		t.Fatalf("CAN_RAW_FILTER reads %v, %v; set %v", got, err, filters)
	}
	for _, id := range []uint32{0x100, 0x0ff, 0x10f, 0x110, 0x200, 0x12345678 | socket.CAN_EFF_FLAG,
		0x12345679 | socket.CAN_EFF_FLAG, 0x100 | socket.CAN_EFF_FLAG, marker} {
		sendFrame(t, tx, socket.CANFrame{ID: id, Data: []byte{1}})
	}
	want := []uint32{0x100, 0x10f, 0x12345678 | socket.CAN_EFF_FLAG, marker}
	if ids := recvUntil(t, rx, marker); !slices.Equal(ids, want) {
		t.Errorf("passed %x, want %x", ids, want)
	}

	// An inverted filter passes everything else.
	if err := rx.SetsockoptCANRawFilter([]socket.CANFilter{{ID: 0x200 | socket.CAN_INV_FILTER, Mask: socket.CAN_SFF_MASK}}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []uint32{0x200, 0x201, marker} {
		sendFrame(t, tx, socket.CANFrame{ID: id})
	}
	if ids := recvUntil(t, rx, marker); !slices.Equal(ids, []uint32{0x201, marker}) {
		t.Errorf("inverted filter passed %x", ids)
	}

	if err := rx.SetsockoptCANRawFilter(make([]socket.CANFilter, socket.CAN_RAW_FILTER_MAX+1)); !errors.Is(err, socket.ErrInvalid) {
		t.Errorf("513 filters: %v, want ErrInvalid", err)
	}
}

func TestCANRawErrFilter(t *testing.T) {
	needCAN(t, socket.SOCK_RAW, socket.CAN_RAW)
	tx, rx := rawPair(t)
	plain := canSock(t, socket.SOCK_RAW, socket.CAN_RAW)
	if err := plain.Bind(socket.CANAddr{Interface: vcan}); err != nil {
		t.Fatal(err)
	}
	if err := rx.SetsockoptCANRawErrFilter(socket.CAN_ERR_BUSOFF | socket.CAN_ERR_CRTL); err != nil {
		t.Fatal(err)
	}
	if m, err := rx.GetsockoptCANRawErrFilter(); err != nil || m != socket.CAN_ERR_BUSOFF|socket.CAN_ERR_CRTL {
		t.Fatalf("CAN_RAW_ERR_FILTER reads %#x, %v", m, err)
	}
	const marker = 0x7ff
	busoff := socket.CAN_ERR_FLAG | socket.CAN_ERR_BUSOFF
	sendFrame(t, tx, socket.CANFrame{ID: socket.CAN_ERR_FLAG | socket.CAN_ERR_ACK, Data: make([]byte, socket.CAN_ERR_DLC)})
	sendFrame(t, tx, socket.CANFrame{ID: uint32(busoff), Data: make([]byte, socket.CAN_ERR_DLC)})
	sendFrame(t, tx, socket.CANFrame{ID: marker})
	if ids := recvUntil(t, rx, marker); !slices.Equal(ids, []uint32{uint32(busoff), marker}) {
		t.Errorf("with the error filter: %x", ids)
	}
	f := socket.CANFrame{ID: uint32(busoff)}
	if !f.IsError() || f.IsExtended() {
		t.Errorf("IsError/IsExtended of %v", f)
	}
	if ids := recvUntil(t, plain, marker); !slices.Equal(ids, []uint32{marker}) {
		t.Errorf("without an error filter: %x", ids)
	}
}

func TestCANBCMCyclic(t *testing.T) {
	needCAN(t, socket.SOCK_DGRAM, socket.CAN_BCM)
	_, rx := rawPair(t)
	const id, count = 0x333, 5
	if err := rx.SetsockoptCANRawFilter([]socket.CANFilter{{ID: id, Mask: socket.CAN_SFF_MASK}}); err != nil {
		t.Fatal(err)
	}
	bcm := canSock(t, socket.SOCK_DGRAM, socket.CAN_BCM)
	if err := bcm.Connect(socket.CANAddr{Interface: vcan}); err != nil {
		t.Fatal(err)
	}
	msg, err := socket.BCMMessage(socket.BCMMsgHead{
		Opcode: socket.CAN_BCM_TX_SETUP,
		Flags:  socket.CAN_BCM_SETTIMER | socket.CAN_BCM_STARTTIMER | socket.CAN_BCM_TX_COUNTEVT,
		Count:  count, Ival1: 20 * time.Millisecond, CANID: id,
	}, socket.CANFrame{ID: id, Data: []byte{0xca, 0xfe}})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := bcm.Send(msg); err != nil || n != len(msg) {
		t.Fatalf("TX_SETUP: %d, %v", n, err)
	}
	// The kernel reports TX_EXPIRED when the count is done (TX_COUNTEVT).
	b, err := bcm.Recv(4096)
	if err != nil {
		t.Fatal(err)
	}
	head, _, err := socket.ParseBCMMessage(b)
	if err != nil || head.Opcode != socket.CAN_BCM_TX_EXPIRED || head.CANID != id {
		t.Fatalf("after the count: %+v, %v", head, err)
	}
	// With Ival2 zero the transmission stops after count frames.
	if err := rx.Settimeout(300 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		f, err := rx.Recv(socket.CAN_MTU)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var fr socket.CANFrame
		if err := fr.UnmarshalBinary(f); err != nil || fr.ID != id || !bytes.Equal(fr.Data, []byte{0xca, 0xfe}) {
			t.Fatalf("frame %v, %v", fr, err)
		}
		n++
	}
	if n != count {
		t.Errorf("saw %d cyclic frames, want %d", n, count)
	}
}

func TestCANBCMRxChanged(t *testing.T) {
	needCAN(t, socket.SOCK_DGRAM, socket.CAN_BCM)
	tx, _ := rawPair(t)
	const id = 0x444
	bcm := canSock(t, socket.SOCK_DGRAM, socket.CAN_BCM)
	if err := bcm.Connect(socket.CANAddr{Interface: vcan}); err != nil {
		t.Fatal(err)
	}
	// One mask frame: every data bit counts.
	msg, err := socket.BCMMessage(socket.BCMMsgHead{Opcode: socket.CAN_BCM_RX_SETUP, Flags: socket.CAN_BCM_RX_CHECK_DLC, CANID: id},
		socket.CANFrame{ID: id, Data: bytes.Repeat([]byte{0xff}, 8)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bcm.Send(msg); err != nil {
		t.Fatal(err)
	}
	for _, data := range [][]byte{{1, 2}, {1, 2}, {1, 3}} {
		sendFrame(t, tx, socket.CANFrame{ID: id, Data: data})
	}
	// The repeated frame is no change: two notifications, the second with {1, 3}.
	for _, want := range [][]byte{{1, 2}, {1, 3}} {
		b, err := bcm.Recv(4096)
		if err != nil {
			t.Fatal(err)
		}
		head, frames, err := socket.ParseBCMMessage(b)
		if err != nil {
			t.Fatal(err)
		}
		if head.Opcode != socket.CAN_BCM_RX_CHANGED || head.CANID != id || len(frames) != 1 || !bytes.Equal(frames[0].Data, want) {
			t.Errorf("got %+v %v, want RX_CHANGED with %x", head, frames, want)
		}
	}
}

func TestCANISOTP(t *testing.T) {
	needCAN(t, socket.SOCK_DGRAM, socket.CAN_ISOTP)
	a := canSock(t, socket.SOCK_DGRAM, socket.CAN_ISOTP)
	b := canSock(t, socket.SOCK_DGRAM, socket.CAN_ISOTP)
	opts := socket.CANISOTPOptions{Flags: socket.CAN_ISOTP_TX_PADDING, TxpadContent: 0xaa, FrameTxtime: socket.CAN_ISOTP_FRAME_TXTIME_ZERO}
	fc := socket.CANISOTPFlowControl{BS: 8, STmin: 0, WFTmax: 0}
	for _, s := range []*socket.Socket{a, b} {
		if err := s.SetsockoptCANISOTPOpts(opts); err != nil {
			t.Fatal(err)
		}
		if err := s.SetsockoptCANISOTPRecvFC(fc); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := a.GetsockoptCANISOTPOpts(); err != nil || got.Flags&socket.CAN_ISOTP_TX_PADDING == 0 || got.TxpadContent != 0xaa {
		t.Errorf("CAN_ISOTP_OPTS reads %+v, %v", got, err)
	}
	if got, err := a.GetsockoptCANISOTPRecvFC(); err != nil || got != fc {
		t.Errorf("CAN_ISOTP_RECV_FC reads %+v, %v", got, err)
	}
	addrA := socket.CANISOTPAddr{Interface: vcan, RxAddr: 0x7e8, TxAddr: 0x7e0}
	addrB := socket.CANISOTPAddr{Interface: vcan, RxAddr: 0x7e0, TxAddr: 0x7e8}
	if err := a.Bind(addrA); err != nil {
		t.Fatal(err)
	}
	if err := b.Bind(addrB); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Getsockname(); err != nil || got != addrA {
		t.Errorf("getsockname %#v, %v; want %#v", got, err, addrA)
	}
	// A socket adopted by descriptor: the kernel's SO_PROTOCOL says 0 for
	// CAN sockets, and the package finds CAN_ISOTP by the options it has.
	fd, err := syscall.Dup(b.Fileno())
	if err != nil {
		t.Fatal(err)
	}
	adopted, err := socket.FromFileno(fd)
	if err != nil {
		syscall.Close(fd)
		t.Fatal(err)
	}
	defer adopted.Close()
	if got, err := adopted.Getsockname(); err != nil || got != addrB {
		t.Errorf("FromFileno (SO_PROTOCOL %d): getsockname %#v, %v; want %#v", adopted.Proto(), got, err, addrB)
	}

	for _, tt := range []struct {
		name     string
		from, to *socket.Socket
		size     int
	}{{"100 bytes", a, b, 100}, {"4095 bytes", b, a, 4095}, {"single frame", a, b, 7}} {
		t.Run(tt.name, func(t *testing.T) {
			msg := make([]byte, tt.size)
			for i := range msg {
				msg[i] = byte(i * 7)
			}
			if n, err := tt.from.Send(msg); err != nil || n != len(msg) {
				t.Fatalf("send: %d, %v", n, err)
			}
			got, err := tt.to.Recv(8192)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, msg) {
				t.Errorf("received %d bytes, sent %d", len(got), len(msg))
			}
		})
	}
}

func TestCANJ1939(t *testing.T) {
	needCAN(t, socket.SOCK_DGRAM, socket.CAN_J1939)
	a := canSock(t, socket.SOCK_DGRAM, socket.CAN_J1939)
	b := canSock(t, socket.SOCK_DGRAM, socket.CAN_J1939)
	const pgn = 0x12300
	srcA := socket.CANJ1939Addr{Interface: vcan, Name: socket.J1939_NO_NAME, PGN: socket.J1939_NO_PGN, Addr: 0x20}
	srcB := socket.CANJ1939Addr{Interface: vcan, Name: socket.J1939_NO_NAME, PGN: socket.J1939_NO_PGN, Addr: 0x30}
	if err := a.Bind(srcA); err != nil {
		t.Fatal(err)
	}
	if err := b.Bind(srcB); err != nil {
		t.Fatal(err)
	}
	if err := a.SetsockoptJ1939SendPrio(6); err != nil {
		t.Fatal(err)
	}
	if p, err := a.GetsockoptJ1939SendPrio(); err != nil || p != 6 {
		t.Errorf("SO_J1939_SEND_PRIO reads %d, %v", p, err)
	}
	if err := b.SetsockoptJ1939Filter([]socket.J1939Filter{{PGN: pgn, PGNMask: socket.J1939_PGN_MAX}}); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Getsockname(); err != nil || got != srcA {
		t.Errorf("getsockname %#v, %v", got, err)
	}
	for _, size := range []int{8, 1000} {
		t.Run(fmt.Sprint(size, " bytes"), func(t *testing.T) {
			msg := make([]byte, size)
			for i := range msg {
				msg[i] = byte(i)
			}
			dst := socket.CANJ1939Addr{Interface: vcan, Name: socket.J1939_NO_NAME, PGN: pgn, Addr: 0x30}
			if n, err := a.Sendto(msg, dst); err != nil || n != size {
				t.Fatalf("sendto: %d, %v", n, err)
			}
			got, from, err := b.Recvfrom(4096)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, msg) {
				t.Errorf("received %d bytes, sent %d", len(got), size)
			}
			want := socket.CANJ1939Addr{Interface: vcan, Name: socket.J1939_NO_NAME, PGN: pgn, Addr: 0x20}
			if size > 8 {
				// A message reassembled by the transport protocol carries no
				// receiving interface: the kernel reports index 0, so "".
				want.Interface = ""
			}
			if from != want {
				t.Errorf("recvfrom address %#v, want %#v", from, want)
			}
		})
	}
}

// TestCANAddrBadInput runs where AF_CAN exists: the checks that come before
// any syscall, and the kernel's answer to an unknown interface.
func TestCANAddrBadInput(t *testing.T) {
	needCAN(t, socket.SOCK_RAW, socket.CAN_RAW)
	s := canSock(t, socket.SOCK_RAW, socket.CAN_RAW)
	err := s.Bind(socket.CANAddr{Interface: strings.Repeat("v", 16)})
	if !errors.Is(err, socket.ErrInvalid) || !strings.Contains(err.Error(), "AF_CAN interface name too long") {
		t.Errorf("16-byte name: %v", err)
	}
	if err := s.Bind(socket.CANAddr{Interface: "nosuchcan0"}); !errors.Is(err, syscall.ENODEV) {
		t.Errorf("unknown interface: %v, want ENODEV", err)
	}
	if err := s.Bind(socket.CANISOTPAddr{Interface: vcan}); !errors.Is(err, socket.ErrInvalid) {
		t.Errorf("ISO-TP address on CAN_RAW: %v", err)
	}
}

// TestCANFrameLayout compares the frame and BCM encodings with CPython's
// struct module, as Python's CAN example and test_socket pack them.
func TestPyCANFrameLayout(t *testing.T) {
	t.Parallel()
	frames := []socket.CANFrame{
		{ID: 0x123, Data: []byte{1, 2, 3}},
		{ID: 0x80000001, Data: []byte{}},
		{ID: 0x1fffffff | socket.CAN_EFF_FLAG | socket.CAN_RTR_FLAG, Data: []byte{0, 0, 0, 0, 0, 0, 0, 0xff}},
	}
	head := socket.BCMMsgHead{Opcode: socket.CAN_BCM_TX_SETUP, Flags: 3, Count: 7,
		Ival1: 1500 * time.Millisecond, Ival2: 250 * time.Microsecond, CANID: 0x333}
	prog := `import struct, sys
for a in sys.argv[1:-1]:
    i, d = a.split(":")
    d = bytes.fromhex(d)
    print(struct.pack("=IB3x8s", int(i, 16), len(d), d.ljust(8, b"\0")).hex())
h = struct.pack("@3I4l2I", 1, 3, 7, 1, 500000, 0, 250, 0x333, 1)
h += b"\0" * (-len(h) % 8)
print((h + bytes.fromhex(sys.argv[-1])).hex())`
	var args []string
	for _, f := range frames {
		args = append(args, fmt.Sprintf("%x:%x", f.ID, f.Data))
	}
	first, _ := frames[0].MarshalBinary()
	args = append(args, hex.EncodeToString(first))
	want := strings.Fields(python(t, prog, args...))
	for i, f := range frames {
		got, err := f.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if hex.EncodeToString(got) != want[i] {
			t.Errorf("%v: %x, python packs %s", f, got, want[i])
		}
		var back socket.CANFrame
		if err := back.UnmarshalBinary(got); err != nil || back.ID != f.ID || !bytes.Equal(back.Data, f.Data) {
			t.Errorf("round trip of %v: %v, %v", f, back, err)
		}
	}
	msg, err := socket.BCMMessage(head, frames[0])
	if err != nil {
		t.Fatal(err)
	}
	if hex.EncodeToString(msg) != want[len(frames)] {
		t.Errorf("BCM message %x, python packs %s", msg, want[len(frames)])
	}
	h, fs, err := socket.ParseBCMMessage(msg)
	head.Nframes = 1
	if err != nil || h != head || len(fs) != 1 {
		t.Errorf("ParseBCMMessage: %+v %v %v", h, fs, err)
	}
}

func TestCANFrameErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
	}{
		{"classic 9 bytes", func() error { _, err := socket.CANFrame{Data: make([]byte, 9)}.MarshalBinary(); return err }()},
		{"fd 65 bytes", func() error { _, err := socket.CANFDFrame{Data: make([]byte, 65)}.MarshalBinary(); return err }()},
		{"short buffer", new(socket.CANFrame).UnmarshalBinary(make([]byte, 15))},
		{"len 9", new(socket.CANFrame).UnmarshalBinary(append([]byte{0, 0, 0, 0, 9}, make([]byte, 11)...))},
		{"fd len 65", new(socket.CANFDFrame).UnmarshalBinary(append([]byte{0, 0, 0, 0, 65}, make([]byte, 67)...))},
		{"bcm short", new(socket.BCMMsgHead).UnmarshalBinary(make([]byte, 8))},
		{"bcm negative interval", func() error { _, err := socket.BCMMessage(socket.BCMMsgHead{Ival1: -time.Second}); return err }()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !errors.Is(tt.err, socket.ErrCANFrame) || !errors.Is(tt.err, socket.ErrInvalid) {
				t.Errorf("got %v, want ErrCANFrame", tt.err)
			}
		})
	}
}

func TestCANFrameString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		frame fmt.Stringer
		want  string
	}{
		{"standard", socket.CANFrame{ID: 0x123, Data: []byte{0xde, 0xad}}, "123#DEAD"},
		{"extended", socket.CANFrame{ID: 0x1abcdef | socket.CAN_EFF_FLAG}, "01ABCDEF#"},
		{"remote", socket.CANFrame{ID: 0x7ff | socket.CAN_RTR_FLAG, Data: make([]byte, 2)}, "7FF#R2"},
		{"fd", socket.CANFDFrame{ID: 0x42, Flags: socket.CANFD_BRS, Data: []byte{1}}, "042##101"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.frame.String(); got != tt.want {
				t.Errorf("%q, want %q", got, tt.want)
			}
		})
	}
}

func BenchmarkCANFrameMarshal(b *testing.B) {
	f := socket.CANFrame{ID: 0x123, Data: []byte{1, 2, 3, 4}}
	buf := make([]byte, 0, socket.CAN_MTU)
	var g socket.CANFrame
	g.Data = make([]byte, 0, 8)
	b.ReportAllocs()
	for b.Loop() {
		out, _ := f.AppendBinary(buf[:0])
		if err := g.UnmarshalBinary(out); err != nil {
			b.Fatal(err)
		}
	}
}
