package socket_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// udpPair opens two datagram sockets of family bound to loopback (or to
// paths in a temporary directory for AF_UNIX) and returns them with their
// addresses; they are closed when t ends.
func udpPair(t testing.TB, family socket.AddressFamily) (a, b *socket.Socket, aAddr, bAddr socket.Addr) {
	t.Helper()
	skipUnless(t, family, socket.SOCK_DGRAM, 0)
	a = mustNew(t, family, socket.SOCK_DGRAM, 0)
	b = mustNew(t, family, socket.SOCK_DGRAM, 0)
	var ba, bb socket.Addr
	switch family {
	case socket.AF_INET:
		ba, bb = socket.InetAddr{Host: "127.0.0.1"}, socket.InetAddr{Host: "127.0.0.1"}
	case socket.AF_INET6:
		ba, bb = socket.Inet6Addr{Host: "::1"}, socket.Inet6Addr{Host: "::1"}
	case socket.AF_UNIX:
		dir := t.TempDir()
		ba, bb = socket.UnixAddr{Path: filepath.Join(dir, "a")}, socket.UnixAddr{Path: filepath.Join(dir, "b")}
	}
	if err := a.Bind(ba); err != nil {
		t.Fatal(err)
	}
	if err := b.Bind(bb); err != nil {
		t.Fatal(err)
	}
	aAddr, _ = a.Getsockname()
	bAddr, _ = b.Getsockname()
	return a, b, aAddr, bAddr
}

// payload is datagram i of a test: its number, then a pattern.
func payload(i, size int) []byte {
	p := make([]byte, size)
	for j := range p {
		p[j] = byte(i*7 + j)
	}
	if size >= 4 {
		copy(p, fmt.Sprintf("%04d", i%10000))
	}
	return p
}

// recvAll receives want datagrams with Recvmmsg in batches of batch, each
// into one buffer of size bytes, and returns their contents and sources.
// It may run in a goroutine of its own: on an error it marks t failed and
// returns what came.
func recvAll(t *testing.T, s *socket.Socket, want, batch, size int) ([][]byte, []socket.Addr) {
	t.Helper()
	msgs := make([]socket.Message, batch)
	for i := range msgs {
		msgs[i].Buffers = [][]byte{make([]byte, size)}
	}
	var got [][]byte
	var from []socket.Addr
	for len(got) < want {
		n, err := s.Recvmmsg(msgs)
		if err != nil {
			t.Errorf("Recvmmsg after %d datagrams: %v", len(got), err)
			return got, from
		}
		if n < 1 || n > batch {
			t.Errorf("Recvmmsg returned %d for a batch of %d", n, batch)
			return got, from
		}
		for _, m := range msgs[:n] {
			got = append(got, append([]byte(nil), m.Buffers[0][:m.N]...))
			from = append(from, m.Addr)
		}
	}
	return got, from
}

func TestMmsgRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		family socket.AddressFamily
	}{
		{"inet", socket.AF_INET},
		{"inet6", socket.AF_INET6},
		{"unix", socket.AF_UNIX},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, b, aAddr, bAddr := udpPair(t, tt.family)
			b.Settimeout(10 * time.Second)
			const count = 40
			msgs := make([]socket.Message, count)
			for i := range msgs {
				p := payload(i, 100+i)
				// Gathered from three pieces, one of them empty.
				msgs[i] = socket.Message{Buffers: [][]byte{p[:10], {}, p[10:]}, Addr: bAddr}
			}
			// AF_UNIX senders block while the receiver's queue is full, so
			// the receiver runs beside the sender.
			type result struct {
				got  [][]byte
				from []socket.Addr
			}
			done := make(chan result, 1)
			go func() {
				got, from := recvAll(t, b, count, 16, 2048)
				done <- result{got, from}
			}()
			sent := 0
			for sent < count {
				n, err := a.Sendmmsg(msgs[sent:])
				if err != nil {
					t.Fatalf("Sendmmsg after %d: %v", sent, err)
				}
				for _, m := range msgs[sent : sent+n] {
					if want := len(m.Buffers[0]) + len(m.Buffers[2]); m.N != want {
						t.Errorf("sent N = %d, want %d", m.N, want)
					}
				}
				sent += n
			}
			r := <-done
			got, from := r.got, r.from
			if len(got) < count {
				return
			}
			for i, g := range got {
				if want := payload(i, 100+i); !bytes.Equal(g, want) {
					t.Fatalf("datagram %d: got %d bytes %q..., want %d bytes %q...", i, len(g), g[:4], len(want), want[:4])
				}
				if from[i] != aAddr {
					t.Errorf("datagram %d from %v, want %v", i, from[i], aAddr)
				}
			}
		})
	}
}

// TestRecvmmsgScatterAndFlags receives into scattered buffers, with a
// datagram longer than its buffers (MSG_TRUNC) beside one that fits.
func TestRecvmmsgScatterAndFlags(t *testing.T) {
	t.Parallel()
	a, b, aAddr, bAddr := udpPair(t, socket.AF_INET)
	b.Settimeout(10 * time.Second)
	if _, err := a.Sendto([]byte("hello, world"), bAddr); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Sendto([]byte("0123456789abcdef"), bAddr); err != nil {
		t.Fatal(err)
	}
	p1, p2 := make([]byte, 5), make([]byte, 8)
	q1, q2 := make([]byte, 5), make([]byte, 8)
	msgs := []socket.Message{{Buffers: [][]byte{p1, p2}}, {Buffers: [][]byte{q1, q2}}}
	got := 0
	for got < 2 {
		n, err := b.Recvmmsg(msgs[got:])
		if err != nil {
			t.Fatal(err)
		}
		got += n
	}
	tests := []struct {
		name      string
		m         socket.Message
		data      string
		n         int
		truncated bool
	}{
		{"fits", msgs[0], "hello, world", 12, false},
		{"truncated", msgs[1], "0123456789abc", 13, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.m.N != tt.n {
				t.Errorf("N = %d, want %d", tt.m.N, tt.n)
			}
			if got := string(append(tt.m.Buffers[0], tt.m.Buffers[1]...))[:tt.m.N]; got != tt.data {
				t.Errorf("data %q, want %q", got, tt.data)
			}
			if tr := tt.m.Flags&socket.MSG_TRUNC != 0; tr != tt.truncated {
				t.Errorf("Flags %#x: MSG_TRUNC %v, want %v", tt.m.Flags, tr, tt.truncated)
			}
			if tt.m.Addr != aAddr {
				t.Errorf("Addr %v, want %v", tt.m.Addr, aAddr)
			}
		})
	}
}

// TestSendmmsgConnected sends a batch with nil addresses on a connected
// socket, and with MSG_DONTWAIT.
func TestSendmmsgConnected(t *testing.T) {
	t.Parallel()
	a, b, _, bAddr := udpPair(t, socket.AF_INET)
	b.Settimeout(10 * time.Second)
	if err := a.Connect(bAddr); err != nil {
		t.Fatal(err)
	}
	msgs := []socket.Message{{Buffers: [][]byte{[]byte("one")}}, {Buffers: [][]byte{[]byte("two")}}, {Buffers: [][]byte{{}}}}
	n, err := a.Sendmmsg(msgs, socket.MSG_DONTWAIT)
	if err != nil || n != 3 {
		t.Fatalf("Sendmmsg = %d, %v; want 3, nil", n, err)
	}
	got, _ := recvAll(t, b, 3, 4, 16)
	if len(got) < 3 {
		return
	}
	if string(got[0]) != "one" || string(got[1]) != "two" || len(got[2]) != 0 {
		t.Errorf("received %q", got)
	}
}

// TestRecvmmsgReturnsAtFirstDatagram blocks Recvmmsg on a batch of 64 and
// sends one datagram: the call returns with it, not waiting for more.
func TestRecvmmsgReturnsAtFirstDatagram(t *testing.T) {
	t.Parallel()
	a, b, _, bAddr := udpPair(t, socket.AF_INET)
	msgs := make([]socket.Message, 64)
	for i := range msgs {
		msgs[i].Buffers = [][]byte{make([]byte, 64)}
	}
	type result struct {
		n   int
		err error
	}
	done := make(chan result, 1)
	go func() {
		n, err := b.Recvmmsg(msgs)
		done <- result{n, err}
	}()
	time.Sleep(50 * time.Millisecond)
	select {
	case r := <-done:
		t.Fatalf("Recvmmsg returned %d, %v before any datagram", r.n, r.err)
	default:
	}
	if _, err := a.Sendto([]byte("x"), bAddr); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if r.err != nil || r.n != 1 || msgs[0].N != 1 {
			t.Fatalf("Recvmmsg = %d, %v (N %d); want 1, nil (N 1)", r.n, r.err, msgs[0].N)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Recvmmsg still blocked 10 s after a datagram came")
	}
}

// TestMmsgWaitModes runs both calls under each way a wait ends: the
// socket's timeout, non-blocking mode, MSG_DONTWAIT, a net.Conn deadline, a
// context's cancellation and deadline, and Close from another goroutine.
func TestMmsgWaitModes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(s *socket.Socket)
		call  func(s *socket.Socket, msgs []socket.Message) (int, error)
		is    []error
	}{
		{"timeout", func(s *socket.Socket) { s.Settimeout(30 * time.Millisecond) }, recvPlain, []error{os.ErrDeadlineExceeded}},
		{"non-blocking", func(s *socket.Socket) { s.Setblocking(false) }, recvPlain, []error{syscall.EAGAIN}},
		{"MSG_DONTWAIT", nil, func(s *socket.Socket, m []socket.Message) (int, error) { return s.Recvmmsg(m, socket.MSG_DONTWAIT) }, []error{syscall.EAGAIN}},
		{"deadline", func(s *socket.Socket) { s.SetReadDeadline(time.Now().Add(30 * time.Millisecond)) }, recvPlain, []error{os.ErrDeadlineExceeded}},
		{"context canceled", nil, func(s *socket.Socket, m []socket.Message) (int, error) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(30*time.Millisecond, cancel)
			return s.RecvmmsgContext(ctx, m)
		}, []error{context.Canceled}},
		{"context deadline", nil, func(s *socket.Socket, m []socket.Message) (int, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
			defer cancel()
			return s.RecvmmsgContext(ctx, m)
		}, []error{context.DeadlineExceeded, os.ErrDeadlineExceeded}},
		{"close", func(s *socket.Socket) { time.AfterFunc(30*time.Millisecond, func() { s.Close() }) }, recvPlain, []error{net.ErrClosed}},
		{"after close", func(s *socket.Socket) { s.Close() }, recvPlain, []error{net.ErrClosed, syscall.EBADF}},
		{"send after close", func(s *socket.Socket) { s.Close() }, func(s *socket.Socket, m []socket.Message) (int, error) { return s.Sendmmsg(m) }, []error{net.ErrClosed}},
		{"send context canceled before", nil, func(s *socket.Socket, m []socket.Message) (int, error) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return s.SendmmsgContext(ctx, m)
		}, []error{context.Canceled}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, b, aAddr, _ := udpPair(t, socket.AF_INET)
			if tt.setup != nil {
				tt.setup(b)
			}
			msgs := []socket.Message{{Buffers: [][]byte{make([]byte, 16)}, Addr: aAddr}}
			start := time.Now()
			n, err := tt.call(b, msgs)
			if err == nil || n != 0 {
				t.Fatalf("got %d, %v; want an error", n, err)
			}
			var se *socket.Error
			if !errors.As(err, &se) {
				t.Fatalf("%T %v is not a *socket.Error", err, err)
			}
			for _, target := range tt.is {
				if !errors.Is(err, target) {
					t.Errorf("%v: errors.Is(err, %v) is false", err, target)
				}
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func recvPlain(s *socket.Socket, m []socket.Message) (int, error) { return s.Recvmmsg(m) }

// TestSendmmsgPartialBatch sends a batch whose fourth datagram is too large
// for UDP: the first three go and the call says 3 with no error; sending
// the rest again reports EMSGSIZE, as sendmmsg(2) does.
func TestSendmmsgPartialBatch(t *testing.T) {
	t.Parallel()
	a, b, _, bAddr := udpPair(t, socket.AF_INET)
	b.Settimeout(10 * time.Second)
	msgs := make([]socket.Message, 6)
	for i := range msgs {
		msgs[i] = socket.Message{Buffers: [][]byte{payload(i, 32)}, Addr: bAddr}
	}
	msgs[3].Buffers = [][]byte{make([]byte, 70000)}
	n, err := a.Sendmmsg(msgs)
	if err != nil || n != 3 {
		t.Fatalf("Sendmmsg = %d, %v; want 3, nil", n, err)
	}
	n, err = a.Sendmmsg(msgs[3:])
	if !errors.Is(err, syscall.EMSGSIZE) || n != 0 {
		t.Fatalf("Sendmmsg of the rest = %d, %v; want 0, EMSGSIZE", n, err)
	}
	if n, err = a.Sendmmsg(msgs[4:]); err != nil || n != 2 {
		t.Fatalf("Sendmmsg after the large one = %d, %v; want 2, nil", n, err)
	}
	got, _ := recvAll(t, b, 5, 8, 64)
	if len(got) < 5 {
		return
	}
	for i, want := range []int{0, 1, 2, 4, 5} {
		if !bytes.Equal(got[i], payload(want, 32)) {
			t.Errorf("datagram %d is %q, want payload %d", i, got[i][:4], want)
		}
	}
}

// TestRecvmmsgPartialBatch queues 5 datagrams and receives with a batch of
// 64: the call returns the 5.
func TestRecvmmsgPartialBatch(t *testing.T) {
	t.Parallel()
	a, b, _, bAddr := udpPair(t, socket.AF_INET)
	for i := range 5 {
		if _, err := a.Sendto(payload(i, 20), bAddr); err != nil {
			t.Fatal(err)
		}
	}
	msgs := make([]socket.Message, 64)
	for i := range msgs {
		msgs[i].Buffers = [][]byte{make([]byte, 64)}
	}
	b.Settimeout(10 * time.Second)
	got := 0
	for got < 5 {
		n, err := b.Recvmmsg(msgs[got:])
		if err != nil {
			t.Fatal(err)
		}
		got += n
	}
	if n, err := b.Recvmmsg(msgs, socket.MSG_DONTWAIT); !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("Recvmmsg of an empty queue = %d, %v; want EAGAIN", n, err)
	}
}

// TestMmsgBadInput: each bad argument is a *ValueError naming it, for
// both calls, and nothing panics.
func TestMmsgBadInput(t *testing.T) {
	t.Parallel()
	a, _, _, bAddr := udpPair(t, socket.AF_INET)
	var nilSock *socket.Socket
	var typedNil *socket.InetAddr
	buf := [][]byte{make([]byte, 8)}
	many := make([]socket.Message, 1025)
	for i := range many {
		many[i].Buffers = buf
	}
	hdr, _ := socket.CMSG_LEN(0)
	bad := make([]byte, hdr) // cmsg_len 0
	tests := []struct {
		name string
		s    *socket.Socket
		msgs []socket.Message
		flag int
		arg  string
		recv bool
	}{
		{"nil socket send", nilSock, []socket.Message{{Buffers: buf}}, 0, "s", false},
		{"nil socket recv", nilSock, []socket.Message{{Buffers: buf}}, 0, "s", true},
		{"zero socket", new(socket.Socket), []socket.Message{{Buffers: buf}}, 0, "s", true},
		{"nil buffers send", a, []socket.Message{{Buffers: buf, Addr: bAddr}, {Addr: bAddr}}, 0, "msgs[1].Buffers", false},
		{"nil buffers recv", a, []socket.Message{{}}, 0, "msgs[0].Buffers", true},
		{"too many messages send", a, many, 0, "msgs", false},
		{"too many messages recv", a, many, 0, "msgs", true},
		{"too many buffers", a, []socket.Message{{Buffers: make([][]byte, 1025)}}, 0, "msgs[0].Buffers", false},
		{"wrong family", a, []socket.Message{{Buffers: buf, Addr: socket.Inet6Addr{Host: "::1", Port: 9}}}, 0, "msgs[0].Addr", false},
		{"typed nil addr", a, []socket.Message{{Buffers: buf, Addr: bAddr}, {Buffers: buf, Addr: typedNil}}, 0, "msgs[1].Addr", false},
		{"port out of range", a, []socket.Message{{Buffers: buf, Addr: socket.InetAddr{Host: "127.0.0.1", Port: 70000}}}, 0, "port", false},
		{"malformed OOB", a, []socket.Message{{Buffers: buf, Addr: bAddr, OOB: bad}}, 0, "msgs[0].OOB", false},
		{"short OOB", a, []socket.Message{{Buffers: buf, Addr: bAddr, OOB: []byte{1, 2, 3}}}, 0, "msgs[0].OOB", false},
		{"flags over a C int send", a, []socket.Message{{Buffers: buf, Addr: bAddr}}, beyondCInt, "flags", false},
		{"flags over a C int recv", a, []socket.Message{{Buffers: buf}}, -beyondCInt, "flags", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name[:5] == "flags" && beyondCInt == 0 {
				t.Skip("every int is a C int where int is 32 bits")
			}
			var n int
			var err error
			if tt.recv {
				n, err = tt.s.Recvmmsg(tt.msgs, tt.flag)
			} else {
				n, err = tt.s.Sendmmsg(tt.msgs, tt.flag)
			}
			var ve *socket.ValueError
			if n != 0 || !errors.As(err, &ve) || !errors.Is(err, socket.ErrInvalid) {
				t.Fatalf("got %d, %v; want a *ValueError", n, err)
			}
			if ve.Arg != tt.arg {
				t.Errorf("ValueError names %q (%v), want %q", ve.Arg, err, tt.arg)
			}
		})
	}
	var nilCtx context.Context
	if _, err := a.RecvmmsgContext(nilCtx, []socket.Message{{Buffers: buf}}); !errors.Is(err, socket.ErrInvalid) {
		t.Errorf("RecvmmsgContext(nil) = %v, want a *ValueError", err)
	}
	if _, err := a.SendmmsgContext(nilCtx, []socket.Message{{Buffers: buf, Addr: bAddr}}); !errors.Is(err, socket.ErrInvalid) {
		t.Errorf("SendmmsgContext(nil) = %v, want a *ValueError", err)
	}
	// The socket still works after the bad calls.
	if n, err := a.Sendmmsg([]socket.Message{{Buffers: buf, Addr: bAddr}}); n != 1 || err != nil {
		t.Errorf("Sendmmsg after bad input = %d, %v", n, err)
	}
	// An empty batch moves nothing and is no error.
	if n, err := a.Sendmmsg(nil); n != 0 || err != nil {
		t.Errorf("Sendmmsg(nil) = %d, %v", n, err)
	}
	if n, err := a.Recvmmsg([]socket.Message{}); n != 0 || err != nil {
		t.Errorf("Recvmmsg of no messages = %d, %v", n, err)
	}
}

// TestMmsgAllocs: a receive loop that reuses its messages and hears from
// the same peers, and send loops to a connected socket or a kept address,
// allocate nothing per batch; so do the Context forms with a context that
// cannot end.
func TestMmsgAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are measured in the full suite")
	}
	const batch = 8
	a, b, _, bAddr := udpPair(t, socket.AF_INET)
	c, _, _, _ := udpPair(t, socket.AF_INET)
	if err := c.Connect(bAddr); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*socket.Socket{a, b, c} {
		s.Setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1<<20)
		s.Setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1<<20)
	}
	out := make([]socket.Message, batch)
	conn := make([]socket.Message, batch)
	in := make([]socket.Message, 2*batch)
	for i := range out {
		out[i] = socket.Message{Buffers: [][]byte{payload(i, 100)}, Addr: bAddr}
		conn[i] = socket.Message{Buffers: [][]byte{payload(i, 100)}}
	}
	for i := range in {
		in[i].Buffers = [][]byte{make([]byte, 128)}
	}
	// recvN receives exactly n datagrams (blocking), so that no call of
	// the measured loop fails: an error allocates.
	recvN := func(n int, ctx context.Context) {
		for n > 0 {
			var k int
			var err error
			if ctx != nil {
				k, err = b.RecvmmsgContext(ctx, in[:min(n, len(in))])
			} else {
				k, err = b.Recvmmsg(in[:min(n, len(in))])
			}
			if err != nil {
				t.Error(err)
				return
			}
			n -= k
		}
	}
	// sendAll sends every message, calling again after a partial batch,
	// so that recvN never waits for a datagram that did not go.
	sendAll := func(s *socket.Socket, msgs []socket.Message, ctx context.Context) {
		for sent := 0; sent < len(msgs); {
			var n int
			var err error
			if ctx != nil {
				n, err = s.SendmmsgContext(ctx, msgs[sent:])
			} else {
				n, err = s.Sendmmsg(msgs[sent:])
			}
			if err != nil {
				t.Error(err)
				return
			}
			sent += n
		}
	}
	b.Settimeout(10 * time.Second)
	ctx := context.Background()
	tests := []struct {
		name string
		f    func()
	}{
		{"Sendmmsg to a kept Addr", func() { sendAll(a, out, nil); recvN(batch, nil) }},
		{"Sendmmsg connected", func() { sendAll(c, conn, nil); recvN(batch, nil) }},
		{"Recvmmsg from two peers", func() { sendAll(a, out, nil); sendAll(c, conn, nil); recvN(2*batch, nil) }},
		{"SendmmsgContext and RecvmmsgContext", func() { sendAll(a, out, ctx); recvN(batch, ctx) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, tt.name, 0, tt.f)
		})
	}
}

// TestMmsgCloseWakesBoth blocks a Recvmmsg and a Sendmmsg-free receive on
// two sockets and closes them; no descriptor or goroutine is left.
func TestMmsgCloseWakesBlocked(t *testing.T) {
	checkLeaks(t)
	s, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Bind(socket.InetAddr{Host: "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	const n = 4
	errc := make(chan error, n)
	for range n {
		go func() {
			msgs := []socket.Message{{Buffers: [][]byte{make([]byte, 8)}}}
			_, err := s.Recvmmsg(msgs)
			errc <- err
		}()
	}
	time.Sleep(50 * time.Millisecond)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for range n {
		select {
		case err := <-errc:
			if !errors.Is(err, net.ErrClosed) {
				t.Errorf("blocked Recvmmsg after Close: %v, want net.ErrClosed", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Recvmmsg still blocked 10 s after Close")
		}
	}
}

// TestMmsgBothSidesAtOnce runs Sendmmsg and Recvmmsg on one socket from
// two goroutines (it sends to itself): each side has its own scratch.
func TestMmsgBothSidesAtOnce(t *testing.T) {
	t.Parallel()
	a, _, aAddr, _ := udpPair(t, socket.AF_INET)
	a.Settimeout(10 * time.Second)
	a.Setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1<<20)
	const rounds, batch = 50, 4
	errc := make(chan error, 1)
	go func() {
		msgs := make([]socket.Message, batch)
		for r := range rounds {
			for i := range msgs {
				msgs[i] = socket.Message{Buffers: [][]byte{payload(r*batch+i, 64)}, Addr: aAddr}
			}
			for sent := 0; sent < batch; {
				n, err := a.Sendmmsg(msgs[sent:])
				if err != nil {
					errc <- err
					return
				}
				sent += n
			}
		}
		errc <- nil
	}()
	got, from := recvAll(t, a, rounds*batch, batch, 128)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if !bytes.Equal(got[i], payload(i, 64)) || from[i] != aAddr {
			t.Fatalf("datagram %d: %q from %v", i, got[i][:4], from[i])
		}
	}
}

// TestRecvmmsgUnnamedSender: datagrams from an unbound AF_UNIX socket of
// a socketpair have no source address, and Addr is nil, as Recvfrom's.
func TestRecvmmsgUnnamedSender(t *testing.T) {
	t.Parallel()
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_DGRAM)
	b.Settimeout(10 * time.Second)
	if n, err := a.Sendmmsg([]socket.Message{{Buffers: [][]byte{[]byte("x")}}, {Buffers: [][]byte{[]byte("yz")}}}); n != 2 || err != nil {
		t.Fatalf("Sendmmsg = %d, %v", n, err)
	}
	got, from := recvAll(t, b, 2, 2, 8)
	if len(got) < 2 {
		return
	}
	for i, want := range []string{"x", "yz"} {
		if string(got[i]) != want || from[i] != nil {
			t.Errorf("datagram %d: %q from %v, want %q from nil", i, got[i], from[i], want)
		}
	}
}
