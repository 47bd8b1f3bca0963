//go:build linux

package socket_test

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/nettest"

	"github.com/pysocket/socket"
)

// TestNettestConn runs golang.org/x/net/nettest's conformance suite for
// net.Conn over a UNIX stream socketpair and over loopback TCP.
func TestNettestConn(t *testing.T) {
	t.Run("socketpair", func(t *testing.T) {
		nettest.TestConn(t, func() (net.Conn, net.Conn, func(), error) {
			a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
			if err != nil {
				return nil, nil, nil, err
			}
			return a, b, func() { a.Close(); b.Close() }, nil
		})
	})
	for _, family := range []socket.AddressFamily{socket.AF_INET, socket.AF_INET6} {
		t.Run(family.String(), func(t *testing.T) {
			skipUnless(t, family, socket.SOCK_STREAM, 0)
			nettest.TestConn(t, func() (net.Conn, net.Conn, func(), error) {
				c, s, err := loopbackPair(family)
				if err != nil {
					return nil, nil, nil, err
				}
				return c, s, func() { c.Close(); s.Close() }, nil
			})
		})
	}
}

// loopbackPair connects two TCP Sockets over loopback without a testing.T,
// for nettest's MakePipe.
func loopbackPair(family socket.AddressFamily) (*socket.Socket, *socket.Socket, error) {
	l, err := socket.New(family, socket.SOCK_STREAM, 0)
	if err != nil {
		return nil, nil, err
	}
	defer l.Close()
	var bind socket.Addr = socket.InetAddr{Host: "127.0.0.1"}
	if family == socket.AF_INET6 {
		bind = socket.Inet6Addr{Host: "::1"}
	}
	if err := l.Bind(bind); err != nil {
		return nil, nil, err
	}
	if err := l.Listen(1); err != nil {
		return nil, nil, err
	}
	la, err := l.Getsockname()
	if err != nil {
		return nil, nil, err
	}
	c, err := socket.New(family, socket.SOCK_STREAM, 0)
	if err != nil {
		return nil, nil, err
	}
	if err := c.Connect(la); err != nil {
		c.Close()
		return nil, nil, err
	}
	s, _, err := l.Accept()
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	return c, s, nil
}

func TestLocalRemoteAddr(t *testing.T) {
	t.Parallel()
	tc, ts := tcpPair(t, socket.AF_INET)
	ua := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err := ua.Bind(socket.InetAddr{Host: "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	ux, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_DGRAM)
	sp, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_SEQPACKET)
	abs := mustNew(t, socket.AF_UNIX, socket.SOCK_STREAM, 0)
	name := fmt.Sprintf("\x00pysocket-laddr-%d", os.Getpid())
	if err := abs.Bind(socket.UnixAddr{Path: name}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		got     net.Addr
		network string
		str     string
	}{
		{"tcp local", tc.LocalAddr(), "tcp", ""},
		{"tcp remote", tc.RemoteAddr(), "tcp", ts.LocalAddr().String()},
		{"udp local", ua.LocalAddr(), "udp", ""},
		{"unixgram", ux.LocalAddr(), "unixgram", ""},
		{"unixpacket", sp.RemoteAddr(), "unixpacket", ""},
		{"abstract", abs.LocalAddr(), "unix", "@" + name[1:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got == nil {
				t.Fatal("nil address")
			}
			if tt.got.Network() != tt.network {
				t.Errorf("Network() = %q, want %q", tt.got.Network(), tt.network)
			}
			if tt.str != "" && tt.got.String() != tt.str {
				t.Errorf("String() = %q, want %q", tt.got.String(), tt.str)
			}
		})
	}
	if a, ok := tc.LocalAddr().(*net.TCPAddr); !ok || !a.IP.Equal(net.IPv4(127, 0, 0, 1)) || a.Port == 0 {
		t.Errorf("LocalAddr of a TCP socket = %#v, want a *net.TCPAddr on 127.0.0.1", tc.LocalAddr())
	}
	tc.Close()
	if a := tc.LocalAddr(); a != nil {
		t.Errorf("LocalAddr after Close = %v, want nil", a)
	}
}

func TestAddrNetwork(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		addr net.Addr
		want string
	}{
		{"InetAddr", socket.InetAddr{Host: "127.0.0.1", Port: 80}, "tcp4"},
		{"Inet6Addr", socket.Inet6Addr{Host: "::1", Port: 80}, "tcp6"},
		{"UnixAddr", socket.UnixAddr{Path: "/tmp/x"}, "unix"},
		{"RawAddr named", socket.RawAddr{SaFamily: socket.AF_APPLETALK}, "appletalk"},
		{"RawAddr number", socket.RawAddr{SaFamily: 63}, "af63"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.addr.Network(); got != tt.want {
				t.Errorf("Network() = %q, want %q", got, tt.want)
			}
		})
	}
	// Positional literals and comparison keep working.
	if (socket.InetAddr{"127.0.0.1", 80}) != (socket.InetAddr{Host: "127.0.0.1", Port: 80}) {
		t.Error("InetAddr values differ")
	}
}

func TestReadFromWriteTo(t *testing.T) {
	t.Parallel()
	for _, family := range []socket.AddressFamily{socket.AF_INET, socket.AF_INET6} {
		t.Run(family.String(), func(t *testing.T) {
			skipUnless(t, family, socket.SOCK_DGRAM, 0)
			var bind socket.Addr = socket.InetAddr{Host: "127.0.0.1"}
			if family == socket.AF_INET6 {
				bind = socket.Inet6Addr{Host: "::1"}
			}
			a := mustNew(t, family, socket.SOCK_DGRAM, 0)
			b := mustNew(t, family, socket.SOCK_DGRAM, 0)
			for _, s := range []*socket.Socket{a, b} {
				if err := s.Bind(bind); err != nil {
					t.Fatal(err)
				}
				s.Settimeout(5 * time.Second)
			}
			bAddr := b.LocalAddr().(*net.UDPAddr)
			bOwn, _ := b.Getsockname()
			for i, to := range []net.Addr{bAddr, bOwn} {
				msg := []byte("datagram " + strconv.Itoa(i))
				if n, err := a.WriteTo(msg, to); err != nil || n != len(msg) {
					t.Fatalf("WriteTo(%v) = %d, %v", to, n, err)
				}
				buf := make([]byte, 64)
				n, from, err := b.ReadFrom(buf)
				if err != nil {
					t.Fatal(err)
				}
				if string(buf[:n]) != string(msg) {
					t.Errorf("ReadFrom read %q, want %q", buf[:n], msg)
				}
				if from.String() != a.LocalAddr().String() || from.Network() != "udp" {
					t.Errorf("ReadFrom from %v (%s), want %v (udp)", from, from.Network(), a.LocalAddr())
				}
			}
		})
	}
	t.Run("IPv4 on AF_INET6", func(t *testing.T) {
		skipUnless(t, socket.AF_INET6, socket.SOCK_DGRAM, 0)
		r := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
		if err := r.Bind(socket.InetAddr{Host: "127.0.0.1"}); err != nil {
			t.Fatal(err)
		}
		r.Settimeout(5 * time.Second)
		s := mustNew(t, socket.AF_INET6, socket.SOCK_DGRAM, 0)
		if _, err := s.WriteTo([]byte("mapped"), r.LocalAddr()); err != nil {
			t.Fatal(err)
		}
		if got, err := r.Recv(64); err != nil || string(got) != "mapped" {
			t.Fatalf("Recv = %q, %v", got, err)
		}
	})
	t.Run("unixgram", func(t *testing.T) {
		dir := t.TempDir()
		a := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM, 0)
		b := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM, 0)
		if err := a.Bind(socket.UnixAddr{Path: dir + "/a"}); err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("\x00pysocket-rf-%d", os.Getpid())
		if err := b.Bind(socket.UnixAddr{Path: name}); err != nil {
			t.Fatal(err)
		}
		b.Settimeout(5 * time.Second)
		to := &net.UnixAddr{Name: "@" + name[1:], Net: "unixgram"}
		if _, err := a.WriteTo([]byte("hi"), to); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 8)
		n, from, err := b.ReadFrom(buf)
		if err != nil || string(buf[:n]) != "hi" {
			t.Fatalf("ReadFrom = %q, %v", buf[:n], err)
		}
		if ua, ok := from.(*net.UnixAddr); !ok || ua.Name != dir+"/a" || ua.Net != "unixgram" {
			t.Errorf("ReadFrom from %#v, want *net.UnixAddr %s unixgram", from, dir+"/a")
		}
	})
	t.Run("bad addresses", func(t *testing.T) {
		u4 := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
		ux := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM, 0)
		tests := []struct {
			name string
			s    *socket.Socket
			addr net.Addr
		}{
			{"nil", u4, nil},
			{"nil *net.UDPAddr", u4, (*net.UDPAddr)(nil)},
			{"IPv6 on AF_INET", u4, &net.UDPAddr{IP: net.ParseIP("::1"), Port: 9}},
			{"unix on AF_INET", u4, &net.UnixAddr{Name: "/x", Net: "unixgram"}},
			{"udp on AF_UNIX", ux, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9}},
			{"foreign type", u4, fakeAddr{}},
			{"IP of 5 bytes", mustNew(t, socket.AF_INET6, socket.SOCK_DGRAM, 0), &net.UDPAddr{IP: net.IP{1, 2, 3, 4, 5}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := tt.s.WriteTo([]byte("x"), tt.addr)
				if !errors.Is(err, socket.ErrInvalid) {
					t.Errorf("WriteTo(%v) = %v, want a *ValueError", tt.addr, err)
				}
			})
		}
	})
}

type fakeAddr struct{}

func (fakeAddr) Network() string { return "fake" }
func (fakeAddr) String() string  { return "fake" }

// TestHTTPOverListener serves net/http over Socket.Listener on an abstract
// AF_UNIX name and on loopback TCP.
func TestHTTPOverListener(t *testing.T) {
	t.Parallel()
	abstract := fmt.Sprintf("\x00pysocket-http-%d", os.Getpid())
	tests := []struct {
		name   string
		family socket.AddressFamily
		bind   socket.Addr
	}{
		{"abstract unix", socket.AF_UNIX, socket.UnixAddr{Path: abstract}},
		{"tcp", socket.AF_INET, socket.InetAddr{Host: "127.0.0.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := mustNew(t, tt.family, socket.SOCK_STREAM, 0)
			if err := l.Bind(tt.bind); err != nil {
				t.Fatal(err)
			}
			if err := l.Listen(16); err != nil {
				t.Fatal(err)
			}
			ln := l.Listener()
			srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprintf(w, "hello %s from %s", r.URL.Path, r.RemoteAddr)
			})}
			done := make(chan error, 1)
			go func() { done <- srv.Serve(ln) }()
			tr := &http.Transport{DisableKeepAlives: true}
			url := "http://" + ln.Addr().String() + "/x"
			if tt.family == socket.AF_UNIX {
				tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
					var d net.Dialer
					return d.DialContext(ctx, "unix", ln.Addr().String())
				}
				url = "http://unix/x"
			}
			client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
			for i := 0; i < 3; i++ {
				resp, err := client.Get(url)
				if err != nil {
					t.Fatal(err)
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 || len(body) < 8 || string(body[:8]) != "hello /x" {
					t.Fatalf("GET = %d %q, %v", resp.StatusCode, body, err)
				}
			}
			tr.CloseIdleConnections()
			if err := srv.Close(); err != nil {
				t.Fatal(err)
			}
			if err := <-done; !errors.Is(err, http.ErrServerClosed) {
				t.Fatalf("Serve = %v, want http.ErrServerClosed", err)
			}
		})
	}
}

// TestTLSOverSocket runs a crypto/tls handshake and an exchange over a
// pair of Sockets, with a certificate made here.
func TestTLSOverSocket(t *testing.T) {
	t.Parallel()
	cert, pool := selfSigned(t)
	c, s := tcpPair(t, socket.AF_INET)
	server := tls.Server(s, &tls.Config{Certificates: []tls.Certificate{cert}})
	client := tls.Client(c, &tls.Config{RootCAs: pool, ServerName: "pysocket.test"})
	errc := make(chan error, 1)
	go func() {
		line, err := bufio.NewReader(server).ReadString('\n')
		if err == nil {
			_, err = server.Write([]byte("echo: " + line))
		}
		errc <- err
	}()
	client.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := client.Write([]byte("over tls\n")); err != nil {
		t.Fatal(err)
	}
	got, err := bufio.NewReader(client).ReadString('\n')
	if err != nil || got != "echo: over tls\n" {
		t.Fatalf("read %q, %v", got, err)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if v := client.ConnectionState().Version; v < tls.VersionTLS12 {
		t.Errorf("TLS version %x", v)
	}
}

func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "pysocket.test"},
		DNSNames:              []string{"pysocket.test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// TestFromConn wraps connections that package net made and reads kernel
// state through them while both stay usable.
func TestFromConn(t *testing.T) {
	t.Run("unix SO_PEERCRED", func(t *testing.T) {
		t.Parallel()
		path := t.TempDir() + "/s"
		ln, err := net.Listen("unix", path)
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		accepted := make(chan net.Conn, 1)
		go func() {
			c, _ := ln.Accept()
			accepted <- c
		}()
		nc, err := net.Dial("unix", path)
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		peer := <-accepted
		if peer == nil {
			t.Fatal("accept failed")
		}
		defer peer.Close()
		s, err := socket.FromConn(nc.(*net.UnixConn))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if s.Family() != socket.AF_UNIX || s.Type() != socket.SOCK_STREAM {
			t.Errorf("FromConn: family %s type %s", s.Family(), s.Type())
		}
		cred, err := s.GetsockoptBytes(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
		if err != nil || len(cred) != 12 {
			t.Fatalf("SO_PEERCRED = %v, %v", cred, err)
		}
		pid := int(int32(binary.NativeEndian.Uint32(cred[0:])))
		uid := int(binary.NativeEndian.Uint32(cred[4:]))
		if pid != os.Getpid() || uid != os.Getuid() {
			t.Errorf("SO_PEERCRED pid %d uid %d, want %d %d", pid, uid, os.Getpid(), os.Getuid())
		}
		exchange(t, s, nc, peer)
	})
	t.Run("tcp TCP_INFO", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		accepted := make(chan net.Conn, 1)
		go func() {
			c, _ := ln.Accept()
			accepted <- c
		}()
		nc, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		peer := <-accepted
		if peer == nil {
			t.Fatal("accept failed")
		}
		defer peer.Close()
		s, err := socket.FromConn(nc.(*net.TCPConn))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if s.Family() != socket.AF_INET || s.Type() != socket.SOCK_STREAM || s.Proto() != socket.IPPROTO_TCP {
			t.Errorf("FromConn: family %s type %s proto %d", s.Family(), s.Type(), s.Proto())
		}
		info, err := s.GetsockoptBytes(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
		if err == nil && len(info) < 8 {
			skipQemu(t, "getsockopt(IPPROTO_TCP, TCP_INFO)", fmt.Errorf("%d bytes back", len(info)))
		}
		if err != nil || len(info) < 8 {
			t.Fatalf("TCP_INFO = %v, %v", info, err)
		}
		const tcpEstablished = 1
		if info[0] != tcpEstablished {
			t.Errorf("tcpi_state = %d, want TCP_ESTABLISHED", info[0])
		}
		if got := s.RemoteAddr().String(); got != ln.Addr().String() {
			t.Errorf("RemoteAddr = %s, want %s", got, ln.Addr())
		}
		exchange(t, s, nc, peer)
		// A listener works too: its Socket accepts.
		ls, err := socket.FromConn(ln.(*net.TCPListener))
		if err != nil {
			t.Fatal(err)
		}
		defer ls.Close()
		if ok, err := ls.Getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN); err != nil || ok != 1 {
			t.Errorf("SO_ACCEPTCONN = %d, %v", ok, err)
		}
	})
	t.Run("udp", func(t *testing.T) {
		t.Parallel()
		uc, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		defer uc.Close()
		s, err := socket.FromConn(uc)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		s.Settimeout(10 * time.Second)
		if got := s.LocalAddr().String(); got != uc.LocalAddr().String() || s.Type() != socket.SOCK_DGRAM {
			t.Errorf("LocalAddr %s type %s, want %s SOCK_DGRAM", got, s.Type(), uc.LocalAddr())
		}
		if _, err := uc.WriteToUDP([]byte("loop"), uc.LocalAddr().(*net.UDPAddr)); err != nil {
			t.Fatal(err)
		}
		data, from, err := s.Recvfrom(16)
		if err != nil || string(data) != "loop" {
			t.Fatalf("Recvfrom = %q, %v", data, err)
		}
		if _, err := s.Sendto([]byte("back"), from); err != nil {
			t.Fatal(err)
		}
		uc.SetDeadline(time.Now().Add(10 * time.Second))
		buf := make([]byte, 16)
		if n, _, err := uc.ReadFromUDP(buf); err != nil || string(buf[:n]) != "back" {
			t.Fatalf("ReadFromUDP = %q, %v", buf[:n], err)
		}
	})
	t.Run("os.File", func(t *testing.T) {
		t.Parallel()
		a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_DGRAM)
		fd, err := a.Dup()
		if err != nil {
			t.Fatal(err)
		}
		n, err := fd.Detach()
		if err != nil {
			t.Fatal(err)
		}
		f := os.NewFile(uintptr(n), "pair")
		defer f.Close()
		s, err := socket.FromConn(f)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if s.Type() != socket.SOCK_DGRAM {
			t.Errorf("type %s", s.Type())
		}
		if _, err := s.Send([]byte("via file")); err != nil {
			t.Fatal(err)
		}
		if got, err := b.Recv(16); err != nil || string(got) != "via file" {
			t.Fatalf("Recv = %q, %v", got, err)
		}
	})
	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		f, err := os.Open(os.DevNull)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := socket.FromConn(f); !errors.Is(err, syscall.ENOTSOCK) {
			t.Errorf("FromConn(/dev/null) = %v, want ENOTSOCK", err)
		}
		if _, err := socket.FromConn(nil); !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("FromConn(nil) = %v, want ErrInvalid", err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ln.Close()
		if _, err := socket.FromConn(ln.(*net.TCPListener)); !errors.Is(err, net.ErrClosed) {
			t.Errorf("FromConn(closed) = %v, want net.ErrClosed", err)
		}
	})
}

// exchange checks that the Socket s and the connection nc it came from both
// still talk to peer.
func exchange(t *testing.T, s *socket.Socket, nc, peer net.Conn) {
	t.Helper()
	peer.SetDeadline(time.Now().Add(10 * time.Second))
	s.Settimeout(10 * time.Second)
	if err := s.Sendall([]byte("from socket;")); err != nil {
		t.Fatal(err)
	}
	if _, err := nc.Write([]byte("from net")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, len("from socket;from net"))
	if _, err := io.ReadFull(peer, buf); err != nil || string(buf) != "from socket;from net" {
		t.Fatalf("peer read %q, %v", buf, err)
	}
	if _, err := peer.Write([]byte("back")); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Recv(4); err != nil || string(got) != "back" {
		t.Fatalf("Socket Recv = %q, %v", got, err)
	}
}
