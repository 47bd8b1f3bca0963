package socketserver_test

import (
	"bufio"
	"bytes"
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
	"github.com/pysocket/socket/socketserver"
)

// echoLineHandler is the benchmark's handler: it echoes lines until the
// client closes, flushing each answer (Python's wbufsize=0 wfile sends each
// write at once).
type echoLineHandler struct {
	socketserver.StreamRequestHandler
}

func (h *echoLineHandler) Handle() error {
	for {
		line, err := h.Rfile.Readline()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := h.Wfile.Write(line); err != nil {
			return err
		}
	}
}

// pythonEchoServer is the same server in CPython: ThreadingTCPServer, a
// StreamRequestHandler echoing lines, the same backlog.
const pythonEchoServer = `import socketserver
class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        while True:
            line = self.rfile.readline()
            if not line:
                break
            self.wfile.write(line)
class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    request_queue_size = 128
with Server(('127.0.0.1', 0), Handler) as server:
    print(server.server_address[1], flush=True)
    server.serve_forever()
`

// echoServerEnv names the server that the test binary runs instead of its
// tests (see TestMain): the benchmark runs every server in a process of its
// own, so that each one's CPU time can be read from /proc.
const echoServerEnv = "SOCKETSERVER_BENCH_SERVER"

// runEchoServer is the body of the server process: it prints the port,
// serves until standard input closes, and exits.
func runEchoServer(kind string) int {
	var port int
	var stop func()
	switch kind {
	case "socketserver":
		s, err := socketserver.NewThreadingTCPServer(loopback, func() socketserver.Handler { return new(echoLineHandler) },
			socketserver.RequestQueueSize(128), socketserver.DaemonThreads(true), socketserver.ErrorLog(io.Discard))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		go s.ServeForever(500 * time.Millisecond)
		port = s.ServerAddress().(socket.InetAddr).Port
		stop = func() { s.Shutdown(); s.ServerClose() }
	case "socketserver-recv":
		s, err := socketserver.NewThreadingTCPServer(loopback, func() socketserver.Handler { return new(echoRecvHandler) },
			socketserver.RequestQueueSize(128), socketserver.DaemonThreads(true), socketserver.ErrorLog(io.Discard))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		go s.ServeForever(500 * time.Millisecond)
		port = s.ServerAddress().(socket.InetAddr).Port
		stop = func() { s.Shutdown(); s.ServerClose() }
	case "net":
		ln, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				go func() {
					defer c.Close()
					r := bufio.NewReader(c)
					for {
						line, err := r.ReadBytes('\n')
						if err != nil {
							return
						}
						if _, err := c.Write(line); err != nil {
							return
						}
					}
				}()
			}
		}()
		port = ln.Addr().(*net.TCPAddr).Port
		stop = func() { ln.Close() }
	default:
		fmt.Fprintln(os.Stderr, "unknown server", kind)
		return 2
	}
	fmt.Println(port)
	io.Copy(io.Discard, os.Stdin)
	stop()
	return 0
}

// echoServer is a server process under measurement.
type echoServer struct {
	cmd   *exec.Cmd
	stdin io.Closer
	port  int
}

// startEcho starts the named server ("socketserver" and "net" in this
// test binary, "cpython" in python3) and returns it with its port.
func startEcho(b *testing.B, kind string) *echoServer {
	var cmd *exec.Cmd
	if kind == "cpython" {
		py, err := exec.LookPath("python3")
		if err != nil {
			b.Skip("python3 not found; install python3 to measure CPython beside the port")
		}
		cmd = exec.Command(py, "-c", pythonEchoServer)
	} else {
		exe, err := os.Executable()
		if err != nil {
			b.Fatal(err)
		}
		cmd = exec.Command(exe)
		cmd.Env = append(os.Environ(), echoServerEnv+"="+kind)
	}
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	port, perr := strconv.Atoi(strings.TrimSpace(line))
	srv := &echoServer{cmd: cmd, stdin: stdin, port: port}
	if err != nil || perr != nil {
		srv.stop()
		b.Fatalf("%s server: %q, %v", kind, line, err)
	}
	return srv
}

func (s *echoServer) stop() {
	s.stdin.Close()
	s.cmd.Process.Kill()
	s.cmd.Wait()
}

// cpuTime is the process's user and system time so far, from
// /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s, Linux's
// USER_HZ on every architecture it exports to user space).
func (s *echoServer) cpuTime() time.Duration {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(s.cmd.Process.Pid) + "/stat")
	if err != nil {
		return -1
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return -1
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return -1
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return -1
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

var echoLine = []byte("hello world with TCP\n")

// BenchmarkThreadingTCPServerEcho measures requests per second of a
// ThreadingTCPServer echoing lines, beside the standard library's
// goroutine-per-connection server and CPython's ThreadingTCPServer running
// the same program, all driven by the same Go client with 16 concurrent
// clients. "short" opens a connection per request, as the documentation's
// client does (connect, send a line, read the answer, close); "persistent"
// sends request after request on one connection per client;
// "persistent128" does that with 128 clients, and adds
// "socketserver-recv", the same server with a handler that uses RecvInto
// and Sendall instead of Rfile and Wfile. Besides requests/s (wall
// clock, which on a shared machine depends on how the scheduler shares the
// CPUs among processes) it reports the server process's CPU time per
// request, read from /proc.
func BenchmarkThreadingTCPServerEcho(b *testing.B) {
	for _, mode := range []string{"short", "persistent"} {
		for _, kind := range []string{"socketserver", "net", "cpython"} {
			b.Run(mode+"/"+kind, func(b *testing.B) {
				echoBench(b, mode, kind, 8)
			})
		}
	}
	// Many clients at once: 128 persistent connections.
	for _, kind := range []string{"socketserver", "socketserver-recv", "net", "cpython"} {
		b.Run("persistent128/"+kind, func(b *testing.B) {
			echoBench(b, "persistent", kind, 64)
		})
	}
}

// echoBench drives one server with parallelism*GOMAXPROCS clients.
func echoBench(b *testing.B, mode, kind string, parallelism int) {
	srv := startEcho(b, kind)
	defer srv.stop()
	addr := net.JoinHostPort(host, strconv.Itoa(srv.port))
	b.SetParallelism(parallelism)
	cpu0 := srv.cpuTime()
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		buf := make([]byte, len(echoLine))
		var c net.Conn
		if mode == "persistent" {
			var err error
			if c, err = net.Dial("tcp4", addr); err != nil {
				b.Error(err)
				return
			}
			defer c.Close()
		}
		for pb.Next() {
			conn := c
			if conn == nil {
				var err error
				if conn, err = net.Dial("tcp4", addr); err != nil {
					b.Error(err)
					return
				}
			}
			if _, err := conn.Write(echoLine); err != nil {
				b.Error(err)
				return
			}
			if _, err := io.ReadFull(conn, buf); err != nil || !bytes.Equal(buf, echoLine) {
				b.Errorf("echo %q, %v", buf, err)
				return
			}
			if c == nil {
				conn.Close()
			}
		}
	})
	b.StopTimer()
	elapsed := time.Since(start)
	cpu := srv.cpuTime() - cpu0
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	if cpu0 >= 0 && cpu >= 0 {
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "server-cpu-µs/req")
	}
}

// BenchmarkUDPRequest measures one datagram request served by HandleRequest
// with a DatagramRequestHandler (receive, handler, reply in Finish), beside
// the same echo with the standard library's net.UDPConn, in this process,
// with allocations per request.
func BenchmarkUDPRequest(b *testing.B) {
	msg := []byte("hello world with UDP\n")
	b.Run("socketserver", func(b *testing.B) {
		s, err := socketserver.NewUDPServer(loopback, func() socketserver.Handler { return new(EchoDatagram) })
		if err != nil {
			b.Fatal(err)
		}
		defer s.ServerClose()
		c, err := net.Dial("udp4", s.ServerAddress().String())
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		buf := make([]byte, 100)
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			c.Write(msg)
			if err := s.HandleRequest(); err != nil {
				b.Fatal(err)
			}
			if _, err := c.Read(buf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("net", func(b *testing.B) {
		pc, err := net.ListenPacket("udp4", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		defer pc.Close()
		c, err := net.Dial("udp4", pc.LocalAddr().String())
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		buf, sbuf := make([]byte, 100), make([]byte, 8192)
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			c.Write(msg)
			n, addr, err := pc.ReadFrom(sbuf)
			if err != nil {
				b.Fatal(err)
			}
			reply := append([]byte("echo: "), sbuf[:n]...)
			if _, err := pc.WriteTo(reply, addr); err != nil {
				b.Fatal(err)
			}
			if _, err := c.Read(buf); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// echoRecvHandler is the echo over BaseRequestHandler with RecvInto and
// Sendall on the connection, without Rfile and Wfile: the benchmark's
// "socketserver-recv" server, which shows what the buffered files cost.
type echoRecvHandler struct {
	socketserver.BaseRequestHandler
}

func (h *echoRecvHandler) Handle() error {
	buf := make([]byte, 1024)
	for {
		n, err := h.Request.RecvInto(buf)
		if err != nil || n == 0 {
			return err
		}
		if err := h.Request.Sendall(buf[:n]); err != nil {
			return err
		}
	}
}
