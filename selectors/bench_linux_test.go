//go:build linux

package selectors_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/selectors"
)

// echoServer is the Go port of testdata/bench_echo_server.py: the
// selectors documentation's echo server without prints, waiting in
// Select without a timeout as Python's does. It serves until stop is
// closed, which it hears through a socketpair registered beside the
// clients.
func echoServer(tb testing.TB, stop <-chan struct{}) (port int, done <-chan error) {
	tb.Helper()
	sel, err := selectors.NewDefaultSelector()
	if err != nil {
		tb.Fatal(err)
	}
	sock, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		tb.Fatal(err)
	}
	if err := sock.Bind(socket.InetAddr{Host: "127.0.0.1"}); err != nil {
		tb.Fatal(err)
	}
	sock.Listen(1024)
	sock.Setblocking(false)
	la, _ := sock.Getsockname()
	wakeR, wakeW, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		tb.Fatal(err)
	}
	type callback func(*socket.Socket) error
	var read callback
	accept := callback(func(s *socket.Socket) error {
		conn, _, err := s.Accept()
		if err != nil {
			return err
		}
		conn.Setblocking(false)
		_, err = sel.Register(conn, selectors.EVENT_READ, read)
		return err
	})
	read = func(conn *socket.Socket) error {
		data, err := conn.Recv(1000)
		if err != nil {
			return err
		}
		if len(data) > 0 {
			_, err = conn.Send(data)
			return err
		}
		sel.Unregister(conn)
		return conn.Close()
	}
	errStop := errors.New("stop")
	sel.Register(sock, selectors.EVENT_READ, accept)
	sel.Register(wakeR, selectors.EVENT_READ, callback(func(*socket.Socket) error { return errStop }))
	go func() {
		<-stop
		wakeW.Send([]byte{0})
	}()
	ch := make(chan error, 1)
	go func() {
		defer func() {
			for _, k := range sel.GetMap() {
				k.Fileobj.(*socket.Socket).Close()
			}
			wakeW.Close()
			sel.Close()
		}()
		for {
			events, err := sel.Select(socket.NoTimeout)
			if err != nil {
				ch <- err
				return
			}
			for _, ev := range events {
				if err := ev.Key.Data.(callback)(ev.Key.Fileobj.(*socket.Socket)); err != nil {
					if err == errStop {
						err = nil
					}
					ch <- err
					return
				}
			}
		}
	}()
	return la.(socket.InetAddr).Port, ch
}

// echoClients opens idle+active connections to the server and returns the
// active ones; all are closed when b ends.
func echoClients(b *testing.B, port, idle, active int) []net.Conn {
	b.Helper()
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	var conns []net.Conn
	b.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	for range idle + active {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			b.Fatal(err)
		}
		conns = append(conns, c)
	}
	// One round trip on every connection: all are accepted and registered.
	buf := make([]byte, 1)
	for _, c := range conns {
		c.SetDeadline(time.Now().Add(30 * time.Second))
		if _, err := c.Write(buf); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, buf); err != nil {
			b.Fatal(err)
		}
		c.SetDeadline(time.Time{})
	}
	return conns[idle:]
}

// cpuTime returns the user and system CPU time the process pid has used,
// from /proc/PID/stat (in clock ticks of 10ms, Linux's USER_HZ).
func cpuTime(b *testing.B, pid int) time.Duration {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		b.Fatal(err)
	}
	// The fields after the command name, which is in parentheses.
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// roundTrips runs b.N echo round trips of 64 bytes, turn by turn on the
// active connections. With a server process (pid not 0) it also reports
// the server's CPU time per round trip, which a loaded machine disturbs
// less than the latency.
func roundTrips(b *testing.B, active []net.Conn, pid int) {
	msg := make([]byte, 64)
	buf := make([]byte, 64)
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	var cpu0 time.Duration
	if pid != 0 {
		cpu0 = cpuTime(b, pid)
	}
	b.ResetTimer()
	for i := range b.N {
		c := active[i%len(active)]
		if _, err := c.Write(msg); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, buf); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if pid != 0 {
		b.ReportMetric(float64(cpuTime(b, pid)-cpu0)/float64(b.N), "server-cpu-ns/op")
	}
}

// BenchmarkSelectorsEcho measures the latency of an echo round trip through
// the selectors documentation's echo server with 1,000 idle connections
// registered beside 10 active ones: the Go port against the same program
// in CPython, driven by the same Go client. ns/op is one round trip.
func BenchmarkSelectorsEcho(b *testing.B) {
	const idle, active = 1000, 10
	b.Run("go", func(b *testing.B) {
		// The server runs in a process of its own, as CPython's does.
		cmd := exec.Command(os.Args[0], "-test.run=^TestEchoServerProcess$")
		cmd.Env = append(os.Environ(), "SELECTORS_ECHO_SERVER=1")
		serve(b, cmd, idle, active)
	})
	b.Run("go-in-process", func(b *testing.B) {
		stop := make(chan struct{})
		port, done := echoServer(b, stop)
		conns := echoClients(b, port, idle, active)
		roundTrips(b, conns, 0)
		close(stop)
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	})
	b.Run("python", func(b *testing.B) {
		py, err := exec.LookPath("python3")
		if err != nil {
			b.Skip("python3 not found; install python3 to compare with CPython")
		}
		serve(b, exec.Command(py, "testdata/bench_echo_server.py"), idle, active)
	})
}

// TestEchoServerProcess is the Go server of BenchmarkSelectorsEcho's "go"
// case when the benchmark runs it as a process of its own; otherwise it
// skips.
func TestEchoServerProcess(t *testing.T) {
	if os.Getenv("SELECTORS_ECHO_SERVER") != "1" {
		t.Skip("the benchmark's server process; runs only under BenchmarkSelectorsEcho")
	}
	port, done := echoServer(t, make(chan struct{}))
	fmt.Println("ready", port)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// serve starts a server process that prints "ready PORT", and runs the
// round trips against it.
func serve(b *testing.B, cmd *exec.Cmd, idle, active int) {
	{
		out, err := cmd.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() {
			cmd.Process.Kill()
			cmd.Wait()
		})
		line, err := bufio.NewReader(out).ReadString('\n')
		port, perr := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "ready ")))
		if err != nil || perr != nil {
			b.Fatalf("server: %q %v", line, err)
		}
		conns := echoClients(b, port, idle, active)
		roundTrips(b, conns, cmd.Process.Pid)
	}
}
