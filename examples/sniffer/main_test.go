//go:build linux

package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

var (
	macA  = net.HardwareAddr{0x02, 0x73, 0x6e, 0x69, 0x66, 0x0a}
	macB  = net.HardwareAddr{0x02, 0x73, 0x6e, 0x69, 0x66, 0x0b}
	macX  = net.HardwareAddr{0x02, 0x73, 0x6e, 0x69, 0x66, 0x99}
	bcast = net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
)

// frame is an Ethernet frame of 60 bytes.
func frame(dst, src net.HardwareAddr, ethertype uint16) []byte {
	f := append(append([]byte{}, dst...), src...)
	f = binary.BigEndian.AppendUint16(f, ethertype)
	return append(f, make([]byte, 46)...)
}

// netns is a network namespace with a veth pair a-b, removed when the test ends.
type netns struct{ name, a, b string }

func newNetns(t *testing.T) *netns {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("a network namespace and AF_PACKET need root (CAP_NET_ADMIN, CAP_NET_RAW); run the tests as root")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("the ip command (iproute2) is not installed")
	}
	n := &netns{
		name: fmt.Sprintf("sniffer-%d-%d", os.Getpid(), time.Now().UnixNano()%100000),
		a:    fmt.Sprintf("sna%d", os.Getpid()),
		b:    fmt.Sprintf("snb%d", os.Getpid()),
	}
	n.ip(t, "netns", "add", n.name)
	t.Cleanup(func() { exec.Command("ip", "netns", "delete", n.name).Run() })
	// No IPv6: no router solicitations on the pair, only the test's frames.
	n.do(t, func() {
		os.WriteFile("/proc/sys/net/ipv6/conf/default/disable_ipv6", []byte("1"), 0)
	})
	n.ip(t, "-n", n.name, "link", "add", n.a, "address", macA.String(), "type", "veth", "peer", "name", n.b, "address", macB.String())
	n.ip(t, "-n", n.name, "link", "set", n.a, "up")
	n.ip(t, "-n", n.name, "link", "set", n.b, "up")
	// A link transmits once the kernel's link watcher has seen its carrier.
	for end := time.Now().Add(10 * time.Second); !strings.Contains(n.ip(t, "-n", n.name, "-o", "link", "show", n.a), "state UP"); {
		if time.Now().After(end) {
			t.Fatalf("%s not up after 10s", n.a)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return n
}

func (n *netns) ip(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// do runs fn with the goroutine's thread inside the namespace.
func (n *netns) do(t *testing.T, fn func()) {
	t.Helper()
	runtime.LockOSThread()
	home, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(home)
	ns, err := unix.Open("/run/netns/"+n.name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(ns)
	if err := unix.Setns(ns, unix.CLONE_NEWNET); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := unix.Setns(home, unix.CLONE_NEWNET); err != nil {
			t.Errorf("setns back: %v", err) // the thread stays locked and dies with the goroutine
			return
		}
		runtime.UnlockOSThread()
	}()
	fn()
}

// The sniffer, built and run inside the namespace, prints the frames that
// the test sends across the veth pair: all of them, or those its filter keeps.
func TestSnifferInNamespace(t *testing.T) {
	n := newNetns(t)
	bin := filepath.Join(t.TempDir(), "sniffer")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var tx *socket.Socket
	var err error
	n.do(t, func() { tx, err = socket.New(socket.AF_PACKET, socket.SOCK_RAW, 0) })
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()

	ddd, err := bpf.Assemble([]bpf.Instruction{
		bpf.LoadAbsolute{Off: 12, Size: 2},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0x88b6, SkipFalse: 1},
		bpf.RetConstant{Val: 0x40000},
		bpf.RetConstant{Val: 0},
	})
	if err != nil {
		t.Fatal(err)
	}
	dddText := fmt.Sprint(len(ddd))
	for _, ins := range ddd {
		dddText += fmt.Sprintf(",%d %d %d %d", ins.Op, ins.Jt, ins.Jf, ins.K)
	}

	send := [][]byte{
		frame(macB, macA, 0x88b6),
		frame(macB, macA, 0x88b5),
		frame(bcast, macA, 0x0806),
		frame(macB, macX, 0x88b6),
		frame(macB, macA, 0x0800),
		frame(macX, macA, 0x88b5),
	}
	line := func(i int) string {
		dir := map[string]string{string(macB): "host", string(bcast): "broadcast", string(macX): "otherhost"}[string(send[i][:6])]
		et := binary.BigEndian.Uint16(send[i][12:])
		name := map[uint16]string{0x0800: " (IPv4)", 0x0806: " (ARP)"}[et]
		return fmt.Sprintf("%s %s > %s, ethertype 0x%04x%s, length 60",
			dir, net.HardwareAddr(send[i][6:12]), net.HardwareAddr(send[i][:6]), et, name)
	}
	tests := []struct {
		name   string
		filter string
		want   []int // indexes into send
	}{
		{"no filter", "", []int{0, 1, 2, 3, 4, 5}},
		{"ether proto", "ether proto 0x88b5", []int{1, 5}},
		{"arp", "arp", []int{2}},
		{"ether src and proto", "ether src " + macX.String() + " and ether proto 0x88b6", []int{3}},
		{"ether dst", "ether dst " + macX.String(), []int{5}},
		{"tcpdump -ddd program", dddText, []int{0, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"netns", "exec", n.name, bin, "-c", fmt.Sprint(len(tt.want)), "-timeout", "10s", n.b}
			if tt.filter != "" {
				args = append(args, tt.filter)
			}
			cmd := exec.Command("ip", args...)
			var stdout bytes.Buffer
			cmd.Stdout = &stdout
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			errs := bufio.NewReader(stderr)
			first, err := errs.ReadString('\n')
			if !strings.HasPrefix(first, "listening on "+n.b) {
				rest, _ := errs.ReadString(0)
				cmd.Wait()
				t.Fatalf("sniffer did not start: %q %v %s", first, err, rest)
			}
			for _, f := range send {
				if _, err := tx.Sendto(f, socket.PacketAddr{Ifname: n.a}); err != nil {
					t.Fatal(err)
				}
			}
			rest, _ := errs.ReadString(0)
			if err := cmd.Wait(); err != nil {
				t.Fatalf("sniffer: %v\n%s%s", err, first, rest)
			}
			var want []string
			for _, i := range tt.want {
				want = append(want, line(i))
			}
			if got := strings.TrimRight(stdout.String(), "\n"); got != strings.Join(want, "\n") {
				t.Errorf("sniffer printed\n%s\nwant\n%s", got, strings.Join(want, "\n"))
			}
		})
	}
}

func TestCompileFilterErrors(t *testing.T) {
	for _, tt := range []struct{ name, filter string }{
		{"empty", " "},
		{"unknown word", "tcp port 80"},
		{"bad proto", "ether proto 0x10000"},
		{"bad mac", "ether src 02:00"},
		{"ddd count", "3,6 0 0 0"},
		{"ddd fields", "1,6 0 0"},
		{"ddd range", "1,6 0 256 0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if prog, err := compileFilter(tt.filter); err == nil {
				t.Errorf("compileFilter(%q) = %v, want an error", tt.filter, prog)
			}
		})
	}
}

func TestRunUsage(t *testing.T) {
	var out, errs bytes.Buffer
	for _, args := range [][]string{{}, {"-c", "0", "lo"}, {"a", "b", "c"}} {
		if err := run(args, &out, &errs); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
	if !strings.Contains(errs.String(), "usage: sniffer") {
		t.Errorf("no usage text:\n%s", errs.String())
	}
}
