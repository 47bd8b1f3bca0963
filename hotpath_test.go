package socket_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// TestHotPathsAllocateNothing measures allocations per call in steady
// state: Send, Sendall and RecvInto on a connected socket make none;
// Sendto and RecvfromInto at most one (the address the caller boxes).
func TestHotPathsAllocateNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are measured in the full suite")
	}
	msg := make([]byte, 64)
	buf := make([]byte, 64)
	t.Run("tcp", func(t *testing.T) {
		a, b := tcpPair(t, socket.AF_INET)
		check(t, "Send", 0, func() { a.Send(msg); b.RecvInto(buf) })
		check(t, "Sendall", 0, func() { a.Sendall(msg); b.RecvInto(buf) })
		check(t, "RecvInto", 0, func() { a.Send(msg); b.RecvInto(buf) })
		a.Settimeout(time.Minute)
		b.Settimeout(time.Minute)
		check(t, "Sendall and RecvInto in timeout mode", 0, func() { a.Sendall(msg); b.RecvInto(buf) })
	})
	t.Run("unix", func(t *testing.T) {
		a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
		check(t, "Send/RecvInto", 0, func() { a.Send(msg); b.RecvInto(buf) })
	})
	t.Run("udp", func(t *testing.T) {
		a := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
		b := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
		a.Bind(socket.InetAddr{Host: "127.0.0.1"})
		b.Bind(socket.InetAddr{Host: "127.0.0.1"})
		to, _ := b.Getsockname() // boxed once, as a caller keeps it
		check(t, "Sendto with a kept address", 0, func() { a.Sendto(msg, to) })
		drain(b, buf)
		port := to.(socket.InetAddr).Port
		check(t, "Sendto with a new address value", 1, func() { a.Sendto(msg, socket.InetAddr{Host: "127.0.0.1", Port: port}) })
		drain(b, buf)
		check(t, "RecvfromInto", 0, func() { a.Sendto(msg, to); b.RecvfromInto(buf) })
	})
	t.Run("unix datagram from a named peer", func(t *testing.T) {
		dir := t.TempDir()
		a := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM, 0)
		b := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM, 0)
		a.Bind(socket.UnixAddr{Path: dir + "/a"})
		b.Bind(socket.UnixAddr{Path: dir + "/b"})
		to, _ := b.Getsockname()
		check(t, "Sendto/RecvfromInto", 0, func() { a.Sendto(msg, to); b.RecvfromInto(buf) })
	})
}

func check(t *testing.T, name string, max float64, f func()) {
	t.Helper()
	f()
	if n := testing.AllocsPerRun(200, f); n > max {
		t.Errorf("%s: %.1f allocations per call, want at most %.0f", name, n, max)
	}
}

func drain(s *socket.Socket, buf []byte) {
	for {
		if _, err := s.RecvInto(buf, socket.MSG_DONTWAIT); err != nil {
			return
		}
	}
}

// TestBlockedRecvsUseFewThreads blocks 2,000 goroutines in Recv on 2,000
// sockets: they wait in the runtime poller, so the process keeps few OS
// threads.
func TestBlockedRecvsUseFewThreads(t *testing.T) {
	if testing.Short() {
		t.Skip("the 2,000-socket test runs in the full suite")
	}
	const n = 2000
	type pair struct{ a, b *socket.Socket }
	pairs := make([]pair, 0, n)
	defer func() {
		for _, p := range pairs {
			p.a.Close()
			p.b.Close()
		}
	}()
	errc := make(chan error, n)
	for i := 0; i < n; i++ {
		a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
		if err != nil {
			t.Fatalf("pair %d: %v", i, err)
		}
		pairs = append(pairs, pair{a, b})
		go func() { _, err := a.Recv(16); errc <- err }()
	}
	time.Sleep(300 * time.Millisecond)
	threads := osThreads(t)
	t.Logf("%d goroutines blocked in Recv, %d OS threads", n, threads)
	if threads >= 50 {
		t.Errorf("%d OS threads with %d blocked Recv calls; want under 50", threads, n)
	}
	// Wake them all with data, and check each got it.
	for _, p := range pairs {
		p.b.Send([]byte("x"))
	}
	for i := 0; i < n; i++ {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
}

func osThreads(t *testing.T) int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("/proc/self/status is not readable here")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "Threads:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	t.Skip("no Threads line in /proc/self/status")
	return 0
}
