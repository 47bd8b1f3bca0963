//go:build linux

package socket_test

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"golang.org/x/sys/unix"
)

// testNetns is a network namespace that a test made for itself, with a veth
// pair inside it whose two ends are up and carry known hardware addresses.
// It is removed, with everything in it, when the test ends, also when the
// test fails.
type testNetns struct {
	Name         string
	VethA, VethB string
	MACA, MACB   net.HardwareAddr
}

var netnsSeq atomic.Int32

// newTestNetns makes a namespace named after the process id and a sequence
// number (so that concurrent runs on one machine do not collide) with the
// `ip` command, and in it a veth pair. It skips t where the process lacks
// CAP_NET_ADMIN or iproute2 is missing.
func newTestNetns(t testing.TB) *testNetns {
	t.Helper()
	skipUnlessRoot(t, "a network namespace with a veth pair")
	needTool(t, "ip", "iproute2")
	seq := netnsSeq.Add(1)
	n := &testNetns{
		Name:  fmt.Sprintf("pysocket-%d-%d", os.Getpid(), seq),
		VethA: fmt.Sprintf("va%d-%d", os.Getpid()%1000000, seq%100),
		VethB: fmt.Sprintf("vb%d-%d", os.Getpid()%1000000, seq%100),
		MACA:  net.HardwareAddr{0x02, 0x70, 0x79, 0x73, 0x6b, 0x0a},
		MACB:  net.HardwareAddr{0x02, 0x70, 0x79, 0x73, 0x6b, 0x0b},
	}
	runIP(t, "netns", "add", n.Name)
	t.Cleanup(func() {
		if out, err := exec.Command("ip", "netns", "delete", n.Name).CombinedOutput(); err != nil {
			t.Errorf("ip netns delete %s: %v\n%s", n.Name, err, out)
		}
	})
	// No IPv6 in the namespace: no router solicitations or MLD reports on
	// the veth pair, so that the frames there are the test's own.
	n.Do(t, func() {
		os.WriteFile("/proc/sys/net/ipv6/conf/default/disable_ipv6", []byte("1"), 0)
		os.WriteFile("/proc/sys/net/ipv6/conf/all/disable_ipv6", []byte("1"), 0)
	})
	n.IP(t, "link", "add", n.VethA, "address", n.MACA.String(), "type", "veth",
		"peer", "name", n.VethB, "address", n.MACB.String())
	n.IP(t, "link", "set", "lo", "up")
	n.IP(t, "link", "set", n.VethA, "up")
	n.IP(t, "link", "set", n.VethB, "up")
	n.waitRunning(t, n.VethA, n.VethB)
	return n
}

// waitRunning waits until the links are running. The kernel turns a link's
// carrier on, and gives it a queue that transmits, only when its link
// watcher next runs (up to a second after `ip link set up`); until then the
// link drops what is sent on it.
func (n *testNetns) waitRunning(t testing.TB, names ...string) {
	t.Helper()
	nl := n.Socket(t, socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	defer nl.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		running := 0
		for _, l := range dumpLinks(t, nl) {
			for _, name := range names {
				if l.Name == name && l.Flags&unix.IFF_RUNNING != 0 {
					running++
				}
			}
		}
		if running == len(names) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("links %v in %s not running after 10s", names, n.Name)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// runIP runs the ip command and fails t with its output if it fails.
func runIP(t testing.TB, args ...string) string {
	t.Helper()
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// IP runs `ip -n NAME args...` in the namespace.
func (n *testNetns) IP(t testing.TB, args ...string) string {
	t.Helper()
	return runIP(t, append([]string{"-n", n.Name}, args...)...)
}

// Do runs fn on the calling goroutine with its OS thread inside the
// namespace, and then moves the thread back. Sockets that fn opens stay in
// the namespace for their whole life. Goroutines that fn starts do not run
// in the namespace.
func (n *testNetns) Do(t testing.TB, fn func()) {
	t.Helper()
	runtime.LockOSThread()
	home, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		runtime.UnlockOSThread()
		t.Fatalf("open this thread's network namespace: %v", err)
	}
	defer unix.Close(home)
	ns, err := unix.Open("/run/netns/"+n.Name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		runtime.UnlockOSThread()
		t.Fatalf("open namespace %s: %v", n.Name, err)
	}
	defer unix.Close(ns)
	if err := unix.Setns(ns, unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		t.Fatalf("setns %s: %v", n.Name, err)
	}
	defer func() {
		if err := unix.Setns(home, unix.CLONE_NEWNET); err != nil {
			// The thread stays locked, so that the runtime ends it with
			// the goroutine instead of reusing it in the wrong namespace.
			t.Errorf("setns back from %s: %v", n.Name, err)
			return
		}
		runtime.UnlockOSThread()
	}()
	fn()
}

// Socket opens a socket inside the namespace, closed when t ends.
func (n *testNetns) Socket(t testing.TB, family socket.AddressFamily, kind socket.SocketKind, proto int) *socket.Socket {
	t.Helper()
	var s *socket.Socket
	var err error
	n.Do(t, func() { s, err = socket.New(family, kind, proto) })
	if err != nil {
		t.Fatalf("New(%s, %s, %d) in %s: %v", family, kind, proto, n.Name, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// pythonOnSocket runs a python3 program with the variable s bound to a
// CPython socket object over a duplicate of sock's descriptor, and returns
// its standard output: CPython looks at the very socket the test made. It
// skips t where python3 is missing.
func pythonOnSocket(t testing.TB, sock *socket.Socket, program string) string {
	t.Helper()
	exe := needTool(t, "python3", "python3 (CPython is the reference)")
	skipUnlessPythonArch(t, exe)
	d, err := sock.Dup()
	if err != nil {
		t.Fatal(err)
	}
	fd, err := d.Detach()
	if err != nil {
		t.Fatal(err)
	}
	f := os.NewFile(uintptr(fd), "socket")
	defer f.Close()
	cmd := exec.Command(exe, "-c", "import socket\ns = socket.socket(fileno=3)\n"+program+"\ns.detach()\n")
	cmd.ExtraFiles = []*os.File{f}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, stderr.String())
	}
	return strings.TrimRight(string(out), "\n")
}
