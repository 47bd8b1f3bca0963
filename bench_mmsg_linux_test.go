//go:build linux

package socket_test

import (
	"encoding/binary"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/ipv4"

	"github.com/pysocket/socket"
)

// BenchmarkUDPLoopback moves 1,200-byte datagrams over loopback from one
// sender goroutine to one receiver goroutine, the same work five ways:
// net.UDPConn WriteTo/ReadFrom, x/net/ipv4 WriteBatch/ReadBatch (64 a
// batch), this package's Sendto/RecvfromInto, Sendmmsg/Recvmmsg (64 a
// batch), and GSO (UDP_SEGMENT, 64,800-byte sends) with GRO on the
// receiver. An op is one datagram sent, timed at the sender; the receiver
// counts what it got, and "delivered/s" is that count over the time from
// the first send to the last receive (loopback drops what the receiver
// cannot take, so delivered is the number that matters).
func BenchmarkUDPLoopback(b *testing.B) {
	const size = 1200
	b.Run("net", func(b *testing.B) {
		rc, wc, to := netUDPPair(b)
		buf := make([]byte, size)
		rbuf := make([]byte, 2048)
		blast(b, func(n int) int {
			if _, err := wc.WriteTo(buf, to); err != nil {
				b.Error(err)
			}
			return 1
		}, func() (int, error) {
			_, _, err := rc.ReadFrom(rbuf)
			return 1, err
		}, func() { rc.SetReadDeadline(time.Unix(1, 0)) })
	})
	b.Run("xnet-ipv4-batch64", func(b *testing.B) {
		rc, wc, to := netUDPPair(b)
		rp, wp := ipv4.NewPacketConn(rc), ipv4.NewPacketConn(wc)
		out, in := make([]ipv4.Message, 64), make([]ipv4.Message, 64)
		for i := range out {
			out[i] = ipv4.Message{Buffers: [][]byte{make([]byte, size)}, Addr: to}
			in[i] = ipv4.Message{Buffers: [][]byte{make([]byte, 2048)}}
		}
		blast(b, func(n int) int {
			k, err := wp.WriteBatch(out[:min(n, len(out))], 0)
			if err != nil {
				b.Error(err)
			}
			return k
		}, func() (int, error) {
			return rp.ReadBatch(in, 0)
		}, func() { rc.SetReadDeadline(time.Unix(1, 0)) })
	})
	b.Run("socket", func(b *testing.B) {
		r, w, to := socketUDPPair(b)
		buf := make([]byte, size)
		rbuf := make([]byte, 2048)
		blast(b, func(n int) int {
			if _, err := w.Sendto(buf, to); err != nil {
				b.Error(err)
			}
			return 1
		}, func() (int, error) {
			_, _, err := r.RecvfromInto(rbuf)
			return 1, err
		}, func() { r.SetReadDeadline(time.Unix(1, 0)) })
	})
	b.Run("socket-mmsg64", func(b *testing.B) {
		r, w, to := socketUDPPair(b)
		out, in := make([]socket.Message, 64), make([]socket.Message, 64)
		for i := range out {
			out[i] = socket.Message{Buffers: [][]byte{make([]byte, size)}, Addr: to}
			in[i] = socket.Message{Buffers: [][]byte{make([]byte, 2048)}}
		}
		blast(b, func(n int) int {
			k, err := w.Sendmmsg(out[:min(n, len(out))])
			if err != nil {
				b.Error(err)
			}
			return k
		}, func() (int, error) {
			return r.Recvmmsg(in)
		}, func() { r.SetReadDeadline(time.Unix(1, 0)) })
	})
	b.Run("socket-gso-gro", func(b *testing.B) {
		r, w, to := socketUDPPair(b)
		skipUnlessUDPOffload(b, w)
		const segs = 54 // 64,800 bytes a send
		if err := w.Setsockopt(socket.SOL_UDP, socket.UDP_SEGMENT, size); err != nil {
			b.Fatal(err)
		}
		if err := r.Setsockopt(socket.SOL_UDP, socket.UDP_GRO, 1); err != nil {
			b.Fatal(err)
		}
		out, in := make([]socket.Message, 4), make([]socket.Message, 8)
		for i := range out {
			out[i] = socket.Message{Buffers: [][]byte{make([]byte, segs*size)}, Addr: to}
		}
		for i := range in {
			in[i] = socket.Message{Buffers: [][]byte{make([]byte, 1<<16)}, OOB: make([]byte, 64)}
		}
		blast(b, func(n int) int {
			k := min((n+segs-1)/segs, len(out))
			// The last send of a run is cut to the datagrams still due.
			last := out[k-1].Buffers[0]
			out[k-1].Buffers[0] = last[:min(len(last), (n-(k-1)*segs)*size)]
			sent, err := w.Sendmmsg(out[:k])
			out[k-1].Buffers[0] = last
			if err != nil {
				b.Error(err)
			}
			d := 0
			for _, m := range out[:sent] {
				d += (m.N + size - 1) / size
			}
			return d
		}, func() (int, error) {
			n, err := r.Recvmmsg(in)
			d := 0
			for _, m := range in[:n] {
				d += datagramsIn(m)
			}
			return d, err
		}, func() { r.SetReadDeadline(time.Unix(1, 0)) })
	})
}

// datagramsIn counts the datagrams in a received message: one, or as many
// segments as its UDP_GRO control message says.
func datagramsIn(m socket.Message) int {
	cms, err := socket.ParseControlMessages(m.OOB[:m.NN])
	if err != nil {
		return 1
	}
	for _, cm := range cms {
		if cm.Level == socket.SOL_UDP && cm.Type == socket.UDP_GRO && len(cm.Data) == 4 {
			if seg := int(int32(binary.NativeEndian.Uint32(cm.Data))); seg > 0 {
				return (m.N + seg - 1) / seg
			}
		}
	}
	return 1
}

// bufSize is the socket buffer size asked for on both ends (the default
// net.core.rmem_max allows it): large enough that a burst does not
// overflow at once, as a server that expects bursts would set it.
const bufSize = 4 << 20

// blast runs one benchmark: send(n) sends up to n datagrams and returns
// how many went; recv receives and returns how many arrived, until it
// fails; stop wakes recv once the sender is done and the receiver quiet.
func blast(b *testing.B, send func(n int) int, recv func() (int, error), stop func()) {
	var got, last atomic.Int64
	done := make(chan struct{})
	var start time.Time
	go func() {
		defer close(done)
		for {
			n, err := recv()
			if err != nil {
				return
			}
			got.Add(int64(n))
			last.Store(time.Now().UnixNano())
		}
	}()
	b.ReportAllocs()
	b.ResetTimer()
	start = time.Now()
	for sent := 0; sent < b.N; {
		sent += send(b.N - sent)
	}
	b.StopTimer()
	// Wait until everything came or nothing more comes for 50 ms.
	for prev := int64(-1); ; {
		g := got.Load()
		if g >= int64(b.N) || g == prev {
			break
		}
		prev = g
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	<-done
	elapsed := time.Duration(last.Load() - start.UnixNano())
	if g := got.Load(); g > 0 && elapsed > 0 {
		b.ReportMetric(float64(g)/elapsed.Seconds(), "delivered/s")
		b.ReportMetric(100*float64(g)/float64(b.N), "%delivered")
	}
}

func netUDPPair(b *testing.B) (r, w *net.UDPConn, to *net.UDPAddr) {
	r, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		b.Fatal(err)
	}
	w, err = net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { r.Close(); w.Close() })
	r.SetReadBuffer(bufSize)
	w.SetWriteBuffer(bufSize)
	return r, w, r.LocalAddr().(*net.UDPAddr)
}

func socketUDPPair(b *testing.B) (r, w *socket.Socket, to socket.Addr) {
	w, r, _, to = udpPair(b, socket.AF_INET)
	r.Setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, bufSize)
	w.Setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, bufSize)
	return r, w, to
}

// BenchmarkUDPSendBatch is the sending side alone: one op is a batch of 64
// datagrams of 1,200 bytes to a loopback socket that nobody reads (the
// kernel drops what its buffer cannot hold), through x/net/ipv4's
// WriteBatch and through Sendmmsg. With the receiver out of the picture it
// shows each library's own cost per batch beside the same sendmmsg(2).
func BenchmarkUDPSendBatch(b *testing.B) {
	b.Run("xnet-ipv4", func(b *testing.B) {
		_, wc, to := netUDPPair(b)
		wp := ipv4.NewPacketConn(wc)
		out := make([]ipv4.Message, 64)
		for i := range out {
			out[i] = ipv4.Message{Buffers: [][]byte{make([]byte, 1200)}, Addr: to}
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := wp.WriteBatch(out, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("socket", func(b *testing.B) {
		_, w, to := socketUDPPair(b)
		out := make([]socket.Message, 64)
		for i := range out {
			out[i] = socket.Message{Buffers: [][]byte{make([]byte, 1200)}, Addr: to}
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := w.Sendmmsg(out); err != nil {
				b.Fatal(err)
			}
		}
	})
}
