//go:build linux

// Command udp-blast measures how many UDP datagrams per second go from a sender to
// a receiver, three ways: one datagram per system call (Python's
// sock.sendto and sock.recvfrom_into, this package's Sendto and
// RecvfromInto), batches of 64 per system call (Sendmmsg and Recvmmsg, over
// sendmmsg(2) and recvmmsg(2)), and UDP segmentation offload (one 64,800
// byte send that the kernel cuts into 1,200-byte datagrams, UDP_SEGMENT,
// received coalesced with UDP_GRO). Python's socket module has the first
// only; the other two are this package's reach beyond it.
//
// Usage:
//
//	udp-blast [-mode all|datagram|batch|gso] [-duration 2s] [-port 0] [-size 1200]
//	udp-blast -role recv [-port 9000] [-duration 10s]
//	udp-blast -role send -to 127.0.0.1:9000 [-mode batch] [-duration 2s]
//
// With the default -role both, a sender and a receiver run in this
// process over loopback for each mode and a line per mode reports the
// datagrams sent and delivered per second. Loopback drops what the
// receiver cannot take, so delivered/s is the number that matters. With
// -role recv and -role send the two ends run apart (on two hosts, say);
// the receiver always takes batches with GRO on and reports what it got.
package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/pysocket/socket"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// The modes, in the order -mode all runs them.
var modes = []string{"datagram", "batch", "gso"}

const (
	batchSize = 64
	gsoSegs   = 54 // 54 × 1,200 = 64,800 bytes a send, under the 65,507 a UDP send takes
	bufBytes  = 4 << 20
)

func run(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("udp-blast", flag.ContinueOnError)
	flags.SetOutput(stderr)
	mode := flags.String("mode", "all", "all, datagram, batch or gso")
	role := flags.String("role", "both", "both (over loopback), send or recv")
	duration := flags.Duration("duration", 2*time.Second, "how long each mode sends (recv: how long to listen)")
	port := flags.Int("port", 0, "the receiver's UDP port (0 picks a free one)")
	to := flags.String("to", "", "send: the receiver's host:port")
	size := flags.Int("size", 1200, "datagram size in bytes")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *size < 1 || *size > 1472 {
		return fmt.Errorf("-size %d: give 1 to 1472 bytes (one datagram in a 1,500-byte MTU)", *size)
	}
	if *port < 0 || *port > 65535 {
		return fmt.Errorf("-port %d: give 0 to 65535", *port)
	}
	run := modes
	if *mode != "all" {
		run = []string{*mode}
	}
	for _, m := range run {
		if m != "datagram" && m != "batch" && m != "gso" {
			return fmt.Errorf("-mode %q: give all, datagram, batch or gso", m)
		}
	}
	switch *role {
	case "both":
		fmt.Fprintf(stdout, "%-8s  %12s  %12s  %6s\n", "mode", "sent/s", "delivered/s", "vs datagram")
		var base float64
		for _, m := range run {
			sent, got, err := loopback(m, *port, *size, *duration)
			if err != nil {
				return fmt.Errorf("%s: %w", m, err)
			}
			rate := float64(got) / duration.Seconds()
			if m == "datagram" {
				base = rate
			}
			ratio := "-"
			if base > 0 {
				ratio = fmt.Sprintf("%.1fx", rate/base)
			}
			fmt.Fprintf(stdout, "%-8s  %12.0f  %12.0f  %6s\n", m, float64(sent)/duration.Seconds(), rate, ratio)
		}
		return nil
	case "recv":
		r, addr, err := receiver(*port, true)
		if err != nil {
			return err
		}
		defer r.Close()
		fmt.Fprintf(stderr, "receiving on %v for %v\n", addr, *duration)
		var got atomic.Int64
		done := make(chan error, 1)
		go func() { done <- receive(r, "gso", *size, &got) }()
		time.Sleep(*duration)
		r.SetReadDeadline(time.Unix(1, 0))
		<-done
		fmt.Fprintf(stdout, "delivered/s %.0f (%d datagrams)\n", float64(got.Load())/duration.Seconds(), got.Load())
		return nil
	case "send":
		host, p, err := net.SplitHostPort(*to)
		if err != nil {
			return fmt.Errorf("-to %q: %w", *to, err)
		}
		pn, err := strconv.Atoi(p)
		if err != nil {
			return fmt.Errorf("-to %q: bad port", *to)
		}
		for _, m := range run {
			s, err := sender(m, *size)
			if err != nil {
				return err
			}
			sent, err := send(s, m, socket.InetAddr{Host: host, Port: pn}, *size, time.Now().Add(*duration))
			s.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", m, err)
			}
			fmt.Fprintf(stdout, "%-8s sent/s %.0f\n", m, float64(sent)/duration.Seconds())
		}
		return nil
	}
	return fmt.Errorf("-role %q: give both, send or recv", *role)
}

// loopback runs one mode for d over loopback and returns the datagrams
// sent and delivered.
func loopback(mode string, port, size int, d time.Duration) (sent, got int64, err error) {
	r, addr, err := receiver(port, mode == "gso")
	if err != nil {
		return 0, 0, err
	}
	defer r.Close()
	s, err := sender(mode, size)
	if err != nil {
		return 0, 0, err
	}
	defer s.Close()
	var n atomic.Int64
	done := make(chan error, 1)
	go func() { done <- receive(r, mode, size, &n) }()
	sent, err = send(s, mode, addr, size, time.Now().Add(d))
	// What is still queued counts; then stop the receiver.
	time.Sleep(50 * time.Millisecond)
	r.SetReadDeadline(time.Unix(1, 0))
	if rerr := <-done; err == nil {
		err = rerr
	}
	return sent, n.Load(), err
}

// receiver opens the receiving socket on 127.0.0.1:port (every address for
// -role recv), with a large receive buffer and, for gso, UDP_GRO.
func receiver(port int, gro bool) (*socket.Socket, socket.Addr, error) {
	r, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		return nil, nil, err
	}
	r.Setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, bufBytes)
	if gro {
		if err := r.Setsockopt(socket.SOL_UDP, socket.UDP_GRO, 1); err != nil {
			r.Close()
			return nil, nil, fmt.Errorf("UDP_GRO (Linux 5.0 or later): %w", err)
		}
	}
	if err := r.Bind(socket.InetAddr{Host: "127.0.0.1", Port: port}); err != nil {
		r.Close()
		return nil, nil, err
	}
	addr, err := r.Getsockname()
	if err != nil {
		r.Close()
		return nil, nil, err
	}
	return r, addr, nil
}

// sender opens the sending socket, with UDP_SEGMENT for gso.
func sender(mode string, size int) (*socket.Socket, error) {
	s, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		return nil, err
	}
	s.Setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, bufBytes)
	if mode == "gso" {
		if err := s.Setsockopt(socket.SOL_UDP, socket.UDP_SEGMENT, size); err != nil {
			s.Close()
			return nil, fmt.Errorf("UDP_SEGMENT (Linux 4.18 or later): %w", err)
		}
	}
	return s, nil
}

// send sends datagrams of size bytes to addr until the deadline and
// returns how many went.
func send(s *socket.Socket, mode string, to socket.Addr, size int, until time.Time) (int64, error) {
	var sent int64
	switch mode {
	case "datagram":
		buf := make([]byte, size)
		for time.Now().Before(until) {
			for range 64 {
				if _, err := s.Sendto(buf, to); err != nil {
					return sent, err
				}
				sent++
			}
		}
	case "batch", "gso":
		n, per := batchSize, 1
		if mode == "gso" {
			n, per = 4, gsoSegs
		}
		msgs := make([]socket.Message, n)
		for i := range msgs {
			msgs[i] = socket.Message{Buffers: [][]byte{make([]byte, per*size)}, Addr: to}
		}
		for time.Now().Before(until) {
			k, err := s.Sendmmsg(msgs)
			if err != nil {
				return sent, err
			}
			sent += int64(k * per)
		}
	}
	return sent, nil
}

// receive counts the datagrams that arrive until the read deadline stops
// it: one per call, or in batches, splitting GRO's coalesced messages by
// the segment size in their UDP_GRO control message.
func receive(r *socket.Socket, mode string, size int, got *atomic.Int64) error {
	stopped := func(err error) error {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return nil
		}
		return err
	}
	if mode == "datagram" {
		buf := make([]byte, 2048)
		for {
			if _, _, err := r.RecvfromInto(buf); err != nil {
				return stopped(err)
			}
			got.Add(1)
		}
	}
	msgs := make([]socket.Message, batchSize)
	bufLen := 2048
	if mode == "gso" {
		msgs, bufLen = msgs[:8], 1<<16
	}
	for i := range msgs {
		msgs[i] = socket.Message{Buffers: [][]byte{make([]byte, bufLen)}, OOB: make([]byte, 64)}
	}
	for {
		n, err := r.Recvmmsg(msgs)
		if err != nil {
			return stopped(err)
		}
		d := 0
		for _, m := range msgs[:n] {
			d += segments(m)
		}
		got.Add(int64(d))
	}
}

// segments is the number of datagrams in a received message: the message
// itself, or its length over the segment size that a UDP_GRO control
// message gives.
func segments(m socket.Message) int {
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
