//go:build linux

package socket_test

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// TestLinkLocalScope binds a link-local address with its scope inside a
// network namespace of the test's own, sends to it and checks that the
// scope comes back in the sender's address.
func TestLinkLocalScope(t *testing.T) {
	skipUnlessRoot(t, "a network namespace for the link-local test")
	needTool(t, "ip", "iproute2")
	ns := fmt.Sprintf("pysock-ll-%d", os.Getpid())
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("netns", "add", ns)
	t.Cleanup(func() { exec.Command("ip", "netns", "del", ns).Run() })
	run("-n", ns, "link", "add", "ll0", "type", "veth", "peer", "name", "ll1")
	run("-n", ns, "link", "set", "lo", "up")
	run("-n", ns, "link", "set", "ll0", "up")
	run("-n", ns, "link", "set", "ll1", "up")
	run("-n", ns, "addr", "add", "fe80::1/64", "dev", "ll0", "nodad")

	var s *socket.Socket
	var ifindex int
	inNetns(t, ns, func() {
		var err error
		s, err = socket.New(socket.AF_INET6, socket.SOCK_DGRAM, 0)
		if err != nil {
			t.Error(err)
			return
		}
	})
	if s == nil {
		t.FailNow()
	}
	out, err := exec.Command("ip", "-n", ns, "-o", "link", "show", "ll0").Output()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Sscanf(string(out), "%d:", &ifindex)
	defer s.Close()
	s.Settimeout(5 * time.Second)
	if err := s.Bind(socket.Inet6Addr{Host: "fe80::1", ScopeID: uint32(ifindex)}); err != nil {
		t.Fatal(err)
	}
	me, _ := s.Getsockname()
	m := me.(socket.Inet6Addr)
	if m.ScopeID != uint32(ifindex) && m.ScopeID == uint32(ifindex)<<16 {
		skipQemu(t, "getsockname(2)'s sin6_scope_id, which it swaps as 16 bits on a big-endian target", fmt.Errorf("scope %#x for %d", m.ScopeID, ifindex))
	}
	if m.Host != "fe80::1" || m.ScopeID != uint32(ifindex) {
		t.Fatalf("Getsockname %#v, want scope %d", m, ifindex)
	}
	// Without a scope the kernel refuses a link-local bind, as in Python.
	s2 := mustNew(t, socket.AF_INET6, socket.SOCK_DGRAM, 0)
	if err := s2.Bind(socket.Inet6Addr{Host: "fe80::1"}); err == nil {
		t.Fatal("link-local bind without a scope succeeded")
	}
	if _, err := s.Sendto([]byte("ll"), m); err != nil {
		t.Fatal(err)
	}
	data, from, err := s.Recvfrom(10)
	if err != nil || string(data) != "ll" {
		t.Fatalf("Recvfrom = %q, %v", data, err)
	}
	if f := from.(socket.Inet6Addr); f.ScopeID != uint32(ifindex) || f.Host != "fe80::1" {
		t.Fatalf("from %#v, want scope %d", f, ifindex)
	}
	// A %zone in the host fills in a zero ScopeID.
	if _, err := s.Sendto([]byte("zone"), socket.Inet6Addr{Host: fmt.Sprintf("fe80::1%%%d", ifindex), Port: m.Port}); err != nil {
		t.Fatal(err)
	}
	if data, _, err := s.Recvfrom(10); err != nil || string(data) != "zone" {
		t.Fatalf("Recvfrom = %q, %v", data, err)
	}
}

// inNetns runs fn on an OS thread switched into the network namespace ns;
// sockets fn opens stay in that namespace. The thread is thrown away if it
// cannot switch back.
func inNetns(t *testing.T, ns string, fn func()) {
	t.Helper()
	target, err := os.Open("/var/run/netns/" + ns)
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		orig, err := os.Open("/proc/thread-self/ns/net")
		if err != nil {
			done <- err
			return
		}
		defer orig.Close()
		if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
			done <- err
			return
		}
		fn()
		if err := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); err != nil {
			done <- err // the goroutine ends locked, so the thread goes too
			return
		}
		runtime.UnlockOSThread()
		done <- nil
	}()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
