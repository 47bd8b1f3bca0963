//go:build linux

// Command sniffer captures frames on a network interface and prints each
// one's source, destination, EtherType and length. It is the Python
// documentation's raw-socket sniffer (socket.AF_INET with SIO_RCVALL, which
// only Windows has) carried over to Linux's AF_PACKET, with an optional
// classic BPF filter that the kernel runs before a frame reaches the socket.
//
// Usage:
//
//	sniffer [-c count] [-timeout duration] interface [filter]
//
// The filter is either a small expression, clauses joined by "and":
//
//	ip | ip6 | arp | ether proto N | ether src MAC | ether dst MAC
//
// or a compiled program in `tcpdump -ddd` form ("4,40 0 0 12,21 0 1 2048,6
// 0 0 262144,6 0 0 0", commas or newlines between instructions), so that
// `sniffer eth0 "$(tcpdump -ddd 'tcp port 80')"` works.
//
// One line per frame:
//
//	host 02:70:79:73:6b:0a > 02:70:79:73:6b:0b, ethertype 0x0800 (IPv4), length 98
//
// It needs CAP_NET_RAW (root).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/pysocket/socket"
	"golang.org/x/net/bpf"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "sniffer:", err)
		os.Exit(1)
	}
}

// run parses the arguments, captures the frames and prints them to stdout;
// it says on stderr when it is listening.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sniffer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	count := fs.Int("c", 10, "number of frames to capture")
	timeout := fs.Duration("timeout", 0, "give up when no frame arrives for this long (0: wait for ever)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: sniffer [-c count] [-timeout duration] interface [filter]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() < 1 || fs.NArg() > 2 || *count < 1 {
		fs.Usage()
		return errors.New("need an interface, an optional filter and a positive count")
	}
	ifname := fs.Arg(0)
	var prog []bpf.RawInstruction
	if fs.NArg() == 2 {
		var err error
		if prog, err = compileFilter(fs.Arg(1)); err != nil {
			return err
		}
	}

	// Protocol 0 receives nothing until Bind, so that no frame arrives
	// before the filter is in place.
	s, err := socket.New(socket.AF_PACKET, socket.SOCK_RAW, 0)
	if err != nil {
		return err
	}
	defer s.Close()
	if prog != nil {
		if err := s.SetsockoptAttachFilter(prog); err != nil {
			return err
		}
	}
	if err := s.Bind(socket.PacketAddr{Ifname: ifname, Proto: socket.ETH_P_ALL}); err != nil {
		return err
	}
	if *timeout > 0 {
		if err := s.Settimeout(*timeout); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "listening on %s for %d frames\n", ifname, *count)

	buf := make([]byte, 65536)
	for i := 0; i < *count; i++ {
		n, from, err := s.RecvfromInto(buf, socket.MSG_TRUNC)
		if err != nil {
			return fmt.Errorf("after %d of %d frames: %w", i, *count, err)
		}
		fmt.Fprintln(stdout, describe(buf[:min(n, len(buf))], n, from))
	}
	return nil
}

// describe formats one frame: how it came (the PacketAddr's packet type),
// source > destination, EtherType, and its length on the wire.
func describe(frame []byte, length int, from socket.Addr) string {
	dir := "?"
	if a, ok := from.(socket.PacketAddr); ok {
		dir = pktTypes[a.PktType]
		if dir == "" {
			dir = strconv.Itoa(a.PktType)
		}
	}
	if len(frame) < 14 {
		return fmt.Sprintf("%s short frame % x, length %d", dir, frame, length)
	}
	et := int(frame[12])<<8 | int(frame[13])
	name := ""
	if n, ok := etherTypes[et]; ok {
		name = " (" + n + ")"
	}
	return fmt.Sprintf("%s %s > %s, ethertype 0x%04x%s, length %d",
		dir, net.HardwareAddr(frame[6:12]), net.HardwareAddr(frame[0:6]), et, name, length)
}

var pktTypes = map[int]string{
	socket.PACKET_HOST:      "host",
	socket.PACKET_BROADCAST: "broadcast",
	socket.PACKET_MULTICAST: "multicast",
	socket.PACKET_OTHERHOST: "otherhost",
	socket.PACKET_OUTGOING:  "outgoing",
}

var etherTypes = map[int]string{
	socket.ETH_P_IP:    "IPv4",
	socket.ETH_P_IPV6:  "IPv6",
	socket.ETH_P_ARP:   "ARP",
	socket.ETH_P_8021Q: "802.1Q",
	socket.ETH_P_LLDP:  "LLDP",
}

// compileFilter turns the filter argument into a classic BPF program.
func compileFilter(expr string) ([]bpf.RawInstruction, error) {
	expr = strings.TrimSpace(expr)
	if expr == "" {
		return nil, errors.New("empty filter")
	}
	if expr[0] >= '0' && expr[0] <= '9' {
		return parseDDD(expr)
	}
	// Each clause falls through when it matches and jumps to the final
	// "drop" otherwise; the jumps are fixed up once the length is known.
	var insts []bpf.Instruction
	var jumps []int
	cond := func(off, size uint32, val uint32) {
		insts = append(insts, bpf.LoadAbsolute{Off: off, Size: int(size)})
		jumps = append(jumps, len(insts))
		insts = append(insts, bpf.JumpIf{Cond: bpf.JumpEqual, Val: val})
	}
	for _, clause := range strings.Split(expr, " and ") {
		f := strings.Fields(clause)
		switch {
		case len(f) == 1 && f[0] == "ip":
			cond(12, 2, socket.ETH_P_IP)
		case len(f) == 1 && f[0] == "ip6":
			cond(12, 2, socket.ETH_P_IPV6)
		case len(f) == 1 && f[0] == "arp":
			cond(12, 2, socket.ETH_P_ARP)
		case len(f) == 3 && f[0] == "ether" && f[1] == "proto":
			v, err := strconv.ParseUint(f[2], 0, 16)
			if err != nil {
				return nil, fmt.Errorf("filter %q: ether proto %q is not a number 0-65535", clause, f[2])
			}
			cond(12, 2, uint32(v))
		case len(f) == 3 && f[0] == "ether" && (f[1] == "src" || f[1] == "dst"):
			mac, err := net.ParseMAC(f[2])
			if err != nil || len(mac) != 6 {
				return nil, fmt.Errorf("filter %q: %q is not an Ethernet address", clause, f[2])
			}
			off := uint32(0)
			if f[1] == "src" {
				off = 6
			}
			cond(off, 4, uint32(mac[0])<<24|uint32(mac[1])<<16|uint32(mac[2])<<8|uint32(mac[3]))
			cond(off+4, 2, uint32(mac[4])<<8|uint32(mac[5]))
		default:
			return nil, fmt.Errorf("filter %q: want ip, ip6, arp, ether proto N, ether src MAC or ether dst MAC", clause)
		}
	}
	insts = append(insts, bpf.RetConstant{Val: 0x40000}, bpf.RetConstant{Val: 0})
	drop := len(insts) - 1
	for _, i := range jumps {
		j := insts[i].(bpf.JumpIf)
		if drop-i-1 > 255 {
			return nil, errors.New("filter too long")
		}
		j.SkipFalse = uint8(drop - i - 1)
		insts[i] = j
	}
	return bpf.Assemble(insts)
}

// parseDDD reads a program in `tcpdump -ddd` form: the instruction count,
// then "code jt jf k" per instruction.
func parseDDD(s string) ([]bpf.RawInstruction, error) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' })
	n, err := strconv.Atoi(strings.TrimSpace(parts[0]))
	if err != nil || n != len(parts)-1 {
		return nil, fmt.Errorf("filter: a tcpdump -ddd program starts with its instruction count (%d instructions follow)", len(parts)-1)
	}
	prog := make([]bpf.RawInstruction, 0, n)
	for _, p := range parts[1:] {
		f := strings.Fields(p)
		if len(f) != 4 {
			return nil, fmt.Errorf("filter: instruction %q is not \"code jt jf k\"", p)
		}
		var v [4]uint64
		for i, bits := range []int{16, 8, 8, 32} {
			if v[i], err = strconv.ParseUint(f[i], 10, bits); err != nil {
				return nil, fmt.Errorf("filter: instruction %q: %v", p, err)
			}
		}
		prog = append(prog, bpf.RawInstruction{Op: uint16(v[0]), Jt: uint8(v[1]), Jf: uint8(v[2]), K: uint32(v[3])})
	}
	return prog, nil
}
