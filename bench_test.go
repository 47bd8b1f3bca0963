package socket_test

import (
	"io"
	"net"
	"path/filepath"
	"testing"

	"github.com/pysocket/socket"
)

// The benchmarks run the same work through this package and through the
// standard library's net package, side by side as sub-benchmarks "net" and
// "socket", so that one run gives the ratio.

// recvFull reads exactly len(buf) bytes.
func recvFull(s *socket.Socket, buf []byte) error {
	for off := 0; off < len(buf); {
		n, err := s.RecvInto(buf[off:])
		if err != nil {
			return err
		}
		if n == 0 {
			return io.ErrUnexpectedEOF
		}
		off += n
	}
	return nil
}

// socketStreamPair connects two Sockets of family over loopback or a path.
func socketStreamPair(b *testing.B, family socket.AddressFamily) (*socket.Socket, *socket.Socket) {
	l := mustNew(b, family, socket.SOCK_STREAM, 0)
	var addr socket.Addr = socket.InetAddr{Host: "127.0.0.1"}
	if family == socket.AF_UNIX {
		addr = socket.UnixAddr{Path: filepath.Join(b.TempDir(), "bench.sock")}
	}
	if err := l.Bind(addr); err != nil {
		b.Fatal(err)
	}
	l.Listen(1)
	la, _ := l.Getsockname()
	c := mustNew(b, family, socket.SOCK_STREAM, 0)
	if err := c.Connect(la); err != nil {
		b.Fatal(err)
	}
	s, _, err := l.Accept()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if family == socket.AF_INET {
		c.Setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
		s.Setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
	}
	return c, s
}

// netStreamPair connects two net.Conns (TCP_NODELAY is net's default).
func netStreamPair(b *testing.B, network string) (net.Conn, net.Conn) {
	addr := "127.0.0.1:0"
	if network == "unix" {
		addr = filepath.Join(b.TempDir(), "bench.sock")
	}
	l, err := net.Listen(network, addr)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	c, err := net.Dial(network, l.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	s, err := l.Accept()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close(); s.Close() })
	return c, s
}

func benchPingPong(b *testing.B, family socket.AddressFamily, network string) {
	const size = 64
	b.Run("net", func(b *testing.B) {
		c, s := netStreamPair(b, network)
		go func() {
			buf := make([]byte, size)
			for {
				if _, err := io.ReadFull(s, buf); err != nil {
					return
				}
				if _, err := s.Write(buf); err != nil {
					return
				}
			}
		}()
		msg, buf := make([]byte, size), make([]byte, size)
		b.SetBytes(size)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			c.Write(msg)
			if _, err := io.ReadFull(c, buf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("socket", func(b *testing.B) {
		c, s := socketStreamPair(b, family)
		go func() {
			buf := make([]byte, size)
			for {
				if recvFull(s, buf) != nil || s.Sendall(buf) != nil {
					return
				}
			}
		}()
		msg, buf := make([]byte, size), make([]byte, size)
		b.SetBytes(size)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			c.Sendall(msg)
			if err := recvFull(c, buf); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkTCPPingPong64(b *testing.B)  { benchPingPong(b, socket.AF_INET, "tcp") }
func BenchmarkUnixPingPong64(b *testing.B) { benchPingPong(b, socket.AF_UNIX, "unix") }

func BenchmarkTCPBulk64K(b *testing.B) {
	const size = 64 << 10
	b.Run("net", func(b *testing.B) {
		c, s := netStreamPair(b, "tcp")
		done := make(chan struct{})
		go func() {
			defer close(done)
			io.Copy(io.Discard, s)
		}()
		msg := make([]byte, size)
		b.SetBytes(size)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := c.Write(msg); err != nil {
				b.Fatal(err)
			}
		}
		c.Close()
		<-done
	})
	b.Run("socket", func(b *testing.B) {
		c, s := socketStreamPair(b, socket.AF_INET)
		done := make(chan struct{})
		go func() {
			defer close(done)
			buf := make([]byte, 32<<10)
			for {
				n, err := s.RecvInto(buf)
				if err != nil || n == 0 {
					return
				}
			}
		}()
		msg := make([]byte, size)
		b.SetBytes(size)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := c.Sendall(msg); err != nil {
				b.Fatal(err)
			}
		}
		c.Close()
		<-done
	})
}

func BenchmarkUDP64(b *testing.B) {
	const size = 64
	b.Run("net", func(b *testing.B) {
		a, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			b.Fatal(err)
		}
		defer a.Close()
		r, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			b.Fatal(err)
		}
		defer r.Close()
		to := r.LocalAddr().(*net.UDPAddr).AddrPort()
		msg, buf := make([]byte, size), make([]byte, size)
		b.SetBytes(size)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := a.WriteToUDPAddrPort(msg, to); err != nil {
				b.Fatal(err)
			}
			if _, _, err := r.ReadFromUDPAddrPort(buf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("socket", func(b *testing.B) {
		a := mustNew(b, socket.AF_INET, socket.SOCK_DGRAM, 0)
		r := mustNew(b, socket.AF_INET, socket.SOCK_DGRAM, 0)
		a.Bind(socket.InetAddr{Host: "127.0.0.1"})
		r.Bind(socket.InetAddr{Host: "127.0.0.1"})
		to, _ := r.Getsockname()
		msg, buf := make([]byte, size), make([]byte, size)
		b.SetBytes(size)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := a.Sendto(msg, to); err != nil {
				b.Fatal(err)
			}
			if _, _, err := r.RecvfromInto(buf); err != nil {
				b.Fatal(err)
			}
		}
	})
}
