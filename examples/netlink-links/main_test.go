//go:build linux

package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// table parses run's output into rows by index.
func table(t *testing.T, out string) map[int][]string {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) < 2 || strings.Join(strings.Fields(lines[0]), " ") != "INDEX NAME FLAGS MTU" {
		t.Fatalf("no table:\n%s", out)
	}
	rows := map[int][]string{}
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) != 4 {
			t.Fatalf("row %q has %d columns", l, len(f))
		}
		i, err := strconv.Atoi(f[0])
		if err != nil {
			t.Fatalf("row %q: %v", l, err)
		}
		rows[i] = f
	}
	return rows
}

// The table lists what Go's net package finds, with the same indexes,
// names, MTUs and flags.
func TestRunListsTheInterfaces(t *testing.T) {
	var out strings.Builder
	if err := run(&out); err != nil {
		t.Fatalf("run: %v", err)
	}
	rows := table(t, out.String())
	ifs, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(ifs) {
		t.Errorf("%d rows, net.Interfaces has %d:\n%s", len(rows), len(ifs), out.String())
	}
	goFlags := []struct {
		net  net.Flags
		name string
	}{
		{net.FlagUp, "UP"}, {net.FlagBroadcast, "BROADCAST"}, {net.FlagLoopback, "LOOPBACK"},
		{net.FlagPointToPoint, "POINTOPOINT"}, {net.FlagMulticast, "MULTICAST"}, {net.FlagRunning, "RUNNING"},
	}
	for _, ifi := range ifs {
		r, ok := rows[ifi.Index]
		if !ok {
			t.Errorf("no row for %s (index %d)", ifi.Name, ifi.Index)
			continue
		}
		if r[1] != ifi.Name || r[3] != strconv.Itoa(ifi.MTU) {
			t.Errorf("row %v; net says %s with MTU %d", r, ifi.Name, ifi.MTU)
		}
		flags := "," + r[2] + ","
		for _, f := range goFlags {
			if (ifi.Flags&f.net != 0) != strings.Contains(flags, ","+f.name+",") {
				t.Errorf("%s: flags %s; net says %v", ifi.Name, r[2], ifi.Flags)
			}
		}
	}
}

// Built and run inside a network namespace of its own, the program lists
// exactly that namespace's links: lo and a veth pair the test made.
func TestInNamespace(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("a network namespace needs root (CAP_NET_ADMIN); run the tests as root")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("the ip command (iproute2) is not installed")
	}
	bin := filepath.Join(t.TempDir(), "netlink-links")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ns := fmt.Sprintf("nllinks-%d", os.Getpid())
	ip := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("ip", args...).CombinedOutput()
		if err != nil {
			t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	ip("netns", "add", ns)
	t.Cleanup(func() { exec.Command("ip", "netns", "delete", ns).Run() })
	a, b := fmt.Sprintf("nla%d", os.Getpid()), fmt.Sprintf("nlb%d", os.Getpid())
	ip("-n", ns, "link", "add", a, "mtu", "1400", "type", "veth", "peer", "name", b, "mtu", "1400")
	ip("-n", ns, "link", "set", a, "up")
	ip("-n", ns, "link", "set", "lo", "up")
	out := ip("netns", "exec", ns, bin)
	rows := table(t, out)
	if len(rows) != 3 {
		t.Fatalf("want lo, %s and %s:\n%s", a, b, out)
	}
	byName := map[string][]string{}
	for _, r := range rows {
		byName[r[1]] = r
	}
	if r := byName["lo"]; r == nil || r[0] != "1" || !strings.Contains(r[2], "LOOPBACK") || !strings.Contains(r[2], "UP") {
		t.Errorf("lo: %v", r)
	}
	if r := byName[a]; r == nil || r[3] != "1400" || !strings.HasPrefix(r[2], "UP,") {
		t.Errorf("%s (up, MTU 1400): %v", a, r)
	}
	if r := byName[b]; r == nil || r[3] != "1400" || strings.Contains(","+r[2]+",", ",UP,") {
		t.Errorf("%s (down, MTU 1400): %v", b, r)
	}
	if flagNames(unix.IFF_UP|unix.IFF_LOOPBACK|0x80000000) != "UP,LOOPBACK,0x80000000" || flagNames(0) != "-" {
		t.Errorf("flagNames: %q, %q", flagNames(unix.IFF_UP|unix.IFF_LOOPBACK|0x80000000), flagNames(0))
	}
}
